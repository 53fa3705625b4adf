// The steps every engine's effects are made of, on the one runner framework (runner.ts):
// - a money call sent again and again while its outcome is unknown (network, timeout, 5xx), always the same, until
//   Centrapay answers it or refuses it (§3.13's retry rule);
// - a create, which is not idempotent: after a lost answer the request is looked up by its `externalRef` before
//   anything is sent again, and only one carrying what was sent is adopted;
// - reads of a request (or its activities) until they show what the engine waits for; a cue reads at once.
import type { CreatePaymentRequestBody, PaymentRequest, PaymentRequestRedirects, RefundActivity } from '../../../domain/centrapay';
import { refundCompletion } from '../after-sale/ledger';
import type { CentrapayClient } from '../centrapay/client';
import { CentrapayError } from '../centrapay/errors';
import type { Loop } from './runner';

export type Answer<T> = { ok: T } | { refused: string };

export function isRefusal(error: unknown): error is CentrapayError {
  return error instanceof CentrapayError && error.kind === 'rejected';
}

export function codeOf(error: unknown): string {
  return error instanceof CentrapayError ? error.code : error instanceof Error ? error.message : String(error);
}

/**
 * The call, again while its outcome is unknown, until Centrapay answers or refuses it; null once the runner is
 * stopped. `failing` hears of each unknown outcome (since when the calls have been failing).
 */
export async function untilAnswered<T>(loop: Loop, call: (signal: AbortSignal) => Promise<T>,
  failing?: (since: number, error: unknown) => Promise<unknown> | void): Promise<Answer<T> | null> {
  while (!loop.stopped) {
    try {
      loop.attempt();
      const ok = await call(loop.signal);
      loop.succeeded();
      return { ok };
    } catch (error) {
      if (loop.stopped) return null;
      if (isRefusal(error)) return { refused: error.code };
      const since = loop.failed();
      await failing?.(since, error);
      await loop.sleep(loop.backoff(error));
    }
  }
  return null;
}

/** Does a request found by `externalRef` carry what we sent? Only then is it ours. */
export function carriesBody(request: PaymentRequest, body: Pick<CreatePaymentRequestBody, 'terminalId' | 'deviceId' | 'configId' | 'value' | 'lineItems' | 'preAuth'>): boolean {
  const items = (lines: readonly { name: string; sku?: string; qty: unknown; price: unknown }[] | undefined) => JSON.stringify((lines ?? []).map(({ name, sku, qty, price }) => ({ name, sku, qty, price })));
  return request.terminalId === body.terminalId && request.deviceId === body.deviceId && request.configId === body.configId &&
    request.value.amount === body.value.amount && request.value.currency === body.value.currency &&
    Boolean(request.preAuth) === Boolean(body.preAuth) && items(request.lineItems) === items(body.lineItems);
}

export interface CreateWork {
  body: CreatePaymentRequestBody;
  /** The request's `externalRef`: what it is looked up by. */
  ref: string;
  merchantAccountId: string;
  /** Which requests under the reference are this create's own (default: those carrying the body). */
  matches?: (request: PaymentRequest) => boolean;
  /** Look before the first send: the last process (or an earlier runner) may have sent it. */
  lookupFirst: boolean;
  /** When the create was asked for; the give-up clock runs from it, across restarts. */
  since: number;
  unknownAfterMs: number;
  /**
   * Past `unknownAfterMs`: `answered` gives up only once a look-up answers that there is none (nothing made is ever
   * left untracked); `always` gives up then regardless (the caller keeps looking up in the background).
   */
  giveUp: 'answered' | 'always';
  /** Heard on each unknown outcome before the next try. */
  failing?: () => Promise<unknown> | void;
  /**
   * Where Centrapay's pay page sends the patron back, sent with the body. A config that does not allow them
   * (403 REDIRECT_URL_INVALID) must not stop the sale: the request is created without them, and `warn` says so.
   */
  redirects?: PaymentRequestRedirects;
  warn?: (detail: object, message: string) => void;
}

export type CreateOutcome = { created: PaymentRequest; sends: number; found: boolean } | { refused: string; sends: number } | { gaveUp: true };

const REDIRECTS_REFUSED = 'Centrapay refused to send the patron back to PUBLIC_URL (REDIRECT_URL_INVALID): the request was made without redirects, '
  + 'so the patron comes back with their phone’s Back. Ask Centrapay to add PUBLIC_URL to the merchant config’s allowedRedirectUrls.';

/** Creates the request, or adopts the one a lost answer made; null once the runner is stopped. */
export async function createOrAdopt(loop: Loop, client: CentrapayClient, work: CreateWork): Promise<CreateOutcome | null> {
  const ours = work.matches ?? ((request: PaymentRequest) => carriesBody(request, work.body));
  let sends = 0;
  let lookupNext = work.lookupFirst;
  let redirects = work.redirects;
  while (!loop.stopped) {
    const late = Date.now() - work.since >= work.unknownAfterMs;
    try {
      loop.attempt();
      if (lookupNext) {
        const found = (await client.listPaymentRequestsByExternalRef(work.ref, work.merchantAccountId, loop.signal))
          .filter(ours).sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
        if (found) return { created: found, sends: Math.max(sends, 1) + 1, found: true };
        // None: nothing reached Centrapay. Past the deadline nothing more is sent.
        if (late) return { gaveUp: true };
        lookupNext = false;
        continue;
      }
      sends += 1;
      return { created: await client.createPaymentRequest({ ...work.body, ...redirects }, loop.signal), sends, found: false };
    } catch (error) {
      if (loop.stopped) return null;
      if (isRefusal(error) && !lookupNext && redirects && error.code === 'REDIRECT_URL_INVALID') {
        // Refused before anything was made: the same request, without them, at once.
        work.warn?.({ externalRef: work.ref, ...redirects }, REDIRECTS_REFUSED);
        redirects = undefined;
        continue;
      }
      if (isRefusal(error) && !lookupNext) return { refused: error.code, sends };
      // Unknown outcome (or a look-up that failed): look before sending again.
      lookupNext = true;
      loop.failed();
      if (work.giveUp === 'always' && Date.now() - work.since >= work.unknownAfterMs) return { gaveUp: true };
      await work.failing?.();
      await loop.sleep(loop.backoff(error));
    }
  }
  return null;
}

/** Reads the request, waiting longer each time (a cue reads at once), until `done` says what it shows; null if stopped. */
export async function readUntil(loop: Loop, client: CentrapayClient, id: string, done: (request: PaymentRequest) => boolean,
  first: PaymentRequest | null = null): Promise<PaymentRequest | null> {
  let request = first;
  for (let reads = 0; !loop.stopped; reads += 1) {
    if (request && done(request)) return request;
    const cued = await loop.sleep(readPause(loop, reads));
    if (loop.stopped) return null;
    try {
      request = await client.getPaymentRequest(id, { cued, signal: loop.signal });
    } catch {
      request = null;
    }
  }
  return null;
}

/** Reads a request's activities, waiting longer each time, until our refund (by its reference) shows done; null if stopped. */
export async function awaitRefund(loop: Loop, client: CentrapayClient, paymentRequestId: string, refundId: string): Promise<{ status: 'completed' | 'failed'; activity: RefundActivity | null } | null> {
  for (let reads = 0; !loop.stopped; reads += 1) {
    const cued = await loop.sleep(readPause(loop, reads));
    if (loop.stopped) return null;
    try {
      const seen = refundCompletion(await client.listPaymentRequestActivities(paymentRequestId, { cued, signal: loop.signal }), refundId);
      if (seen.status !== 'pending') return { status: seen.status, activity: seen.activity };
    } catch {
      continue;
    }
  }
  return null;
}

/** Our refund among the request's activities, if Centrapay has it (a refusal of a resend may be about it). */
export async function findRefund(loop: Loop, client: CentrapayClient, paymentRequestId: string, refundId: string): Promise<RefundActivity | null> {
  const answer = await untilAnswered(loop, (signal) => client.listPaymentRequestActivities(paymentRequestId, { cued: true, signal }));
  return answer && 'ok' in answer ? refundCompletion(answer.ok, refundId).activity : null;
}

/** Refusals of a refund sent again that may be our own earlier refund, its answer lost: the activities tell. */
export const MAYBE_OUR_REFUND = new Set(['ALREADY_REFUNDED', 'REPEAT_REFERENCE']);

/** The pause before read number `reads` (from 0): the base, doubling, at most the maximum. */
function readPause(loop: Loop, reads: number): number {
  return Math.min(loop.backoffs.baseMs * 2 ** reads, loop.backoffs.maxMs);
}
