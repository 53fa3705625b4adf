// The one process: gateway under /api, the embedded sandbox under /sandbox (unless a real Centrapay is configured),
// and the built web app.
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppConfig } from './config';
import { slidesRoutes } from './display-slides';
import { gatewayPlugin, type GatewayOptions } from './gateway/app';
import { subscribeToSandboxWebhooks, WEBHOOK_PATH } from './gateway/webhooks/webhooks';
import { sandboxPlugin } from './sandbox/app';
import { registerSecurity } from './security';

const WEB_ROUTES = ['/', '/cashier', '/history', '/history/:ref', '/history/tabs/:id', '/reports', '/settings', '/display', '/kiosk', '/pair', '/pair/:code', '/receipt/*', '/sandbox/pay/:id', '/sandbox/connect/:id', '/sandbox/codes', '/sandbox/wallet',
  '/machines/:id/qr', '/machines/:id/pay', '/machines/:id'];
/** The wallet and machine simulators: only on the sandbox. */
const SANDBOX_ONLY = (route: string) => route.startsWith('/sandbox/') || route === '/machines/:id';
/** A cashier's press answers within this whatever Centrapay does; the screens show what is still being waited on. */
const ANSWER_WITHIN_MS = 15_000;
/** Vite names what it builds into assets/ by content, so a new release has new names: cache those for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

export async function buildApp(config: AppConfig, options: { logger?: boolean; distDir?: string } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // Warnings and errors only by default: a till logs what needs a person, not every request.
    logger: options.logger === false ? false : { level: process.env.LOG_LEVEL ?? 'warn', redact: ['req.headers["x-api-key"]', 'req.headers.authorization'] },
    forceCloseConnections: true,
    trustProxy: config.trustProxy ?? false,
  });
  const addresses = addressesOf(config, () => listeningPort(app, config.port));
  await registerSecurity(app, {
    allowedHosts: config.allowedHosts,
    origins: [config.publicUrl, config.webhooks.audience],
    imageUrls: [config.logoUrl, config.display.merchantLogoUrl, ...config.display.slides.urls],
  });
  if (config.sandbox) {
    await app.register(sandboxPlugin, { prefix: '/sandbox', publicUrl: addresses.origin, rateLimitPerMinute: config.sandboxRateLimit, statePath: config.sandboxStatePath });
  }
  await app.register(gatewayPlugin, gatewayOptions(config, addresses));
  if (config.sandbox && addresses.webhooks) subscribeOnListen(app, addresses);
  if (config.display.slides.folder) await app.register(slidesRoutes(config.display.slides.folder));
  await serveWebApp(app, config, resolve(options.distDir ?? config.distDir));
  return app;
}

/** Where things are once the server listens: the patron's origin, the embedded sandbox, the webhook endpoint. */
export interface Addresses {
  origin: () => string;
  sandboxBaseUrl: () => string;
  webhookUrl: () => string;
  webhooks: GatewayOptions['webhooks'];
}

/** `port`: the one the server listens on (known once it listens). */
export function addressesOf(config: AppConfig, port: () => number): Addresses {
  // The gateway reaches the embedded sandbox, and the sandbox the gateway's webhook endpoint, inside this machine.
  const loopback = () => `http://127.0.0.1:${port()}`;
  const sandboxBaseUrl = () => `${loopback()}/sandbox`;
  const webhookUrl = () => config.webhooks.audience ?? `${loopback()}${WEBHOOK_PATH}`;
  return {
    origin: () => config.publicUrl ?? `http://${config.localHost}:${port()}`,
    sandboxBaseUrl,
    webhookUrl,
    webhooks: config.webhooks.enabled ? { jwksUrl: config.webhooks.jwksUrl ?? (() => `${sandboxBaseUrl()}/.well-known/jwks.json`), audience: webhookUrl } : undefined,
  };
}

/** The gateway's options from the configuration (the pre-flight reads the same). */
export function gatewayOptions(config: AppConfig, addresses: Addresses): GatewayOptions {
  return {
    centrapayBaseUrl: config.centrapayBaseUrl ?? addresses.sandboxBaseUrl,
    journalPath: config.journalPath,
    stores: config.stores,
    journalUrl: config.journalUrl,
    catalog: config.catalog,
    publicConfig: {
      sandbox: config.sandbox,
      logoUrl: config.logoUrl,
      merchantName: config.display.merchantName,
      merchantLogoUrl: config.display.merchantLogoUrl,
      slides: config.display.slides.urls,
      displayLanguage: config.displayLanguage,
    },
    receipts: { publicUrl: config.publicUrl },
    kiosk: config.kiosk,
    chaosControl: config.chaosControl,
    eventStreamsPerClient: config.eventStreamsPerClient,
    metricsToken: config.metricsToken,
    // A real Centrapay sends patrons back only to a public address it was given (PUBLIC_URL); the sandbox to its own.
    machines: { vendTimeoutSeconds: config.vendTimeoutSeconds, publicUrl: config.publicUrl ?? (config.sandbox ? addresses.origin : undefined) },
    rateLimitPerMinute: config.rateLimitPerMinute,
    sales: {
      expirySeconds: config.expirySeconds,
      timeoutGraceSeconds: config.timeoutGraceSeconds,
      pollIntervalMs: config.pollIntervalMs,
      unknownAfterMs: config.unknownAfterMs,
      answerWithinMs: ANSWER_WITHIN_MS,
      lookupIntervalMs: 5_000,
      activityFeed: config.activityFeed,
      currency: config.currency,
      resultSeconds: config.resultSeconds,
    },
    webhooks: addresses.webhooks,
  };
}

/** Like any subscriber, over HTTP: the gateway never imports the sandbox. Polling carries on if this fails. */
function subscribeOnListen(app: FastifyInstance, addresses: Addresses): void {
  app.addHook('onListen', async () => {
    try {
      await subscribeToSandboxWebhooks(addresses.sandboxBaseUrl(), addresses.webhookUrl());
    } catch (error) {
      app.log.warn({ err: error }, 'could not subscribe to the sandbox webhooks; screens will learn of payments by polling');
    }
  });
}

/** The built web app: its assets cached for good (named by content), every page checked on each load. */
async function serveWebApp(app: FastifyInstance, config: AppConfig, distDir: string): Promise<void> {
  if (!existsSync(join(distDir, 'index.html'))) {
    app.get('/', async () => 'The web app is not built yet: run `npm run build` (npm start does it for you).');
    return;
  }
  // Everything else (index.html, the manifest, icons) is checked on every load, so an upgrade reaches every screen.
  await app.register(fastifyStatic, {
    root: distDir,
    wildcard: false,
    index: false,
    cacheControl: false,
    allowedPath: (path) => !path.endsWith('.map'),
    setHeaders: (res, path) => res.setHeader('Cache-Control', /[\\/]assets[\\/]/.test(path) ? IMMUTABLE : 'no-cache'),
  });
  const sendIndex = (_request: unknown, reply: { header: (k: string, v: string) => unknown; sendFile: (f: string) => unknown }) => {
    reply.header('Cache-Control', 'no-cache');
    return reply.sendFile('index.html');
  };
  for (const route of WEB_ROUTES) {
    if (SANDBOX_ONLY(route) && !config.sandbox) continue;
    app.get(route, sendIndex as never);
  }
}

export function listeningPort(app: FastifyInstance, fallback: number): number {
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : fallback;
}
