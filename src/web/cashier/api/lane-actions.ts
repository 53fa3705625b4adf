// The cashier's actions on a lane. Only the cashier screen has these; displays only read.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CartLine } from '../../../domain/cart';
import { laneStateSchema, type LaneState, type TenderMethod } from '../../../domain/lane';
import { setLaneState } from '../../checkout/get-lane-state';
import { useCartStore } from '../../cart/cart-store';
import { ApiError, apiRequest, type RequestOptions } from '../../lib/api-client';
import type { z } from 'zod/mini';

const lanePath = (lane: string) => `/api/lanes/${encodeURIComponent(lane)}`;

/** Only a screen that knows the store's cashier code may change a lane (displays are read-only). */
function cashierHeaders(): Record<string, string> {
  const code = useCartStore.getState().cashierCode;
  return code ? { 'X-Cashier-Code': code } : {};
}

/** A cashier request; a refused cashier code is forgotten so the screen asks for it again. */
export async function cashierRequest<T extends z.core.$ZodType>(path: string, schema: T, options: RequestOptions): Promise<z.output<T>> {
  try {
    return await apiRequest(path, schema, { ...options, headers: { ...options.headers, ...cashierHeaders() } });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'CASHIER_CODE_REQUIRED') useCartStore.getState().setCashierCode('');
    throw error;
  }
}

export function putCart(lane: string, cart: CartLine[]): Promise<LaneState> {
  return cashierRequest(`${lanePath(lane)}/cart`, laneStateSchema, { method: 'PUT', body: { cart } });
}

/** A lane action whose answer is the lane's new state. Never retried blindly: the gateway dedupes presses. */
function useLaneAction<Input>(lane: string, path: (input: Input) => string, body: (input: Input) => unknown) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input) =>
      cashierRequest(`${lanePath(lane)}${path(input)}`, laneStateSchema, { method: 'POST', body: body(input) }),
    onSuccess: (state) => setLaneState(queryClient, state),
  });
}

type Sale = { cart: CartLine[]; operatorId: string };

export function useStartPayment(lane: string) {
  return useLaneAction(lane, () => '/payments', (input: Sale) => input);
}

export function useConnectWallet(lane: string) {
  return useLaneAction(lane, () => '/connections', (input: Sale) => input);
}

export function useTender(lane: string) {
  return useLaneAction(lane, () => '/tenders', (input: { method: TenderMethod; operatorId: string }) => input);
}

export function useCancelPayment(lane: string) {
  return useLaneAction(
    lane,
    (input: { paymentRequestId: string; operatorId: string }) => `/payments/${encodeURIComponent(input.paymentRequestId)}/cancel`,
    (input) => ({ operatorId: input.operatorId }),
  );
}

export function useRefundPartial(lane: string) {
  return useLaneAction(
    lane,
    (input: { paymentRequestId: string; operatorId: string }) => `/payments/${encodeURIComponent(input.paymentRequestId)}/refund`,
    (input) => ({ operatorId: input.operatorId }),
  );
}

export function useCancelConnection(lane: string) {
  return useLaneAction(
    lane,
    (input: { connectionId: string; operatorId: string }) => `/connections/${encodeURIComponent(input.connectionId)}/cancel`,
    (input) => ({ operatorId: input.operatorId }),
  );
}

/** Starts the next sale: the lane forgets the finished one, then the till's cart is emptied. */
export function useNewSale(lane: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => putCart(lane, []),
    onSuccess: (state) => {
      setLaneState(queryClient, state);
      useCartStore.getState().clear(lane);
    },
  });
}
