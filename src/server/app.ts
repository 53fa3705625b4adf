// The one process: gateway under /api, the embedded sandbox under /sandbox (unless a real Centrapay is configured),
// and the built web app.
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppConfig } from './config';
import { gatewayPlugin } from './gateway/app';
import { sandboxPlugin } from './sandbox/app';

const WEB_ROUTES = ['/', '/cashier', '/display', '/sandbox/pay/:id', '/sandbox/connect/:id'];

export async function buildApp(config: AppConfig, options: { logger?: boolean; distDir?: string } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // Warnings and errors only by default: a till logs what needs a person, not every request.
    logger: options.logger === false ? false : { level: process.env.LOG_LEVEL ?? 'warn', redact: ['req.headers["x-api-key"]', 'req.headers.authorization'] },
    forceCloseConnections: true,
  });

  const origin = () => config.publicUrl ?? `http://${config.localHost}:${listeningPort(app, config.port)}`;

  if (config.sandbox) {
    await app.register(sandboxPlugin, { prefix: '/sandbox', publicUrl: origin, rateLimitPerMinute: config.sandboxRateLimit });
  }

  await app.register(gatewayPlugin, {
    centrapayBaseUrl: config.centrapayBaseUrl ?? (() => `http://127.0.0.1:${listeningPort(app, config.port)}/sandbox`),
    centrapayApiKey: config.centrapayApiKey,
    journalPath: config.journalPath,
    lanes: config.lanes,
    resultSeconds: config.resultSeconds,
    publicConfig: { sandbox: config.sandbox, logoUrl: config.logoUrl },
    payments: {
      expirySeconds: config.expirySeconds,
      timeoutGraceSeconds: config.timeoutGraceSeconds,
      pollIntervalMs: config.pollIntervalMs,
      unknownAfterMs: config.unknownAfterMs,
      merchantAccountId: config.merchantAccountId,
      currency: config.currency,
    },
  });

  const distDir = resolve(options.distDir ?? 'dist');
  if (existsSync(join(distDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: distDir, wildcard: false, index: false, maxAge: '1h' });
    const sendIndex = (_request: unknown, reply: { header: (k: string, v: string) => unknown; sendFile: (f: string) => unknown }) => {
      reply.header('Cache-Control', 'no-cache');
      return reply.sendFile('index.html');
    };
    for (const route of WEB_ROUTES) {
      if (route.startsWith('/sandbox/') && !config.sandbox) continue;
      app.get(route, sendIndex as never);
    }
  } else {
    app.get('/', async () => 'The web app is not built yet: run `npm run build` (npm start does it for you).');
  }
  return app;
}

function listeningPort(app: FastifyInstance, fallback: number): number {
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : fallback;
}
