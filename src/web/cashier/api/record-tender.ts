// POST /api/lanes/:lane/tenders: money taken at the counter (cash, card) toward the sale's live Payment Request.
import type { CounterTender } from '../../../domain/lane';
import { postLaneAction, useLaneAction, type SaleAction } from './lane-action';

export function recordTender(lane: string, input: SaleAction & CounterTender) {
  return postLaneAction(lane, '/tenders', input);
}

export function useRecordTender(lane: string) {
  return useLaneAction(lane, (input: SaleAction & CounterTender) => recordTender(lane, input));
}
