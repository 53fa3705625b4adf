// What paid a Payment Request (`paidBy.assetTotals`, §2.9), told apart into the only two things it can be for the
// sale, by one rule (`isOffer`), for both screens, the kiosk and the receipt:
//
// - An OFFER (a discount): what a *connected* wallet applied. The connect flow (centrapay-api.md §5; the docs'
//   connect-flow guide: "the wallet then determines eligibility for discounts and offers … the remaining balance is
//   collected by the POS") is the only way Centrapay lets a wallet change what a sale costs: it pays its offer on the
//   request made with the Connection's `connectionId`, with its own (Uplink) asset type. So an asset total is an offer
//   when its request has a `connectionId`, was not made from a code the patron presented (`barcode`: a voucher or card
//   that Quick Pay takes is the patron's money), and its type is no money family Centrapay lists (§8). The sandbox's
//   rewards wallet pays `sbx.rewards.test` so. An offer comes off the total ("Sandbox Rewards −$2.20").
// - A TENDER (a payment towards the total): everything else that paid — Centrapay NZD, a Centrapay token (the
//   connect-flow guide: "redeeming loyalty tokens as partial payment"), a Farmlands card, a voucher, the till's own
//   cash or card (`external.*`). A tender never changes the total: it is listed as paid, and the rest is still to pay.
//
// The Farmlands Card Partner discount (card-partner.ts) is the store's, not a wallet's: it is in the sale's price
// before any request exists, and stays a discount; the Farmlands card that pays is a tender.
import type { AssetTotal, LineItem, PaidBy } from './centrapay';
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

/**
 * Asset types that are money wherever they pay (centrapay-api.md §8, by name without the liveness): Centrapay NZD,
 * tokens and ledgers, external tenders, Farmlands cards, gift cards, PayPal, Venmo, Bitcoin, Stadius, open banking.
 * The Uplink test asset (`uplinkapi`) is not among them: it is what a wallet pays its own offers with.
 */
const MONEY_ASSET_NAMES: ReadonlySet<string> = new Set([
  'centrapay.nzd', 'centrapay.token', 'centrapay.ledger', 'external', 'farmlands.nzd', 'cca.coke', 'paypal', 'venmo', 'epay', 'bitcoin',
  'stadius', 'quartz.nzd', 'quartz-one-off.nzd', 'asb-payap.nzd', 'asb-payap-one-off.nzd', 'westpac-payap.nzd', 'westpac-payap-one-off.nzd',
  'payap-debit',
]);

/** `centrapay.nzd.test` → true: a type of a money family (its name is the type less its liveness). */
export function isMoneyAssetType(type: string): boolean {
  const dot = type.lastIndexOf('.');
  return dot > 0 && MONEY_ASSET_NAMES.has(type.slice(0, dot));
}

/** What of a Payment Request decides whether what paid it is an offer. */
export interface PaidRequest {
  connectionId?: string | null | undefined;
  barcode?: string | null | undefined;
  paidBy?: PaidBy | null | undefined;
}

/** The rule (see the top of this file): a connected wallet's own asset, on a request no presented code made. */
export function isOffer(request: Omit<PaidRequest, 'paidBy'>, total: Pick<AssetTotal, 'type'>): boolean {
  return Boolean(request.connectionId) && !request.barcode && !isMoneyAssetType(total.type);
}

/** The asset totals of a request that are a wallet's offers: discounts. */
export function offersOf(request: PaidRequest): AssetTotal[] {
  return (request.paidBy?.assetTotals ?? []).filter((total) => isOffer(request, total));
}

/** The asset totals of a request that are payments towards the total: tenders. */
export function tendersOf(request: PaidRequest): AssetTotal[] {
  return (request.paidBy?.assetTotals ?? []).filter((total) => !isOffer(request, total));
}

export function isExternalAssetType(type: string): boolean {
  return type.startsWith('external.');
}

/** What of these asset totals is `external.*`: the till's own cash or card recorded on a request. */
export function externalAmount(totals: readonly { type: string; amount: string }[]): string {
  return sumCents(totals.filter((total) => isExternalAssetType(total.type)).map((total) => total.amount));
}

/** The offers (`offersOf`) put under the line items they paid for; an offer that names none is the order's. */
export function discountedCart(lineItems: readonly LineItem[], offers: readonly AssetTotal[]): DiscountedCart {
  const lines: DiscountedLine[] = lineItems.map((item) => ({ item, discounts: [] }));
  const orderDiscounts: Discount[] = [];
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

/**
 * What the offers take off each line item (aligned with `lineItems`): the shares `discountedCart` gives, and an offer
 * that names no line spread over all of them by price. What GST is worked on is the price less this.
 */
export function offPerLine(lineItems: readonly LineItem[], offers: readonly AssetTotal[]): string[] {
  const cart = discountedCart(lineItems, offers);
  const spread = splitByWeight(sumCents(cart.orderDiscounts.map((discount) => discount.amount)), lineItems.map((item) => item.price));
  return cart.lines.map((line, index) => sumCents([...line.discounts.map((discount) => discount.amount), spread[index] ?? '0']));
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
