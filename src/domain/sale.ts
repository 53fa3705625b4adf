// The rules of what a lane may do next. The gateway's transition function refuses commands with them, and the
// screens call the same functions to decide which buttons to offer: a rule exists once.
import type { SaleDiscount } from './card-partner';
import { conditionsAwaiting, type PaymentCondition } from './centrapay';
import type { LanePayment, LaneState } from './lane';
import { subtractCents, sumCents } from './money';

type SaleView = Pick<LaneState, 'order' | 'step' | 'payment' | 'parts' | 'counter' | 'connection' | 'settlement'>;

/**
 * - `open`: no money is moving; the cart can be edited and a payment started.
 * - `starting`: Pay or Connect was pressed; the Payment Request or Connection is being created. The cart is frozen.
 * - `connecting`: the Connection QR is shown, waiting for the patron's wallet.
 * - `paying`: a Payment Request is live.
 * - `owed`: Centrapay took part of the sale (§6.7); the rest must be collected, or the part refunded.
 * - `done`: the sale is paid; only New sale follows.
 */
export type SalePhase = 'open' | 'starting' | 'connecting' | 'paying' | 'owed' | 'done';

export type LaneCommandType = 'setCart' | 'pay' | 'tender' | 'cancel' | 'refund' | 'newSale' | 'decide';

export interface Refusal {
  statusCode: 409;
  code: string;
  message: string;
}

type OwedView = Pick<SaleView, 'order' | 'payment' | 'parts' | 'counter' | 'settlement'>;

/**
 * What is left to collect of a sale part of which is paid (centrapay-api.md §6.7): the total less what was taken at
 * the counter and what each paid Payment Request took (its value less its `remainingAmount`: a voucher, a patron who
 * paid part, a wallet's offer). Until the till takes the rest (or refunds every part) the sale is not done. Null when
 * nothing is owed: nothing paid yet, a request live, or paid in full.
 */
export function amountStillOwed(state: OwedView): string | null {
  const { order, payment, parts, counter, settlement } = state;
  if (!order || settlement || payment?.outcome === 'pending') return null;
  const requests = [...parts, ...(payment?.outcome === 'paid' ? [payment] : [])];
  if (requests.length === 0 && counter.length === 0) return null;
  const taken = sumCents([
    ...counter.map((part) => part.tender.amount),
    ...requests.map(({ paymentRequest }) => subtractCents(paymentRequest.value.amount, paymentRequest.remainingAmount ?? '0')),
  ]);
  const owed = subtractCents(order.total, taken);
  return BigInt(owed) > 0n ? owed : null;
}

/** The last paid request whose rest is still to be collected, if any. */
export function owingRequest(state: Pick<SaleView, 'payment' | 'parts' | 'settlement'>): LanePayment | null {
  const { payment, parts, settlement } = state;
  if (settlement || payment?.outcome === 'pending') return null;
  if (payment?.outcome === 'paid') return payment;
  return parts.at(-1) ?? null;
}

/** Conditions (§6.9) the cashier must accept or decline before the request can be paid. */
export function conditionsAwaitingCashier(state: Pick<SaleView, 'payment'>): PaymentCondition[] {
  if (state.payment?.outcome !== 'pending') return [];
  return conditionsAwaiting(state.payment.paymentRequest, 'merchant');
}

/** Conditions the patron answers in their app: both screens show them as information. */
export function conditionsAwaitingPatron(state: Pick<SaleView, 'payment'>): PaymentCondition[] {
  if (state.payment?.outcome !== 'pending') return [];
  return conditionsAwaiting(state.payment.paymentRequest, 'patron');
}

/**
 * How long a patron has to pay before both screens say what to do if their app could not. Centrapay tells the
 * merchant nothing of a declined attempt (not enough money, a wallet switched off): no payment activity, no
 * notification; the request just stays `new`. So the till cannot say "declined" — only, after a while, ask.
 */
export const NOT_PAID_YET_SECONDS = 30;

/** A request waiting on the patron alone (no check for the cashier, nothing under way) for NOT_PAID_YET_SECONDS. */
export function notPaidYet(state: Pick<SaleView, 'step' | 'payment'>, now: number): boolean {
  const { payment } = state;
  if (payment?.outcome !== 'pending' || state.step || conditionsAwaitingCashier(state).length > 0) return false;
  return now - Date.parse(payment.startedAt) >= NOT_PAID_YET_SECONDS * 1000;
}

/**
 * The Card Partner discount the screens show: the order's, while its Farmlands request is being made, is live or has
 * paid. A Farmlands payment that failed (no balance, expired, cancelled) gave it back: the sale is at full price again.
 */
export function discountShown(state: Pick<SaleView, 'order' | 'step' | 'payment'>): SaleDiscount | null {
  const discount = state.order?.discount ?? null;
  if (!discount) return null;
  if (state.step?.kind === 'creating') return discount;
  return state.payment?.outcome === 'pending' || state.payment?.outcome === 'paid' ? discount : null;
}

export function salePhase(state: SaleView): SalePhase {
  if (state.step?.kind === 'creating' || state.step?.kind === 'connecting') return 'starting';
  if (state.payment?.outcome === 'pending') return 'paying';
  if (state.connection?.outcome === 'waiting') return 'connecting';
  if (amountStillOwed(state)) return 'owed';
  if (state.payment?.outcome === 'paid' || state.settlement) return 'done';
  return 'open';
}

const refuse = (code: string, message: string): Refusal => ({ statusCode: 409, code, message });

const IN_PROGRESS = refuse('PAYMENT_IN_PROGRESS', 'A payment is in progress. Cancel it before changing the sale.');
export const MONEY_OWED = refuse('MONEY_OWED', 'Part of this sale has been paid. Collect the rest (by Centrapay, a code, cash or card), or refund it, first.');
const SALE_PAID = refuse('SALE_PAID', 'This sale is paid. Press New sale to start the next one.');
const CARD_PARTNER_PRICE = refuse('CARD_PARTNER_PRICE', 'This payment is at the Farmlands Card Partner price, which only the Farmlands card can pay. Cancel it to take payment another way at full price.');

const BUSY: Record<string, Refusal> = {
  creating: refuse('PAYMENT_STARTING', 'The payment is still starting. Wait a moment, or cancel it.'),
  connecting: refuse('PAYMENT_STARTING', 'The wallet connection is still starting. Wait a moment, or cancel it.'),
  cancelling: refuse('PAYMENT_CANCELLING', 'The payment is being cancelled. Take no money for it.'),
  tendering: refuse('TENDER_IN_PROGRESS', 'A payment at the counter is being recorded with Centrapay. Wait for it to finish.'),
  refunding: refuse('REFUND_IN_PROGRESS', 'The customer’s payment is being refunded. Wait for it to finish.'),
  deciding: refuse('DECISION_IN_PROGRESS', 'Your answer to the check is being sent to Centrapay. Wait a moment.'),
};

/** Why the lane may not take this command now, in words a cashier understands; null when it may. */
export function refusal(state: SaleView, command: LaneCommandType): Refusal | null {
  const phase = salePhase(state);
  const step = state.step?.kind;
  switch (command) {
    case 'setCart':
      return phase === 'open' ? null : phase === 'owed' ? MONEY_OWED : phase === 'done' ? SALE_PAID : IN_PROGRESS;
    case 'pay':
      // Owed: the rest may be asked for by another Payment Request (a QR, another code).
      if (phase === 'owed') return step ? BUSY[step]! : null;
      return phase === 'open' ? null : phase === 'done' ? SALE_PAID : IN_PROGRESS;
    case 'newSale':
      return phase === 'open' || phase === 'done' ? null : phase === 'owed' ? MONEY_OWED : IN_PROGRESS;
    case 'tender':
      if (step) return BUSY[step]!;
      if (phase === 'paying' && state.order?.discount) return CARD_PARTNER_PRICE;
      if (phase === 'connecting' || phase === 'paying' || phase === 'owed') return null;
      return phase === 'done' ? refuse('SALE_PAID', 'This sale is already paid.') : refuse('NOTHING_TO_PAY', 'There is no payment waiting on this lane.');
    case 'cancel':
      if (step === 'tendering' || step === 'refunding' || step === 'deciding') return BUSY[step]!;
      if (phase === 'starting' || phase === 'connecting' || phase === 'paying') return null;
      if (phase === 'owed') return MONEY_OWED;
      return phase === 'done' ? refuse('SALE_PAID', 'This sale is paid; it can no longer be cancelled.') : refuse('NOTHING_TO_CANCEL', 'There is no payment to cancel on this lane.');
    case 'refund':
      if (step) return BUSY[step]!;
      return phase === 'owed' ? null : refuse('NOTHING_TO_REFUND', 'This sale has no part payment waiting to be refunded.');
    case 'decide':
      if (step) return BUSY[step]!;
      return phase === 'paying' ? null : refuse('NOTHING_TO_DECIDE', 'There is no check waiting for an answer on this lane.');
  }
}
