// POST /api/lanes/:lane/payments: the QR flow, a Centrapay Payment Request for the cart (or the rest still owed).
import { postLaneAction, saleBody, useLaneAction, type Sale } from './lane-action';

export function startPayment(lane: string, input: Sale) {
  return postLaneAction(lane, '/payments', saleBody(input));
}

export function useStartPayment(lane: string) {
  return useLaneAction(lane, (input: Sale) => startPayment(lane, input));
}
