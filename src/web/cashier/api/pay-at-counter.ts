// POST /api/lanes/:lane/counter: a sale paid at the counter from the start (no Centrapay step): all of it, or a first
// part.
import type { CounterTender } from '../../../domain/lane';
import { postLaneAction, saleBody, useLaneAction, type Sale } from './lane-action';

export function payAtCounter(lane: string, input: Sale & CounterTender) {
  return postLaneAction(lane, '/counter', { ...saleBody(input), method: input.method, amount: input.amount, tendered: input.tendered });
}

export function usePayAtCounter(lane: string) {
  return useLaneAction(lane, (input: Sale & CounterTender) => payAtCounter(lane, input));
}
