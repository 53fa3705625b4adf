// PUT /api/kiosk/lanes/:lane/cart, and the patron's cart edits, sent one at a time: each is applied to the lane's cart
// as the server last answered it, so quick taps all count and the lane's cart stays the only one.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import type { CartItem } from '../../../domain/cart';
import { laneStateSchema, type LaneState } from '../../../domain/lane';
import { cartItemsOf } from '../../cart/cart-items';
import { laneKeys, setLaneState } from '../../lane/api/get-lane-state';
import { kioskRequest } from './kiosk-request';

export function setCart(lane: string, cart: CartItem[]): Promise<LaneState> {
  return kioskRequest(lane, '/cart', laneStateSchema, 'PUT', { cart });
}

/**
 * `edit` sends a change to the lane's cart; `afterEdits` runs a press (Pay) once every tap before it is in, with the
 * cart as the lane then has it. Returns those and the last refusal.
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
      setLaneState(queryClient, await setCart(lane, change(cart)));
      setError(null);
    } catch (failure) {
      setError(failure);
      await queryClient.invalidateQueries({ queryKey: laneKeys.detail(lane) });
    }
  }), [afterEdits, lane, queryClient]);
  return { edit, afterEdits, error };
}
