// A lane's sale as its bill: what it costs before and after its discounts, what has been paid towards it and what is
// still to pay. Both screens, the kiosk and the cashier draw their cart from this one function, so they agree with
// each other and with `amountStillOwed` (what the till collects). Which asset totals are discounts and which are
// payments is paid-by.ts's rule: only a connected wallet's offers (and the store's Card Partner discount) come off
// the total; a voucher, a token, a Farmlands card, Centrapay NZD, cash and card are paid towards it.
import { applyCardPartnerDiscount } from './card-partner';
import type { LanePayment, LaneState, Tender, TenderMethod } from './lane';
import { compareCents, subtractCents, sumCents } from './money';
import { discountedCart, isExternalAssetType, offersOf, tendersOf } from './paid-by';
import { discountShown } from './sale';

/** Something taken off the price: a wallet's offer (by its `paidBy` description), or the store's Card Partner discount. */
export type TallyDiscount =
  | { kind: 'offer'; description: string; amount: string }
  | { kind: 'card-partner'; percent: string; amount: string };

/** Something paid towards the total: an asset a request was paid with (its `paidBy` description), or the counter's. */
export type TallyPayment =
  | { kind: 'asset'; description: string; amount: string; currency: string }
  | { kind: 'counter'; method: TenderMethod; amount: string };

export interface SaleTally {
  /** The cart at its prices. */
  price: string;
  /** What comes off each cart line (by sku), in the cart's order. */
  lines: { sku: string; discounts: TallyDiscount[] }[];
  /** Offers that name no line of the cart. */
  orderDiscounts: TallyDiscount[];
  discountTotal: string;
  /** What the sale costs: its price less its discounts. Payments never change it. */
  total: string;
  /** What was paid towards the total, in the order it was taken: at the counter first, then each request, then the rest at the counter. */
  payments: TallyPayment[];
  paid: string;
  /** The total less what was paid; never below 0. */
  stillToPay: string;
}

type TallyView = Pick<LaneState, 'cart' | 'total' | 'order' | 'step' | 'payment' | 'parts' | 'counter' | 'settlement'>;

/** Describes Centrapay's part of a request that its `paidBy` does not (yet) name: it is the patron's payment all the same. */
export const UNNAMED_CENTRAPAY_PAYMENT = 'Centrapay';

export function saleTally(state: TallyView): SaleTally {
  // Requests that hold money: the paid parts, and the current one while it is live or paid (a cancelled one gave all back).
  const requests = [...state.parts, ...(state.payment?.outcome === 'pending' || state.payment?.outcome === 'paid' ? [state.payment] : [])];
  const { lines, orderDiscounts } = discountsOf(state, requests);
  const partner = discountShown(state);
  const discountTotal = sumCents([...requests.flatMap(({ paymentRequest }) => offersOf(paymentRequest).map((offer) => offer.total.amount)), partner?.amount ?? '0']);
  const total = subtractCents(state.total, discountTotal);
  const payments: TallyPayment[] = [
    ...state.counter.map(({ tender }) => counterPayment(tender)),
    ...requests.flatMap(paymentsOf),
    ...(state.settlement ? [counterPayment(state.settlement.tender)] : []),
  ];
  const paid = sumCents(payments.map((payment) => payment.amount));
  const left = subtractCents(total, paid);
  return { price: state.total, lines, orderDiscounts, discountTotal, total, payments, paid, stillToPay: compareCents(left, '0') > 0 ? left : '0' };
}

/** Each cart line's discounts: the offers its requests' `paidBy` put on it, and the Card Partner discount's share. */
function discountsOf(state: TallyView, requests: readonly LanePayment[]): Pick<SaleTally, 'lines' | 'orderDiscounts'> {
  const lines = state.cart.map((line) => ({ sku: line.sku, discounts: [] as TallyDiscount[] }));
  const orderDiscounts: TallyDiscount[] = [];
  for (const { paymentRequest } of requests) {
    const cart = discountedCart(paymentRequest.lineItems ?? [], offersOf(paymentRequest));
    for (const { item, discounts } of cart.lines) {
      const index = state.cart.findIndex((line) => line.sku === item.sku && line.name === item.name);
      const offers = discounts.map((discount): TallyDiscount => ({ kind: 'offer', ...discount }));
      if (index >= 0) lines[index]!.discounts.push(...offers);
      else orderDiscounts.push(...offers);
    }
    orderDiscounts.push(...cart.orderDiscounts.map((discount): TallyDiscount => ({ kind: 'offer', ...discount })));
  }
  const partner = discountShown(state);
  if (partner) {
    applyCardPartnerDiscount(state.cart, partner.percent).lines.forEach(({ off }, index) => {
      if (off !== '0') lines[index]!.discounts.push({ kind: 'card-partner', percent: partner.percent, amount: off });
    });
  }
  return { lines, orderDiscounts };
}

function counterPayment(tender: Tender): TallyPayment {
  return { kind: 'counter', method: tender.method, amount: tender.amount };
}

/**
 * What paid a request towards the total: its tenders by their description, external ones as the till recorded them
 * (cash, card). What Centrapay took of it (its value less `remainingAmount`) beyond what `paidBy` names is listed as
 * Centrapay's, so what is still to pay is always what Centrapay says remains.
 */
function paymentsOf({ paymentRequest, tenders, outcome }: LanePayment): TallyPayment[] {
  const { currency } = paymentRequest.value;
  const named = tendersOf(paymentRequest).flatMap((total): TallyPayment[] => {
    if (isExternalAssetType(total.type) && tenders.length > 0 && sumCents(tenders.map((tender) => tender.amount)) === total.total.amount) {
      return tenders.map(counterPayment);
    }
    return [{ kind: 'asset', description: total.description, amount: total.total.amount, currency: total.total.currency }];
  });
  // As `amountStillOwed` reads it: a paid request that says nothing of what remains was paid in full.
  const remaining = paymentRequest.remainingAmount ?? (outcome === 'paid' ? '0' : paymentRequest.value.amount);
  const taken = subtractCents(paymentRequest.value.amount, remaining);
  const unnamed = subtractCents(taken, sumCents((paymentRequest.paidBy?.assetTotals ?? []).map((total) => total.total.amount)));
  return compareCents(unnamed, '0') > 0 ? [...named, { kind: 'asset', description: UNNAMED_CENTRAPAY_PAYMENT, amount: unnamed, currency }] : named;
}

/** The sale's discounts as a bill ends with them: one per offer (its shares on each line added up), then the Card Partner discount. */
export function discountTotals(tally: Pick<SaleTally, 'lines' | 'orderDiscounts'>): TallyDiscount[] {
  const totals: TallyDiscount[] = [];
  for (const discount of [...tally.lines.flatMap((line) => line.discounts), ...tally.orderDiscounts]) {
    const same = totals.findIndex((total) => total.kind === discount.kind && (discount.kind === 'card-partner' || (total.kind === 'offer' && total.description === discount.description)));
    if (same < 0) totals.push({ ...discount });
    else totals[same] = { ...totals[same]!, amount: sumCents([totals[same]!.amount, discount.amount]) };
  }
  return [...totals.filter((total) => total.kind === 'offer'), ...totals.filter((total) => total.kind === 'card-partner')];
}
