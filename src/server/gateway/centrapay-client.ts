// The gateway's one client of the Centrapay API. Unknown failures (network, timeouts, 5xx, 429, bodies that are
// not the JSON we expect) are retried with backoff; Centrapay's answers about the business (4xx) are not.
import pRetry from 'p-retry';
import { z } from 'zod';
import {
  connectionSchema,
  errorBodySchema,
  pageSchema,
  paymentActivitySchema,
  paymentRequestSchema,
  type Connection,
  type CreatePaymentRequestBody,
  type PayBody,
  type RefundBody,
  type PaymentActivity,
  type PaymentRequest,
} from '../../domain/centrapay';

const connectionSummarySchema = z.object({
  id: z.string(),
  status: z.string(),
  url: z.string(),
  // Not in Centrapay's documented summary; used when present to name the wallet on the screens.
  walletName: z.string().optional(),
});
export type ConnectionSummary = z.infer<typeof connectionSummarySchema>;

export type CentrapayErrorKind = 'rejected' | 'unavailable';

export class CentrapayError extends Error {
  constructor(
    readonly kind: CentrapayErrorKind,
    /** Centrapay's `message` code for a rejection (e.g. REQUEST_PAID), or a short label of the failure. */
    readonly code: string,
    readonly statusCode: number | undefined,
    detail: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
    this.name = 'CentrapayError';
  }

  get isUnknownOutcome(): boolean {
    return this.kind === 'unavailable';
  }
}

export interface CentrapayClientOptions {
  baseUrl: string | (() => string);
  apiKey: string;
  /** Per attempt. */
  timeoutMs?: number;
  /** Extra attempts after the first for unknown failures (at least one, checklist 103.2). */
  retries?: number;
  minRetryDelayMs?: number;
  onRequest?: (event: { method: string; route: string; status: number | 'error'; ms: number }) => void;
}

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

  createPaymentRequest(body: CreatePaymentRequestBody): Promise<PaymentRequest> {
    // Not retried here: a create is not idempotent. The caller reconciles through externalRef.
    return this.call('POST', '/api/payment-requests', '/api/payment-requests', paymentRequestSchema, body, 0);
  }

  getPaymentRequest(id: string): Promise<PaymentRequest> {
    return this.call('GET', `/api/payment-requests/${encodeURIComponent(id)}`, '/api/payment-requests/:id', paymentRequestSchema);
  }

  listPaymentRequestsByExternalRef(externalRef: string, merchantAccountId: string): Promise<PaymentRequest[]> {
    const path = `/api/payment-requests/external-ref/${encodeURIComponent(externalRef)}?merchantAccountId=${encodeURIComponent(merchantAccountId)}`;
    return this.call('GET', path, '/api/payment-requests/external-ref/:externalRef', pageSchema(paymentRequestSchema)).then(
      (page) => page.items,
    );
  }

  /** Safe to retry: Centrapay returns the stored result for a repeated `idempotencyKey`. */
  payPaymentRequest(id: string, body: PayBody): Promise<PaymentActivity> {
    return this.call('POST', `/api/payment-requests/${encodeURIComponent(id)}/pay`, '/api/payment-requests/:id/pay', paymentActivitySchema, body);
  }

  /** Safe to retry: a repeated `externalRef` with the same amount answers without refunding twice. */
  refundPaymentRequest(id: string, body: RefundBody): Promise<PaymentActivity> {
    return this.call('POST', `/api/payment-requests/${encodeURIComponent(id)}/refund`, '/api/payment-requests/:id/refund', paymentActivitySchema, body);
  }

  createConnection(merchantId: string): Promise<Connection> {
    // A retried create can leave an unused Connection behind; nothing can be paid through it, so retrying is safe.
    return this.call('POST', '/api/connections', '/api/connections', connectionSchema, { merchantId });
  }

  getConnectionSummary(id: string): Promise<ConnectionSummary> {
    return this.call('GET', `/api/connections/${encodeURIComponent(id)}/summary`, '/api/connections/:id/summary', connectionSummarySchema);
  }

  voidPaymentRequest(id: string): Promise<PaymentActivity> {
    // Void is safe to repeat: a second void of a cancelled request answers with the same cancellation.
    return this.call('POST', `/api/payment-requests/${encodeURIComponent(id)}/void`, '/api/payment-requests/:id/void', paymentActivitySchema, {});
  }

  private async call<T extends z.core.$ZodType>(
    method: 'GET' | 'POST',
    path: string,
    route: string,
    schema: T,
    body?: unknown,
    retries = this.retries,
  ): Promise<z.output<T>> {
    return pRetry(() => this.attempt(method, path, route, schema, body), {
      retries,
      minTimeout: this.minRetryDelayMs,
      factor: 2,
      randomize: true,
      shouldRetry: ({ error }) => !(error instanceof CentrapayError && error.kind === 'rejected'),
      onFailedAttempt: async ({ error }) => {
        // Honour Retry-After on 429 before p-retry's own backoff.
        if (error instanceof CentrapayError && error.retryAfterSeconds) {
          await new Promise((resolve) => setTimeout(resolve, Math.min(error.retryAfterSeconds! * 1000, 10_000)));
        }
      },
    });
  }

  private async attempt<T extends z.core.$ZodType>(method: string, path: string, route: string, schema: T, body: unknown): Promise<z.output<T>> {
    const started = performance.now();
    const report = (status: number | 'error') =>
      this.options.onRequest?.({ method, route, status, ms: performance.now() - started });
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
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      report('error');
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
    report(response.status);
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
