// The line items that go with an amount that is not a whole number of lines: a refund of part of a sale, of a part
// payment, of a confirmation. Centrapay asks every refund to carry its line items, adding up to its amount (§2.8,
// §3.9; the Farmlands guide's refund requirements), so the sale's own lines are shared out, a line split where an
// amount runs out. A line's discount goes with it in proportion.
import type { LineItem } from './centrapay';

/** The line at `price` (cents, a share of its own): its discount in the same proportion, rounded half up. */
export function lineAtPrice(line: LineItem, price: bigint, qty = line.qty): LineItem {
  const whole = BigInt(line.price);
  const discount = line.discount === undefined || !/^\d+$/.test(line.discount) ? undefined
    : price === whole ? line.discount : whole === 0n ? '0' : ((BigInt(line.discount) * price * 2n + whole) / (2n * whole)).toString();
  return {
    name: line.name,
    ...(line.sku ? { sku: line.sku } : {}),
    qty,
    price: price.toString(),
    ...(line.tax ? { tax: line.tax } : {}),
    ...(discount !== undefined ? { discount } : {}),
    ...(line.restricted ? { restricted: true } : {}),
  };
}

/**
 * Shares `items` out over `amounts` in order, each taking lines up to its amount and the next starting where it
 * stopped (a line split between them). Each share's prices add up to its amount while the items last.
 */
export function shareLines(items: readonly LineItem[], amounts: readonly bigint[]): LineItem[][] {
  const shares: LineItem[][] = amounts.map(() => []);
  let slot = 0;
  let left = amounts[0] ?? 0n;
  for (const item of items) {
    let owed = BigInt(item.price);
    while (owed > 0n && slot < amounts.length) {
      if (left === 0n) {
        slot += 1;
        left = amounts[slot] ?? 0n;
        continue;
      }
      const take = owed < left ? owed : left;
      shares[slot]!.push(take === BigInt(item.price) ? item : lineAtPrice(item, take));
      left -= take;
      owed -= take;
    }
  }
  return shares;
}

/**
 * The line items sent with a refund of `amount`: the lines' share when they add up to it, else one line that names
 * what is refunded (`fallback`), so a refund always carries line items that add up to its amount.
 */
export function refundLineItems(share: readonly LineItem[] | undefined, amount: string, fallback: string): LineItem[] {
  const total = (share ?? []).reduce((sum, item) => sum + BigInt(item.price), 0n);
  if (share && share.length > 0 && total === BigInt(amount)) return [...share];
  return [{ name: fallback, qty: '1', price: amount }];
}
