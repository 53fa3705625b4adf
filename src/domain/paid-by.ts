// Mapping what Centrapay says paid (paidBy.assetTotals) onto the cart: offers a wallet applied show as discounts
// under the items they paid for; money tenders (Centrapay NZD, external cash/card) show as payments.
import type { AssetTotal, LineItem, PaidBy } from './centrapay';
import { TENDER_LABELS, type Tender } from './lane';
import { sumCents } from './money';

export interface Discount {
  description: string;
  amount: string;
}

export interface DiscountedLine {
  item: LineItem;
  discounts: Discount[];
}

export interface DiscountedCart {
  lines: DiscountedLine[];
  /** Offers that name no line of the cart. */
  orderDiscounts: Discount[];
  discountTotal: string;
}

export function isExternalAssetType(type: string): boolean {
  return type.startsWith('external.');
}

/** What of these asset totals is `external.*`: the till's own cash or card recorded on a request. */
export function externalAmount(totals: readonly { type: string; amount: string }[]): string {
  return sumCents(totals.filter((total) => isExternalAssetType(total.type)).map((total) => total.amount));
}

/** Money the patron or the cashier paid (Centrapay NZD, a Farmlands card, cash or card), as opposed to an offer a wallet applied. */
export function isTenderAssetType(type: string): boolean {
  return type.startsWith('centrapay.nzd.') || type.startsWith('farmlands.nzd.') || isExternalAssetType(type);
}

export function discountedCart(lineItems: readonly LineItem[], paidBy: PaidBy | undefined): DiscountedCart {
  const lines: DiscountedLine[] = lineItems.map((item) => ({ item, discounts: [] }));
  const orderDiscounts: Discount[] = [];
  const offers = (paidBy?.assetTotals ?? []).filter((total) => !isTenderAssetType(total.type));
  for (const offer of offers) {
    const covered = (offer.lineItems ?? [])
      .map((paid) => lines.findIndex(({ item }) => sameLine(item, paid)))
      .filter((index, position, all) => index >= 0 && all.indexOf(index) === position);
    if (covered.length === 0) {
      orderDiscounts.push({ description: offer.description, amount: offer.total.amount });
      continue;
    }
    const shares = splitByWeight(offer.total.amount, covered.map((index) => lines[index]!.item.price));
    covered.forEach((index, position) => {
      if (shares[position] !== '0') lines[index]!.discounts.push({ description: offer.description, amount: shares[position]! });
    });
  }
  const discountTotal = sumCents(offers.map((offer) => offer.total.amount));
  return { lines, orderDiscounts, discountTotal };
}

/** One line per asset total, naming external tenders as the till recorded them ("Cash $14.80"), in `tenderLabel`'s words. */
export function paymentLines(
  paidBy: PaidBy | undefined,
  tenders: readonly Tender[],
  tenderLabel: (method: Tender['method']) => string = (method) => TENDER_LABELS[method],
): { label: string; amount: string; currency: string }[] {
  return (paidBy?.assetTotals ?? []).flatMap((total: AssetTotal) => {
    if (isExternalAssetType(total.type) && tenders.length > 0 && sumCents(tenders.map((t) => t.amount)) === total.total.amount) {
      return tenders.map((tender) => ({ label: tenderLabel(tender.method), amount: tender.amount, currency: total.total.currency }));
    }
    return [{ label: total.description, amount: total.total.amount, currency: total.total.currency }];
  });
}

function sameLine(a: LineItem, b: LineItem): boolean {
  return a.sku !== undefined && b.sku !== undefined ? a.sku === b.sku && a.name === b.name : a.name === b.name && a.price === b.price;
}

/** Splits cents in proportion to weights; remainders go to the largest fractions so the parts add up exactly. */
export function splitByWeight(total: string, weights: readonly string[]): string[] {
  const amount = BigInt(total);
  const w = weights.map((weight) => (BigInt(weight) > 0n ? BigInt(weight) : 0n));
  const sum = w.reduce((a, b) => a + b, 0n);
  if (sum === 0n) return weights.map((_, index) => (index === 0 ? total : '0'));
  const parts = w.map((weight) => (amount * weight) / sum);
  let left = amount - parts.reduce((a, b) => a + b, 0n);
  const byFraction = w
    .map((weight, index) => ({ index, fraction: (amount * weight) % sum }))
    .sort((a, b) => (b.fraction > a.fraction ? 1 : b.fraction < a.fraction ? -1 : a.index - b.index));
  for (const { index } of byFraction) {
    if (left <= 0n) break;
    parts[index]! += 1n;
    left -= 1n;
  }
  return parts.map(String);
}
