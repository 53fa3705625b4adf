// Who may change a lane (and read the sales history), and for which store. With cashier codes set, only a screen that
// sends one of them (the cashier enters it once per till): each store has its own, so the code says which store the
// screen is authorised for (`request.cashier`), and the routes let it act only on that store's lanes, machines and
// sales (stores/store-scope.ts). Without a code (a single store on the sandbox only), only this computer itself, for
// that store. Wrong codes are counted per client address and locked out after a few (@fastify/rate-limit counts only
// the requests this check refuses), and logged. Every change must also be a JSON body, from this site when the browser
// says where it comes from: an HTML form or another web page cannot send one.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { GatewayHttpError } from '../errors';
import { secretDigest } from '../same-secret';

export interface CashierAuthOptions {
  /** Every store with its cashier code; with none set (one store, on the sandbox), only this computer may act. */
  stores: readonly { id: string; cashierCode?: string }[];
  /** Wrong cashier codes allowed per client address in `lockoutMinutes` before it is locked out. */
  maxAttempts?: number;
  lockoutMinutes?: number;
}

/** What a cashier screen is authorised for: one store's lanes, machines and sales. */
export interface CashierAuthorisation {
  store: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A read only an authorised cashier screen may make (the sales history). */
    cashierOnly?: boolean;
  }
  interface FastifyRequest {
    /** The store the screen's cashier code is for; null for a screen without one (a display's read). */
    cashier: CashierAuthorisation | null;
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The request comes from the computer the till runs on, not through a proxy there (a proxy says so with
 * X-Forwarded-For or Forwarded; set TRUST_PROXY so the gateway sees each client's own address).
 */
export function isLocal(request: FastifyRequest): boolean {
  return LOOPBACK.has(request.ip) && request.headers['x-forwarded-for'] === undefined && request.headers.forwarded === undefined;
}

function needsCashier(request: FastifyRequest): boolean {
  const change = request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS';
  return change || request.routeOptions.config.cashierOnly === true;
}

export async function cashierAuth(app: FastifyInstance, options: CashierAuthOptions): Promise<void> {
  const identify = storeOfCode(options.stores);
  const lockoutMinutes = options.lockoutMinutes ?? 15;

  /** Null when the request may change a lane, else why not. */
  function refusal(request: FastifyRequest): GatewayHttpError | null {
    if (!needsCashier(request)) return null;
    if (!identify) {
      if (isLocal(request)) return null;
      return new GatewayHttpError(401, 'CASHIER_CODE_NOT_SET',
        'This till has no cashier code, so only the computer running it may take payments. Ask the store’s IT person to set CASHIER_CODE.');
    }
    if (identify(request.headers['x-cashier-code'])) return null;
    return new GatewayHttpError(401, 'CASHIER_CODE_REQUIRED', 'This screen may not take payments. Enter the cashier code.');
  }

  /** The store the screen acts for: its code's, or (no codes at all) the one store, from this computer. */
  function authorisation(request: FastifyRequest): CashierAuthorisation | null {
    const store = identify ? identify(request.headers['x-cashier-code']) : isLocal(request) ? options.stores[0]?.id : undefined;
    return store ? { store } : null;
  }

  // While locked out, a client is refused even with the right code: otherwise guessing could go on behind the 429s.
  const lockedUntil = new Map<string, number>();
  const locked = (ip: string) => (lockedUntil.get(ip) ?? 0) > Date.now();

  await app.register(rateLimit, {
    global: true,
    max: options.maxAttempts ?? 10,
    timeWindow: lockoutMinutes * 60_000,
    // Authorised requests, displays' reads and the till's own computer are not counted: only refused attempts from
    // other devices lead to a lockout.
    allowList: (request) => !needsCashier(request) || isLocal(request) || (!locked(request.ip) && refusal(request) === null),
    onExceeded: (request) => {
      const now = Date.now();
      for (const [ip, until] of lockedUntil) if (until <= now) lockedUntil.delete(ip);
      if (!locked(request.ip)) request.log.warn({ ip: request.ip, url: request.url }, 'too many wrong cashier codes; client locked out');
      lockedUntil.set(request.ip, now + lockoutMinutes * 60_000);
    },
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'TOO_MANY_ATTEMPTS',
      message: `Too many wrong cashier codes from this device. Try again in ${Math.ceil(context.ttl / 60_000)} minutes.`,
    }),
  });

  app.decorateRequest('cashier', null);
  app.addHook('preHandler', async (request) => {
    const refused = refusal(request);
    if (refused) {
      request.log.warn({ ip: request.ip, url: request.url, code: refused.code }, 'refused a request from an unauthorised screen');
      throw refused;
    }
    request.cashier = authorisation(request);
    if (request.method !== 'GET' && request.method !== 'HEAD') requireSameSiteJson(request);
  });
}

/** Every change is a JSON body from this site (when the browser says where it comes from). */
export function requireSameSiteJson(request: FastifyRequest): void {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new GatewayHttpError(415, 'JSON_REQUIRED', 'Send the request as JSON (Content-Type: application/json).');
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== 'null' && hostOf(origin) !== request.headers.host) {
    throw new GatewayHttpError(403, 'CROSS_SITE', 'Requests from another site may not change a lane.');
  }
  if (origin === 'null') throw new GatewayHttpError(403, 'CROSS_SITE', 'Requests from another site may not change a lane.');
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/** Which store a cashier code is, compared in constant time with every store's; undefined when no store has one. */
function storeOfCode(stores: CashierAuthOptions['stores']): ((given: unknown) => string | undefined) | undefined {
  const codes = stores.flatMap((store) => (store.cashierCode ? [{ store: store.id, digest: secretDigest(store.cashierCode) }] : []));
  if (codes.length === 0) return undefined;
  return (given) => {
    if (typeof given !== 'string') return undefined;
    const candidate = secretDigest(given);
    let found: string | undefined;
    for (const code of codes) if (timingSafeEqual(candidate, code.digest)) found ??= code.store;
    return found;
  };
}
