// The cashier's actions on a lane. Only the cashier screen has these; displays only read.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CartLine } from '../../../domain/cart';
import { laneStateSchema, type LaneState } from '../../../domain/lane';
import { setLaneState } from '../../checkout/get-lane-state';
import { apiRequest } from '../../lib/api-client';

const lanePath = (lane: string) => `/api/lanes/${encodeURIComponent(lane)}`;

export function putCart(lane: string, cart: CartLine[]): Promise<LaneState> {
  return apiRequest(`${lanePath(lane)}/cart`, laneStateSchema, { method: 'PUT', body: { cart } });
}

export function useStartPayment(lane: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // Never retried blindly: the gateway returns the payment already in flight for this lane.
    mutationFn: (input: { cart: CartLine[]; operatorId: string }) =>
      apiRequest(`${lanePath(lane)}/payments`, laneStateSchema, { method: 'POST', body: input }),
    onSuccess: (state) => setLaneState(queryClient, state),
  });
}

export function useCancelPayment(lane: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { paymentRequestId: string; operatorId: string }) =>
      apiRequest(`${lanePath(lane)}/payments/${encodeURIComponent(input.paymentRequestId)}/cancel`, laneStateSchema, {
        method: 'POST',
        body: { operatorId: input.operatorId },
      }),
    onSuccess: (state) => setLaneState(queryClient, state),
  });
}
