// One upstream poller per live Payment Request, however many screens watch it. It voids the request when the
// cashier cancels, when the till times out (checklist 103.1) or when its status cannot be determined (103.3).
import { describeCentrapayCode, isFinalStatus, type PaymentActivity, type PaymentRequest } from '../../domain/centrapay';
import type { LanePayment, PaymentOutcome } from '../../domain/lane';
import { CentrapayError, type CentrapayClient } from './centrapay-client';
import type { Journal } from './journal';
import type { LaneHub } from './lane-hub';
import { Poller } from './poller';

export interface WatchContext {
  hub: LaneHub;
  journal: Journal;
  client: CentrapayClient;
  options: { pollIntervalMs: number; timeoutGraceSeconds: number; unknownAfterMs: number };
}

export function outcomeOf(paymentRequest: PaymentRequest): PaymentOutcome {
  return paymentRequest.status === 'new' ? 'pending' : paymentRequest.status;
}

export class PaymentWatcher extends Poller {
  private failingSince: number | undefined;
  private voidActor: string | undefined;
  private voidWaiters: (() => void)[] = [];

  constructor(
    private readonly context: WatchContext,
    private readonly laneId: string,
    private paymentRequest: PaymentRequest,
    private readonly onDone: () => void,
  ) {
    super(context.options.pollIntervalMs);
  }

  get id(): string {
    return this.paymentRequest.id;
  }

  requestVoid(actor: string): Promise<void> {
    this.voidActor ??= actor;
    const done = new Promise<void>((resolve) => this.voidWaiters.push(resolve));
    this.pollNow();
    return done;
  }

  override stop(): void {
    super.stop();
    this.releaseVoidWaiters();
  }

  protected step(): Promise<void> {
    return this.voidActor ? this.tryVoid(this.voidActor) : this.poll();
  }

  private get timedOut(): boolean {
    return Date.now() > Date.parse(this.paymentRequest.expiresAt) + this.context.options.timeoutGraceSeconds * 1000;
  }

  private async poll(): Promise<void> {
    const { client, options, journal } = this.context;
    try {
      const paymentRequest = await client.getPaymentRequest(this.paymentRequest.id);
      this.failingSince = undefined;
      this.failures = 0;
      this.apply(paymentRequest, null);
      if (isFinalStatus(paymentRequest.status)) return this.finish();
      if (this.timedOut) {
        this.voidActor = 'system:timeout';
        return this.schedule(0);
      }
      this.schedule(this.intervalMs);
    } catch (error) {
      if (!(error instanceof CentrapayError) || error.kind === 'rejected') {
        // Centrapay says it cannot give us this request: nothing more to learn by polling.
        journal.recordEvent(this.paymentRequest.id, 'poll-rejected', 'system', errorText(error));
        return this.finishUnknown(`Centrapay would not return this payment (${errorText(error)}). Check it in the history.`);
      }
      this.failingSince ??= Date.now();
      this.failures += 1;
      if (this.timedOut || Date.now() - this.failingSince >= options.unknownAfterMs) {
        this.voidActor = 'system:status-unknown';
        this.setNotice('Centrapay is not answering, so this payment is being cancelled.');
        return this.schedule(0);
      }
      this.setNotice('Checking the payment with Centrapay…');
      this.schedule(this.backoff(error.retryAfterSeconds));
    }
  }

  private async tryVoid(actor: string): Promise<void> {
    const { client, journal } = this.context;
    const id = this.paymentRequest.id;
    try {
      const activity = await client.voidPaymentRequest(id);
      journal.recordEvent(id, 'void', actor, activity.type === 'refund' ? 'paid before the void; refunded' : null);
      this.voidActor = undefined;
      await this.settleAfterVoid(activity);
    } catch (error) {
      if (error instanceof CentrapayError && error.kind === 'rejected') {
        journal.recordEvent(id, 'void-rejected', actor, error.code);
        this.voidActor = undefined;
        if (error.code === 'REQUEST_PAID' || error.code === 'REQUEST_EXPIRED' || error.code === 'REQUEST_CANCELLED') {
          // The request already ended; read how, and show that.
          this.releaseVoidWaiters();
          return this.poll();
        }
        return this.finishUnknown(`Centrapay refused to cancel this payment (${describeCentrapayCode(error.code)}).`);
      }
      this.failures += 1;
      journal.recordEvent(id, 'void-failed', actor, errorText(error));
      this.setNotice('Cancelling… Centrapay is not answering yet, trying again.');
      this.schedule(this.backoff(error instanceof CentrapayError ? error.retryAfterSeconds : 0));
    }
  }

  private async settleAfterVoid(activity: PaymentActivity): Promise<void> {
    const notice = activity.type === 'refund' ? 'The customer had paid; the payment was refunded.' : null;
    try {
      const paymentRequest = await this.context.client.getPaymentRequest(this.paymentRequest.id);
      this.apply(paymentRequest, notice);
      if (isFinalStatus(paymentRequest.status) && paymentRequest.status !== 'paid') return this.finish();
    } catch {
      // The void itself is Centrapay's word that the request is cancelled.
    }
    this.context.journal.recordStatus(this.paymentRequest.id, 'cancelled', 'void');
    this.update((payment) => ({ ...payment, outcome: 'cancelled', notice }));
    this.finish();
  }

  private apply(paymentRequest: PaymentRequest, notice: string | null): void {
    // The journal keeps each status once: only a change is written, not every poll.
    if (paymentRequest.status !== this.paymentRequest.status) this.context.journal.recordStatus(paymentRequest.id, paymentRequest.status);
    this.paymentRequest = paymentRequest;
    const outcome = outcomeOf(paymentRequest);
    this.update((payment) =>
      changed(payment, paymentRequest, outcome, notice) ? { ...payment, paymentRequest, outcome, notice } : payment,
    );
  }

  private setNotice(notice: string): void {
    this.update((payment) => (payment.notice === notice ? payment : { ...payment, notice }));
  }

  private update(change: (payment: LanePayment) => LanePayment): void {
    this.context.hub.updatePayment(this.laneId, this.paymentRequest.id, change);
  }

  private finishUnknown(notice: string): void {
    this.context.journal.recordStatus(this.paymentRequest.id, 'unknown', 'system');
    this.update((payment) => ({ ...payment, outcome: 'unknown', notice }));
    this.finish();
  }

  private finish(): void {
    this.stop();
    this.update((payment) => ({ ...payment, cancelling: false, finishedAt: payment.finishedAt ?? new Date().toISOString() }));
    this.onDone();
  }

  private releaseVoidWaiters(): void {
    for (const resolve of this.voidWaiters.splice(0)) resolve();
  }
}

function changed(payment: LanePayment, paymentRequest: PaymentRequest, outcome: PaymentOutcome, notice: string | null): boolean {
  return payment.outcome !== outcome || payment.notice !== notice || payment.paymentRequest.updatedAt !== paymentRequest.updatedAt ||
    payment.paymentRequest.status !== paymentRequest.status || payment.paymentRequest.remainingAmount !== paymentRequest.remainingAmount ||
    JSON.stringify(payment.paymentRequest.paidBy) !== JSON.stringify(paymentRequest.paidBy);
}

export function errorText(error: unknown): string {
  return error instanceof CentrapayError ? error.code : error instanceof Error ? error.message : String(error);
}
