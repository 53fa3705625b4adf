// POST /api/lanes/:lane/refund: refunds what the patron paid of a sale they cannot finish paying.
import { postLaneAction, useLaneAction, type SaleAction } from './lane-action';

export function refundPart(lane: string, input: SaleAction) {
  return postLaneAction(lane, '/refund', input);
}

export function useRefundPart(lane: string) {
  return useLaneAction(lane, (input: SaleAction) => refundPart(lane, input));
}
