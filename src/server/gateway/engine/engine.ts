// The one shape every flow that moves money takes (a sale on a lane, a hold, a finished sale's refunds and voids, a
// vend): a pure transition `(state, event, ctx) → { state, records } | refused`, the effects a state needs (the
// Centrapay calls and timers that must be under way while it holds), and whether it still has business. The shell
// (shell.ts) is the only thing that applies a transition; the effects' runners only report what they saw.
import type { JournalTx } from '../journal/journal';
import type { Loop } from './runner';

/** Why a command may not happen now, in words a cashier (or patron, or machine) can act on. */
export interface Refusal {
  statusCode: number;
  code: string;
  message: string;
}

export type Step<S, R> = { state: S; records: R[]; refused?: undefined } | { refused: Refusal };

/** A Centrapay call or a timer a state needs, under a key that stays the same while it is needed. */
export interface Effect {
  readonly key: string;
}

export interface Engine<S, E, R, C, A extends Effect> {
  transition(state: S, event: E, ctx: C): Step<S, R>;
  effects(state: S): readonly A[];
  /** Still has business with Centrapay: kept in memory, and resumed at start-up. Default: while it needs effects. */
  busy?(state: S): boolean;
}

/** What a runner is given to do one effect. */
export interface EffectRun<O> {
  loop: Loop;
  /**
   * The effect ran before: resumed after a restart, or started again after its runner ended. What it asked of
   * Centrapay may have got there unseen, so a create looks before it sends again.
   */
  resumed: boolean;
  /** Hands an observation to the engine; false when it could not be recorded (the journal failed): say it again. */
  report(observation: O): Promise<boolean>;
  /** Reports until it is recorded, or the runner is stopped; true when it was recorded. */
  settle(observation: O): Promise<boolean>;
}

/** Where an engine's states and records are kept (a journal repository). */
export interface EngineStore<S, R> {
  load(key: string): Promise<S | null>;
  /** Every key with business left, to resume at start-up. */
  unfinished(): Promise<{ key: string; state: S }[]>;
  /** The new state and the rows that record how it got there, all or nothing (with the rest of `tx`, when given). */
  commit(key: string, state: S, records: readonly R[], tx?: JournalTx): Promise<void>;
}

/** A command the engine refused: nothing changed. */
export class EngineRefusal extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
    this.name = 'EngineRefusal';
  }
}
