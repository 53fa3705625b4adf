// The kiosk's commands on its own lane (the gateway's /api/kiosk routes), each carrying the token the kiosk was set up
// with. The server decides: it prices the cart, checks each command against the lane's state and answers with the
// lane's new state, or refuses in words.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { z } from 'zod/mini';
import type { CartItem } from '../../../domain/cart';
import { laneStateSchema, type LaneState } from '../../../domain/lane';
import { cartItemsOf } from '../../cart/cart-items';
import { laneKeys, setLaneState } from '../../lane/api/get-lane-state';
import { ApiError, apiRequest } from '../../lib/api-client';
import { useKioskStore } from '../kiosk-store';

const kioskPath = (lane: string, path: string) => `/api/kiosk/lanes/${encodeURIComponent(lane)}${path}`;

async function kioskRequest<T extends z.core.$ZodType>(lane: string, path: string, schema: T, method: 'POST' | 'PUT', body: unknown): Promise<z.output<T>> {
  const token = useKioskStore.getState().tokens[lane];
  try {
    return await apiRequest(kioskPath(lane, path), schema, { method, body, headers: token ? { 'X-Kiosk-Token': token } : {} });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'KIOSK_NOT_SET_UP') useKioskStore.getState().forget(lane);
    throw error;
  }
}

/** A command whose answer is the lane's new state, written into the lane's cache entry. Never retried blindly. */
function useKioskCommand<Input>(lane: string, path: string, body: (input: Input) => unknown) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input) => kioskRequest(lane, path, laneStateSchema, 'POST', body(input)),
    onSuccess: (state) => setLaneState(queryClient, state),
    onError: () => void queryClient.invalidateQueries({ queryKey: laneKeys.detail(lane) }),
  });
}

const items = (cart: readonly CartItem[]) => ({ cart: cartItemsOf(cart) });

export const usePayByQr = (lane: string) => useKioskCommand(lane, '/payments', (cart: readonly CartItem[]) => items(cart));
export const usePayByCode = (lane: string) => useKioskCommand(lane, '/code-payments', ({ cart, code }: { cart: readonly CartItem[]; code: string }) => ({ ...items(cart), code }));
export const useCancelPayment = (lane: string) => useKioskCommand(lane, '/cancel', (ref: string) => ({ ref }));
export const useStartOver = (lane: string) => useKioskCommand(lane, '/start-over', () => ({}));
/** Staff: the kiosk back to an empty sale, any payment under way voided. */
export const useStaffReset = (lane: string) => useKioskCommand(lane, '/reset', (staffCode: string) => ({ staffCode }));

/** Staff, once: the staff code buys this kiosk's token for its lane. */
export function useSetUpKiosk(lane: string) {
  return useMutation({
    mutationFn: (staffCode: string) => kioskRequest(lane, '/pair', z.object({ token: z.string() }), 'POST', { staffCode }),
    onSuccess: ({ token }) => useKioskStore.getState().setToken(lane, token),
  });
}

/**
 * The patron's cart edits, sent one at a time: each is applied to the lane's cart as the server last answered it, so
 * quick taps all count and the lane's cart stays the only one. `afterEdits` runs a press (Pay) once every tap before
 * it is in, with the cart as the lane then has it. Returns those and the last refusal.
 */
export function useCartEdits(lane: string) {
  const queryClient = useQueryClient();
  const queue = useRef<Promise<void>>(Promise.resolve());
  const [error, setError] = useState<unknown>(null);
  const afterEdits = useCallback((then: (cart: CartItem[], state: LaneState) => unknown) => {
    queue.current = queue.current.then(async () => {
      const current = queryClient.getQueryData<LaneState>(laneKeys.detail(lane));
      if (current) await then(cartItemsOf(current.cart), current);
    });
  }, [lane, queryClient]);
  const edit = useCallback((change: (cart: CartItem[]) => CartItem[]) => afterEdits(async (cart) => {
    try {
      setLaneState(queryClient, await kioskRequest(lane, '/cart', laneStateSchema, 'PUT', { cart: change(cart) }));
      setError(null);
    } catch (failure) {
      setError(failure);
      await queryClient.invalidateQueries({ queryKey: laneKeys.detail(lane) });
    }
  }), [afterEdits, lane, queryClient]);
  return { edit, afterEdits, error };
}
