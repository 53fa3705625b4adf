// The engine shell, generic over the engine: the only writer of an engine's states. Commands and observations for
// one key run one at a time (key-queue.ts); each is decided by the engine's transition against the state it will
// change; the new state and its records are committed to the journal before anything else sees them; then whoever
// watches is told, and the runners are matched to the effects the new state needs. At start-up the same matching
// resumes whatever the last process left in flight.
import type { EffectRun, Engine, EngineStore, Effect, Refusal } from './engine';
import { EngineRefusal } from './engine';
import { isJournalFailure } from '../journal/failures';
import { KeyQueue } from './key-queue';
import { startRunner, type Backoff, type Runner } from './runner';

export interface ShellLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ShellOptions<S, E, R, C, A extends Effect, O extends E> {
  /** The engine's name in logs: `sale`, `hold`, `after-sale`, `vend`. */
  name: string;
  engine: Engine<S, E, R, C, A>;
  store: EngineStore<S, R>;
  context: () => C;
  /** Runs one effect of the state under `key` (whose lane, hold, sale or vend it is: e.g. whose store's client calls). */
  run: (effect: A, run: EffectRun<O>, key: string) => Promise<void>;
  backoff: Backoff;
  /** The state of a key nothing was ever stored for; absent: such a key is refused with `missing`. */
  initial?: (key: string) => S;
  missing?: (key: string) => Refusal;
  /** Keys kept in memory whatever their state (a lane that is configured). */
  pinned?: (key: string) => boolean;
  log: ShellLogger;
}

export type ChangeListener<S> = (key: string, state: S, before: S | undefined) => void;

const SEP = '\u0000';
/** A runner that ended while its effect is still needed is started again after this. */
const RELAUNCH_MS = 1_000;

export class EngineShell<S, E, R, C, A extends Effect, O extends E> {
  private readonly states = new Map<string, S>();
  private readonly queue = new KeyQueue();
  private readonly runners = new Map<string, { key: string; effect: A; runner: Runner }>();
  /** Effects started before in this process (or found in flight at start-up): started again, they are `resumed`. */
  private readonly launched = new Set<string>();
  private readonly listeners = new Set<ChangeListener<S>>();
  private readonly waiters = new Map<string, Set<(state: S) => void>>();
  private stopped = false;

  constructor(private readonly options: ShellOptions<S, E, R, C, A, O>) {}

  /** Loads what has business left (and the pinned keys) and resumes its effects. */
  async start(pinned: readonly string[] = []): Promise<void> {
    for (const { key, state } of await this.options.store.unfinished()) this.states.set(key, state);
    for (const key of pinned) if (!this.states.has(key)) this.states.set(key, (await this.options.store.load(key)) ?? this.fresh(key));
    for (const [key, state] of this.states) for (const effect of this.options.engine.effects(state)) this.launched.add(key + SEP + effect.key);
    for (const key of this.states.keys()) this.reconcile(key);
  }

  stop(): void {
    this.stopped = true;
    for (const { runner } of this.runners.values()) runner.stop();
    this.runners.clear();
  }

  /** The state held in memory (keys with business, and pinned keys); undefined otherwise. */
  cached(key: string): S | undefined {
    return this.states.get(key);
  }

  /** Every state held in memory. */
  held(): IterableIterator<[string, S]> {
    return this.states.entries();
  }

  /** The key's state as the journal has it (or memory, when it is held). */
  async read(key: string): Promise<S | null> {
    return this.states.get(key) ?? (await this.options.store.load(key));
  }

  /** Runs `work` in the key's turn: nothing else on the key happens meanwhile (e.g. a check across several keys). */
  exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.queue.run(key, work);
  }

  /** A command or observation: throws EngineRefusal, or the journal's failure; either way nothing changed. */
  dispatch(key: string, event: E): Promise<S> {
    return this.queue.run(key, async () => this.apply(key, await this.current(key), event));
  }

  /**
   * A command built from the state it will change, in the key's turn (e.g. numbered only once it is known to be
   * accepted): `build` answers the event, or null when there is nothing to do.
   */
  dispatchFrom(key: string, build: (state: S, ctx: C) => Promise<E | null>): Promise<S> {
    return this.queue.run(key, async () => {
      const state = await this.current(key);
      const event = await build(state, this.options.context());
      return event === null ? state : this.apply(key, state, event);
    });
  }

  /** A runner's observation. False when it could not be recorded (the journal failed), so it is made again. */
  async report(key: string, observation: O): Promise<boolean> {
    if (this.stopped) return false;
    try {
      await this.dispatch(key, observation);
      return true;
    } catch (error) {
      const type = (observation as { type?: string }).type;
      // The journal's own failure is never taken for an answer: the observation is made again.
      if (isJournalFailure(error)) {
        this.options.log.warn({ engine: this.options.name, key, event: type, err: String(error) }, 'could not record what Centrapay said; will report it again');
        return false;
      }
      if (error instanceof EngineRefusal) return true;
      this.options.log.error({ engine: this.options.name, key, event: type, err: error instanceof Error ? error.stack : String(error) }, 'could not apply an observation');
      return false;
    }
  }

  onChange(listener: ChangeListener<S>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves with the state once `settled` holds (or at once when the key is not held: nothing is in flight), or after
   * `withinMs` with whatever it is then.
   */
  answer(key: string, settled: (state: S) => boolean, withinMs: number): Promise<S | undefined> {
    const now = this.states.get(key);
    if (now === undefined || settled(now)) return Promise.resolve(now);
    return new Promise((resolve) => {
      const waiting = this.waiters.get(key) ?? new Set();
      this.waiters.set(key, waiting);
      const finish = (state: S | undefined) => {
        clearTimeout(timer);
        waiting.delete(check);
        if (waiting.size === 0 && this.waiters.get(key) === waiting) this.waiters.delete(key);
        resolve(state);
      };
      const check = (state: S) => {
        if (settled(state)) finish(state);
      };
      const timer = setTimeout(() => finish(this.states.get(key)), withinMs);
      waiting.add(check);
    });
  }

  /** Effects under way now, with their keys. */
  effects(): { key: string; effect: A }[] {
    return [...this.runners.values()].map(({ key, effect }) => ({ key, effect }));
  }

  /** A cue: runners of the matching effects skip their wait. True when any matched. */
  wake(match: (effect: A, key: string) => boolean): boolean {
    let woke = false;
    for (const { key, effect, runner } of this.runners.values()) {
      if (!match(effect, key)) continue;
      runner.wake();
      woke = true;
    }
    return woke;
  }

  private busy(state: S): boolean {
    const { engine } = this.options;
    return engine.busy ? engine.busy(state) : engine.effects(state).length > 0;
  }

  private fresh(key: string): S {
    if (this.options.initial) return this.options.initial(key);
    throw new EngineRefusal(this.options.missing?.(key) ?? { statusCode: 404, code: 'NOT_FOUND', message: `Nothing is known of "${key}".` });
  }

  private async current(key: string): Promise<S> {
    return this.states.get(key) ?? (await this.options.store.load(key)) ?? this.fresh(key);
  }

  private async apply(key: string, before: S, event: E): Promise<S> {
    const step = this.options.engine.transition(before, event, this.options.context());
    if (step.refused) throw new EngineRefusal(step.refused);
    if (step.state === before && step.records.length === 0) return before;
    await this.options.store.commit(key, step.state, step.records);
    const { state } = step;
    if (this.busy(state) || this.options.pinned?.(key)) this.states.set(key, state);
    else this.states.delete(key);
    for (const listener of [...this.listeners]) listener(key, state, before);
    for (const waiter of [...(this.waiters.get(key) ?? [])]) waiter(state);
    this.reconcile(key, state);
    return state;
  }

  private reconcile(key: string, state = this.states.get(key)): void {
    if (this.stopped) return;
    const prefix = key + SEP;
    const wanted = new Map<string, A>();
    for (const effect of state === undefined ? [] : this.options.engine.effects(state)) wanted.set(prefix + effect.key, effect);
    for (const [id, { runner }] of this.runners) {
      if (!id.startsWith(prefix) || wanted.has(id)) continue;
      runner.stop();
      this.runners.delete(id);
      this.launched.delete(id);
    }
    for (const [id, effect] of wanted) if (!this.runners.has(id)) this.launch(key, id, effect);
  }

  private launch(key: string, id: string, effect: A): void {
    const resumed = this.launched.has(id);
    this.launched.add(id);
    const report = (observation: O) => this.report(key, observation);
    const runner = startRunner(this.options.backoff, (loop) => this.options.run(effect, {
      loop,
      resumed,
      report,
      settle: async (observation) => {
        while (!loop.stopped) {
          if (await report(observation)) return true;
          await loop.sleep(RELAUNCH_MS);
        }
        return false;
      },
    }, key), (error) => this.options.log.warn({ engine: this.options.name, key, effect: effect.key, err: String(error) }, 'a Centrapay runner stopped on an unexpected error'));
    const entry = { key, effect, runner };
    this.runners.set(id, entry);
    void runner.finished.then(() => {
      if (this.runners.get(id) !== entry) return;
      this.runners.delete(id);
      // Done, or ended early while still needed (a report it could not make): match again shortly.
      setTimeout(() => this.reconcile(key), RELAUNCH_MS).unref();
    });
  }
}
