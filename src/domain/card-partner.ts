// Farmlands Card Partners (Centrapay's Farmlands POS integration guide): the store's Card Partner discount, taken off a
// sale's lines only when a Farmlands card pays for all of it, and the name the till gives Centrapay's tender
// (checklist 101.3). The sale engine applies the discount and both screens show it with these same functions.
import { z } from 'zod/mini';
import { lineTotal, type CartLine } from './cart';
import type { LineItem } from './centrapay';
import { gstIncluded } from './gst';
import { subtractCents, sumCents } from './money';

/** What Centrapay's decode (`POST /api/decode`) says a Farmlands card is (`provider`). */
export const FARMLANDS_PROVIDER = 'farmlands';

export const CARD_PARTNER_DISCOUNT_WORDS = 'Farmlands Card Partner discount';

const PERCENT = /^\d{1,2}(\.\d{1,2})?$/;

/** A store's Card Partner discount: a percentage above 0 and below 100, with at most two decimals ("10", "12.5"). */
export const discountPercentSchema = z.string().check(
  z.regex(PERCENT, 'a percentage from 0.01 to 99.99, with at most two decimals'),
  z.refine((percent) => !PERCENT.test(percent) || basisPoints(percent) > 0n, 'a percentage above 0'),
);

/** The discount a sale was given, as the lane shows it and the journal keeps it. `amount`: cents off, tax included. */
export const saleDiscountSchema = z.object({
  provider: z.string(),
  description: z.string(),
  percent: z.string(),
  amount: z.string(),
});
export type SaleDiscount = z.infer<typeof saleDiscountSchema>;

/** The sale at the discounted price: its line items for Centrapay, what it costs, and what each line saves. */
export interface DiscountedSale {
  lineItems: LineItem[];
  total: string;
  /** Cents off the whole sale, tax included. */
  off: string;
  /** Cents off each cart line (by sku), tax included. */
  lines: { sku: string; off: string }[];
}

/** "12.5" → 1250n: hundredths of a percent. */
function basisPoints(percent: string): bigint {
  const [whole, fraction = ''] = percent.split('.');
  return BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
}

/** The store's discount for a card of this provider: Farmlands cards only, and only where the store has one. */
export function cardPartnerPercent(provider: string, storePercent: string | null | undefined): string | null {
  return provider === FARMLANDS_PROVIDER && storePercent ? storePercent : null;
}

/**
 * The discount taken off each unit (rounded half up to the cent, so every unit of a line costs the same and a line
 * can be refunded unit by unit), the line's `price` what the cardholder pays for it with tax, and its `discount` the
 * cents off without tax, as Centrapay's Line Item model has it (§2.8). The prices add up to the sale's total.
 */
export function applyCardPartnerDiscount(lines: readonly CartLine[], percent: string): DiscountedSale {
  const points = basisPoints(percent);
  const priced = lines.map((line) => {
    const unitOff = (BigInt(line.unitPrice) * points * 2n + 10_000n) / 20_000n;
    const off = (unitOff * BigInt(line.qty)).toString();
    const price = subtractCents(lineTotal(line), off);
    const item: LineItem = {
      name: line.name,
      sku: line.sku,
      qty: String(line.qty),
      price,
      tax: line.tax,
      discount: subtractCents(off, gstIncluded(off, line.tax)),
      ...(line.restricted ? { restricted: true } : {}),
    };
    return { item, off, sku: line.sku };
  });
  return {
    lineItems: priced.map(({ item }) => item),
    total: sumCents(priced.map(({ item }) => item.price)),
    off: sumCents(priced.map(({ off }) => off)),
    lines: priced.map(({ sku, off }) => ({ sku, off })),
  };
}

/** The discount a sale paid by a Farmlands card at `percent` gets, as the lane and the journal keep it. */
export function saleDiscountOf(sale: DiscountedSale, percent: string): SaleDiscount {
  return { provider: FARMLANDS_PROVIDER, description: CARD_PARTNER_DISCOUNT_WORDS, percent, amount: sale.off };
}

/** "Farmlands Card Partner discount (10%)". */
export function discountWords(discount: Pick<SaleDiscount, 'description' | 'percent'>): string {
  return `${discount.description} (${discount.percent}%)`;
}

/** The name of Centrapay's tender at the till (checklist 101.3): what the merchant config accepts. */
export type TenderName = 'Farmlands' | 'Centrapay';

/** "Farmlands" when Farmlands is the only asset type the lane's merchant config accepts; "Centrapay" otherwise. */
export function tenderName(assetTypes: readonly string[]): TenderName {
  return assetTypes.length > 0 && assetTypes.every((type) => type.startsWith(`${FARMLANDS_PROVIDER}.`)) ? 'Farmlands' : 'Centrapay';
}
