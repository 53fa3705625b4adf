// Sends the cashier's cart to the gateway on every change, one request at a time, latest cart last.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { CartLine } from '../../../domain/cart';
import { setLaneState } from '../../checkout/get-lane-state';
import { errorMessage } from '../../lib/api-client';
import { putCart } from './lane-actions';

/** `serverCart` is the lane's cart as the gateway has it; nothing is sent while it is unknown or already the same. */
export function useCartSync(lane: string, cart: CartLine[], serverCart: CartLine[] | undefined, locked: boolean): string | null {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const sending = useRef(false);
  const latest = useRef<CartLine[] | null>(null);

  const enabled = serverCart !== undefined && !locked && JSON.stringify(serverCart) !== JSON.stringify(cart);

  useEffect(() => {
    if (!enabled) return;
    latest.current = cart;
    if (sending.current) return;
    sending.current = true;
    void (async () => {
      while (latest.current) {
        const next = latest.current;
        latest.current = null;
        try {
          setLaneState(queryClient, await putCart(lane, next));
          setError(null);
        } catch (failure) {
          setError(errorMessage(failure));
        }
      }
      sending.current = false;
    })();
  }, [lane, cart, enabled, queryClient]);

  return error;
}
