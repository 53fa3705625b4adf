// A cart on the till: what a screen sends (skus and quantities), the priced lines the server makes of it from its
// catalog, and the Centrapay line items those become.
import { z } from 'zod/mini';
import type { CatalogItem } from './catalog';
import type { LineItem } from './centrapay';
import { compareCents, multiplyCents, sumCents } from './money';

export const MAX_LINE_QTY = 99;
export const MAX_CART_LINES = 100;
/** Centrapay takes a `value.amount` that is positive and below 100000000 cents (centrapay-api.md §3.1). */
export const MAX_PAYMENT_CENTS = '99999999';

/** One line as a screen sends it: which product and how many. Anything else it sends (a price) is ignored. */
export const cartItemSchema = z.object({
  sku: z.string().check(z.minLength(1), z.maxLength(64)),
  qty: z.number().check(z.int('qty must be a whole number'), z.gte(1, 'qty must be at least 1'), z.lte(MAX_LINE_QTY, `qty must be at most ${MAX_LINE_QTY}`)),
});
export type CartItem = z.infer<typeof cartItemSchema>;
export const cartItemsSchema = z.array(cartItemSchema).check(
  z.maxLength(MAX_CART_LINES, `a cart holds at most ${MAX_CART_LINES} lines`),
  z.refine((items) => new Set(items.map((item) => item.sku)).size === items.length, 'each product may appear once in the cart'),
);

/** A priced line, as the lane holds it and every screen shows it. */
export const cartLineSchema = z.object({
  sku: z.string().check(z.minLength(1), z.maxLength(64)),
  name: z.string().check(z.minLength(1), z.maxLength(120)),
  qty: z.number().check(z.int(), z.gte(1), z.lte(MAX_LINE_QTY)),
  unitPrice: z.string().check(z.regex(/^\d+$/, 'unitPrice must be whole cents')),
  tax: z.string().check(z.regex(/^\d+(\.\d+)?$/)),
  restricted: z.optional(z.boolean()),
});
export type CartLine = z.infer<typeof cartLineSchema>;
export const cartSchema = z.array(cartLineSchema).check(z.maxLength(MAX_CART_LINES));

export function lineTotal(line: CartLine): string {
  return multiplyCents(line.unitPrice, line.qty);
}

export function cartTotal(lines: readonly CartLine[]): string {
  return sumCents(lines.map(lineTotal));
}

/** Prices the items from the catalog; the skus it does not know come back instead. */
export function priceCart(items: readonly CartItem[], catalog: ReadonlyMap<string, CatalogItem>): { lines: CartLine[] } | { unknown: string[] } {
  const unknown = items.filter((item) => !catalog.has(item.sku)).map((item) => item.sku);
  if (unknown.length > 0) return { unknown };
  return {
    lines: items.map(({ sku, qty }) => {
      const { name, unitPrice, tax, restricted } = catalog.get(sku)!;
      return { sku, name, qty, unitPrice, tax, ...(restricted ? { restricted } : {}) };
    }),
  };
}

/** The names of the age-restricted lines (alcohol, tobacco): someone must check the buyer's ID. */
export function restrictedNames(lines: readonly Pick<CartLine, 'name' | 'restricted'>[]): string[] {
  return lines.filter((line) => line.restricted === true).map((line) => line.name);
}

/** Why Centrapay could not be asked for this total, in words; null when it can. */
export function totalProblem(total: string): string | null {
  if (compareCents(total, '0') <= 0) return 'Add something to the cart first.';
  if (compareCents(total, MAX_PAYMENT_CENTS) > 0) return 'This sale is more than Centrapay can take in one payment ($999,999.99).';
  return null;
}

/** Line items for a Payment Request: one per cart line, priced at the line total, so they add up to the cart total. */
export function cartToLineItems(lines: readonly CartLine[]): LineItem[] {
  return lines.map((line) => ({
    name: line.name,
    sku: line.sku,
    qty: String(line.qty),
    price: lineTotal(line),
    tax: line.tax,
    ...(line.restricted ? { restricted: true } : {}),
  }));
}
