// Pure helpers of the till's cart: lines as a screen sends them (sku and qty), and reading a cart saved by an
// older version of the app.
import { MAX_LINE_QTY, type CartItem } from '../../domain/cart';

/** Only what a screen sends: any other field (a price, a name) is dropped. */
export function cartItemsOf(lines: readonly CartItem[]): CartItem[] {
  return lines.map(({ sku, qty }) => ({ sku, qty }));
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
