// POST /api/lanes/:lane/cancel: cancels whatever the sale is doing: a payment still starting, a wallet not yet
// connected, a live request.
import { postLaneAction, useLaneAction, type SaleAction } from './lane-action';

export function cancelSale(lane: string, input: SaleAction) {
  return postLaneAction(lane, '/cancel', input);
}

export function useCancelSale(lane: string) {
  return useLaneAction(lane, (input: SaleAction) => cancelSale(lane, input));
}
