// The sale engine: a lane's state (state.ts), its one transition (transition.ts), and the effects a state needs
// (effects.ts), as the engine shell runs them (engine/shell.ts).
import { salePhase } from '../../../domain/sale';
import type { Engine } from '../engine/engine';
import { saleEffects, type SaleEffect } from './effects';
import type { LaneEvent, SaleRecord } from './events';
import type { StoredLane } from './state';
import { transition, type TransitionContext } from './transition';

export type SaleEngine = Engine<StoredLane, LaneEvent, SaleRecord, TransitionContext, SaleEffect>;

export function saleEngine(options: { expirySeconds: number }): SaleEngine {
  return { transition, effects: (state) => saleEffects(state, options), busy: hasBusiness };
}

/** Anything still to settle with Centrapay: a live payment or connection, a command under way, loose ends. */
export function hasBusiness(state: StoredLane): boolean {
  const phase = salePhase(state);
  return state.step !== null || state.loose.length > 0 || phase === 'starting' || phase === 'connecting' || phase === 'paying' || phase === 'owed';
}
