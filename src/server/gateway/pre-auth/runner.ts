// One runner per piece of pre-auth work Centrapay has not answered: creating the hold's request (looked up by its
// `externalRef` before anything is sent again), following it until the patron authorises it, and each confirmation,
// release, void or refund. A money call is sent again and again while its outcome is unknown (network, timeout, 5xx),
// always the same (a confirmation under the same idempotency key, a refund under the same reference), until Centrapay
// answers with a 200 or a refusal (§3.13 retry rule). A restart starts the runner again from the journal.
import type { PaymentActivity, PaymentRequest } from '../../../domain/centrapay';
import { holdStatusOf, type HoldStatus } from '../../../domain/pre-auth';
import { refundCompletion } from '../after-sale/ledger';
import { AnswerRunner, type RunnerDeps } from '../answer-runner';
import type { CentrapayClient } from '../centrapay/client';
import { CentrapayError } from '../centrapay/errors';
import type { HoldEvent } from '../journal/journal';

/** What a money call came to: Centrapay's answer, its refusal, or nothing (the runner was stopped). */
export type Answer<T> = { ok: T } | { refused: string } | null;

/** `answered` settles once Centrapay has answered the work (or refused it), or the runner stopped. */
export class HoldRunner extends AnswerRunner {
  constructor(
    /** The hold's id, and the work's own (a confirmation's key, a return's id, or the hold's id for following it). */
    readonly holdId: string,
    readonly id: string,
    private readonly work: (runner: HoldRunner) => Promise<void>,
    readonly deps: RunnerDeps,
  ) {
    super(deps);
  }

  /** Runs to the end; never throws. */
  async run(): Promise<void> {
    try {
      await this.work(this);
    } catch (error) {
      if (!this.stopped) this.deps.warn({ hold: this.holdId, work: this.id, err: String(error) }, 'a pre-auth runner stopped on an unexpected error');
    } finally {
      this.settle();
    }
  }

  /** The call, again and again while its outcome is unknown, until Centrapay answers or refuses it. */
  async send<T>(call: (signal: AbortSignal) => Promise<T>): Promise<Answer<T>> {
    for (let failures = 0; !this.stopped; failures += 1) {
      try {
        return { ok: await call(this.signal) };
      } catch (error) {
        if (this.stopped) return null;
        if (error instanceof CentrapayError && error.kind === 'rejected') return { refused: error.code };
        await this.sleep(this.backoff(failures));
      }
    }
    return null;
  }

  /** Writes what Centrapay said, however long the journal takes to come back. */
  record(write: () => void): Promise<void> {
    return this.durably(write, (failure) => this.deps.warn({ hold: this.holdId, failure }, 'could not record what Centrapay said about a hold; will try again'));
  }
}

const CENTRAPAY = 'centrapay';

/** What the open step needs to create the request, and to know it again when the answer was lost. */
export interface OpenWork {
  body: Parameters<CentrapayClient['createPaymentRequest']>[0] & { externalRef: string; terminalId: string; deviceId: string; configId: string };
  merchantAccountId: string;
  /** When the hold was opened: the look-ups give up `unknownAfterMs` after it. */
  since: number;
  unknownAfterMs: number;
  /** After a restart the look-up comes first: the last process may have sent the create. */
  lookupFirst: boolean;
}

/** Creates the hold's request (or finds the one a lost answer created), then follows it until the patron decides. */
export async function openHold(runner: HoldRunner, work: OpenWork, follow: (paymentRequest: PaymentRequest) => Promise<void>): Promise<void> {
  const { client, journal } = runner.deps;
  const { body } = work;
  let lookupNext = work.lookupFirst;
  // Past `unknownAfterMs` nothing more is created: the hold only looks until Centrapay answers the look-up, so a request
  // a lost answer made is never left untracked (adopted when found; failed only once Centrapay says there is none).
  let gaveUp = false;
  for (let failures = 0; !runner.stopped; failures += 1) {
    try {
      const paymentRequest = lookupNext ? await lookUp(client, work, runner.signal) : await client.createPaymentRequest(body, runner.signal);
      if (paymentRequest) {
        await runner.record(() => journal.updateHold(runner.holdId, {
          paymentRequestId: paymentRequest.id,
          shortCode: paymentRequest.shortCode,
          url: paymentRequest.url,
          status: 'pending',
          requestCreatedAt: paymentRequest.createdAt,
        }, { kind: 'hold-created', actor: CENTRAPAY, detail: `${paymentRequest.id} (${paymentRequest.shortCode}): waiting for the customer to authorise` }));
        runner.settle();
        return follow(paymentRequest);
      }
      if (gaveUp) {
        await runner.record(() => journal.updateHold(runner.holdId, { status: 'failed', error: 'CENTRAPAY_UNAVAILABLE' },
          { kind: 'hold-unknown', actor: 'gateway', detail: `Centrapay did not answer the create within ${work.unknownAfterMs / 1000} s, and holds no request under ${body.externalRef}` }));
        return;
      }
      lookupNext = false;
      continue;
    } catch (error) {
      if (runner.stopped) return;
      if (error instanceof CentrapayError && error.kind === 'rejected' && !lookupNext) {
        await runner.record(() => journal.updateHold(runner.holdId, { status: 'failed', error: error.code }, { kind: 'hold-refused', actor: CENTRAPAY, detail: error.code }));
        return;
      }
    }
    // Unknown outcome (or a look-up that failed): look before sending again.
    lookupNext = true;
    gaveUp ||= Date.now() - work.since >= work.unknownAfterMs;
    await runner.sleep(runner.backoff(failures));
  }
}

/** The hold's own request among those under its `externalRef`: only one that carries what was sent is adopted. */
async function lookUp(client: CentrapayClient, work: OpenWork, signal: AbortSignal): Promise<PaymentRequest | null> {
  const { body } = work;
  const found = (await client.listPaymentRequestsByExternalRef(body.externalRef, work.merchantAccountId, signal))
    .filter((request) => request.preAuth === true && request.terminalId === body.terminalId && request.deviceId === body.deviceId &&
      request.configId === body.configId && request.value.amount === body.value.amount && request.value.currency === body.value.currency)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return found[0] ?? null;
}

/** Reads the request with backoff (a cue reads at once) until the patron has authorised it, or it ended unauthorised. */
export async function followHold(runner: HoldRunner, paymentRequestId: string, first: PaymentRequest | null): Promise<void> {
  const { client, journal } = runner.deps;
  let request = first;
  for (let reads = 0; !runner.stopped; reads += 1) {
    if (request) {
      const status = holdStatusOf(request, false);
      if (status !== 'pending') {
        const authorised = status === 'authorized';
        await runner.record(() => journal.updateHold(runner.holdId, {
          status,
          preAuthExpiresAt: request!.preAuthExpiresAt ?? null,
          requestCreatedAt: request!.createdAt,
          ...(authorised ? {} : { error: request!.cancellationReason ?? request!.status.toUpperCase() }),
        }, {
          kind: authorised ? 'hold-authorised' : `hold-${status}`,
          actor: CENTRAPAY,
          status: request!.status,
          detail: authorised ? `${request!.value.amount} authorised until ${request!.preAuthExpiresAt ?? 'Centrapay lapses it'}` : request!.cancellationReason ?? request!.status,
        }));
        return;
      }
    }
    const cued = await runner.sleep(runner.backoff(reads));
    if (runner.stopped) return;
    try {
      request = await client.getPaymentRequest(paymentRequestId, { cued, signal: runner.signal });
    } catch {
      request = null;
    }
  }
}

/** Whose release the request shows: ours (before `preAuthExpiresAt`), or Centrapay's lapse of it. */
export async function releasedBy(runner: HoldRunner, paymentRequestId: string): Promise<'us' | 'lapse' | null> {
  const answer = await runner.send((signal) => runner.deps.client.getPaymentRequest(paymentRequestId, { cued: true, signal }));
  if (!answer || !('ok' in answer)) return null;
  const expiresAt = answer.ok.preAuthExpiresAt ? Date.parse(answer.ok.preAuthExpiresAt) : Number.POSITIVE_INFINITY;
  const activities = await runner.send((signal) => runner.deps.client.listPaymentRequestActivities(paymentRequestId, { cued: true, signal }));
  if (!activities || !('ok' in activities)) return null;
  return activities.ok.some((activity) => activity.type === 'release' && Date.parse(activity.createdAt) < expiresAt) ? 'us' : 'lapse';
}

/** Reads the request's activities with backoff until our refund (by its reference) shows there as done. */
export async function awaitRefund(runner: HoldRunner, paymentRequestId: string, refundId: string, recordDone: (status: 'completed' | 'refused') => Promise<void>): Promise<void> {
  for (let reads = 0; !runner.stopped; reads += 1) {
    const cued = await runner.sleep(runner.backoff(reads));
    if (runner.stopped) return;
    try {
      const { status } = refundCompletion(await runner.deps.client.listPaymentRequestActivities(paymentRequestId, { cued, signal: runner.signal }), refundId);
      if (status === 'pending') continue;
      return recordDone(status === 'completed' ? 'completed' : 'refused');
    } catch {
      continue;
    }
  }
}

/** The hold's status after Centrapay answered a release or void with this activity. */
export function statusAfter(kind: 'release' | 'void', activity: PaymentActivity): HoldStatus {
  if (activity.type === 'cancellation') return 'cancelled';
  return kind === 'void' ? 'voided' : 'released';
}

export function event(kind: string, detail: string, actor = CENTRAPAY): HoldEvent {
  return { kind, actor, detail };
}
