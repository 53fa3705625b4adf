// The one place a lane's state changes: (state, event) → next state + the journal rows that record it. Pure: no
// I/O, no clock (the time comes in the context), so it is unit- and property-tested on its own. What Centrapay
// calls the lane needs next is not returned here; it follows from the state (see actions.ts).
import { applyCardPartnerDiscount, cardPartnerPercent, discountWords, saleDiscountOf, type SaleDiscount } from '../../../domain/card-partner';
import { cartTotal, cartToLineItems, totalProblem } from '../../../domain/cart';
import { describeCentrapayCode, isFinalStatus, type LineItem, type PaymentCondition, type PaymentRequest } from '../../../domain/centrapay';
import type { CounterTender, LanePayment } from '../../../domain/lane';
import { NOTICE } from '../../../domain/lane-notices';
import { compareCents, formatMoney, sumCents } from '../../../domain/money';
import { amountStillOwed, MONEY_OWED, owingRequest, refusal, salePhase, type LaneCommandType } from '../../../domain/sale';
import type { Step } from '../engine/engine';
import type { SaleRecord, LaneCommand, LaneEvent, SaleResult } from './events';
import { matchesOrder, outcomeOf, type LooseEnd, type StoredLane, type StoredStep } from './state';

export interface TransitionContext {
  now: number;
  expirySeconds: number;
  /** The till gives up on a request this long after its `expiresAt` (checklist 103.1). */
  timeoutGraceSeconds: number;
  /** A status (or a void's answer) that cannot be read for this long is treated as unknown (103.3). */
  unknownAfterMs: number;
}

export type TransitionResult = Step<StoredLane, SaleRecord>;

const TENDER_REJECTED: Record<string, string> = {
  REQUEST_PAID: 'The customer paid in the app while the payment at the counter was being recorded. Give back what was taken at the counter.',
  REQUEST_EXPIRED: 'The payment expired before the payment at the counter was recorded. Give back what was taken and start again.',
  REQUEST_CANCELLED: 'The payment was cancelled before the payment at the counter was recorded. Give back what was taken.',
  PAYMENT_DECLINED: 'The amount due changed while the payment at the counter was being recorded. Check the amount and take it again.',
};

export function transition(state: StoredLane, event: LaneEvent, ctx: TransitionContext): TransitionResult {
  const t = new Change(state, ctx);
  switch (event.type) {
    case 'setCart':
    case 'pay':
    case 'tender':
    case 'cancel':
    case 'refund':
    case 'newSale':
    case 'decide':
      return command(t, event);
    case 'retire':
      return retire(t);
    case 'created':
      return created(t, event.ref, event.paymentRequest, event.sends);
    case 'createRejected':
      return createRejected(t, event.ref, event.code, event.sends);
    case 'createSlow':
      if (t.creating(event.ref) && t.state.step?.notice !== event.notice) t.set({ step: { ...t.state.step!, notice: event.notice } });
      return t.done();
    case 'createGaveUp':
      return createGaveUp(t, event.ref);
    case 'polled':
      return polled(t, event.paymentRequest);
    case 'pollFailed':
      return pollFailed(t, event);
    case 'voided':
      return voided(t, event.id, event.refunded);
    case 'voidRejected':
      return voidRejected(t, event.id, event.code);
    case 'voidFailed':
      return voidFailed(t, event.id, event.failingSince);
    case 'tendered':
    case 'tenderRejected':
    case 'tenderFailed':
      return tenderAnswered(t, event);
    case 'refunded':
    case 'refundRejected':
      return refundAnswered(t, event);
    case 'decided':
    case 'decideRejected':
    case 'decideFailed':
      return decisionAnswered(t, event);
    case 'connectionCreated':
    case 'connectionFailed':
      return connectionStarted(t, event);
    case 'connectionPolled':
    case 'connectionPollFailed':
      return connectionPolled(t, event);
    case 'lookedUp':
      return lookedUp(t, event.ref, event.matches);
  }
}

/** The next state under construction, with the journal rows that go with it. */
class Change {
  readonly records: SaleRecord[] = [];
  constructor(
    public state: StoredLane,
    readonly ctx: TransitionContext,
  ) {}

  get at(): string {
    return new Date(this.ctx.now).toISOString();
  }

  set(patch: Partial<StoredLane>): void {
    this.state = { ...this.state, ...patch };
  }

  record(record: SaleRecord): void {
    this.records.push(record);
  }

  /** An event of the lane's current sale, or of `ref` (a loose end of an earlier one). */
  event(subject: string, name: string, actor: string, detail: string | null = null, ref = this.state.order?.ref): void {
    this.record({ kind: 'event', subject, ref: ref ?? null, name, actor, detail });
  }

  result(result: SaleResult, ref = this.state.order?.ref): void {
    // A request for the rest of a sale that did not get paid does not end the sale: what the parts paid is still owed.
    const stillOwed = ref === this.state.order?.ref && this.state.parts.length > 0 && result !== 'paid' && result !== 'refunded';
    if (ref && !stillOwed) this.record({ kind: 'result', ref, result });
  }

  step(kind: StoredStep['kind'], actor: string, extra: Partial<StoredStep> = {}): StoredStep {
    return { kind, since: this.at, notice: null, cancelRequested: false, method: null, decision: null, actor, ...extra };
  }

  payment(id: string): LanePayment | null {
    return this.state.payment?.paymentRequest.id === id ? this.state.payment : null;
  }

  setPayment(patch: Partial<LanePayment>): void {
    this.set({ payment: { ...this.state.payment!, ...patch } });
  }

  creating(ref: string): boolean {
    return this.state.order?.ref === ref && this.state.step?.kind === 'creating';
  }

  addLoose(end: LooseEnd): void {
    // Requests by id; orders by reference and amount (a sale and a request for its rest share the reference).
    const exists = this.state.loose.some((other) => end.type === 'request'
      ? other.type === 'request' && other.id === end.id
      : other.type === 'order' && other.ref === end.ref && other.total === end.total);
    if (!exists) this.set({ loose: [...this.state.loose, end] });
  }

  dropLoose(match: (end: LooseEnd) => boolean): void {
    this.set({ loose: this.state.loose.filter((end) => !match(end)) });
  }

  done(): TransitionResult {
    return { state: this.state, records: this.records };
  }
}

function refuse(statusCode: 400 | 409, code: string, message: string): TransitionResult {
  return { refused: { statusCode, code, message } };
}

const COMMAND_RULE: Record<LaneCommand['type'], LaneCommandType> = {
  setCart: 'setCart', pay: 'pay', tender: 'tender', cancel: 'cancel', refund: 'refund', newSale: 'newSale', decide: 'decide',
};

function command(t: Change, cmd: LaneCommand): TransitionResult {
  const { state } = t;
  if (state.retired) return refuse(409, 'LANE_REMOVED', 'This lane has been removed from the till’s configuration.');
  if (cmd.type === 'pay' && samePress(state, cmd)) return t.done();
  if (cmd.type === 'cancel' || cmd.type === 'tender' || cmd.type === 'refund' || cmd.type === 'decide') {
    if (state.order?.ref !== cmd.ref) return refuse(409, 'STALE_SALE', 'That sale is no longer the one on this lane. The screen has been updated.');
    if (cmd.type === 'cancel' && (state.step?.kind === 'cancelling' || state.step?.cancelRequested)) return t.done();
  }
  const refused = refusal(state, COMMAND_RULE[cmd.type]);
  if (refused) return { refused };
  switch (cmd.type) {
    case 'setCart':
      if (JSON.stringify(cmd.cart) === JSON.stringify(state.cart) && !state.payment && !state.connection && !state.notice) return t.done();
      t.set({ cart: cmd.cart, order: null, payment: null, parts: [], counter: [], connection: null, settlement: null, notice: null });
      return t.done();
    case 'newSale':
      t.set({ cart: [], order: null, payment: null, parts: [], counter: [], connection: null, settlement: null, notice: null });
      return t.done();
    case 'pay':
      return pay(t, cmd);
    case 'tender':
      return tender(t, cmd, cmd.actor);
    case 'cancel':
      return cancel(t, cmd.actor);
    case 'refund':
      return refund(t, cmd.actor);
    case 'decide':
      return decide(t, cmd);
  }
}

/** A second press of the same button for the same cart and code (a double click, or the other cashier screen). */
function samePress(state: StoredLane, cmd: Extract<LaneCommand, { type: 'pay' }>): boolean {
  const phase = salePhase(state);
  return (phase === 'starting' || phase === 'connecting' || phase === 'paying') && state.order?.kind === cmd.kind &&
    state.order.barcode === cmd.code?.barcode && JSON.stringify(state.cart) === JSON.stringify(cmd.cart);
}

function pay(t: Change, cmd: Extract<LaneCommand, { type: 'pay' }>): TransitionResult {
  if ((cmd.kind === 'code') !== (cmd.code !== undefined)) return refuse(400, 'CODE_REQUIRED', 'A payment by the customer’s code needs the code.');
  const counterRefused = cmd.counter ? refuseCounter(cmd.counter) : null;
  if (counterRefused) return counterRefused;
  if (salePhase(t.state) === 'owed') return payRest(t, cmd);
  const problem = totalProblem(cartTotal(cmd.cart));
  if (problem) return refuse(400, cmd.cart.length === 0 ? 'EMPTY_CART' : 'TOTAL_OUT_OF_RANGE', problem);
  const { total, lineItems, discount } = priceOrder(cmd);
  const { order, code } = cmd;
  const invoiceRef = cmd.refs?.invoiceRef ?? order.ref;
  const purchaseOrderRef = cmd.refs?.purchaseOrderRef ?? null;
  t.set({
    cart: cmd.cart,
    order: {
      ref: order.ref,
      kind: cmd.kind,
      total,
      startedAt: t.at,
      code: code?.presented ?? null,
      patronNotPresent: code?.patronNotPresent ?? false,
      invoiceRef,
      purchaseOrderRef,
      discount,
      number: order.number,
      operatorId: cmd.actor,
      match: { ...order.match, currency: order.currency, lineItems },
      ...(code ? { barcode: code.barcode } : {}),
    },
    step: cmd.kind === 'counter' ? null : t.step(cmd.kind === 'connect' ? 'connecting' : 'creating', cmd.actor),
    payment: null,
    parts: [],
    counter: [],
    connection: null,
    settlement: null,
    notice: null,
  });
  t.record({
    kind: 'order',
    order: {
      ref: order.ref, number: order.number, kind: cmd.kind, total, currency: order.currency, operatorId: cmd.actor, terminalId: order.match.terminalId,
      startedAt: t.at, invoiceRef, purchaseOrderRef, discount,
    },
    lineItems,
  });
  t.result('pending');
  t.event(order.ref, PRESSED[cmd.kind], cashier(cmd.actor), code ? presentedDetail(code) : null);
  if (discount) t.event(order.ref, 'discount-applied', 'system', `${discountWords(discount)}: ${formatMoney(discount.amount, order.currency)} off, if the card pays`);
  // A sale paid at the counter needs no Centrapay call: it is settled, or its first part taken, at once.
  if (cmd.kind === 'counter') return counterTender(t, cmd.counter ?? { method: 'cash' }, cmd.actor, null);
  return t.done();
}

/**
 * What the sale costs: the cart's prices, or — a Farmlands card presented for the whole sale — with the store's Card
 * Partner discount in each line (the guide's line item requirements). Only that card's request carries it: if it does
 * not pay, the next payment of the cart is a new order at full price.
 */
function priceOrder(cmd: Extract<LaneCommand, { type: 'pay' }>): { total: string; lineItems: LineItem[]; discount: SaleDiscount | null } {
  const full = { total: cartTotal(cmd.cart), lineItems: cartToLineItems(cmd.cart), discount: null };
  const percent = cmd.code ? cardPartnerPercent(cmd.code.presented.provider, cmd.order.cardPartnerPercent) : null;
  if (!percent) return full;
  const sale = applyCardPartnerDiscount(cmd.cart, percent);
  if (compareCents(sale.total, '0') <= 0) return full;
  return { total: sale.total, lineItems: sale.lineItems, discount: saleDiscountOf(sale, percent) };
}

const PRESSED = { qr: 'pay-pressed', connect: 'connect-pressed', code: 'code-presented', counter: 'counter-pressed' } as const;

/**
 * The rest of a sale paid in part (§6.7), asked for by another Payment Request: a QR or another code. The sale and its
 * number stay; the paid part is kept with the sale, and the new request asks for what is still owed, allowing part
 * payment, with the whole sale as its basket.
 */
function payRest(t: Change, cmd: Extract<LaneCommand, { type: 'pay' }>): TransitionResult {
  const { state } = t;
  if (cmd.kind === 'connect' || cmd.kind === 'counter') return { refused: MONEY_OWED };
  const order = state.order!;
  const due = amountStillOwed(state)!;
  const { code } = cmd;
  t.set({
    order: {
      ref: order.ref,
      kind: cmd.kind,
      total: order.total,
      startedAt: order.startedAt,
      code: code?.presented ?? null,
      patronNotPresent: code?.patronNotPresent ?? false,
      // The rest is part of the same sale: the same invoice; no Card Partner discount (Farmlands does not pay it all).
      invoiceRef: order.invoiceRef ?? order.ref,
      purchaseOrderRef: order.purchaseOrderRef ?? null,
      discount: null,
      number: order.number,
      operatorId: order.operatorId,
      match: order.match,
      due,
      ...(code ? { barcode: code.barcode } : {}),
    },
    parts: state.payment?.outcome === 'paid' ? [...state.parts, state.payment] : state.parts,
    payment: null,
    step: t.step('creating', cmd.actor),
    notice: null,
  });
  t.event(order.ref, 'rest-requested', cashier(cmd.actor), `${due} by ${code ? `code ${presentedDetail(code)}` : 'QR'}`);
  return t.done();
}

/** What the journal keeps of a presented code: its last 4 digits and what Centrapay decoded it as. */
function presentedDetail(code: NonNullable<Extract<LaneCommand, { type: 'pay' }>['code']>): string {
  const { masked, displayName, provider } = code.presented;
  return `${masked}, decoded as ${displayName} (${provider})${code.patronNotPresent ? '; customer not present' : ''}`;
}

function decide(t: Change, cmd: Extract<LaneCommand, { type: 'decide' }>): TransitionResult {
  const { paymentRequest } = t.state.payment!;
  const condition = paymentRequest.merchantConditions.find((candidate) => candidate.id === cmd.conditionId);
  if (!condition || condition.status !== 'awaiting-merchant') {
    return refuse(409, 'CONDITION_NOT_WAITING', 'That check is no longer waiting for an answer. The screen has been updated.');
  }
  t.set({ step: t.step('deciding', cmd.actor, { decision: { conditionId: cmd.conditionId, decision: cmd.decision } }) });
  t.event(paymentRequest.id, `condition-${cmd.decision}-requested`, cashier(cmd.actor), condition.message);
  return t.done();
}

const DECIDED = { accept: 'condition-accepted', decline: 'condition-declined' } as const;

function decisionAnswered(t: Change, event: Extract<LaneEvent, { type: 'decided' | 'decideRejected' | 'decideFailed' }>): TransitionResult {
  const step = t.state.step;
  const payment = t.payment(event.id);
  if (step?.kind !== 'deciding' || step.decision?.conditionId !== event.conditionId || !payment) return t.done();
  if (event.type === 'decideFailed') {
    if (t.ctx.now - event.failingSince < t.ctx.unknownAfterMs) {
      if (step.notice !== NOTICE.decisionRetrying) t.set({ step: { ...step, notice: NOTICE.decisionRetrying } });
      return t.done();
    }
    // The cashier gets the lane back: the check is asked again on the next read, or the payment times out as usual.
    t.set({ step: null });
    t.setPayment({ notice: NOTICE.decisionGaveUp });
    t.event(event.id, 'condition-unanswered', 'system', 'Centrapay did not take the answer');
    return t.done();
  }
  const { decision } = step.decision;
  const message = payment.paymentRequest.merchantConditions.find((condition) => condition.id === event.conditionId)?.message ?? null;
  t.set({ step: null });
  // Either way the request is read again (§6.9): its status and conditions are what Centrapay says next.
  if (event.type === 'decided' || event.code === 'CONDITION_ALREADY_SET') t.event(event.id, DECIDED[decision], cashier(step.actor), message);
  else {
    t.setPayment({ notice: `Centrapay did not take your answer to the check: ${describeCentrapayCode(event.code)}` });
    t.event(event.id, 'condition-rejected', 'centrapay', event.code);
  }
  return t.done();
}

function tender(t: Change, counter: CounterTender, actor: string): TransitionResult {
  const { state } = t;
  const phase = salePhase(state);
  const refused = refuseCounter(counter);
  if (refused) return refused;
  if (phase === 'connecting') {
    // No wallet: the whole sale at the counter, and the connection is given up.
    t.set({ connection: { ...state.connection!, outcome: 'bypassed', finishedAt: t.at } });
    return counterTender(t, { ...counter, amount: undefined }, actor, null);
  }
  if (phase === 'owed') return counterTender(t, counter, actor, owingRequest(state)?.paymentRequest.id ?? null);
  // On the live request as an external payment of what is owed, or of a part of it (checklist 304.3).
  const paymentRequest = state.payment!.paymentRequest;
  const remaining = paymentRequest.remainingAmount ?? paymentRequest.value.amount;
  const asked = counter.amount ?? counter.tendered ?? remaining;
  const amount = compareCents(asked, remaining) < 0 ? asked : remaining;
  const tendered = changeGiven(counter, amount);
  // One key per tender: a part names what it was part of, so two equal parts are two payments, and a retry is one.
  const key = amount === remaining ? `${paymentRequest.id}-${counter.method}-${amount}` : `${paymentRequest.id}-${counter.method}-${amount}-of-${remaining}`;
  t.set({ step: t.step('tendering', actor, { method: counter.method, tender: { method: counter.method, amount, key, ...(tendered ? { tendered } : {}) } }) });
  t.event(paymentRequest.id, 'tender-requested', cashier(actor), `${counter.method} ${amount}`);
  return t.done();
}

/**
 * Why a counter payment cannot be taken as keyed (400, in words); null when it can. Every counter payment passes here,
 * a sale paid at the counter from the start as much as a tender on a sale under way.
 */
function refuseCounter({ method, amount, tendered }: CounterTender): TransitionResult | null {
  if (amount !== undefined && !/^[1-9]\d{0,9}$/.test(amount)) return refuse(400, 'INVALID_AMOUNT', 'Key an amount of at least one cent.');
  if (tendered !== undefined && (method !== 'cash' || !/^[1-9]\d{0,9}$/.test(tendered))) {
    return refuse(400, 'INVALID_AMOUNT', 'Only cash is handed over with change: key what the customer gave.');
  }
  if (tendered !== undefined && amount !== undefined && compareCents(tendered, amount) < 0) {
    return refuse(400, 'INVALID_AMOUNT', 'The cash handed over is less than the amount taken: key what the customer gave, or take a smaller amount.');
  }
  return null;
}

/** What the customer handed over, when it was more than the amount taken (their change is the difference). */
function changeGiven({ tendered }: CounterTender, amount: string): string | undefined {
  return tendered !== undefined && compareCents(tendered, amount) > 0 ? tendered : undefined;
}

/**
 * Money taken at the counter with no live request to record it on: all that is due (the sale is settled), or a part
 * of it (split tender, §6.7: the rest by Centrapay, a code, or another counter payment).
 */
function counterTender(t: Change, counter: CounterTender, actor: string, paymentRequestId: string | null): TransitionResult {
  const order = t.state.order!;
  const due = amountStillOwed(t.state) ?? order.total;
  // Cash handed over may be more than is due: then all that is due is taken and the rest is change.
  const asked = counter.amount ?? counter.tendered ?? due;
  const amount = compareCents(asked, due) >= 0 ? due : asked;
  const tendered = changeGiven(counter, amount);
  const tender = { method: counter.method, amount, ...(tendered ? { tendered } : {}) };
  t.record({ kind: 'tender', ref: order.ref, paymentRequestId, onRequest: false, method: counter.method, amount, actor: cashier(actor) });
  if (amount === due) {
    t.set({ settlement: { tender, at: t.at } });
    t.event(paymentRequestId ?? order.ref, 'settled-at-counter', cashier(actor), `${counter.method} ${amount}${tendered ? ` (handed ${tendered})` : ''}`);
    t.result('paid');
  } else {
    t.set({ counter: [...t.state.counter, { tender, at: t.at }], notice: null });
    t.event(order.ref, 'part-at-counter', cashier(actor), `${counter.method} ${amount} of ${due}`);
  }
  return t.done();
}

function cancel(t: Change, actor: string): TransitionResult {
  const { state } = t;
  const ref = state.order!.ref;
  if (state.step?.kind === 'creating') {
    t.set({ step: { ...state.step, cancelRequested: true, actor: cashier(actor) } });
    t.event(ref, 'cancel-requested', cashier(actor), 'before the request was created');
  } else if (state.step?.kind === 'connecting') {
    t.set({ step: null, notice: NOTICE.cancelled });
    t.event(ref, 'cancelled', cashier(actor), 'before the wallet connection was created');
    t.result('cancelled');
  } else if (salePhase(state) === 'connecting') {
    t.set({ connection: { ...state.connection!, outcome: 'cancelled', finishedAt: t.at } });
    t.event(state.connection!.id, 'connection-cancelled', cashier(actor));
    t.result('cancelled');
  } else {
    startVoid(t, cashier(actor), null);
  }
  return t.done();
}

function startVoid(t: Change, actor: string, notice: string | null): void {
  const payment = t.state.payment!;
  t.set({ step: t.step('cancelling', actor) });
  if (notice) t.setPayment({ notice });
  t.event(payment.paymentRequest.id, 'void-requested', actor);
}

/** Every part the customer paid is refunded, one request after the other, each under its own reference. */
function refund(t: Change, actor: string): TransitionResult {
  const { state } = t;
  const ref = state.order!.ref;
  const paid = [...state.parts, ...(state.payment?.outcome === 'paid' ? [state.payment] : [])];
  const refunds = paid.map(({ paymentRequest }, index) => ({
    id: paymentRequest.id,
    amount: sumCents((paymentRequest.paidBy?.assetTotals ?? []).map((total) => total.total.amount)),
    currency: paymentRequest.value.currency,
    // The sale's first request keeps the reference a single refund always had.
    externalRef: index === 0 ? `${ref}-refund` : `${ref}-refund-${index + 1}`,
    done: false,
  }));
  t.set({ step: t.step('refunding', actor, { refunds }) });
  for (const { id, amount } of refunds) t.event(id, 'refund-requested', cashier(actor), amount);
  // Only counter parts: nothing to ask of Centrapay, the cashier hands them back now.
  if (refunds.length === 0) finishRefund(t, t.state.step!);
  return t.done();
}

/** Every Centrapay part is refunded: the counter parts are handed back, and the sale ends refunded. */
function finishRefund(t: Change, step: StoredStep): void {
  const { order, counter, payment } = t.state;
  const handBack = counter.filter((part) => part.tender.amount !== '0');
  for (const { tender } of handBack) {
    // Recorded against what was taken, so the day's takings by tender stay true.
    t.record({ kind: 'tender', ref: order!.ref, paymentRequestId: null, onRequest: false, method: tender.method, amount: `-${tender.amount}`, actor: cashier(step.actor) });
    t.event(order!.ref, 'handed-back', cashier(step.actor), `${tender.method} ${tender.amount}`);
  }
  const words = handBack.map(({ tender }) => `${TENDER_WORDS[tender.method]} ${formatMoney(tender.amount)}`).join(' and ');
  const notice = handBack.length > 0 ? `${NOTICE.partRefunded} Hand back ${words}.` : NOTICE.partRefunded;
  t.set({ step: null, parts: [], counter: [], notice });
  if (payment) t.setPayment({ outcome: 'cancelled', notice });
  t.result('refunded');
}

const TENDER_WORDS = { cash: 'the cash', card: 'the card payment' } as const;

function retire(t: Change): TransitionResult {
  const { state } = t;
  if (state.retired) return t.done();
  t.set({ retired: true });
  const phase = salePhase(state);
  const actor = 'system:lane-removed';
  if (state.step?.kind === 'creating') t.set({ step: { ...state.step, cancelRequested: true, actor } });
  else if (state.step?.kind === 'connecting') {
    t.set({ step: null });
    t.result('cancelled');
  } else if (phase === 'connecting') {
    t.set({ connection: { ...state.connection!, outcome: 'cancelled', finishedAt: t.at } });
    t.result('cancelled');
  } else if ((phase === 'paying' || phase === 'owed') && !state.step && (state.payment?.outcome === 'pending' || state.payment?.outcome === 'paid')) {
    // Void refunds whatever a part payment took, so an owed sale is backed out the same way.
    startVoid(t, actor, NOTICE.laneRemoved);
  }
  // Parts the customer already paid are voided (refunded) in the background too.
  for (const part of state.parts) {
    t.addLoose({ type: 'request', id: part.paymentRequest.id, ref: state.order!.ref, actor, since: t.at, settlesOrder: true });
  }
  t.event(state.order?.ref ?? 'lane', 'lane-removed', 'system', `the lane was ${phase} when it was removed`);
  return t.done();
}

function created(t: Change, ref: string, paymentRequest: PaymentRequest, sends: number): TransitionResult {
  const { state } = t;
  const known = state.payment?.paymentRequest.id === paymentRequest.id || state.loose.some((end) => end.type === 'request' && end.id === paymentRequest.id);
  if (known) return t.done();
  t.record({ kind: 'request', ref, paymentRequest, operatorId: state.order?.ref === ref ? state.order.operatorId : null });
  if (!t.creating(ref)) {
    // The lane moved on before this request was known (a late answer): it must not stay payable.
    t.addLoose({ type: 'request', id: paymentRequest.id, ref, actor: 'system:late-create', since: t.at, settlesOrder: false });
    t.event(paymentRequest.id, 'created', 'centrapay', 'after the lane had moved on; voiding it', ref);
    return t.done();
  }
  // A watch on this reference (duplicates of an earlier create) must not take this request, the sale's own, for one.
  t.set({ loose: t.state.loose.map((end) => (end.type === 'order' && end.ref === ref ? { ...end, known: [...(end.known ?? []), paymentRequest.id] } : end)) });
  const step = state.step!;
  t.set({
    step: null,
    payment: { paymentRequest, tenders: [], outcome: 'pending', startedAt: t.at, finishedAt: null, notice: null },
  });
  t.event(paymentRequest.id, 'created', cashier(state.order!.operatorId), sends > 1 ? 'found by its order reference after a lost answer' : null);
  if (sends > 1) watchOrder(t, ref, paymentRequest.id);
  if (step.cancelRequested) startVoid(t, cashier(step.actor), null);
  else if (state.retired) startVoid(t, 'system:lane-removed', NOTICE.laneRemoved);
  return polledOwn(t, paymentRequest);
}

/** After more than one create was sent, keep looking for duplicates until any would have expired. */
function watchOrder(t: Change, ref: string, adoptedId: string | null): void {
  const order = t.state.order!;
  const horizon = t.ctx.now + (t.ctx.expirySeconds + t.ctx.timeoutGraceSeconds) * 1000;
  t.addLoose({ type: 'order', ref, since: t.at, checkUntil: new Date(horizon).toISOString(), adoptedId, found: 0, match: order.match, total: order.due ?? order.total });
}

function createRejected(t: Change, ref: string, code: string, sends: number): TransitionResult {
  if (!t.creating(ref)) return t.done();
  if (sends > 1) watchOrder(t, ref, null);
  t.set({ step: null, notice: `Centrapay refused to start the payment: ${describeCentrapayCode(code)} Nothing was charged.` });
  t.event(ref, 'create-rejected', 'centrapay', code);
  if (sends <= 1) t.result('not-started');
  else t.result('unknown');
  return t.done();
}

function createGaveUp(t: Change, ref: string): TransitionResult {
  if (!t.creating(ref)) return t.done();
  watchOrder(t, ref, null);
  t.set({ step: null, notice: NOTICE.createGaveUp });
  t.event(ref, 'create-gave-up', 'system:status-unknown');
  t.result('unknown');
  return t.done();
}

function polled(t: Change, paymentRequest: PaymentRequest): TransitionResult {
  const payment = t.payment(paymentRequest.id);
  // While a void or an earlier step is under way its answer decides; a poll that raced it is old news.
  const voiding = t.state.step?.kind === 'cancelling' && !t.state.step.voidRefused;
  if (!payment || payment.outcome !== 'pending' || voiding) return t.done();
  return polledOwn(t, paymentRequest);
}

function polledOwn(t: Change, paymentRequest: PaymentRequest): TransitionResult {
  const payment = t.state.payment!;
  const before = payment.paymentRequest;
  // The journal keeps each status once: only a change is written, not every poll.
  if (before.status !== paymentRequest.status) t.record({ kind: 'status', id: paymentRequest.id, status: paymentRequest.status });
  conditionEvents(t, before === paymentRequest ? [] : before.merchantConditions, paymentRequest);
  const outcome = outcomeOf(paymentRequest);
  const changed = outcome !== payment.outcome || before.updatedAt !== paymentRequest.updatedAt || before.status !== paymentRequest.status ||
    before.remainingAmount !== paymentRequest.remainingAmount || JSON.stringify(before.paidBy) !== JSON.stringify(paymentRequest.paidBy) ||
    JSON.stringify(before.merchantConditions) !== JSON.stringify(paymentRequest.merchantConditions);
  const notice = payment.notice === NOTICE.checking ? null : payment.notice;
  if (changed || notice !== payment.notice) t.setPayment({ paymentRequest, outcome, notice });
  if (outcome !== 'pending') {
    t.setPayment({ finishedAt: t.at });
    if (t.state.step?.voidRefused) t.set({ step: null });
    if (outcome === 'paid') {
      if (!amountStillOwed(t.state)) t.result('paid');
    } else t.result(outcome);
    return t.done();
  }
  if (timedOut(t, paymentRequest) && !t.state.step) startVoid(t, 'system:timeout', NOTICE.timedOut);
  return t.done();
}

/** Each condition Centrapay raised or moved on (§6.9) is journaled once, with its message. */
function conditionEvents(t: Change, before: PaymentCondition[], paymentRequest: PaymentRequest): void {
  for (const condition of paymentRequest.merchantConditions) {
    const was = before.find((candidate) => candidate.id === condition.id);
    if (was?.status !== condition.status) t.event(paymentRequest.id, `condition-${condition.status}`, 'centrapay', condition.message);
  }
}

function timedOut(t: Change, paymentRequest: PaymentRequest): boolean {
  return t.ctx.now > Date.parse(paymentRequest.expiresAt) + t.ctx.timeoutGraceSeconds * 1000;
}

function pollFailed(t: Change, event: Extract<LaneEvent, { type: 'pollFailed' }>): TransitionResult {
  const payment = t.payment(event.id);
  if (!payment || payment.outcome !== 'pending') return t.done();
  const refusedVoid = t.state.step?.voidRefused;
  if (refusedVoid && event.rejected) {
    // Centrapay will neither cancel nor show this request: nothing more can be learnt here. A person must look.
    t.set({ step: null });
    t.setPayment({ outcome: 'unknown', finishedAt: t.at, notice: NOTICE.refusedEverything });
    t.event(event.id, 'needs-attention', 'system', `Centrapay refused to void it (${refusedVoid}) and to return it (${event.code})`);
    t.result('unknown');
    return t.done();
  }
  if (t.state.step) return t.done();
  if (event.rejected) {
    t.event(event.id, 'poll-rejected', 'centrapay', event.code);
    startVoid(t, 'system:status-unknown', NOTICE.pollRejected);
  } else if (t.ctx.now - event.failingSince >= t.ctx.unknownAfterMs || timedOut(t, payment.paymentRequest)) {
    t.event(event.id, 'status-unknown', 'system', event.code);
    startVoid(t, 'system:status-unknown', NOTICE.statusUnknown);
  } else if (payment.notice !== NOTICE.checking) {
    t.setPayment({ notice: NOTICE.checking });
  }
  return t.done();
}

function voided(t: Change, id: string, refunded: boolean): TransitionResult {
  const payment = t.payment(id);
  const result: SaleResult = refunded ? 'refunded' : 'cancelled';
  if (payment && t.state.step?.kind === 'cancelling') {
    const actor = t.state.step.actor;
    t.set({ step: null });
    t.setPayment({ outcome: 'cancelled', finishedAt: t.at, notice: refunded ? NOTICE.refundedByVoid : payment.notice === NOTICE.checking ? null : payment.notice });
    t.record({ kind: 'status', id, status: refunded ? 'paid' : 'cancelled' });
    t.event(id, 'void', actor, refunded ? 'paid before the void; refunded' : null);
    t.result(result);
    return t.done();
  }
  const loose = looseRequest(t, id);
  if (loose) {
    t.dropLoose((end) => end === loose);
    t.record({ kind: 'status', id, status: refunded ? 'paid' : 'cancelled' });
    t.event(id, 'void', loose.actor, refunded ? 'paid before the void; refunded' : null, loose.ref);
    settleLoose(t, loose, result);
  }
  return t.done();
}

function looseRequest(t: Change, id: string): Extract<LooseEnd, { type: 'request' }> | undefined {
  return t.state.loose.find((end): end is Extract<LooseEnd, { type: 'request' }> => end.type === 'request' && end.id === id);
}

/** A loose request's end is its sale's end when the lane gave up on it; the lane's screen follows if it still shows it. */
function settleLoose(t: Change, loose: Extract<LooseEnd, { type: 'request' }>, result: SaleResult): void {
  if (!loose.settlesOrder) return;
  t.result(result, loose.ref);
  const payment = t.payment(loose.id);
  if (payment?.outcome === 'unknown') {
    const outcome = result === 'expired' ? 'expired' : 'cancelled';
    t.setPayment({ outcome, notice: result === 'refunded' ? NOTICE.refundedByVoid : NOTICE.confirmedCancelled });
  }
}

function voidRejected(t: Change, id: string, code: string): TransitionResult {
  const payment = t.payment(id);
  if (payment && t.state.step?.kind === 'cancelling') {
    t.event(id, 'void-rejected', t.state.step.actor, code);
    // Already final (expired, refunded): the next poll reads how it ended. Otherwise keep reading it, never voiding
    // again, until it shows how it ended.
    if (FINAL_VOID_CODES.has(code)) t.set({ step: null });
    else t.set({ step: { ...t.state.step, voidRefused: code, notice: NOTICE.voidRefused } });
    return t.done();
  }
  const loose = looseRequest(t, id);
  if (loose) {
    t.dropLoose((end) => end === loose);
    const result: SaleResult = code === 'REQUEST_EXPIRED' ? 'expired' : code === 'ALREADY_REFUNDED' ? 'refunded' : 'unknown';
    t.event(id, result === 'unknown' ? 'needs-attention' : 'void-rejected', loose.actor, result === 'unknown'
      ? `Centrapay refused to void it (${code}); check it in Centrapay's portal` : code, loose.ref);
    if (result === 'expired') t.record({ kind: 'status', id, status: 'expired' });
    settleLoose(t, loose, result);
  }
  return t.done();
}

/** Void answers that mean the request already ended: reading it shows how. */
const FINAL_VOID_CODES = new Set(['REQUEST_EXPIRED', 'REQUEST_PAID', 'REQUEST_CANCELLED', 'ALREADY_REFUNDED']);

function voidFailed(t: Change, id: string, failingSince: number): TransitionResult {
  const payment = t.payment(id);
  if (!payment || t.state.step?.kind !== 'cancelling') return t.done();
  // Counted from when the cancel began (saved with the step), so neither a slow call nor a restart extends it.
  const since = Math.min(failingSince, Date.parse(t.state.step.since));
  if (t.ctx.now - since < t.ctx.unknownAfterMs) {
    if (t.state.step.notice !== NOTICE.voidRetrying) t.set({ step: { ...t.state.step, notice: NOTICE.voidRetrying } });
    return t.done();
  }
  // The cashier is not held up any longer: the void goes on in the background until Centrapay answers.
  const ref = t.state.order?.ref ?? id;
  t.addLoose({ type: 'request', id, ref, actor: t.state.step.actor, since: t.at, settlesOrder: true });
  t.set({ step: null });
  t.setPayment({ outcome: 'unknown', finishedAt: t.at, notice: NOTICE.voidGaveUp });
  t.record({ kind: 'status', id, status: 'unknown' });
  t.event(id, 'void-pending', 'system', 'Centrapay is not answering; voiding in the background');
  t.result('unknown');
  return t.done();
}

function tenderAnswered(t: Change, event: Extract<LaneEvent, { type: 'tendered' | 'tenderRejected' | 'tenderFailed' }>): TransitionResult {
  const step = t.state.step;
  if (step?.kind !== 'tendering' || step.tender?.key !== event.key || !t.payment(event.id)) return t.done();
  const { method, amount, tendered } = step.tender;
  if (event.type === 'tenderFailed') {
    if (step.notice !== NOTICE.tenderRetrying) t.set({ step: { ...step, notice: NOTICE.tenderRetrying } });
    return t.done();
  }
  t.set({ step: null });
  if (event.type === 'tendered') {
    t.setPayment({ tenders: [...t.state.payment!.tenders, { method, amount, ...(tendered ? { tendered } : {}) }] });
    t.record({ kind: 'tender', ref: t.state.order!.ref, paymentRequestId: event.id, onRequest: true, method, amount, actor: cashier(step.actor) });
    t.event(event.id, 'tender', cashier(step.actor), `${method} ${amount}`);
  } else {
    t.setPayment({ notice: TENDER_REJECTED[event.code] ?? `Centrapay refused the payment at the counter: ${describeCentrapayCode(event.code)}` });
    t.event(event.id, 'tender-rejected', 'centrapay', event.code);
  }
  return t.done();
}

function refundAnswered(t: Change, event: Extract<LaneEvent, { type: 'refunded' | 'refundRejected' }>): TransitionResult {
  const step = t.state.step;
  const refunds = step?.kind === 'refunding' ? step.refunds ?? [] : [];
  const answered = refunds.find((candidate) => candidate.id === event.id && !candidate.done);
  if (!step || !answered) return t.done();
  if (event.type === 'refundRejected' && event.code !== 'ALREADY_REFUNDED') {
    // Asking again refunds nothing twice: each request's refund keeps its reference.
    t.set({ step: null, notice: `Centrapay refused the refund: ${describeCentrapayCode(event.code)}` });
    t.event(event.id, 'refund-rejected', 'centrapay', event.code);
    return t.done();
  }
  t.event(event.id, 'refund', cashier(step.actor), `${answered.amount} (the rest could not be paid)`);
  const left = refunds.map((candidate) => (candidate === answered ? { ...candidate, done: true } : candidate));
  if (left.some((candidate) => !candidate.done)) {
    t.set({ step: { ...step, refunds: left } });
    return t.done();
  }
  finishRefund(t, step);
  return t.done();
}

function connectionStarted(t: Change, event: Extract<LaneEvent, { type: 'connectionCreated' | 'connectionFailed' }>): TransitionResult {
  const { state } = t;
  if (state.order?.ref !== event.ref || state.step?.kind !== 'connecting') return t.done();
  const actor = state.step.actor;
  t.set({ step: null });
  if (event.type === 'connectionFailed') {
    t.set({ notice: `The wallet connection could not be started: ${describeCentrapayCode(event.code)} Take payment another way.` });
    t.event(event.ref, 'connection-failed', 'centrapay', event.code);
    t.result('not-started');
    return t.done();
  }
  const { connection } = event;
  const expiresAt = new Date(t.ctx.now + (t.ctx.expirySeconds + t.ctx.timeoutGraceSeconds) * 1000).toISOString();
  t.set({ connection: { id: connection.id, url: connection.url, outcome: 'waiting', walletName: null, startedAt: t.at, expiresAt, finishedAt: null, notice: null } });
  t.event(connection.id, 'connection-created', cashier(actor));
  return t.done();
}

function connectionPolled(t: Change, event: Extract<LaneEvent, { type: 'connectionPolled' | 'connectionPollFailed' }>): TransitionResult {
  const { state } = t;
  const connection = state.connection;
  if (connection?.id !== event.id || connection.outcome !== 'waiting') return t.done();
  if (event.type === 'connectionPolled' && event.status === 'authorized') {
    t.set({ connection: { ...connection, outcome: 'linked', walletName: event.walletName }, step: t.step('creating', state.order!.operatorId) });
    t.event(connection.id, 'connection-authorized', 'centrapay', event.walletName);
    return t.done();
  }
  const rejected = event.type === 'connectionPollFailed' && event.rejected;
  if (rejected || t.ctx.now > Date.parse(connection.expiresAt)) {
    const notice = rejected ? NOTICE.connectionRejected : NOTICE.walletTimedOut;
    t.set({ connection: { ...connection, outcome: 'expired', finishedAt: t.at, notice } });
    t.event(connection.id, rejected ? 'connection-rejected' : 'connection-expired', 'system');
    t.result('expired');
  }
  return t.done();
}

function lookedUp(t: Change, ref: string, matches: PaymentRequest[]): TransitionResult {
  // The sale's watch, and a request for its rest's: the same reference, told apart by the amount asked for.
  const ends = t.state.loose.filter((candidate): candidate is Extract<LooseEnd, { type: 'order' }> => candidate.type === 'order' && candidate.ref === ref);
  for (const end of ends) lookedUpFor(t, end, matches);
  return t.done();
}

function lookedUpFor(t: Change, end: Extract<LooseEnd, { type: 'order' }>, matches: PaymentRequest[]): void {
  const { ref } = end;
  const ours = (id: string) => t.state.payment?.paymentRequest.id === id || t.state.parts.some((part) => part.paymentRequest.id === id);
  let found = end.found;
  for (const paymentRequest of matches) {
    if (!matchesOrder(paymentRequest, end.match, end.total) || paymentRequest.id === end.adoptedId || end.known?.includes(paymentRequest.id)) continue;
    if (ours(paymentRequest.id) || looseRequest(t, paymentRequest.id)) continue;
    found += 1;
    t.record({ kind: 'request', ref, paymentRequest, operatorId: null });
    t.event(paymentRequest.id, 'stray-found', 'system', end.adoptedId ? `a duplicate of ${end.adoptedId}` : 'created by a create whose answer was lost', ref);
    if (isFinalStatus(paymentRequest.status) && paymentRequest.status !== 'paid') {
      t.record({ kind: 'status', id: paymentRequest.id, status: paymentRequest.status });
      if (!end.adoptedId) t.result(paymentRequest.status === 'expired' ? 'expired' : 'cancelled', ref);
      continue;
    }
    t.addLoose({ type: 'request', id: paymentRequest.id, ref, actor: 'system:stray', since: t.at, settlesOrder: end.adoptedId === null });
  }
  const same = (candidate: LooseEnd) => candidate.type === 'order' && candidate.ref === ref && candidate.total === end.total;
  if (t.ctx.now > Date.parse(end.checkUntil)) {
    t.dropLoose(same);
    if (!end.adoptedId && found === 0) {
      t.result('not-started', ref);
      t.event(ref, 'not-created', 'system', 'no Payment Request was made from this order', ref);
    }
  } else if (found !== end.found) {
    t.set({ loose: t.state.loose.map((candidate) => (same(candidate) ? { ...candidate, found } : candidate)) });
  }
}

function cashier(actor: string): string {
  return actor.startsWith('system:') || actor.startsWith('cashier:') ? actor : `cashier:${actor}`;
}
