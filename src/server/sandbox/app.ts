// The sandbox as one encapsulated Fastify plugin: mount it at `/sandbox` inside the product's
// server, or at the root of its own server. It is deliberately not wrapped in fastify-plugin,
// so its JSON parser, error and not-found handlers and hooks stay inside its prefix.
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { resolvePrincipal, setPrincipal } from './auth';
import { connectionRoutes } from './connection-routes';
import { controlRoutes } from './control-routes';
import { badRequest, errorBody, SandboxError } from './errors';
import { applyFaultAfter, applyFaultBefore, createWaits, faultStatusLabel, type Fault } from './faults';
import { jwksRoutes } from './jwks-routes';
import { merchantConfigRoutes } from './merchant-config-routes';
import { patronCodeRoutes } from './patron-code-routes';
import { paymentRequestRoutes } from './payment-request-routes';
import { createSandboxState, type SandboxState } from './state';
import type { WebhookOptions } from './webhooks';

export { createSandboxState, type SandboxState } from './state';

export interface SandboxOptions {
  /** Origin of the web app that serves the patron pages; `url`s become `${publicUrl}/sandbox/pay/{id}`. */
  publicUrl: string | (() => string);
  /** Calls per key per rolling minute before 429 (default 200, like Centrapay). */
  rateLimitPerMinute?: number;
  /** Serve `/_sandbox/*` (default true). Turn off whenever the product talks to a real Centrapay. */
  controlEndpoints?: boolean;
  /** State to serve; pass one from `createSandboxState()` to read or reset it from outside (tests). */
  state?: SandboxState;
  /** Webhook signing key and delivery timings; with `state`, give them to `createSandboxState` instead. */
  webhooks?: WebhookOptions;
}

/** What route plugins need from the sandbox. */
export interface RouteContext {
  state: SandboxState;
  publicUrl: () => string;
}

const DEFAULT_RATE_LIMIT = 200;
const CONTROL_PREFIX = '/_sandbox';

interface CallInfo {
  method: string;
  /** Route template relative to the sandbox base, e.g. `/api/payment-requests/:paymentRequestId`. */
  route: string;
  fault?: Fault;
  counted: boolean;
}

export const sandboxPlugin: FastifyPluginAsync<SandboxOptions> = async (app, options) => {
  if (options.state && options.webhooks) throw new Error('pass webhook options to createSandboxState() when you pass a state');
  const state = options.state ?? createSandboxState({ webhooks: options.webhooks });
  const limit = options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT;
  const publicUrl = () => (typeof options.publicUrl === 'function' ? options.publicUrl() : options.publicUrl).replace(/\/+$/, '');
  const prefix = app.prefix;
  const waits = createWaits();
  const calls = new WeakMap<FastifyRequest, CallInfo>();

  const relativePath = (url: string) => (url.split('?')[0] ?? '').slice(prefix.length) || '/';
  const isControl = (request: FastifyRequest) => relativePath(request.url).startsWith(CONTROL_PREFIX);

  // Our own JSON parser: an empty body counts as no body (POST /void has none), and broken JSON
  // gets Centrapay's error shape instead of Fastify's.
  if (app.hasContentTypeParser('application/json')) app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    const raw = String(text);
    if (raw.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(raw));
    } catch {
      done(badRequest('Body is not valid JSON'), undefined);
    }
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error instanceof SandboxError) return reply.code(error.statusCode).send(errorBody(error.statusCode, error.message, error.reason));
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) return reply.code(status).send(errorBody(status, error.message));
    request.log.error(error);
    return reply.code(500).send(errorBody(500, 'Internal Server Error'));
  });

  app.setNotFoundHandler((_request, reply) => reply.code(404).send(errorBody(404, 'Not Found')));

  app.addHook('onRequest', async (request, reply) => {
    if (isControl(request)) return;
    const template = request.routeOptions.url;
    const path = relativePath(request.url);
    const info: CallInfo = {
      method: request.method,
      route: template === undefined ? path : template.slice(prefix.length) || '/',
      counted: false,
    };
    calls.set(request, info);

    const fault = state.faults.take(request.method, path);
    if (fault) {
      info.fault = fault;
      if (fault.phase === 'before') {
        const answered = await applyFaultBefore(fault, reply, waits);
        if (answered) {
          if (fault.mode === 'drop' || fault.mode === 'timeout') {
            info.counted = true;
            state.traffic.record(info.method, info.route, fault.mode);
          }
          return reply;
        }
      }
    }

    const principal = resolvePrincipal(state.store, request);
    if (principal === 'invalid') throw new SandboxError(401, 'Missing authentication', 'the credential is not known');
    if (principal === undefined) return;
    const allowed = state.rateLimiter.take(principal.credential, state.clock.nowMs(), limit);
    if (!allowed.ok) {
      return reply
        .code(429)
        .header('retry-after', String(allowed.retryAfterSeconds))
        .send(errorBody(429, 'RATE_LIMIT_EXCEEDED'));
    }
    setPrincipal(request, principal);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const info = calls.get(request);
    const fault = info?.fault;
    if (!info || !fault || fault.phase !== 'after') return payload;
    if (fault.mode === 'drop' || fault.mode === 'timeout') {
      info.counted = true;
      state.traffic.record(info.method, info.route, fault.mode);
    }
    return applyFaultAfter(fault, reply, payload, waits);
  });

  app.addHook('onResponse', async (request, reply) => {
    const info = calls.get(request);
    if (!info || info.counted) return;
    info.counted = true;
    const status = info.fault ? faultStatusLabel(info.fault, reply.statusCode) : reply.statusCode;
    state.traffic.record(info.method, info.route, status);
  });

  // Calls held by `timeout`/`slow` faults, and webhook retries, must not keep a closing server waiting.
  app.addHook('preClose', async () => {
    waits.cancelAll();
    state.webhooks.cancelPending();
  });

  const context: RouteContext = { state, publicUrl };
  await app.register(paymentRequestRoutes, context);
  await app.register(connectionRoutes, context);
  await app.register(patronCodeRoutes, context);
  await app.register(merchantConfigRoutes, context);
  await app.register(jwksRoutes, context);
  if (options.controlEndpoints ?? true) await app.register(controlRoutes, { state });
};

/** A server with only the sandbox, at its root (standalone mode and tests that need a real socket). */
export function buildSandboxServer(
  options: SandboxOptions & { logger?: FastifyServerOptions['logger'] },
): FastifyInstance {
  const { logger = false, ...sandboxOptions } = options;
  const app = Fastify({ logger });
  void app.register(sandboxPlugin, sandboxOptions);
  return app;
}
