// The cashier's actions on a lane. Only the cashier screen has these; displays only read. Screens send which
// products and how many, and which sale (`ref`) an action is for; the server prices the cart and checks every action
// against the lane's state, answering 409 with a message for people when the lane does not allow it.
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CartItem } from '../../../domain/cart';
import { laneStateSchema, presentedCodeSchema, type CounterTender, type LaneState } from '../../../domain/lane';
import { useCartStore } from '../../cart/cart-store';
import { laneKeys, setLaneState } from '../../lane/api/get-lane-state';
import { ApiError } from '../../lib/api-client';
import { cashierRequest } from '../../till/cashier-request';

const lanePath = (lane: string) => `/api/lanes/${encodeURIComponent(lane)}`;

/** The lane refused because this screen's view of it is out of date (or another screen acted first): read it again. */
export function refreshAfterRefusal(queryClient: QueryClient, lane: string, error: unknown): void {
  if (error instanceof ApiError && error.status === 409) void queryClient.invalidateQueries({ queryKey: laneKeys.detail(lane) });
}

export function putCart(lane: string, cart: CartItem[], operatorId: string): Promise<LaneState> {
  return cashierRequest(`${lanePath(lane)}/cart`, laneStateSchema, { method: 'PUT', body: { cart, operatorId } });
}

/** A lane action whose answer is the lane's new state. Never retried blindly: the gateway dedupes presses. */
function useLaneAction<Input>(lane: string, path: string | ((input: Input) => string), body: (input: Input) => unknown, onSuccess?: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input) =>
      cashierRequest(`${lanePath(lane)}${typeof path === 'string' ? path : path(input)}`, laneStateSchema, { method: 'POST', body: body(input) }),
    onSuccess: (state) => {
      setLaneState(queryClient, state);
      onSuccess?.();
    },
    onError: (error) => refreshAfterRefusal(queryClient, lane, error),
  });
}

type Sale = { cart: CartItem[]; operatorId: string };
type SaleAction = { ref: string; operatorId: string };

/** Pay (QR flow) and Connect carry the cart itself, so the edits this screen was still sending are in it. */
const saleBody = (input: Sale) => ({ cart: input.cart.map(({ sku, qty }) => ({ sku, qty })), operatorId: input.operatorId });

export function useStartPayment(lane: string) {
  return useLaneAction(lane, '/payments', saleBody);
}

export function useConnectWallet(lane: string) {
  return useLaneAction(lane, '/connections', saleBody);
}

/** What the code the patron presented is (Centrapay's decode), shown before the cashier charges it. */
export function useDecodeCode(lane: string) {
  return useMutation({
    mutationFn: (code: string) => cashierRequest(`${lanePath(lane)}/decode`, presentedCodeSchema, { method: 'POST', body: { code } }),
  });
}

/** Charges the sale to a code the patron presented (the gateway decodes it again, never taking the screen's word). */
export function usePayByCode(lane: string) {
  return useLaneAction(lane, '/code-payments', (input: Sale & { code: string; patronNotPresent: boolean }) => ({
    ...saleBody(input), code: input.code, patronNotPresent: input.patronNotPresent,
  }));
}

/** The cashier's answer to a check Centrapay asks for (an ID check), for the lane's current sale. */
export function useDecideCondition(lane: string) {
  return useLaneAction(
    lane,
    (input: SaleAction & { conditionId: string; decision: 'accept' | 'decline' }) => `/conditions/${encodeURIComponent(input.conditionId)}/${input.decision}`,
    ({ ref, operatorId }: SaleAction) => ({ ref, operatorId }),
  );
}

export function useTender(lane: string) {
  return useLaneAction(lane, '/tenders', (input: SaleAction & CounterTender) => input);
}

/** A sale paid at the counter from the start (no Centrapay step): all of it, or a first part. */
export function usePayAtCounter(lane: string) {
  return useLaneAction(lane, '/counter', (input: Sale & CounterTender) => ({ ...saleBody(input), method: input.method, amount: input.amount, tendered: input.tendered }));
}

/** Cancels whatever the sale is doing: a payment still starting, a wallet not yet connected, a live request. */
export function useCancelSale(lane: string) {
  return useLaneAction(lane, '/cancel', (input: SaleAction) => input);
}

/** Refunds what the patron paid of a sale they cannot finish paying. */
export function useRefundPart(lane: string) {
  return useLaneAction(lane, '/refund', (input: SaleAction) => input);
}

/** Starts the next sale: the lane forgets the finished one, then the till's cart is emptied. */
export function useNewSale(lane: string) {
  return useLaneAction(lane, '/new-sale', (input: { operatorId: string }) => input, () => useCartStore.getState().clear(lane));
}
