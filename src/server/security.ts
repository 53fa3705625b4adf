// What protects the whole server, screens and API alike: security headers with a content security policy that
// forbids framing, and a Host check so a web page on some other name (DNS rebinding) cannot reach the till.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import { hostname, networkInterfaces } from 'node:os';

export interface SecurityOptions {
  /** Extra names the till is reached by (ALLOWED_HOSTS), besides this machine's own names and addresses. */
  allowedHosts: readonly string[];
  /** Origins whose names are allowed too: the public URL, the webhook URL. */
  origins: readonly (string | undefined)[];
  /** Images the screens load (the QR code's logo, the merchant's logo, the display's slides): other origins are allowed. */
  imageUrls: readonly (string | null | undefined)[];
}

export async function registerSecurity(app: FastifyInstance, options: SecurityOptions): Promise<void> {
  const allowed = allowedHostnames(options);
  app.addHook('onRequest', async (request, reply) => {
    const host = hostnameOf(request.headers.host);
    if (host && allowed.has(host)) return;
    request.log.warn({ host: request.headers.host, ip: request.ip }, 'refused a request for an unknown host name');
    return reply.code(421).send({
      statusCode: 421,
      code: 'UNKNOWN_HOST',
      message: `This till does not answer to the name "${request.headers.host ?? ''}". Use its address, or add the name to ALLOWED_HOSTS.`,
    });
  });

  const imageOrigins = [...new Set(options.imageUrls.flatMap((url) => (url && /^https?:\/\//.test(url) ? [new URL(url).origin] : [])))];
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', ...imageOrigins],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    // A till on the shop's network is reached over plain HTTP; HSTS or upgrade-insecure-requests would break it.
    strictTransportSecurity: false,
  });
}

function allowedHostnames(options: SecurityOptions): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '::1', hostname().toLowerCase(), `${hostname().toLowerCase()}.local`]);
  for (const addresses of Object.values(networkInterfaces())) for (const address of addresses ?? []) names.add(address.address.toLowerCase());
  for (const origin of options.origins) if (origin) names.add(new URL(origin).hostname.replace(/^\[|\]$/g, '').toLowerCase());
  for (const host of options.allowedHosts) names.add(host.replace(/^\[|\]$/g, '').toLowerCase());
  return names;
}

/** "Till.local:8080" → "till.local"; "[::1]:8080" → "::1". */
function hostnameOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(header);
  if (bracketed) return bracketed[1]!.toLowerCase();
  return header.replace(/:\d+$/, '').toLowerCase();
}
