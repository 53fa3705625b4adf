// Pure helpers of the till's cart: lines as a screen sends them (sku and qty), and reading a cart saved by an
// older version of the app.
import { MAX_LINE_QTY, type CartItem } from '../../domain/cart';

/** Only what a screen sends: any other field (a price, a name) is dropped. */
export function cartItemsOf(lines: readonly CartItem[]): CartItem[] {
  return lines.map(({ sku, qty }) => ({ sku, qty }));
}

/** The cart with one more of `sku` (a new line at the end), never beyond the most a line may hold. */
export function withOneMore(cart: readonly CartItem[], sku: string): CartItem[] {
  return cart.some((line) => line.sku === sku)
    ? cart.map((line) => (line.sku === sku ? { ...line, qty: Math.min(line.qty + 1, MAX_LINE_QTY) } : line))
    : [...cart, { sku, qty: 1 }];
}

/** The cart with `qty` of `sku`; none (0 or less) removes its line. */
export function withQty(cart: readonly CartItem[], sku: string, qty: number): CartItem[] {
  return qty <= 0 ? cart.filter((line) => line.sku !== sku) : cart.map((line) => (line.sku === sku ? { ...line, qty: Math.min(qty, MAX_LINE_QTY) } : line));
}

export function sameItems(a: readonly CartItem[], b: readonly CartItem[]): boolean {
  return a.length === b.length && a.every((item, i) => item.sku === b[i]?.sku && item.qty === b[i]?.qty);
}

export interface PersistedCart {
  carts: Record<string, CartItem[]>;
  edited: Record<string, boolean>;
  operatorId: string;
  cashierCode: string;
}

/** Saved state of any version: keep each line's sku and qty (a price it kept is dropped) and what else still fits. */
export function migrateCart(persisted: unknown, version: number): PersistedCart {
  const saved = (persisted ?? {}) as Partial<Record<keyof PersistedCart, unknown>>;
  const carts: Record<string, CartItem[]> = {};
  if (saved.carts && typeof saved.carts === 'object') {
    for (const [lane, lines] of Object.entries(saved.carts as Record<string, unknown>)) {
      if (!Array.isArray(lines)) continue;
      carts[lane] = lines.flatMap((line: unknown) => {
        const { sku, qty } = (line ?? {}) as { sku?: unknown; qty?: unknown };
        return typeof sku === 'string' && sku !== '' && typeof qty === 'number' && Number.isInteger(qty) && qty >= 1
          ? [{ sku, qty: Math.min(qty, MAX_LINE_QTY) }]
          : [];
      });
    }
  }
  const edited: Record<string, boolean> = {};
  // Version 1 kept no record of unsent edits: the screen follows the lane's cart.
  if (version >= 2 && saved.edited && typeof saved.edited === 'object') {
    for (const [lane, value] of Object.entries(saved.edited as Record<string, unknown>)) if (value === true) edited[lane] = true;
  }
  return {
    carts,
    edited,
    operatorId: typeof saved.operatorId === 'string' && saved.operatorId ? saved.operatorId : 'cashier-1',
    cashierCode: typeof saved.cashierCode === 'string' ? saved.cashierCode : '',
  };
}
