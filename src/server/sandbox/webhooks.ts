// Webhooks (centrapay-api.md §7): subscriptions, notifications signed the way Centrapay signs
// them (ES256 JWT, §7.4) and deliveries over real HTTP, retried with backoff until a 2xx. A delivery
// goes out only once the state file keeps it (flush), and one a restart interrupted carries on (resume).
import { SignJWT } from 'jose';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, randomBytes, type JsonWebKey } from 'node:crypto';
import type { PaymentNotificationType } from '../../domain/centrapay';
import type { Activity } from './store';

export interface WebhookOptions {
  /** Private EC P-256 key to sign with (a KeyObject or a JWK with `d`); default: a fresh one. */
  signingKey?: KeyObject | JsonWebKey;
  /** `kid` of that key; default: its RFC 7638 thumbprint. */
  kid?: string;
  /** First wait before a retry; each retry doubles it (default 1000 ms). */
  retryBaseMs?: number;
  /** Longest wait between two attempts (default 60 s). */
  retryMaxMs?: number;
  /** Attempts before a delivery is given up (default 12: about ten minutes with the defaults). */
  maxAttempts?: number;
  /** How long one attempt may take (default 10 s). */
  timeoutMs?: number;
  /** How long after a refund is initiated it completes (default 1000 ms). */
  refundCompletionMs?: number;
}

export interface Subscription {
  id: string;
  url: string;
  types: PaymentNotificationType[];
  createdAt: string;
}

export interface Notification {
  id: string;
  type: PaymentNotificationType;
  data: Activity;
  accountId: string;
  test: boolean;
  createdAt: string;
}

/** A notification on its way to one subscriber, as the state file keeps it until it is delivered or given up. */
export interface PendingDelivery {
  notificationId: string;
  type: PaymentNotificationType;
  url: string;
  /** The notification exactly as it is posted. */
  body: string;
  /** Attempts made so far. */
  attempts: number;
  /** When the next attempt is due, in real time (ms since the epoch). */
  dueAtMs: number;
}

/** Where pending deliveries are kept (the state file), so that a restarted sandbox carries on with them. */
export interface DeliveryKeeper {
  /** An attempt failed: how many have been made, and when the next is due. */
  attempted(delivery: PendingDelivery): void;
  /** Delivered, or given up after the last attempt. */
  ended(delivery: PendingDelivery): void;
}

export interface Delivery {
  notificationId: string;
  type: PaymentNotificationType;
  url: string;
  attempts: number;
  status: 'pending' | 'delivered' | 'failed' | 'cancelled';
  lastStatusCode?: number;
  lastError?: string;
}

export interface WebhookHub {
  /** Subscribing a URL again replaces its types. */
  subscribe(input: { url: string; types: readonly PaymentNotificationType[] }): Subscription;
  subscriptions(): Subscription[];
  unsubscribeAll(): void;
  /** Sends `type` with `data` to every subscriber of that type, after `delayMs` if given, once flushed. */
  notify(type: PaymentNotificationType, data: Activity, to: { accountId: string; test: boolean }, delayMs?: number): void;
  /**
   * Hands the deliveries notified since the last flush (perhaps none) to `keep` (the state file's transaction) and
   * starts them once it returns: nothing goes out that a restart would forget. If `keep` throws they wait for the next.
   */
  flush(keep: (fresh: readonly PendingDelivery[]) => void): void;
  /** Carries on with deliveries a previous run left pending, each from its next attempt. */
  resume(deliveries: readonly PendingDelivery[]): void;
  /** The most recent deliveries, newest first. */
  deliveries(): Delivery[];
  jwks(): { keys: JsonWebKey[] };
  /** A new key signs from now on; the previous one stays in the JWKS for deliveries already signed. */
  rotateKey(): { kid: string };
  refundCompletionMs: number;
  /**
   * One signed test notification (`test: true`, no activity in `data`) to `url`, once, without retries: what the
   * receiver answered, or why nothing came back. A pre-flight check uses it to see a delivery verified end to end.
   */
  sendTest(url: string, accountId: string): Promise<TestDelivery>;
  /** Stops every retry and delayed notification in this process (reset and server close); the state file keeps them. */
  cancelPending(): void;
}

export interface TestDelivery {
  notificationId: string;
  url: string;
  statusCode?: number;
  /** The receiver's answer (its first 1000 characters). */
  body?: string;
  error?: string;
}

/** JWT lifetime: Centrapay's `exp` is `iat` + 5 minutes (§7.4). */
const TOKEN_SECONDS = 300;
const DELIVERY_LOG_SIZE = 200;
const KEYS_KEPT = 2;

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: JsonWebKey;
}

function thumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}

function signingKeyFrom(key: KeyObject | JsonWebKey | undefined, kid: string | undefined): SigningKey {
  const privateKey =
    key === undefined
      ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey
      : key instanceof KeyObject
        ? key
        : createPrivateKey({ key, format: 'jwk' });
  const { kty, crv, x, y } = createPublicKey(privateKey).export({ format: 'jwk' });
  if (kty !== 'EC' || crv !== 'P-256') throw new Error('the webhook signing key must be an EC P-256 key');
  const publicJwk = { kty, crv, x, y };
  return { kid: kid ?? thumbprint(publicJwk), privateKey, publicJwk };
}

/** `fetch failed` alone says nothing; the cause (ECONNREFUSED, a timeout) is what a person needs. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause ? `${error.message}: ${cause.code ?? cause.message}` : error.message;
}

function sha256Hex(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** A wait that ends early, without error, when its generation of work is cancelled; it never holds the process open. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The `Authorization` of a delivery: an ES256 JWT over the body's hash, for the receiving URL (§7.4). */
async function sign(key: SigningKey | undefined, body: string, audience: string): Promise<string> {
  if (!key) throw new Error('no webhook signing key');
  // Wall-clock time, not the sandbox clock: receivers check `exp` against their own clocks.
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ request_body_sha256: sha256Hex(body) })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: key.kid })
    .setIssuedAt(iat)
    .setExpirationTime(iat + TOKEN_SECONDS)
    .setAudience(audience)
    .sign(key.privateKey);
}

/** A test notification carries no activity. */
type TestNotification = Omit<Notification, 'data'> & { data: Record<string, never> };

/** A test notification, signed like any other and posted once. */
async function sendTestNotification(key: SigningKey | undefined, notification: TestNotification, url: string, timeoutMs: number): Promise<TestDelivery> {
  const body = JSON.stringify(notification);
  const result: TestDelivery = { notificationId: notification.id, url };
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: await sign(key, body, url) },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    result.statusCode = response.status;
    result.body = (await response.text()).slice(0, 1000);
  } catch (error) {
    result.error = describeFailure(error);
  }
  return result;
}

interface RetryPolicy {
  retryBaseMs: number;
  retryMaxMs: number;
  maxAttempts: number;
  timeoutMs: number;
}

/** One POST of the body, signed now (a retry after a key rotation carries the new key); the delivery keeps what came back. */
async function attemptDelivery(
  delivery: Delivery,
  body: string,
  authorize: () => Promise<string>,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<boolean> {
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: await authorize() },
      body,
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    await response.arrayBuffer();
    delivery.lastStatusCode = response.status;
    delete delivery.lastError;
    return response.ok;
  } catch (error) {
    delivery.lastError = describeFailure(error);
    return false;
  }
}

interface DeliveryRun {
  pending: PendingDelivery;
  /** Its entry in the delivery log. */
  logged: Delivery;
  authorize: () => Promise<string>;
  policy: RetryPolicy;
  keeper: DeliveryKeeper;
  signal: AbortSignal;
}

/** A failure to write down an attempt must not stop the delivery: it carries on in memory. */
function keep(write: () => void): void {
  try {
    write();
  } catch {
    // The state file refused (disk full, closed): after a restart this delivery resumes from its last recorded attempt.
  }
}

/**
 * Attempts from the delivery's next one until a 2xx, waiting twice as long after each failure (up to the policy's
 * longest wait), or gives up after the last. Cancelled (reset, server close), it stops where it is: the state file
 * still holds it.
 */
async function deliverWithRetries({ pending, logged, authorize, policy, keeper, signal }: DeliveryRun): Promise<void> {
  while (!signal.aborted) {
    const waitMs = pending.dueAtMs - Date.now();
    if (waitMs > 0) await sleep(waitMs, signal);
    if (signal.aborted) break;
    pending.attempts += 1;
    logged.attempts = pending.attempts;
    if (await attemptDelivery(logged, pending.body, authorize, signal, policy.timeoutMs)) {
      logged.status = 'delivered';
      return keep(() => keeper.ended(pending));
    }
    if (signal.aborted) break;
    if (pending.attempts >= policy.maxAttempts) {
      logged.status = 'failed';
      return keep(() => keeper.ended(pending));
    }
    pending.dueAtMs = Date.now() + Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** (pending.attempts - 1));
    keep(() => keeper.attempted(pending));
  }
  logged.status = 'cancelled';
}

/** The signing keys: the newest signs; the one before it stays in the JWKS for deliveries already signed with it. */
function createKeyRing(first: SigningKey) {
  let keys = [first];
  return {
    current: (): SigningKey | undefined => keys[0],
    jwks: () => ({ keys: keys.map((key) => ({ ...key.publicJwk, kid: key.kid, alg: 'ES256', use: 'sig' })) }),
    rotate() {
      const key = signingKeyFrom(undefined, undefined);
      keys = [key, ...keys].slice(0, KEYS_KEPT);
      return { kid: key.kid };
    },
  };
}

/** Deliveries under way, each signed with the newest key at each attempt, and the log of the most recent. */
function createDeliveryRunner(policy: RetryPolicy, keyRing: ReturnType<typeof createKeyRing>, keeper: DeliveryKeeper) {
  let log: Delivery[] = [];
  // One controller per generation of work: cancelling aborts every wait and request of it at once.
  let generation = new AbortController();
  return {
    start(pending: PendingDelivery): void {
      const logged: Delivery = { notificationId: pending.notificationId, type: pending.type, url: pending.url, attempts: pending.attempts, status: 'pending' };
      log = [logged, ...log].slice(0, DELIVERY_LOG_SIZE);
      const authorize = () => sign(keyRing.current(), pending.body, pending.url);
      void deliverWithRetries({ pending, logged, authorize, policy, keeper, signal: generation.signal });
    },
    log: () => log.map((delivery) => ({ ...delivery })),
    cancel(): void {
      generation.abort();
      generation = new AbortController();
    },
  };
}

/** `nowMs`: the sandbox clock, which dates notifications. `keeper`: where pending deliveries are written down. */
export function createWebhookHub(nowMs: () => number, options: WebhookOptions, keeper: DeliveryKeeper): WebhookHub {
  const policy: RetryPolicy = {
    retryBaseMs: options.retryBaseMs ?? 1000,
    retryMaxMs: options.retryMaxMs ?? 60_000,
    maxAttempts: options.maxAttempts ?? 12,
    timeoutMs: options.timeoutMs ?? 10_000,
  };
  const keyRing = createKeyRing(signingKeyFrom(options.signingKey, options.kid));
  const runner = createDeliveryRunner(policy, keyRing, keeper);
  let subscriptions: Subscription[] = [];
  /** Notified, not yet kept by the state file, so not yet started. */
  let fresh: PendingDelivery[] = [];

  return {
    subscribe({ url, types }) {
      const subscription: Subscription = {
        id: randomBytes(8).toString('hex'),
        url,
        types: [...new Set(types)],
        createdAt: new Date(nowMs()).toISOString(),
      };
      subscriptions = [...subscriptions.filter((existing) => existing.url !== url), subscription];
      return subscription;
    },
    subscriptions: () => subscriptions.map((subscription) => ({ ...subscription, types: [...subscription.types] })),
    unsubscribeAll() {
      subscriptions = [];
    },
    notify(type, data, to, delayMs = 0) {
      const notification: Notification = { id: randomBytes(16).toString('hex'), type, data, ...to, createdAt: new Date(nowMs() + delayMs).toISOString() };
      const body = JSON.stringify(notification);
      const dueAtMs = Date.now() + delayMs;
      for (const { url, types } of subscriptions) {
        if (types.includes(type)) fresh.push({ notificationId: notification.id, type, url, body, attempts: 0, dueAtMs });
      }
    },
    flush(keepThem) {
      keepThem(fresh);
      const kept = fresh;
      fresh = [];
      for (const pending of kept) runner.start(pending);
    },
    resume(deliveries) {
      for (const pending of deliveries) runner.start({ ...pending });
    },
    deliveries: runner.log,
    jwks: keyRing.jwks,
    rotateKey: keyRing.rotate,
    refundCompletionMs: options.refundCompletionMs ?? 1000,
    sendTest(url, accountId) {
      const notification: TestNotification = { id: randomBytes(16).toString('hex'), type: 'payment-request:paid', data: {}, accountId, test: true, createdAt: new Date(nowMs()).toISOString() };
      return sendTestNotification(keyRing.current(), notification, url, policy.timeoutMs);
    },
    cancelPending() {
      fresh = [];
      runner.cancel();
    },
  };
}
