import type { LaneState } from '../../domain/lane';
import { amountStillOwed } from '../../domain/sale';

/** A sale in flight (a payment or a wallet being waited for) or paid fixes the cart until the next sale. */
export function isSaleLocked(state: LaneState): boolean {
  const { payment, connection, settlement } = state;
  return payment?.outcome === 'pending' || payment?.outcome === 'paid' || connection?.outcome === 'waiting' || settlement !== null;
}

export type DisplayScreen = 'idle' | 'cart' | 'connect' | 'pay' | 'collect' | 'result';

/** What a customer display shows for a lane at a given time. */
export function displayScreen(state: LaneState, now: number): DisplayScreen {
  const { payment, connection, settlement } = state;
  if (payment?.outcome === 'pending') return 'pay';
  if (connection?.outcome === 'waiting') return 'connect';
  if (amountStillOwed(state)) return 'collect';
  const finishedAt = payment?.finishedAt ?? settlement?.at ?? connection?.finishedAt;
  if (finishedAt && Date.parse(finishedAt) + state.resultSeconds * 1000 > now) return 'result';
  if (payment?.outcome === 'paid' || settlement) return 'idle';
  return state.cart.length > 0 ? 'cart' : 'idle';
}
