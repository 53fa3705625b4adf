// A pure engine driven the way the shell drives it, for property tests: commands and runner observations applied
// one at a time by its transition, what a runner saw delivered now, lost (the effect is run again), late or twice,
// and restarts (the state written as JSON and read back, the late observations of the old process dropped). Every
// change is handed to a check. And the engines' real runners run on a loop whose waits end at once, against a
// simulated Centrapay whose calls fail as a script says. Test support only.
import { CentrapayError } from '../server/gateway/centrapay/errors';
import type { Effect, EffectRun, Step } from '../server/gateway/engine/engine';
import { Loop } from '../server/gateway/engine/runner';

/** What becomes of a runner's call: answered, done but its answer lost, answered late or twice, or never arrived. */
export type Delivery = 'answer' | 'lost' | 'late' | 'twice' | 'unreached';

const DELIVERIES: readonly Delivery[] = ['answer', 'answer', 'answer', 'answer', 'lost', 'lost', 'late', 'late', 'twice', 'unreached'];

export function deliveryOf(pick: number): Delivery {
  return DELIVERIES[pick % DELIVERIES.length]!;
}

export interface PureEngine<S, E, R, C, A extends Effect> {
  transition(state: S, event: E, ctx: C): Step<S, R>;
  effects(state: S): readonly A[];
}

export interface Change<S, E, R> {
  before: S;
  event: E;
  step: Step<S, R>;
}

export class EngineRun<S, E extends { type: string }, R, C, A extends Effect> {
  state: S;
  /**
   * Observations runners made that have not arrived yet, with the effect each is of: a runner reports what it saw
   * before it runs its effect again, so that effect is not run meanwhile (unless a restart drops the report).
   */
  readonly late: { key: string; observation: E }[] = [];
  /** What happened, in order (written out only when a property fails). */
  readonly trail: (string | { event: unknown; outcome: string })[] = [];

  constructor(
    private readonly engine: PureEngine<S, E, R, C, A>,
    initial: S,
    private readonly ctx: () => C,
    private readonly check: (change: Change<S, E, R>) => void,
  ) {
    this.state = initial;
  }

  dispatch(event: E): Step<S, R> {
    const before = this.state;
    const step = this.engine.transition(before, event, this.ctx());
    this.trail.push({ event, outcome: step.refused ? `refused ${step.refused.code}` : step.state === before ? 'unchanged' : 'changed' });
    if (!step.refused) this.state = step.state;
    this.check({ before, event, step });
    return step;
  }

  effects(): readonly A[] {
    return this.engine.effects(this.state);
  }

  /** Effects to run now: those the state needs, but for any whose runner still has a report on its way. */
  runnable(): readonly A[] {
    return this.effects().filter((effect) => !this.late.some((late) => late.key === effect.key));
  }

  /** A runner's observation of `effect` (null: it saw nothing to report), as the delivery has it. */
  deliver(effect: A, observation: E | null, delivery: Delivery): void {
    if (!observation || delivery === 'lost' || delivery === 'unreached') return;
    if (delivery === 'late') {
      this.late.push({ key: effect.key, observation });
      return;
    }
    this.dispatch(observation);
    if (delivery === 'twice') this.dispatch(observation);
  }

  /** One of the late observations arrives now; false when none is waiting. */
  deliverLate(pick: number): boolean {
    if (this.late.length === 0) return false;
    const [late] = this.late.splice(pick % this.late.length, 1);
    this.dispatch(late!.observation);
    return true;
  }

  /** The process stops and starts again: the state as the journal would give it back; runners start afresh. */
  restart(revive: (json: unknown) => S = (json) => json as S): void {
    this.note('restart');
    this.state = revive(JSON.parse(JSON.stringify(this.state)));
    this.late.length = 0;
  }

  /** Something that happened outside the engine (at Centrapay, to the clock), for the trail. */
  note(what: string): void {
    this.trail.push(what);
  }

  /** The trail's last lines, for a failure's message. */
  tail(lines = 60): string {
    return this.trail.slice(-lines).map((line) => (typeof line === 'string' ? `  (${line})` : `${JSON.stringify(line.event).slice(0, 300)} → ${line.outcome}`)).join('\n');
  }
}

/**
 * Options for `fc.assert`: a fixed seed per property, or `FC_SEED` from the environment to replay (or explore) one.
 * fast-check prints the seed and the shrunk path of a failure; the replay line says how to run it again.
 */
export function propertyOptions(numRuns: number, seed: number): { numRuns: number; seed: number; endOnFailure: boolean } {
  const chosen = process.env.FC_SEED ? Number(process.env.FC_SEED) : seed;
  return { numRuns: process.env.FC_RUNS ? Number(process.env.FC_RUNS) : numRuns, seed: chosen, endOnFailure: false };
}

/** Runs the body; on a failure, the error says what led to it (the run's trail) and the seed to replay it with. */
export async function withTrailAsync(trail: () => string, seed: number, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    withTrail(trail, seed, () => {
      throw error;
    });
  }
}

/** Runs the body; on a failure, the error says what led to it (the run's trail) and the seed to replay it with. */
export function withTrail(trail: () => string, seed: number, body: () => void): void {
  try {
    body();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n(seed ${process.env.FC_SEED ?? seed}: replay with FC_SEED=${process.env.FC_SEED ?? seed})\n--- what happened, last steps ---\n${trail()}`, { cause: error });
  }
}

/** A check made after every step: cheaper than `expect` (which a property runs hundreds of thousands of times). */
export function ensure(condition: boolean, message: string | (() => string)): asserts condition {
  if (!condition) throw new Error(typeof message === 'string' ? message : message());
}

/** How one call to the simulated Centrapay goes: answered, done but its answer lost, never arrived, or refused outright. */
export type CallFault = 'ok' | 'lost' | 'unreached' | 'refused';

/** The faults a runner's calls meet, one per call in order; every call after the script is answered. */
export class CallFaults {
  private calls = 0;

  constructor(
    private readonly script: readonly CallFault[] = [],
    /** The code an outright refusal carries. */
    readonly refusal: string = 'Forbidden',
  ) {}

  next(): CallFault {
    const fault = this.script[this.calls] ?? 'ok';
    this.calls += 1;
    return fault;
  }
}

/** Up to three faults from a step's number: mostly answers, some lost or unreached, one run in ten refused first. */
export function faultsOf(n: number, refusal: string): CallFaults {
  const script: CallFault[] = [];
  let rest = Math.floor(n / 10);
  for (let i = 0; i < 3; i += 1) {
    script.push((['ok', 'ok', 'lost', 'unreached'] as const)[rest % 4]!);
    rest = Math.floor(rest / 4);
  }
  if (n % 10 === 0) script[0] = 'refused';
  return new CallFaults(script, refusal);
}

function unavailable(): CentrapayError {
  return new CentrapayError('unavailable', 'HTTP_503', 503, 'Service Unavailable');
}

/**
 * A call that moves money, through the faults: `act` is Centrapay doing it (given the code to refuse it with, when
 * refused outright), answering or refusing; a lost answer did it all the same.
 */
export async function moneyCall<T>(faults: CallFaults, act: (refuse: string | null) => { ok: T } | { refused: string }): Promise<T> {
  const fault = faults.next();
  if (fault === 'unreached') throw unavailable();
  const answer = act(fault === 'refused' ? faults.refusal : null);
  if (fault === 'lost') throw unavailable();
  if ('refused' in answer) throw new CentrapayError('rejected', answer.refused, 403, answer.refused);
  return answer.ok;
}

/** A read through the faults: an answer lost or unreached is a failed read. */
export async function readCall<T>(faults: CallFaults, read: () => T): Promise<T> {
  const fault = faults.next();
  if (fault === 'lost' || fault === 'unreached') throw unavailable();
  return read();
}

/** A runner's loop whose waits end at once; past `budget` waits the runner is stopped (as a restart or a cue would). */
class InstantLoop extends Loop {
  constructor(
    private budget: number,
    private readonly controller: AbortController,
  ) {
    super({ baseMs: 0, maxMs: 0 }, controller.signal);
  }

  override sleep(): Promise<boolean> {
    this.budget -= 1;
    if (this.budget < 0) this.controller.abort();
    return Promise.resolve(false);
  }
}

/** Runs a real runner once; what it reported (a runner reports at most once, then ends; stopped, it reports nothing). */
export async function runRunner<O>(work: (run: EffectRun<O>) => Promise<void>, options: { resumed: boolean; budget: number }): Promise<O[]> {
  const reported: O[] = [];
  const loop = new InstantLoop(options.budget, new AbortController());
  const report = async (observation: O) => {
    if (loop.stopped) return false;
    reported.push(observation);
    return true;
  };
  await work({ loop, resumed: options.resumed, report, settle: report });
  return reported;
}
