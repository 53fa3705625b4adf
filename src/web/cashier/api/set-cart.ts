// PUT /api/lanes/:lane/cart, and the hook that keeps this screen's cart and the lane's in step. The lane's cart (server)
// is the truth: a screen opened or reloaded shows it, and so does every other cashier screen of the lane. Edits made
// here are sent, one request at a time, latest cart last, compared by sku and qty; prices always come back from the
// server.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { CartItem } from '../../../domain/cart';
import { laneStateSchema, type LaneState } from '../../../domain/lane';
import { refusal } from '../../../domain/sale';
import { cartItemsOf, sameItems } from '../../cart/cart-items';
import { useCart, useCartEdited, useCartStore } from '../../cart/cart-store';
import { laneKeys, setLaneState } from '../../lane/api/get-lane-state';
import { ApiError, errorMessage } from '../../lib/api-client';
import { cashierRequest } from '../../till/cashier-request';
import { lanePath, refreshAfterRefusal } from './lane-action';

const RETRY_MS = 3_000;

export function setCart(lane: string, cart: CartItem[], operatorId: string): Promise<LaneState> {
  return cashierRequest(`${lanePath(lane)}/cart`, laneStateSchema, { method: 'PUT', body: { cart, operatorId } });
}

/** Returns a message for the cashier when the lane did not take an edit, else null. */
export function useCartSync(lane: string, state: LaneState | undefined, operatorId: string): string | null {
  const queryClient = useQueryClient();
  const items = useCart(lane);
  const edited = useCartEdited(lane);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const sending = useRef(false);
  const retry = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(retry.current), []);
  const itemsKey = JSON.stringify(items);

  useEffect(() => {
    // A send under way compares the latest carts again when it is answered.
    if (!state || sending.current) return;
    const store = useCartStore.getState();
    if (!store.edited[lane]) {
      const server = cartItemsOf(state.cart);
      if (!sameItems(server, store.carts[lane] ?? [])) store.adopt(lane, server);
      return;
    }
    clearTimeout(retry.current);
    sending.current = true;
    const onRetry = () => {
      retry.current = setTimeout(() => setAttempt((n) => n + 1), RETRY_MS);
    };
    void sendEdits({ queryClient, lane, state, operatorId, setError, onRetry }).finally(() => {
      sending.current = false;
    });
  }, [lane, state, edited, itemsKey, attempt, operatorId, queryClient]);

  return error;
}

interface SendEdits {
  queryClient: QueryClient;
  lane: string;
  /** The lane's state when the send began. */
  state: LaneState;
  operatorId: string;
  setError: (error: string | null) => void;
  /** Not the lane's answer (network, the till's disk): the edit is kept, to be sent again shortly. */
  onRetry: () => void;
}

/** Sends this screen's edits until the lane has its latest cart, or will not take it. */
async function sendEdits({ queryClient, lane, state, operatorId, setError, onRetry }: SendEdits): Promise<void> {
  for (;;) {
    const local = useCartStore.getState().carts[lane] ?? [];
    const current = queryClient.getQueryData<LaneState>(laneKeys.detail(lane)) ?? state;
    const server = cartItemsOf(current.cart);
    if (!useCartStore.getState().edited[lane]) return;
    if (sameItems(server, local)) {
      useCartStore.getState().settle(lane);
      setError(null);
      return;
    }
    const refused = refusal(current, 'setCart');
    if (refused) {
      // Another screen started a payment (or finished the sale) first: this screen's edit cannot go in.
      useCartStore.getState().adopt(lane, server);
      setError(`The cart was not changed. ${refused.message}`);
      return;
    }
    try {
      setLaneState(queryClient, await setCart(lane, local, operatorId));
    } catch (failure) {
      if (failure instanceof ApiError && (failure.status === 409 || failure.status === 400)) {
        adoptLaneCart(queryClient, lane, local, failure, setError);
      } else {
        setError(errorMessage(failure));
        onRetry();
      }
      return;
    }
  }
}

/** The lane will not take this cart (its sale moved on, or a product is no longer sold): show the lane's. */
function adoptLaneCart(queryClient: QueryClient, lane: string, local: CartItem[], failure: ApiError, setError: (error: string) => void): void {
  refreshAfterRefusal(queryClient, lane, failure);
  const now = queryClient.getQueryData<LaneState>(laneKeys.detail(lane));
  const lanes = now ? cartItemsOf(now.cart) : [];
  useCartStore.getState().adopt(lane, lanes);
  // Refused only because this cart is already being paid for (Pay overtook it): nothing to say.
  if (!sameItems(lanes, local)) setError(`The cart was not changed. ${failure.message}`);
}
