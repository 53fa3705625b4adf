// POST /api/lanes/:lane/connections: Connect, the customer's wallet linked to the sale before it asks for payment.
import { postLaneAction, saleBody, useLaneAction, type Sale } from './lane-action';

export function connectWallet(lane: string, input: Sale) {
  return postLaneAction(lane, '/connections', saleBody(input));
}

export function useConnectWallet(lane: string) {
  return useLaneAction(lane, (input: Sale) => connectWallet(lane, input));
}
