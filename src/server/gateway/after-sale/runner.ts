// One runner per refund or void Centrapay has not finished: it sends it (again and again, under the same reference,
// while the answer is unknown: Centrapay refunds a repeated `externalRef` only once), then reads the request's
// activities with backoff until the refund shows there as done. A webhook cue skips the wait. A documented refusal
// ends it `failed`. A restart starts it again from the journal; sending again is safe.
import type { RefundActivity, RefundBody } from '../../../domain/centrapay';
import { AnswerRunner, type RunnerDeps } from '../answer-runner';
import { CentrapayError } from '../centrapay/errors';
import type { RefundRow } from '../journal/journal';
import { refundAssetTotals, refundCompletion, type Refund, type Tender } from './ledger';

/** Refusals that may be our own earlier refund seen again (its answer lost): the activities tell. */
const MAYBE_OURS = new Set(['ALREADY_REFUNDED', 'REPEAT_REFERENCE']);

/** `answered` settles once Centrapay has answered the refund or void (or refused it), or the runner is stopped. */
export class RefundRunner extends AnswerRunner {
  constructor(
    readonly refund: Refund,
    private readonly tender: Tender | undefined,
    /** Line items sent with the refund (104.2), when the press knew them. */
    private readonly lineItems: RefundBody['lineItems'],
    private readonly deps: RunnerDeps,
  ) {
    super(deps);
  }

  get paymentRequestId(): string {
    return this.refund.paymentRequestId!;
  }

  /** Runs to the end; never throws. */
  async run(): Promise<void> {
    try {
      const answer = await this.send();
      this.settle();
      if (answer && this.refund.method === 'centrapay') await this.awaitCompletion();
    } catch (error) {
      if (!this.stopped) this.deps.warn({ refund: this.refund.id, err: String(error) }, 'a refund runner stopped on an unexpected error');
    } finally {
      this.settle();
    }
  }

  /** The refund or void, until Centrapay answers it; null when it was refused (and so recorded) or stopped. */
  private async send(): Promise<RefundActivity | null> {
    const { refund } = this;
    for (let failures = 0; !this.stopped; failures += 1) {
      try {
        const activity = refund.method === 'void'
          ? await this.deps.client.voidPaymentRequest(this.paymentRequestId, this.signal)
          : await this.deps.client.refundPaymentRequest(this.paymentRequestId, this.body(), this.signal);
        await this.answeredWith(activity);
        return activity;
      } catch (error) {
        if (this.stopped) return null;
        if (error instanceof CentrapayError && error.kind === 'rejected') {
          const ours = refund.method === 'centrapay' && MAYBE_OURS.has(error.code) ? await this.findOurs() : null;
          if (ours) {
            await this.answeredWith(ours);
            return ours;
          }
          await this.record({ status: 'failed', error: error.code }, `${refund.method === 'void' ? 'void' : 'refund'}-refused`, 'centrapay', error.code);
          return null;
        }
        // Unknown outcome: send it again under the same reference (Centrapay refunds it once).
        await this.sleep(this.backoff(failures));
      }
    }
    return null;
  }

  private body(): RefundBody {
    const { refund } = this;
    return { value: { amount: refund.amount, currency: refund.currency }, externalRef: refund.id, ...(this.lineItems ? { lineItems: this.lineItems } : {}) };
  }

  /** A void's 200 is the money returned (§2.2); a refund's only starts it (§3.9). */
  private async answeredWith(activity: RefundActivity): Promise<void> {
    const assetTotals = this.assetTotals(activity);
    if (this.refund.method === 'void') {
      const amount = activity.type === 'refund' && activity.value ? activity.value.amount : this.refund.amount;
      await this.record({ status: 'completed', amount, ...(assetTotals ? { assetTotals } : {}) }, 'voided', 'centrapay', `${amount} back to the customer`);
    } else {
      await this.record({ ...(assetTotals ? { assetTotals } : {}) }, 'refund-accepted', 'centrapay', 'completes asynchronously');
    }
  }

  private async awaitCompletion(): Promise<void> {
    for (let reads = 0; !this.stopped; reads += 1) {
      const cued = await this.sleep(this.backoff(reads));
      if (this.stopped) return;
      let activities: RefundActivity[];
      try {
        activities = await this.deps.client.listPaymentRequestActivities(this.paymentRequestId, { cued, signal: this.signal });
      } catch {
        continue;
      }
      const { status, activity } = refundCompletion(activities, this.refund.id);
      if (status === 'pending') continue;
      const assetTotals = activity ? this.assetTotals(activity) : null;
      await this.record({ status, ...(assetTotals ? { assetTotals } : {}), ...(status === 'failed' ? { error: 'REFUND_DECLINED' } : {}) },
        status === 'completed' ? 'refund-completed' : 'refund-refused', 'centrapay', status === 'completed' ? 'the money is back with the customer' : 'REFUND_DECLINED');
      return;
    }
  }

  /** Our refund among the request's activities, if Centrapay has it (a retry's refusal may be about it). */
  private async findOurs(): Promise<RefundActivity | null> {
    try {
      const activities = await this.deps.client.listPaymentRequestActivities(this.paymentRequestId, { cued: true, signal: this.signal });
      return refundCompletion(activities, this.refund.id).activity;
    } catch {
      return null;
    }
  }

  private assetTotals(activity: RefundActivity): string | null {
    const totals = refundAssetTotals(activity, this.tender);
    return totals ? JSON.stringify(totals) : null;
  }

  /** Writes what Centrapay said, however long the journal takes to come back. */
  private async record(patch: Partial<Pick<RefundRow, 'status' | 'error' | 'assetTotals' | 'amount'>>, kind: string, actor: string, detail: string): Promise<void> {
    const { refund } = this;
    const event = { subject: refund.paymentRequestId ?? refund.id, orderRef: refund.orderRef, kind, actor, detail: `${refund.id}: ${detail}` };
    await this.durably(() => {
      this.deps.journal.updateRefund(refund.id, patch, event);
      if (patch.status) refund.status = patch.status;
    }, (failure) => this.deps.warn({ refund: refund.id, failure }, 'could not record what Centrapay said about a refund; will try again'));
  }
}
