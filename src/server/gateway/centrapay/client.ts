// The gateway's one client of the Centrapay API. Every attempt waits its turn in the account's rate governor, by what
// kind of call it is. Unknown failures (network, timeouts, 5xx, 429, bodies that are not the JSON we expect) are
// retried (checklist 103.2); Centrapay's answers about the business (4xx) are not. Every call can be abandoned with
// an AbortSignal (a runner that is no longer needed).
import pRetry from 'p-retry';
import { z } from 'zod';
import {
  apiKeySchema,
  connectionSchema,
  decodeResultSchema,
  errorBodySchema,
  merchantConfigSchema,
  pageSchema,
  paymentActivitySchema,
  paymentRequestSchema,
  refundActivitySchema,
  type ConfirmBody,
  type Connection,
  type CreatePaymentRequestBody,
  type ApiKeyModel,
  type DecodeResult,
  type MerchantConfigModel,
  type PayBody,
  type RefundBody,
  type PaymentActivity,
  type PaymentRequest,
  type RefundActivity,
} from '../../../domain/centrapay';
import { confirmationActivitySchema, type ConfirmationActivity } from '../../../domain/pre-auth';
import { CentrapayError } from './errors';
import type { CallKind, RateGovernor } from './rate-governor';

const connectionSummarySchema = z.object({
  id: z.string(),
  status: z.string(),
  url: z.string(),
  // Not in Centrapay's documented summary; used when present to name the wallet on the screens.
  walletName: z.string().optional(),
});
export type ConnectionSummary = z.infer<typeof connectionSummarySchema>;

export interface CentrapayClientOptions {
  baseUrl: string | (() => string);
  apiKey: string;
  /** Per attempt. */
  timeoutMs?: number;
  /** Extra attempts after the first for unknown failures (at least one, checklist 103.2). */
  retries?: number;
  minRetryDelayMs?: number;
  /** The account's one budget: every attempt waits for it. */
  governor: RateGovernor;
  /** Each attempt once answered (or failed): with the answer's `Date` header, Centrapay's clock. */
  onRequest?: (event: { method: string; route: string; status: number | 'error'; ms: number; date?: string }) => void;
}

/** How a status read is meant: a routine one (with its urgency, 0–1), or one a cue says has news. */
export interface ReadOptions {
  signal?: AbortSignal;
  cued?: boolean;
  urgency?: number;
}

const activityPageSchema = pageSchema(paymentActivitySchema);
/** A request's own activities (§3.16), read for its refunds: each with what a refund carries. */
const requestActivitiesSchema = pageSchema(refundActivitySchema);
/** A listing's items: an id at least; anything more is read as a whole request when it is one. */
const listedRequestsSchema = pageSchema(z.looseObject({ id: z.string().min(1) }));

export class CentrapayClient {
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly minRetryDelayMs: number;

  constructor(private readonly options: CentrapayClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retries = Math.max(1, options.retries ?? 2);
    this.minRetryDelayMs = options.minRetryDelayMs ?? 300;
  }

  get baseUrl(): string {
    const { baseUrl } = this.options;
    return (typeof baseUrl === 'function' ? baseUrl() : baseUrl).replace(/\/$/, '');
  }

  createPaymentRequest(body: CreatePaymentRequestBody, signal?: AbortSignal): Promise<PaymentRequest> {
    // Not retried here: a create is not idempotent. The caller reconciles through externalRef.
    return this.call({ kind: 'money', method: 'POST', path: '/api/payment-requests', route: '/api/payment-requests', schema: paymentRequestSchema, body, retries: 0, signal });
  }

  getPaymentRequest(id: string, read: ReadOptions = {}): Promise<PaymentRequest> {
    const path = `/api/payment-requests/${encodeURIComponent(id)}`;
    return this.call({ ...readKind(read), method: 'GET', path, route: '/api/payment-requests/:id', schema: paymentRequestSchema, signal: read.signal });
  }

  /**
   * The newest request of the caller's own account with a short code (§3.3): how a receipt from another till is found.
   * A cashier is waiting, so it goes early. Not found is Centrapay's 403 (or 404): a rejection, never retried.
   */
  getPaymentRequestByShortCode(shortCode: string, signal?: AbortSignal): Promise<PaymentRequest> {
    const path = `/api/payment-requests/short-code/${encodeURIComponent(shortCode)}`;
    return this.call({ kind: 'cue', method: 'GET', path, route: '/api/payment-requests/short-code/:shortCode', schema: paymentRequestSchema, signal });
  }

  /**
   * A look-up after a lost create answer: part of keeping money safe, so it goes before routine reads. Centrapay's
   * listing may abbreviate its items (its own example leaves out the ids a till matches on), so an item that is not a
   * whole Payment Request is read in full before anyone decides whether it is the order's.
   */
  async listPaymentRequestsByExternalRef(externalRef: string, merchantAccountId: string, signal?: AbortSignal): Promise<PaymentRequest[]> {
    const path = `/api/payment-requests/external-ref/${encodeURIComponent(externalRef)}?merchantAccountId=${encodeURIComponent(merchantAccountId)}`;
    const page = await this.call({ kind: 'cue', method: 'GET', path, route: '/api/payment-requests/external-ref/:externalRef', schema: listedRequestsSchema, signal });
    const requests: PaymentRequest[] = [];
    for (const item of page.items) {
      const whole = z.safeParse(paymentRequestSchema, item);
      requests.push(whole.success ? whole.data : await this.getPaymentRequest(item.id, { signal, cued: true }));
    }
    return requests;
  }

  /** The newest page of the merchant's activities (§3.15): one read that shows what changed on every lane. */
  listMerchantActivities(merchantId: string, options: { pageKey?: string; signal?: AbortSignal } = {}): Promise<z.output<typeof activityPageSchema>> {
    const query = `merchantId=${encodeURIComponent(merchantId)}${options.pageKey ? `&pageKey=${encodeURIComponent(options.pageKey)}` : ''}`;
    return this.call({ kind: 'feed', method: 'GET', path: `/api/payment-activities?${query}`, route: '/api/payment-activities', schema: activityPageSchema, retries: 0, signal: options.signal });
  }

  /** Safe to retry: Centrapay returns the stored result for a repeated `idempotencyKey`. */
  payPaymentRequest(id: string, body: PayBody, signal?: AbortSignal): Promise<PaymentActivity> {
    return this.call({ kind: 'money', method: 'POST', path: `/api/payment-requests/${encodeURIComponent(id)}/pay`, route: '/api/payment-requests/:id/pay', schema: paymentActivitySchema, body, signal });
  }

  /** Safe to retry: a repeated `externalRef` with the same amount answers without refunding twice. */
  refundPaymentRequest(id: string, body: RefundBody, signal?: AbortSignal): Promise<RefundActivity> {
    return this.call({ kind: 'money', method: 'POST', path: `/api/payment-requests/${encodeURIComponent(id)}/refund`, route: '/api/payment-requests/:id/refund', schema: refundActivitySchema, body, signal });
  }

  /**
   * Draws down an authorised pre-auth (§3.13). Safe to retry: the same `idempotencyKey` with the same content answers
   * the first confirmation without drawing again (different content: IDEMPOTENT_OPERATION_FAILED).
   */
  confirmPreAuth(id: string, body: ConfirmBody, signal?: AbortSignal): Promise<ConfirmationActivity> {
    const path = `/api/payment-requests/${encodeURIComponent(id)}/confirm`;
    return this.call({ kind: 'money', method: 'POST', path, route: '/api/payment-requests/:id/confirm', schema: confirmationActivitySchema, body, signal });
  }

  /**
   * Returns what a pre-auth still holds to the patron (§3.12): a `release` activity, or a `cancellation` of one never
   * authorised. A repeat is refused (PRE_AUTH_RELEASED), so the caller reads the request to tell its own from a lapse.
   */
  releasePreAuth(id: string, signal?: AbortSignal): Promise<PaymentActivity> {
    const path = `/api/payment-requests/${encodeURIComponent(id)}/release`;
    return this.call({ kind: 'money', method: 'POST', path, route: '/api/payment-requests/:id/release', schema: paymentActivitySchema, body: {}, signal });
  }

  /** A request's activities, newest first (§3.16): how its refunds stand. A cue (a webhook) says there is news. */
  async listPaymentRequestActivities(id: string, read: ReadOptions = {}): Promise<RefundActivity[]> {
    const path = `/api/payment-requests/${encodeURIComponent(id)}/activities`;
    const page = await this.call({ ...readKind(read), method: 'GET', path, route: '/api/payment-requests/:id/activities', schema: requestActivitiesSchema, signal: read.signal });
    return page.items;
  }

  createConnection(merchantId: string, signal?: AbortSignal): Promise<Connection> {
    // A retried create can leave an unused Connection behind; nothing can be paid through it, so retrying is safe.
    return this.call({ kind: 'money', method: 'POST', path: '/api/connections', route: '/api/connections', schema: connectionSchema, body: { merchantId }, signal });
  }

  getConnectionSummary(id: string, read: ReadOptions = {}): Promise<ConnectionSummary> {
    const path = `/api/connections/${encodeURIComponent(id)}/summary`;
    return this.call({ ...readKind(read), method: 'GET', path, route: '/api/connections/:id/summary', schema: connectionSummarySchema, signal: read.signal });
  }

  /** A merchant config (§3.17): that it exists for this key's account, and what it offers. */
  getMerchantConfig(configId: string, signal?: AbortSignal): Promise<MerchantConfigModel> {
    const path = `/api/merchant-configs/${encodeURIComponent(configId)}`;
    return this.call({ kind: 'cue', method: 'GET', path, route: '/api/merchant-configs/:configId', schema: merchantConfigSchema, signal });
  }

  /**
   * The account's API keys. Only an account owner may list them (`api-keys:list`): a merchant-terminal key is refused
   * (403), which is how a key's role shows, since Centrapay documents no endpoint that tells a key its own.
   */
  listApiKeys(accountId: string, signal?: AbortSignal): Promise<ApiKeyModel[]> {
    const path = `/api/accounts/${encodeURIComponent(accountId)}/api-keys`;
    return this.call({ kind: 'cue', method: 'GET', path, route: '/api/accounts/:accountId/api-keys', schema: z.array(apiKeySchema), signal });
  }

  /** What a scanned code is (§3.17), before a request is created with it: a cashier is waiting, so it goes early. */
  decode(code: string, merchantConfigId: string, signal?: AbortSignal): Promise<DecodeResult> {
    const body = { code, scannedBy: 'merchant', merchantConfigId };
    return this.call({ kind: 'cue', method: 'POST', path: '/api/decode', route: '/api/decode', schema: decodeResultSchema, body, signal });
  }

  /** Accepts or declines a condition (§3.14). Safe to repeat: a second answer is refused with CONDITION_ALREADY_SET. */
  decideCondition(id: string, conditionId: string, decision: 'accept' | 'decline', signal?: AbortSignal): Promise<PaymentActivity> {
    const path = `/api/payment-requests/${encodeURIComponent(id)}/conditions/${encodeURIComponent(conditionId)}/${decision}`;
    return this.call({ kind: 'money', method: 'POST', path, route: `/api/payment-requests/:id/conditions/:conditionId/${decision}`, schema: paymentActivitySchema, body: {}, signal });
  }

  voidPaymentRequest(id: string, signal?: AbortSignal): Promise<RefundActivity> {
    // Void is safe to repeat: a second void of a cancelled request answers with the same cancellation.
    // The answer is read as a refund's too: a void of a paid request answers with the refund it made (§3.10).
    return this.call({ kind: 'money', method: 'POST', path: `/api/payment-requests/${encodeURIComponent(id)}/void`, route: '/api/payment-requests/:id/void', schema: refundActivitySchema, body: {}, signal });
  }

  private async call<T extends z.core.$ZodType>(request: {
    kind: CallKind;
    urgency?: number;
    method: 'GET' | 'POST';
    path: string;
    route: string;
    schema: T;
    body?: unknown;
    retries?: number;
    signal?: AbortSignal;
  }): Promise<z.output<T>> {
    const { kind, urgency, method, path, route, schema, body, signal } = request;
    const attempt = () => this.options.governor.run(kind, () => this.attempt(method, path, route, schema, body, signal), urgency);
    return pRetry(attempt, {
      retries: request.retries ?? this.retries,
      signal,
      minTimeout: this.minRetryDelayMs,
      factor: 2,
      randomize: true,
      // A 429 has paused the whole account for its Retry-After: the retry waits its turn like any call.
      shouldRetry: ({ error }) => !signal?.aborted && !(error instanceof CentrapayError && error.kind === 'rejected'),
    });
  }

  private async attempt<T extends z.core.$ZodType>(method: string, path: string, route: string, schema: T, body: unknown, signal?: AbortSignal): Promise<z.output<T>> {
    const started = performance.now();
    const report = (status: number | 'error', date?: string) =>
      this.options.onRequest?.({ method, route, status, ms: performance.now() - started, ...(date ? { date } : {}) });
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers: {
          'X-Api-Key': this.options.apiKey,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]) : AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      report('error');
      if (signal?.aborted) throw signal.reason;
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new CentrapayError('unavailable', timedOut ? 'TIMEOUT' : 'NETWORK', undefined,
        timedOut ? `Centrapay did not answer within ${this.timeoutMs / 1000} s` : 'Could not reach Centrapay');
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      report('error');
      throw new CentrapayError('unavailable', 'NETWORK', response.status, 'The connection to Centrapay dropped');
    }
    report(response.status, response.headers.get('date') ?? undefined);
    const json = parseJson(text);

    if (response.ok) {
      // The function, not a method: the domain's schemas are zod/mini, which classic's method types do not cover.
      const parsed = z.safeParse(schema, json);
      if (!parsed.success) {
        throw new CentrapayError('unavailable', 'MALFORMED_RESPONSE', response.status, 'Centrapay sent an answer we could not read');
      }
      return parsed.data;
    }
    if (response.status === 429) {
      const retryAfter = Number(response.headers.get('retry-after'));
      void this.options.governor.pauseFor(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 1_000);
      throw new CentrapayError('unavailable', 'RATE_LIMIT_EXCEEDED', 429, 'Centrapay asked us to slow down',
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
    }
    const errorBody = errorBodySchema.safeParse(json);
    if (response.status >= 400 && response.status < 500 && errorBody.success) {
      throw new CentrapayError('rejected', errorBody.data.message, response.status, errorBody.data.message);
    }
    throw new CentrapayError('unavailable', `HTTP_${response.status}`, response.status, `Centrapay answered with an error (${response.status})`);
  }
}

function readKind(read: ReadOptions): { kind: CallKind; urgency?: number } {
  return read.cued ? { kind: 'cue' } : { kind: 'read', urgency: read.urgency };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
