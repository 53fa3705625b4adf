// The engine shell, generic over the engine: the only writer of an engine's states. Commands and observations for
// one key run one at a time (key-queue.ts); each is decided by the engine's transition against the state it will
// change; the new state and its records are committed to the journal before anything else sees them; then whoever
// watches is told, and the runners are matched to the effects the new state needs. At start-up the same matching
// resumes whatever the last process left in flight. Shared with other instances (`shared`, a chain on PostgreSQL),
// each command is decided in the key's turn across instances against the state last committed, every instance hears
// of every change (`refresh`), and only the instance holding a key's lease runs its effects; its runners' reports are
// fenced by that lease.
import type { EffectRun, Engine, EngineStore, Effect, Refusal } from './engine';
import { EngineRefusal } from './engine';
import { isJournalFailure } from '../journal/failures';
import { KeyQueue } from './key-queue';
import { startRunner, type Backoff, type Runner } from './runner';
import type { Lease, SharedKeys } from './shared';

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
  /** Other instances on the same journal; absent: this process alone. */
  shared?: SharedKeys;
  /** The lanes whose view a state shows on (a lane's sale, a tab's lane): their view version moves with it. */
  views?: (key: string, state: S) => readonly string[];
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
  /** Shared: the version each held state was committed at, the leases held, and effects this instance itself began. */
  private readonly versions = new Map<string, number>();
  private readonly leases = new Map<string, Lease>();
  private readonly claiming = new Set<string>();
  private readonly begun = new Set<string>();
  private stopped = false;

  constructor(private readonly options: ShellOptions<S, E, R, C, A, O>) {}

  /** Loads what has business left (and the pinned keys) and resumes its effects. */
  async start(pinned: readonly string[] = []): Promise<void> {
    for (const { key, state } of await this.options.store.unfinished()) this.states.set(key, state);
    for (const key of pinned) if (!this.states.has(key)) this.states.set(key, (await this.options.store.load(key)) ?? this.fresh(key));
    for (const [key, state] of this.states) for (const effect of this.options.engine.effects(state)) this.launched.add(key + SEP + effect.key);
    for (const key of this.states.keys()) this.reconcile(key, undefined, true);
  }

  stop(): void {
    this.stopped = true;
    for (const { runner } of this.runners.values()) runner.stop();
    this.runners.clear();
  }

  /** Shared: gives up every lease, so another instance takes the watching over at once (a rolling restart). */
  async releaseAll(): Promise<void> {
    const leases = [...this.leases.values()];
    this.leases.clear();
    await Promise.all(leases.map((lease) => this.options.shared?.release(lease).catch(() => undefined)));
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
    const { shared } = this.options;
    return this.queue.run(key, shared ? () => shared.exclusive(this.shareName(key), work) : work);
  }

  /** A command or observation: throws EngineRefusal, or the journal's failure; either way nothing changed. */
  dispatch(key: string, event: E): Promise<S> {
    return this.queue.run(key, () => this.step(key, async () => event));
  }

  /**
   * A command built from the state it will change, in the key's turn (e.g. numbered only once it is known to be
   * accepted): `build` answers the event, or null when there is nothing to do.
   */
  dispatchFrom(key: string, build: (state: S, ctx: C) => Promise<E | null>): Promise<S> {
    return this.queue.run(key, () => this.step(key, (state) => build(state, this.options.context())));
  }

  /** A runner's observation. False when it could not be recorded (the journal failed), so it is made again. */
  async report(key: string, observation: O): Promise<boolean> {
    if (this.stopped) return false;
    const lease = this.leases.get(key);
    // Shared, and no longer this instance's to watch: its successor reads for itself.
    if (this.options.shared && !lease) return true;
    try {
      await this.queue.run(key, () => this.step(key, async () => observation, lease));
      return true;
    } catch (error) {
      if (this.options.shared?.isLeaseLost(error)) {
        this.lose(key);
        return true;
      }
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

  /** Effects the states held in memory need, whoever runs them (shared: every instance holds every busy state). */
  wanted(): { key: string; effect: A }[] {
    return [...this.states].flatMap(([key, state]) => this.options.engine.effects(state).map((effect) => ({ key, effect })));
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

  /** One command in the key's turn: decided against the current state, committed, then told. */
  private async step(key: string, eventOf: (state: S) => Promise<E | null>, fence?: Lease): Promise<S> {
    const { shared } = this.options;
    if (!shared) {
      const before = await this.current(key);
      const after = await this.decide(before, eventOf);
      if (!after) return before;
      await this.options.store.commit(key, after.state, after.records);
      this.committed(key, after.state, before, true);
      return after.state;
    }
    const held = this.states.get(key);
    const turn = await shared.turn(this.shareName(key), async (tx, version) => {
      const current = this.versions.get(key) === version;
      const before = current ? await this.current(key) : ((await this.options.store.load(key)) ?? this.fresh(key));
      const after = await this.decide(before, eventOf);
      if (!after) return { value: { before, state: before, current }, changed: false, views: [] };
      if (fence) shared.fence(tx, fence);
      await this.options.store.commit(key, after.state, after.records, tx);
      return { value: { before, state: after.state, current }, changed: true, views: this.options.views?.(key, after.state) ?? [] };
    });
    const { before, state, current } = turn.value;
    // What another instance committed, read in this turn, is taken in as if heard (this instance had not yet).
    if (!current) this.committed(key, before, held, false);
    this.versions.set(key, turn.version);
    if (state !== before) this.committed(key, state, before, true);
    return state;
  }

  /** The transition's answer to the event built from `before`; null when nothing changes. Throws a refusal. */
  private async decide(before: S, eventOf: (state: S) => Promise<E | null>): Promise<{ state: S; records: R[] } | null> {
    const event = await eventOf(before);
    if (event === null) return null;
    const step = this.options.engine.transition(before, event, this.options.context());
    if (step.refused) throw new EngineRefusal(step.refused);
    if (step.state === before && step.records.length === 0) return null;
    return step;
  }

  /** A committed state, here or (shared) by another instance: kept while it has business, told, and its effects matched. */
  private committed(key: string, state: S, before: S | undefined, here: boolean): void {
    if (this.busy(state) || this.options.pinned?.(key)) this.states.set(key, state);
    else {
      this.states.delete(key);
      this.versions.delete(key);
    }
    // Effects this instance's own change began are new: only those found otherwise may have been sent already. An
    // effect the state had before this change was begun by whoever made it, here or at another instance.
    if (here && this.options.shared) {
      const had = new Set(before === undefined ? [] : this.options.engine.effects(before).map((effect) => effect.key));
      for (const effect of this.options.engine.effects(state)) if (!had.has(effect.key)) this.begun.add(key + SEP + effect.key);
    }
    for (const listener of [...this.listeners]) listener(key, state, before);
    for (const waiter of [...(this.waiters.get(key) ?? [])]) waiter(state);
    this.reconcile(key, state, here);
  }

  /** Shared: another instance committed `version` of the key; the state is read again unless already that new. */
  refresh(key: string, version: number): Promise<void> {
    const stale = () => !this.stopped && (this.versions.get(key) ?? -1) < version;
    if (!stale()) return Promise.resolve();
    return this.queue.run(key, async () => {
      if (!stale()) return;
      const state = await this.options.store.load(key);
      if (state === null) return;
      this.versions.set(key, version);
      this.committed(key, state, this.states.get(key), false);
    });
  }

  /** Shared: claims the watching of every held key with effects that no instance watches (one that stopped). */
  async scan(): Promise<void> {
    const { shared } = this.options;
    if (!shared || this.stopped) return;
    const wanted = [...this.states].filter(([key, state]) => !this.leases.has(key) && this.options.engine.effects(state).length > 0).map(([key]) => key);
    const free = new Set(await shared.unheld(wanted.map((key) => this.shareName(key))));
    for (const key of wanted) if (free.has(this.shareName(key))) void this.claim(key);
  }

  /** Shared: the keys held in memory (to be read again where they moved while changes could not be heard). */
  heldKeys(): string[] {
    return [...this.states.keys()];
  }

  /** Shared: the keys with business left in the journal (some may have begun at another instance unheard). */
  async unfinishedKeys(): Promise<string[]> {
    return (await this.options.store.unfinished()).map(({ key }) => key);
  }

  /** Shared: the leases held, for renewal. */
  heldLeases(): Lease[] {
    return [...this.leases.values()];
  }

  /** Shared: the lease on the key is lost (not renewed in time, or a write fenced out): its runners stop. */
  lose(key: string): void {
    if (!this.leases.delete(key)) return;
    this.options.log.warn({ engine: this.options.name, key }, 'another instance watches this now');
    this.reconcile(key);
  }

  /** Shared: takes the key's lease if free, then reads its state again (the last holder's writes) and runs its effects. */
  private async claim(key: string): Promise<void> {
    const { shared } = this.options;
    if (!shared || this.claiming.has(key) || this.leases.has(key) || this.stopped) return;
    this.claiming.add(key);
    let lease: Lease | null = null;
    try {
      lease = await shared.claim(this.shareName(key));
      if (!lease) return;
      this.leases.set(key, lease);
      await this.queue.run(key, async () => {
        const state = await this.options.store.load(key);
        // Its version is not known: the next turn reads it again.
        this.versions.delete(key);
        if (state === null) return this.reconcile(key, undefined);
        for (const effect of this.options.engine.effects(state)) if (!this.begun.has(key + SEP + effect.key)) this.launched.add(key + SEP + effect.key);
        this.committed(key, state, this.states.get(key), false);
      });
    } catch (error) {
      this.options.log.warn({ engine: this.options.name, key, err: String(error) }, 'could not take up watching a key; will try again');
    } finally {
      this.claiming.delete(key);
      // Not taken: whoever watches the key may run (and send) what this instance's change began. Taken later, it is resumed.
      if (!lease) this.forgetBegun(key);
    }
  }

  private forgetBegun(key: string): void {
    for (const id of [...this.begun]) if (id.startsWith(key + SEP)) this.begun.delete(id);
  }

  private shareName(key: string): string {
    return `${this.options.name}:${key}`;
  }

  /** Starts and stops the key's runners to match its effects; `claim`: shared, take the lease now if it is free. */
  private reconcile(key: string, state = this.states.get(key), claim = false): void {
    if (this.stopped) return;
    const prefix = key + SEP;
    const wanted = new Map<string, A>();
    for (const effect of state === undefined ? [] : this.options.engine.effects(state)) wanted.set(prefix + effect.key, effect);
    const watching = this.watching(key, wanted.size > 0, claim);
    for (const [id, { runner }] of this.runners) {
      if (!id.startsWith(prefix) || (watching && wanted.has(id))) continue;
      runner.stop();
      this.runners.delete(id);
      this.launched.delete(id);
    }
    for (const id of [...this.begun]) if (id.startsWith(prefix) && !wanted.has(id)) this.begun.delete(id);
    if (!watching) return;
    for (const [id, effect] of wanted) if (!this.runners.has(id)) this.launch(key, id, effect);
  }

  /**
   * Whether this instance runs the key's effects: always alone; shared, while it holds the lease — taken at once after
   * its own change or at start-up (`claim`), else by `scan` once no instance holds it.
   */
  private watching(key: string, needed: boolean, claim: boolean): boolean {
    const { shared } = this.options;
    if (!shared) return true;
    const lease = this.leases.get(key);
    if (needed && !lease && claim) void this.claim(key);
    if (!needed && lease) {
      this.leases.delete(key);
      void shared.release(lease).catch(() => undefined);
    }
    return needed && lease !== undefined;
  }

  private launch(key: string, id: string, effect: A): void {
    const resumed = this.launched.has(id);
    this.launched.add(id);
    // Run once, it may have sent: should this instance lose the watching and take it up again, it is resumed then.
    this.begun.delete(id);
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
