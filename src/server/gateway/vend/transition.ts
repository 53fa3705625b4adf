// The one place a vend changes: (vend, event, ctx) → next vend + the events that record it. Pure. A vend is refunded
// if and only if it was paid and the machine did not vend it: it failed, or it did not confirm by its deadline.
import { BUSY_VEND_STATUSES, type VendStatus } from '../../../domain/machine';
import { formatMoney } from '../../../domain/money';
import type { Refusal, Step } from '../engine/engine';
import type { VendCommand, VendContext, VendEvent, VendObservation, VendRecord } from './events';
import type { Vend } from './state';

export type VendStep = Step<Vend | null, VendRecord>;

const UNPAID_WORDS: Record<string, string> = {
  expired: 'The payment was not made in time.',
  cancelled: 'The payment was cancelled.',
};

const NOT_FOUND: Refusal = { statusCode: 404, code: 'VEND_NOT_FOUND', message: 'No purchase with that reference was made at this shop’s machines.' };

/** When the machine must have confirmed a paid vend by. */
export function vendDeadline(vend: Pick<Vend, 'paidAt' | 'updatedAt'>, vendTimeoutMs: number): number {
  return Date.parse(vend.paidAt ?? vend.updatedAt) + vendTimeoutMs;
}

/** The reference the vend's refund is sent under: the same however often it is sent. */
export function vendRefundId(vend: Pick<Vend, 'id'>): string {
  return `${vend.id}-R`;
}

export function transition(vend: Vend | null, event: VendEvent, ctx: VendContext): VendStep {
  if (event.type === 'buy') return buy(vend, event);
  if (!vend) return { refused: NOT_FOUND };
  const t = new Change(vend, ctx);
  switch (event.type) {
    case 'vended':
      return vended(t, event);
    case 'failed':
      if (vend.status === 'refunding' || vend.status === 'refunded') return t.done();
      return notVending(vend) ?? refundFor(t, `The machine reported a failure: ${event.reason}`, `machine:${event.machine}`);
    default:
      return observed(t, event);
  }
}

class Change {
  readonly records: VendRecord[] = [];
  constructor(
    public vend: Vend,
    readonly ctx: VendContext,
  ) {}

  get at(): string {
    return new Date(this.ctx.now).toISOString();
  }

  set(patch: Partial<Vend>): void {
    this.vend = { ...this.vend, ...patch, updatedAt: this.at };
  }

  event(name: string, actor: string, detail: string | null, status: string | null = null): void {
    this.records.push({ subject: this.vend.paymentRequestId ?? this.vend.id, ref: this.vend.id, name, actor, detail, status });
  }

  done(): VendStep {
    return { state: this.vend, records: this.records };
  }
}

function buy(vend: Vend | null, event: Extract<VendCommand, { type: 'buy' }>): VendStep {
  if (vend) return { state: vend, records: [] };
  if (event.others.some((other) => BUSY_VEND_STATUSES.includes(other.status))) {
    return { refused: { statusCode: 409, code: 'MACHINE_BUSY', message: 'Machine busy, try again in a moment.' } };
  }
  const next = event.vend;
  const detail = `${next.machine}: ${next.name} ${formatMoney(next.amount, next.currency)}`;
  return { state: next, records: [{ subject: next.id, ref: next.id, name: 'vend-requested', actor: 'patron', detail, status: null }] };
}

/** Why the machine may not say it vended (or failed) now; null while the vend is paid and waiting for it. */
function notVending(vend: Vend): { refused: Refusal } | null {
  const refuse = (code: string, message: string) => ({ refused: { statusCode: 409, code, message } });
  const status: VendStatus = vend.status;
  if (status === 'vending') return null;
  if (status === 'creating' || status === 'pending' || status === 'unpaid' || status === 'failed') return refuse('VEND_NOT_PAID', `Purchase ${vend.id} was not paid, so there is nothing to vend.`);
  if (status === 'vended') return refuse('VEND_ALREADY_VENDED', `Purchase ${vend.id} was already vended.`);
  return refuse('VEND_REFUNDED', `Too late: purchase ${vend.id} was not confirmed in time and the customer has been refunded. Do not vend it.`);
}

function vended(t: Change, event: Extract<VendCommand, { type: 'vended' }>): VendStep {
  // A repeat is answered the same.
  if (t.vend.status === 'vended') return t.done();
  const refused = notVending(t.vend);
  if (refused) return refused;
  t.set({ status: 'vended' });
  t.event('vended', `machine:${event.machine}`, `${t.vend.name} vended by ${event.machine}`);
  return t.done();
}

/** Paid and not vended: the whole payment goes back under the vend's refund reference, and why is journaled. */
function refundFor(t: Change, reason: string, actor: string): VendStep {
  t.set({ status: 'refunding', reason });
  t.event('vend-failed', actor, reason);
  return t.done();
}

function observed(t: Change, event: VendObservation): VendStep {
  const { vend } = t;
  switch (event.type) {
    case 'created':
      if (vend.status !== 'creating') return t.done();
      t.set({ paymentRequestId: event.paymentRequest.id, shortCode: event.paymentRequest.shortCode, url: event.paymentRequest.url, status: 'pending' });
      t.event('vend-request-created', CENTRAPAY, `${event.paymentRequest.id} (${event.paymentRequest.shortCode}): waiting for the customer to pay`);
      return polled(t, event.paymentRequest);
    case 'createRefused':
      if (vend.status !== 'creating') return t.done();
      t.set({ status: 'failed', reason: `Centrapay refused the payment (${event.code}). Nothing was taken.` });
      t.event('vend-refused', CENTRAPAY, event.code);
      return t.done();
    case 'createGaveUp':
      if (vend.status !== 'creating') return t.done();
      t.set({ status: 'failed', reason: 'Centrapay did not answer; nothing was taken. Try again.' });
      t.event('vend-not-created', 'gateway', 'Centrapay did not answer the create, and has no request under this reference');
      return t.done();
    case 'polled':
      return polled(t, event.paymentRequest);
    case 'timedOut':
      if (vend.status !== 'vending' || t.ctx.now < vendDeadline(vend, t.ctx.vendTimeoutMs)) return t.done();
      return refundFor(t, `The machine did not confirm the vend within ${Math.round(t.ctx.vendTimeoutMs / 1000)} s.`, 'gateway');
    default:
      return refundAnswered(t, event);
  }
}

const CENTRAPAY = 'centrapay';

/** Paid: the machine is told to vend (its time runs from now); ended unpaid: nothing to do. */
function polled(t: Change, request: Extract<VendObservation, { type: 'polled' }>['paymentRequest']): VendStep {
  if (t.vend.status !== 'pending' || request.id !== t.vend.paymentRequestId || request.status === 'new') return t.done();
  if (request.status === 'paid') {
    t.set({ status: 'vending', paidAt: t.at });
    t.event('vend-paid', CENTRAPAY, 'paid: the machine is told to vend', 'paid');
    return t.done();
  }
  t.set({ status: 'unpaid', reason: UNPAID_WORDS[request.status] ?? 'The payment was not completed.' });
  t.event('vend-unpaid', CENTRAPAY, request.cancellationReason ?? request.status, request.status);
  return t.done();
}

function refundAnswered(t: Change, event: Extract<VendObservation, { type: 'refundAccepted' | 'refundRefused' | 'refundCompleted' }>): VendStep {
  const { vend } = t;
  const refundId = vendRefundId(vend);
  const money = formatMoney(vend.amount, vend.currency);
  if (event.type === 'refundCompleted') {
    if (vend.status !== 'refunded' || vend.refundSettled) return t.done();
    // Declined after Centrapay accepted it: nothing went back, so a person must return the money.
    t.set({ refundSettled: true, ...(event.status === 'failed' ? { status: 'refund-failed' as const } : {}) });
    t.event(event.status === 'completed' ? 'vend-refund-completed' : 'vend-refund-declined', CENTRAPAY, refundId);
    return t.done();
  }
  if (vend.status !== 'refunding') return t.done();
  if (event.type === 'refundRefused') {
    t.set({ status: 'refund-failed' });
    t.event('vend-refund-refused', CENTRAPAY, `${refundId}: Centrapay refused the refund (${event.code}); a person must return ${money}`);
    return t.done();
  }
  t.set({ status: 'refunded' });
  t.event('vend-refunded', CENTRAPAY, `${refundId}: ${money} refund accepted; reason: ${vend.reason ?? 'the machine could not vend'}`);
  return t.done();
}
