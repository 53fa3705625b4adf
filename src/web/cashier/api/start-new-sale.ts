// POST /api/lanes/:lane/new-sale: starts the next sale: the lane forgets the finished one, then the till's cart is
// emptied.
import { useCartStore } from '../../cart/cart-store';
import { postLaneAction, useLaneAction } from './lane-action';

export function startNewSale(lane: string, input: { operatorId: string }) {
  return postLaneAction(lane, '/new-sale', input);
}

export function useStartNewSale(lane: string) {
  return useLaneAction(lane, (input: { operatorId: string }) => startNewSale(lane, input), () => useCartStore.getState().clear(lane));
}
