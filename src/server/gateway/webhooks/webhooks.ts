// Centrapay webhooks (centrapay-api.md §7). A delivery is believed only after its ES256 JWT checks out against
// Centrapay's published keys. Its activity then goes where the activity feed's do: one that ends a watched request
// (`paid` with its `paidBy` covering it) is Centrapay's signed word, as a read would be; anything else cues a read of
// the request. Answers come before any of that work, so Centrapay never waits on us.
import type { FastifyInstance } from 'fastify';
import { compactVerify, errors as joseErrors } from 'jose';
import { createHash, createPublicKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { paymentActivitySchema, paymentNotificationSchema, type PaymentActivity, type PaymentNotificationType } from '../../../domain/centrapay';
import { GatewayHttpError } from '../errors';
import type { NotificationRepository } from '../journal/journal';
import type { GatewayMetrics } from '../metrics/metrics';

export const WEBHOOK_PATH = '/api/webhooks/centrapay';
/** Subscribe only to what we handle (§7.1): a payment, and a refund's start and end (after-sale/ reads it at once). */
export const WEBHOOK_TYPES: readonly PaymentNotificationType[] = ['payment-request:paid', 'payment-request:refund-initiated', 'payment-request:refund-completed'];
const REFUND_TYPES: ReadonlySet<string> = new Set(['payment-request:refund-initiated', 'payment-request:refund-completed']);
export const CENTRAPAY_JWKS_URL = 'https://auth.centrapay.com/api/.well-known/jwks.json';

/** Clocks of Centrapay and the till differ a little; more than this is a token out of its time. */
export const CLOCK_SKEW_SECONDS = 30;
/** Freshness of a JWKS whose answer says nothing about caching (a heuristic, as HTTP caches do). */
const DEFAULT_JWKS_FRESH_MS = 60_000;
const MAX_JWKS_FRESH_MS = 24 * 3600_000;
/** An unknown `kid` re-reads the keys (rotation), but no more often than this, so forged kids cannot flood them. */
const JWKS_REFETCH_COOLDOWN_MS = 10_000;
const MAX_BODY_BYTES = 64 * 1024;

export type WebhookRejectReason =
  | 'no-token'
  | 'malformed-token'
  | 'unknown-key'
  | 'bad-signature'
  | 'expired'
  | 'issued-in-future'
  | 'wrong-audience'
  | 'body-mismatch'
  | 'bad-body';

export class WebhookRejected extends Error {
  constructor(
    readonly reason: WebhookRejectReason,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookRejected';
  }
}

/** The keys could not be read and none are known: we cannot tell a real delivery from a forged one yet. */
export class JwksUnavailable extends Error {}

const ecKeySchema = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().min(1),
  y: z.string().min(1),
  kid: z.string().min(1),
  alg: z.literal('ES256').optional(),
  use: z.literal('sig').optional(),
});
// Other kinds of key may sit in the set; only EC P-256 signing keys can verify an ES256 token.
const jwksSchema = z.object({ keys: z.array(z.unknown()) });

const jsonText = z.string().transform((text, ctx): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not JSON' });
    return z.NEVER;
  }
});
// The docs show iat/exp as strings; JWT libraries (and the sandbox) use numbers. Both are read, which is why the
// claims are checked here and only the JWS (parsing, ES256 signature) is left to jose.
const unixTime = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);
const claimsSchema = z.object({
  iat: unixTime,
  exp: unixTime,
  aud: z.union([z.string(), z.array(z.string())]),
  request_body_sha256: z.string().regex(/^[0-9a-fA-F]{64}$/),
});

// Lenient beyond the id and type: turning a verified notification away over a field we do not use would have
// Centrapay retry it for two weeks. `data` (a Payment Activity) is read as one if it is one; else only its request id.
// Picked field by field: the domain's schemas are zod/mini objects, which have no `.pick` or `.extend`.
const notificationSchema = z.object({ id: paymentNotificationSchema.shape.id, type: paymentNotificationSchema.shape.type, data: z.unknown() });
export type WebhookNotification = z.infer<typeof notificationSchema>;
const activityRefSchema = z.object({ paymentRequestId: paymentActivitySchema.shape.paymentRequestId });

type Source = string | (() => string);
const resolve = (source: Source) => (typeof source === 'function' ? source() : source);

/** Centrapay's signing keys, re-read when the answer's cache headers say they are stale. */
export class JwksCache {
  private keys = new Map<string, KeyObject>();
  private freshUntil = 0;
  private lastFetchAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly url: Source,
    private readonly now: () => number = Date.now,
  ) {}

  async key(kid: string): Promise<KeyObject | undefined> {
    const now = this.now();
    if (now >= this.freshUntil || (!this.keys.has(kid) && now - this.lastFetchAt >= JWKS_REFETCH_COOLDOWN_MS)) {
      await this.refresh();
    }
    return this.keys.get(kid);
  }

  /** The ids of the signing keys Centrapay publishes now, read afresh (throws JwksUnavailable when none can be read). */
  async kids(): Promise<string[]> {
    this.freshUntil = 0;
    await this.refresh();
    return [...this.keys.keys()];
  }

  private refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    this.lastFetchAt = this.now();
    try {
      const response = await fetch(resolve(this.url), { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(5_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const { keys } = jwksSchema.parse(await response.json());
      const next = new Map<string, KeyObject>();
      for (const candidate of keys) {
        const key = publicKey(candidate);
        if (key) next.set(key.kid, key.key);
      }
      this.keys = next;
      this.freshUntil = this.now() + freshnessMs(response.headers, this.now());
    } catch (error) {
      // Keys we already hold stay usable while the JWKS cannot be read; try again after the cooldown.
      this.freshUntil = this.now() + JWKS_REFETCH_COOLDOWN_MS;
      if (this.keys.size === 0) throw new JwksUnavailable(`Centrapay's signing keys could not be read (${String(error)})`);
    }
  }
}

/** How long an HTTP answer may be reused: Cache-Control max-age less Age, else Expires, else a short heuristic. */
export function freshnessMs(headers: Headers, now: number): number {
  const cacheControl = headers.get('cache-control') ?? '';
  if (/(^|[\s,])(no-store|no-cache)([\s,=]|$)/i.test(cacheControl)) return 0;
  const maxAge = /(^|[\s,])max-age=(\d+)/i.exec(cacheControl);
  let ms: number;
  if (maxAge) {
    ms = (Number(maxAge[2]) - (Number(headers.get('age')) || 0)) * 1000;
  } else if (headers.has('expires')) {
    const expires = Date.parse(headers.get('expires') ?? '');
    ms = Number.isFinite(expires) ? expires - (Date.parse(headers.get('date') ?? '') || now) : 0;
  } else {
    ms = DEFAULT_JWKS_FRESH_MS;
  }
  return Math.min(Math.max(ms, 0), MAX_JWKS_FRESH_MS);
}

export interface WebhookVerifierOptions {
  jwksUrl: Source;
  /** The URL Centrapay posts to; the token's `aud` must be exactly this. */
  audience: Source;
  now?: () => number;
}

export class WebhookVerifier {
  private readonly jwks: JwksCache;
  private readonly now: () => number;

  constructor(private readonly options: WebhookVerifierOptions) {
    this.now = options.now ?? Date.now;
    this.jwks = new JwksCache(options.jwksUrl, this.now);
  }

  /** The notification, or throws WebhookRejected (or JwksUnavailable). */
  async verify(authorization: string | undefined, body: Buffer): Promise<WebhookNotification> {
    // §7.4: the JWT comes bare or as `Bearer <jwt>`.
    const token = authorization?.trim().replace(/^Bearer\s+/i, '');
    if (!token) throw new WebhookRejected('no-token', 'The delivery carries no token.');
    let payload: Uint8Array;
    try {
      ({ payload } = await compactVerify(token, async ({ alg, kid }) => {
        if (alg !== 'ES256' || !kid) throw new WebhookRejected('malformed-token', 'The token is not an ES256 JWT with a key id.');
        const key = await this.jwks.key(kid);
        if (!key) throw new WebhookRejected('unknown-key', 'The token names a key Centrapay does not publish.');
        return key;
      }, { algorithms: ['ES256'] }));
    } catch (error) {
      if (error instanceof WebhookRejected || error instanceof JwksUnavailable) throw error;
      if (error instanceof joseErrors.JWSSignatureVerificationFailed) throw new WebhookRejected('bad-signature', 'The token signature does not verify.');
      throw new WebhookRejected('malformed-token', 'The token is not an ES256 JWT with iat, exp, aud and request_body_sha256.');
    }
    const claims = jsonText.pipe(claimsSchema).safeParse(new TextDecoder().decode(payload));
    if (!claims.success) {
      throw new WebhookRejected('malformed-token', 'The token is not an ES256 JWT with iat, exp, aud and request_body_sha256.');
    }

    const { iat, exp, aud, request_body_sha256: bodyHash } = claims.data;
    const nowSeconds = this.now() / 1000;
    if (exp + CLOCK_SKEW_SECONDS <= nowSeconds) throw new WebhookRejected('expired', 'The token has expired.');
    if (iat - CLOCK_SKEW_SECONDS > nowSeconds) throw new WebhookRejected('issued-in-future', 'The token was issued in the future.');
    const audience = withoutTrailingSlash(resolve(this.options.audience));
    if (!(Array.isArray(aud) ? aud : [aud]).some((candidate) => withoutTrailingSlash(candidate) === audience)) {
      throw new WebhookRejected('wrong-audience', 'The token is for another recipient.');
    }
    const actual = createHash('sha256').update(body).digest();
    if (!timingSafeEqual(actual, Buffer.from(bodyHash, 'hex'))) {
      throw new WebhookRejected('body-mismatch', 'The body is not the one that was signed.');
    }

    const notification = jsonText.pipe(notificationSchema).safeParse(body.toString('utf8'));
    if (!notification.success) throw new WebhookRejected('bad-body', 'The body is not a Centrapay notification.');
    return notification.data;
  }
}

export interface WebhookRouteDeps {
  verifier: WebhookVerifier;
  notifications: NotificationRepository;
  /** Hands the activity to the lane watching its request: taken if it ends it, else a read is cued. */
  observe: (paymentRequestId: string, activity: PaymentActivity | null) => unknown;
  /** A refund of the request started or finished: a cue to read its activities now. */
  refundCue?: (paymentRequestId: string) => unknown;
  metrics: Pick<GatewayMetrics, 'recordWebhook'>;
}

export function webhookRoutes({ verifier, notifications, observe, refundCue, metrics }: WebhookRouteDeps) {
  return async function routes(app: FastifyInstance) {
    // The signature covers the exact bytes sent, so this route reads the body raw (its own parsers, in its own scope).
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_request, body, done) => done(null, body));

    app.post(WEBHOOK_PATH, async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      let notification: WebhookNotification;
      try {
        notification = await verifier.verify(request.headers.authorization, body);
      } catch (error) {
        if (error instanceof WebhookRejected) {
          metrics.recordWebhook('rejected', error.reason);
          request.log.warn({ reason: error.reason }, 'webhook delivery rejected');
          throw new GatewayHttpError(401, 'WEBHOOK_REJECTED', error.message);
        }
        if (error instanceof JwksUnavailable) {
          metrics.recordWebhook('rejected', 'keys-unavailable');
          // 503: Centrapay delivers again later, by when the keys may be readable.
          throw new GatewayHttpError(503, 'WEBHOOK_KEYS_UNAVAILABLE', error.message);
        }
        throw error;
      }

      const activity = paymentActivitySchema.safeParse(notification.data).data ?? null;
      const paymentRequestId = activity?.paymentRequestId ?? activityRefSchema.safeParse(notification.data).data?.paymentRequestId ?? null;
      let first: boolean;
      try {
        first = await notifications.record(notification.id, notification.type, paymentRequestId);
      } catch (error) {
        // The journal could not keep the id: still a verified activity worth taking; Centrapay delivers it again later.
        if (paymentRequestId) observe(paymentRequestId, activity);
        throw error;
      }
      if (!first) {
        metrics.recordWebhook('duplicate', notification.type);
        // A 2xx all the same: delivery is at least once, and anything else would have Centrapay retry for weeks.
        return reply.code(200).send({ status: 'duplicate' });
      }
      metrics.recordWebhook('accepted', notification.type);
      if (paymentRequestId) observe(paymentRequestId, activity);
      if (paymentRequestId && REFUND_TYPES.has(notification.type)) refundCue?.(paymentRequestId);
      return reply.code(202).send({ status: 'accepted' });
    });
  };
}

/** On the embedded sandbox the gateway subscribes itself, over HTTP like any subscriber (sandbox-contract.md). */
export async function subscribeToSandboxWebhooks(sandboxBaseUrl: string, webhookUrl: string): Promise<void> {
  const response = await fetch(`${sandboxBaseUrl}/_sandbox/webhooks`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ url: webhookUrl, types: WEBHOOK_TYPES }),
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) throw new Error(`the sandbox answered ${response.status} to the webhook subscription`);
}

function publicKey(candidate: unknown): { kid: string; key: KeyObject } | undefined {
  const jwk = ecKeySchema.safeParse(candidate);
  if (!jwk.success) return undefined;
  try {
    return { kid: jwk.data.kid, key: createPublicKey({ key: jwk.data, format: 'jwk' }) };
  } catch {
    return undefined; // not a point on the curve: one bad key must not hide the good ones
  }
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
