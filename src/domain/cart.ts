// A cart on the till and the Centrapay line items it becomes.
import { z } from 'zod/mini';
import type { LineItem } from './centrapay';
import { multiplyCents, sumCents } from './money';

export const MAX_LINE_QTY = 99;

export const cartLineSchema = z.object({
  sku: z.string().check(z.minLength(1), z.maxLength(64)),
  name: z.string().check(z.minLength(1), z.maxLength(120)),
  qty: z.number().check(z.int(), z.gte(1), z.lte(MAX_LINE_QTY)),
  unitPrice: z.string().check(z.regex(/^\d+$/, 'unitPrice must be whole cents')),
  tax: z.string().check(z.regex(/^\d+(\.\d+)?$/)),
});
export type CartLine = z.infer<typeof cartLineSchema>;

export const cartSchema = z.array(cartLineSchema).check(z.maxLength(100));

export function lineTotal(line: CartLine): string {
  return multiplyCents(line.unitPrice, line.qty);
}

export function cartTotal(lines: readonly CartLine[]): string {
  return sumCents(lines.map(lineTotal));
}

export class CartSumError extends Error {}

/** Line items for a Payment Request; their prices must add up to the cart total (Centrapay checks the same). */
export function cartToLineItems(lines: readonly CartLine[]): LineItem[] {
  const items: LineItem[] = lines.map((line) => ({
    name: line.name,
    sku: line.sku,
    qty: String(line.qty),
    price: lineTotal(line),
    tax: line.tax,
  }));
  if (sumCents(items.map((item) => item.price)) !== cartTotal(lines)) {
    throw new CartSumError('line items do not add up to the cart total');
  }
  return items;
}
