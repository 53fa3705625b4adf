// The shape of the cashier's actions on a lane (one endpoint a file beside this one). Only the cashier screen has
// these; displays only read. Screens send which products and how many, and which sale (`ref`) an action is for; the
// server prices the cart and checks every action against the lane's state, answering 409 with a message for people
// when the lane does not allow it.
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CartItem } from '../../../domain/cart';
import type { SaleRefsInput } from '../../cart/cart-store';
import { laneStateSchema, type LaneState } from '../../../domain/lane';
import { laneKeys, setLaneState } from '../../lane/api/get-lane-state';
import { ApiError } from '../../lib/api-client';
import { cashierRequest } from '../../till/cashier-request';

export const lanePath = (lane: string) => `/api/lanes/${encodeURIComponent(lane)}`;

/** The lane refused because this screen's view of it is out of date (or another screen acted first): read it again. */
export function refreshAfterRefusal(queryClient: QueryClient, lane: string, error: unknown): void {
  if (error instanceof ApiError && error.status === 409) void queryClient.invalidateQueries({ queryKey: laneKeys.detail(lane) });
}

/** Sends a lane action; its answer is the lane's new state. */
export function postLaneAction(lane: string, path: string, body: unknown): Promise<LaneState> {
  return cashierRequest(`${lanePath(lane)}${path}`, laneStateSchema, { method: 'POST', body });
}

/** A lane action whose answer is the lane's new state. Never retried blindly: the gateway dedupes presses. */
export function useLaneAction<Input>(lane: string, request: (input: Input) => Promise<LaneState>, onSuccess?: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (state) => {
      setLaneState(queryClient, state);
      onSuccess?.();
    },
    onError: (error) => refreshAfterRefusal(queryClient, lane, error),
  });
}

/** A press that starts the sale carries this screen's cart, who is at the till, and the invoice numbers keyed for it. */
export type Sale = { cart: CartItem[]; operatorId: string; refs?: SaleRefsInput };
/** A press on the lane's current sale (`ref`), so a press meant for a sale that has ended changes nothing. */
export type SaleAction = { ref: string; operatorId: string };

/**
 * Pay (QR flow) and Connect carry the cart itself, so the edits this screen was still sending are in it; and the store's
 * own invoice number and a purchase order, when the cashier keyed them (the gateway checks them).
 */
export const saleBody = (input: Sale) => {
  const invoiceRef = input.refs?.invoiceRef.trim();
  const purchaseOrderRef = input.refs?.purchaseOrderRef.trim();
  return {
    cart: input.cart.map(({ sku, qty }) => ({ sku, qty })),
    operatorId: input.operatorId,
    ...(invoiceRef ? { invoiceRef } : {}),
    ...(purchaseOrderRef ? { purchaseOrderRef } : {}),
  };
};
