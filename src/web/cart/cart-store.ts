// The cart being built on a till, per lane, kept across reloads. Payment status is never kept here: it is re-read.
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { MAX_LINE_QTY, type CartLine } from '../../domain/cart';
import type { CatalogItem } from '../../domain/catalog';

interface CartState {
  carts: Record<string, CartLine[]>;
  operatorId: string;
  /** The store's cashier code (CASHIER_CODE on the server): what lets this screen take payments. */
  cashierCode: string;
  add: (lane: string, item: CatalogItem) => void;
  setQty: (lane: string, sku: string, qty: number) => void;
  remove: (lane: string, sku: string) => void;
  replace: (lane: string, cart: CartLine[]) => void;
  clear: (lane: string) => void;
  setOperator: (operatorId: string) => void;
  setCashierCode: (cashierCode: string) => void;
}

const EMPTY: CartLine[] = [];

export const useCartStore = create<CartState>()(
  persist(
    (set) => ({
      carts: {},
      operatorId: 'cashier-1',
      cashierCode: '',
      add: (lane, item) =>
        set((state) => {
          const cart = state.carts[lane] ?? EMPTY;
          const existing = cart.find((line) => line.sku === item.sku);
          const next = existing
            ? cart.map((line) => (line.sku === item.sku ? { ...line, qty: Math.min(line.qty + 1, MAX_LINE_QTY) } : line))
            : [...cart, { sku: item.sku, name: item.name, qty: 1, unitPrice: item.unitPrice, tax: item.tax }];
          return { carts: { ...state.carts, [lane]: next } };
        }),
      setQty: (lane, sku, qty) =>
        set((state) => {
          const cart = state.carts[lane] ?? EMPTY;
          const next = qty <= 0
            ? cart.filter((line) => line.sku !== sku)
            : cart.map((line) => (line.sku === sku ? { ...line, qty: Math.min(qty, MAX_LINE_QTY) } : line));
          return { carts: { ...state.carts, [lane]: next } };
        }),
      remove: (lane, sku) =>
        set((state) => ({ carts: { ...state.carts, [lane]: (state.carts[lane] ?? EMPTY).filter((line) => line.sku !== sku) } })),
      replace: (lane, cart) => set((state) => ({ carts: { ...state.carts, [lane]: cart } })),
      clear: (lane) => set((state) => ({ carts: { ...state.carts, [lane]: [] } })),
      setOperator: (operatorId) => set({ operatorId }),
      setCashierCode: (cashierCode) => set({ cashierCode }),
    }),
    {
      name: 'centrapay-pos.cart',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({ carts: state.carts, operatorId: state.operatorId, cashierCode: state.cashierCode }),
    },
  ),
);

export function useCart(lane: string): CartLine[] {
  return useCartStore((state) => state.carts[lane] ?? EMPTY);
}
