// The one place a finished sale's refunds change: (book, event) → next book + the events that record it. Pure: no
// I/O, no clock (the time comes in the context). What can go back, and through which tender, is decided by the
// ledger (ledger.ts) from the journal's record of the sale; the screens read the same rules from the view.
import { formatMoney } from '../../../domain/money';
import type { Step } from '../engine/engine';
import type { AfterSaleContext, AfterSaleEvent, AfterSaleObservation, AfterSaleRecord, Press } from './events';
import { planRefund, planVoid, refundAssetTotals, type PlannedRefund, type Refund, type SaleBook } from './ledger';

export type AfterSaleStep = Step<SaleBook, AfterSaleRecord>;

const UNKNOWN_PAID = {
  statusCode: 502,
  code: 'CENTRAPAY_UNAVAILABLE',
  message: 'Centrapay is not answering, so the till cannot tell what this sale’s payment took. Nothing was refunded. Try again in a moment.',
};

const PRESSED: Record<Refund['method'], string> = {
  centrapay: 'refund-requested',
  void: 'void-requested',
  cash: 'cash-handed-back',
  card: 'card-refunded-at-counter',
};

export function transition(book: SaleBook, event: AfterSaleEvent, ctx: AfterSaleContext): AfterSaleStep {
  switch (event.type) {
    case 'refund':
    case 'void': {
      if (book.refunds.some((refund) => refund.id.startsWith(`${event.prefix}-`))) return { state: book, records: [] };
      if (book.unknownPaid) return { refused: UNKNOWN_PAID };
      const plan = event.type === 'refund' ? planRefund(book, event.lines) : planVoid(book, ctx.now);
      if ('refused' in plan) return plan;
      return press(book, event.type, event, plan.refunds, ctx);
    }
    case 'answered':
    case 'refused':
    case 'completed':
      return answered(book, event, ctx);
  }
}

/** The press's refunds, one per tender it returns money through: money handed back over the counter is back at once. */
function press(book: SaleBook, kind: 'refund' | 'void', input: Press, planned: PlannedRefund[], ctx: AfterSaleContext): AfterSaleStep {
  const at = new Date(ctx.now).toISOString();
  const refunds = planned.map((plan, index): Refund => {
    const counter = plan.tender.method === 'cash' || plan.tender.method === 'card';
    return {
      id: `${input.prefix}-${index + 1}`,
      orderRef: book.ref,
      paymentRequestId: plan.tender.paymentRequestId,
      method: plan.tender.method === 'cash' || plan.tender.method === 'card' ? plan.tender.method : kind === 'void' ? 'void' : 'centrapay',
      amount: plan.amount,
      currency: book.currency,
      lineItems: plan.record,
      reason: input.reason,
      actor: input.actor,
      status: counter ? 'completed' : 'pending',
      error: null,
      assetTotals: null,
      accepted: false,
      sentLineItems: plan.send ?? null,
      createdAt: at,
      updatedAt: at,
    };
  });
  const records = refunds.map((refund): AfterSaleRecord => ({
    subject: refund.paymentRequestId ?? book.ref,
    ref: book.ref,
    name: PRESSED[refund.method],
    actor: input.actor,
    detail: `${refund.id}: ${formatMoney(refund.amount, refund.currency)} for ${refund.lineItems ? describeLines(refund.lineItems) : 'the whole sale'}; reason: ${input.reason}`,
  }));
  return { state: { ...book, refunds: [...book.refunds, ...refunds] }, records };
}

function answered(book: SaleBook, event: AfterSaleObservation, ctx: AfterSaleContext): AfterSaleStep {
  const refund = book.refunds.find((candidate) => candidate.id === event.id);
  if (!refund || refund.status !== 'pending') return { state: book, records: [] };
  const tender = book.tenders.find((candidate) => candidate.key === (refund.paymentRequestId ?? refund.method));
  const totals = (activity: Parameters<typeof refundAssetTotals>[0] | null) => (activity ? refundAssetTotals(activity, tender) : null);
  let next: Refund;
  let name: string;
  let detail: string;
  if (event.type === 'refused' && refund.method === 'void' && event.code === 'ALREADY_REFUNDED') {
    // Nothing was refunded when the void was pressed: this is our own void whose answer was lost (§1.7 leaves a repeat
    // unspecified), or the money went back another way. Either way it is back with the customer, as the sale engine reads it.
    next = { ...refund, status: 'completed' };
    [name, detail] = ['voided', `${refund.amount} back to the customer (Centrapay: already refunded)`];
  } else if (event.type === 'refused') {
    next = { ...refund, status: 'failed', error: event.code };
    [name, detail] = [`${refund.method === 'void' ? 'void' : 'refund'}-refused`, event.code];
  } else if (event.type === 'completed') {
    const assetTotals = totals(event.activity);
    next = { ...refund, status: event.status, ...(assetTotals ? { assetTotals } : {}), ...(event.status === 'failed' ? { error: 'REFUND_DECLINED' } : {}) };
    [name, detail] = event.status === 'completed' ? ['refund-completed', 'the money is back with the customer'] : ['refund-refused', 'REFUND_DECLINED'];
  } else if (refund.method === 'void') {
    const amount = event.activity.type === 'refund' && event.activity.value ? event.activity.value.amount : refund.amount;
    const assetTotals = totals(event.activity);
    next = { ...refund, status: 'completed', amount, ...(assetTotals ? { assetTotals } : {}) };
    [name, detail] = ['voided', `${amount} back to the customer`];
  } else {
    if (refund.accepted) return { state: book, records: [] };
    const assetTotals = totals(event.activity);
    next = { ...refund, accepted: true, ...(assetTotals ? { assetTotals } : {}) };
    [name, detail] = ['refund-accepted', 'completes asynchronously'];
  }
  next = { ...next, updatedAt: new Date(ctx.now).toISOString() };
  const records: AfterSaleRecord[] = [{ subject: refund.paymentRequestId ?? refund.id, ref: refund.orderRef, name, actor: 'centrapay', detail: `${refund.id}: ${detail}`, status: next.status }];
  return { state: { ...book, refunds: book.refunds.map((candidate) => (candidate === refund ? next : candidate)) }, records };
}

function describeLines(lines: readonly { name: string; qty: string }[]): string {
  return lines.map((line) => `${line.qty} × ${line.name}`).join(', ');
}
