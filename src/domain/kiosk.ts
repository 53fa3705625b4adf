// Self-checkout kiosks: a lane the patron drives. What a kiosk may ask of its lane is a small fixed set (its cart,
// Pay by QR, a code the patron presents, cancel, start over); these rules say how a kiosk lane gets back to an empty
// sale after the patron walks away, used by the gateway and named the same on the kiosk screen.
import type { LaneState } from './lane';
import { salePhase } from './sale';

export const LANE_KINDS = ['till', 'kiosk'] as const;
export type LaneKind = (typeof LANE_KINDS)[number];

type StartOverView = Pick<LaneState, 'cart' | 'order' | 'step' | 'payment' | 'parts' | 'counter' | 'connection' | 'settlement'>;

/**
 * The next thing a kiosk lane must do to start over with an empty cart: void a payment under way (`cancel`), give
 * back what a patron paid of a sale they did not finish (`refund`), clear the sale (`newSale`), `wait` for Centrapay to
 * answer what is already being done, or nothing (null) when it is empty already.
 */
export function startOverStep(state: StartOverView): 'cancel' | 'refund' | 'newSale' | 'wait' | null {
  const phase = salePhase(state);
  const step = state.step;
  if (step) return step.kind === 'creating' || step.kind === 'connecting' ? (step.cancelRequested ? 'wait' : 'cancel') : 'wait';
  if (phase === 'paying' || phase === 'connecting') return 'cancel';
  if (phase === 'owed') return 'refund';
  if (phase === 'starting') return 'wait';
  return state.cart.length === 0 && !state.order ? null : 'newSale';
}
