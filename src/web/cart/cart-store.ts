// The cart being built on a till, per lane, kept across reloads: only which products and how many (prices come
// from the server). The lane's cart on the server is the truth; this screen's cart follows it, except for edits the
// cashier made here that the lane has not taken yet (`edited`). Payment status is never kept here: it is re-read.
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { CartItem } from '../../domain/cart';
import { cartItemsOf, migrateCart, withOneMore, withQty } from './cart-items';

interface CartState {
  carts: Record<string, CartItem[]>;
  /** Lanes whose cart this screen changed and has not yet seen the lane take. */
  edited: Record<string, boolean>;
  operatorId: string;
  /** The store's cashier code (CASHIER_CODE on the server): what lets this screen take payments. */
  cashierCode: string;
  /** The invoice and purchase-order numbers the cashier keyed for the lane's next sale (cleared by New sale). */
  refs: Record<string, SaleRefsInput>;
  add: (lane: string, sku: string) => void;
  setQty: (lane: string, sku: string, qty: number) => void;
  remove: (lane: string, sku: string) => void;
  /** The lane's cart, as the server has it, becomes this screen's (nothing of this screen's is left to send). */
  adopt: (lane: string, cart: readonly CartItem[]) => void;
  /** The lane has taken this screen's edits. */
  settle: (lane: string) => void;
  clear: (lane: string) => void;
  setOperator: (operatorId: string) => void;
  setCashierCode: (cashierCode: string) => void;
  setRefs: (lane: string, refs: Partial<SaleRefsInput>) => void;
}

/** As typed: empty means none (the order's own number is the invoice). */
export interface SaleRefsInput {
  invoiceRef: string;
  purchaseOrderRef: string;
}

const NO_REFS: SaleRefsInput = { invoiceRef: '', purchaseOrderRef: '' };

const EMPTY: CartItem[] = [];

export const useCartStore = create<CartState>()(
  persist(
    (set) => {
      const edit = (lane: string, change: (cart: CartItem[]) => CartItem[]) =>
        set((state) => ({ carts: { ...state.carts, [lane]: change(state.carts[lane] ?? EMPTY) }, edited: { ...state.edited, [lane]: true } }));
      return {
        carts: {},
        edited: {},
        operatorId: 'cashier-1',
        cashierCode: '',
        refs: {},
        add: (lane, sku) => edit(lane, (cart) => withOneMore(cart, sku)),
        setQty: (lane, sku, qty) => edit(lane, (cart) => withQty(cart, sku, qty)),
        remove: (lane, sku) => edit(lane, (cart) => withQty(cart, sku, 0)),
        adopt: (lane, cart) =>
          set((state) => ({ carts: { ...state.carts, [lane]: cartItemsOf(cart) }, edited: { ...state.edited, [lane]: false } })),
        settle: (lane) => set((state) => (state.edited[lane] ? { edited: { ...state.edited, [lane]: false } } : state)),
        clear: (lane) => set((state) => ({ carts: { ...state.carts, [lane]: [] }, edited: { ...state.edited, [lane]: false }, refs: { ...state.refs, [lane]: NO_REFS } })),
        setOperator: (operatorId) => set({ operatorId }),
        setCashierCode: (cashierCode) => set({ cashierCode }),
        setRefs: (lane, refs) => set((state) => ({ refs: { ...state.refs, [lane]: { ...(state.refs[lane] ?? NO_REFS), ...refs } } })),
      };
    },
    {
      name: 'centrapay-pos.cart',
      // 2: lines are sku and qty only (the server prices them), and edits not yet sent are marked.
      version: 2,
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({ carts: state.carts, edited: state.edited, operatorId: state.operatorId, cashierCode: state.cashierCode, refs: state.refs }),
      migrate: (persisted, version) => migrateCart(persisted, version),
    },
  ),
);

export function useCart(lane: string): CartItem[] {
  return useCartStore((state) => state.carts[lane] ?? EMPTY);
}

export function useSaleRefs(lane: string): SaleRefsInput {
  return useCartStore((state) => state.refs[lane] ?? NO_REFS);
}

export function useCartEdited(lane: string): boolean {
  return useCartStore((state) => state.edited[lane] === true);
}
