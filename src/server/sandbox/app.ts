// The sandbox as one encapsulated Fastify plugin: mount it at `/sandbox` inside the product's
// server, or at the root of its own server. It is deliberately not wrapped in fastify-plugin,
// so its JSON parser, error and not-found handlers and hooks stay inside its prefix.
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { apiKeyRoutes } from './api-key-routes';
import { resolvePrincipal, setPrincipal } from './auth';
import { connectionRoutes } from './connection-routes';
import { controlRoutes } from './control-routes';
import { badRequest, errorBody, SandboxError } from './errors';
import { applyFaultAfter, applyFaultBefore, createWaits, faultStatusLabel, type Fault, type Waits } from './faults';
import { jwksRoutes } from './jwks-routes';
import { merchantConfigRoutes } from './merchant-config-routes';
import { misconfigRoutes } from './misconfig-routes';
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
  /** The state file (a SQLite file, or `:memory:`, the default); with `state`, give it to `createSandboxState` instead. */
  statePath?: string;
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
  if (options.state && (options.webhooks || options.statePath)) throw new Error('pass webhook options and the state path to createSandboxState() when you pass a state');
  const state = options.state ?? createSandboxState({ webhooks: options.webhooks, path: options.statePath });
  const publicUrl = () => (typeof options.publicUrl === 'function' ? options.publicUrl() : options.publicUrl).replace(/\/+$/, '');
  useCentrapayJson(app);
  useCentrapayErrors(app);
  useStateFile(app, state, { owned: options.state === undefined });
  useCallHooks(app, { state, prefix: app.prefix, limit: options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT, waits: createWaits(), calls: new WeakMap() });

  const context: RouteContext = { state, publicUrl };
  await app.register(paymentRequestRoutes, context);
  await app.register(connectionRoutes, context);
  await app.register(patronCodeRoutes, context);
  await app.register(merchantConfigRoutes, context);
  await app.register(apiKeyRoutes, context);
  await app.register(jwksRoutes, context);
  if (options.controlEndpoints ?? true) {
    await app.register(controlRoutes, { state });
    await app.register(misconfigRoutes, { state });
  }
};

/** Our own JSON parser: an empty body counts as no body (POST /void has none), and broken JSON gets Centrapay's error shape instead of Fastify's. */
function useCentrapayJson(app: FastifyInstance): void {
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
}

/** Every error, and an unknown path, answers in Centrapay's error shape. */
function useCentrapayErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error instanceof SandboxError) return reply.code(error.statusCode).send(errorBody(error.statusCode, error.message, error.reason));
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) return reply.code(status).send(errorBody(status, error.message));
    request.log.error(error);
    return reply.code(500).send(errorBody(500, 'Internal Server Error'));
  });

  app.setNotFoundHandler((_request, reply) => reply.code(404).send(errorBody(404, 'Not Found')));
}

/**
 * What a call changed is saved before its answer goes out (and before an injected fault drops it): a caller never hears
 * of a change a restart would forget. Pending webhook deliveries carry on once the sandbox is ready.
 */
function useStateFile(app: FastifyInstance, state: SandboxState, { owned }: { owned: boolean }): void {
  app.addHook('onSend', async (_request, _reply, payload) => {
    state.save();
    return payload;
  });
  app.addHook('onReady', async () => state.resumeDeliveries());
  if (owned) app.addHook('onClose', async () => state.close());
}

interface CallHooksContext {
  state: SandboxState;
  prefix: string;
  /** Calls per credential per rolling minute. */
  limit: number;
  waits: Waits;
  calls: WeakMap<FastifyRequest, CallInfo>;
}

/** Every API call (not the control endpoints) is counted by route template, may meet an injected fault, and is authenticated and rate-limited. */
function useCallHooks(app: FastifyInstance, context: CallHooksContext): void {
  const { state, waits, calls } = context;
  app.addHook('onRequest', async (request, reply) => {
    const info = startCall(context, request);
    if (!info) return;
    if (await answeredByFault(context, info, reply)) return reply;
    return authenticate(context, request, reply);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    // Centrapay's clock as its answers show it: real time, unless a skew is emulated (`/_sandbox/date-skew`).
    if (state.dateSkew.seconds !== 0) reply.header('date', new Date(Date.now() + state.dateSkew.seconds * 1000).toUTCString());
    const info = calls.get(request);
    const fault = info?.fault;
    if (!info || !fault || fault.phase !== 'after') return payload;
    countUnanswered(state, info);
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
}

/** The call as `/_sandbox/requests` counts it, with the fault it takes (if one is set for it); none for control calls. */
function startCall({ state, prefix, calls }: CallHooksContext, request: FastifyRequest): CallInfo | undefined {
  const path = (request.url.split('?')[0] ?? '').slice(prefix.length) || '/';
  if (path.startsWith(CONTROL_PREFIX)) return undefined;
  const template = request.routeOptions.url;
  const info: CallInfo = {
    method: request.method,
    route: template === undefined ? path : template.slice(prefix.length) || '/',
    counted: false,
    fault: state.faults.take(request.method, path),
  };
  calls.set(request, info);
  const id = (request.params as { paymentRequestId?: string } | undefined)?.paymentRequestId;
  if (request.method === 'GET' && info.route === '/api/payment-requests/:paymentRequestId' && id && request.headers['x-api-key']) state.traffic.read({ id, at: Date.now(), from: request.socket.remoteAddress ?? '' });
  return info;
}

/** A fault that strikes before the route runs; true when it has answered (or will never answer) in the route's place. */
async function answeredByFault({ state, waits }: CallHooksContext, info: CallInfo, reply: FastifyReply): Promise<boolean> {
  const fault = info.fault;
  if (!fault || fault.phase !== 'before') return false;
  const answered = await applyFaultBefore(fault, reply, waits);
  if (answered) countUnanswered(state, info);
  return answered;
}

/** A dropped or timed-out call gets no response to count it by, so it is counted now under its fault's name. */
function countUnanswered(state: SandboxState, info: CallInfo): void {
  const mode = info.fault?.mode;
  if (mode !== 'drop' && mode !== 'timeout') return;
  info.counted = true;
  state.traffic.record(info.method, info.route, mode);
}

/** 401 for a credential the sandbox does not know, 429 past its rate budget; otherwise the request carries its principal. */
function authenticate({ state, limit }: CallHooksContext, request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
  const principal = resolvePrincipal(state.store, request);
  if (principal === 'invalid') throw new SandboxError(401, 'Missing authentication', 'the credential is not known');
  if (principal === undefined) return undefined;
  const allowed = state.rateLimiter.take(principal.credential, state.clock.nowMs(), limit);
  if (!allowed.ok) {
    return reply
      .code(429)
      .header('retry-after', String(allowed.retryAfterSeconds))
      .send(errorBody(429, 'RATE_LIMIT_EXCEEDED'));
  }
  setPrincipal(request, principal);
  return undefined;
}

/** A server with only the sandbox, at its root (standalone mode and tests that need a real socket). */
export function buildSandboxServer(
  options: SandboxOptions & { logger?: FastifyServerOptions['logger'] },
): FastifyInstance {
  const { logger = false, ...sandboxOptions } = options;
  const app = Fastify({ logger });
  void app.register(sandboxPlugin, sandboxOptions);
  return app;
}
