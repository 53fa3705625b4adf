// What goes wrong while the cashiers and machines work, paced over the run by how many operations have started:
// sandbox faults (faults.ts), SIGKILLs of gateway processes with money in flight (a payment being created or live, a
// refund or void pressed and not yet answered, a tab or a pump's authorisation being opened or drawn down, a vend
// being bought, paid or refunded) and their restart, and the journal's own troubles: for gateways on SQLite their
// journals locked and their disks filled (sqlite-troubles.ts), for a chain's instances on PostgreSQL their database
// connections dropped, rows locked and the database made read-only (chain-troubles.ts). Who a kill hits is the
// kill policy's: one gateway at a time, or (a chain) any instance but the last one up, several down at once.
import type { LaneState } from '../../src/domain/lane';
import { FaultDealer, type SandboxFaults } from './faults';
import type { GatewayProcess } from './processes';
import type { Random } from './random';
import { bump, log, sleep, type RunStats } from './stats';
import type { Front, Till } from './till';

export interface ChaosPlan {
  faults: number;
  kills: number;
  locks: number;
  diskFull: number;
  /** A chain's dropped database connections. */
  drops: number;
}

export function chaosPlan(operations: number): ChaosPlan {
  return {
    // At least the whole deck of (route, mode) pairs, else about one fault per operation.
    faults: Math.max(Math.ceil(FaultDealer.pairs * 1.2), operations),
    kills: Math.max(10, Math.round(operations / 25)),
    locks: Math.max(3, Math.round(operations / 40)),
    diskFull: Math.max(3, Math.round(operations / 40)),
    drops: Math.max(10, Math.round(operations / 10)),
  };
}

/** Gateway processes in an episode (a kill, a lock, a full disk, a drop) right now: one at a time on each. */
export class Episodes {
  private readonly busy = new Set<GatewayProcess>();

  constructor(readonly instances: readonly GatewayProcess[]) {}

  /** Up, and in no episode. */
  available(): GatewayProcess[] {
    return this.instances.filter((instance) => instance.up && !this.busy.has(instance));
  }

  isBusy(instance: GatewayProcess): boolean {
    return this.busy.has(instance);
  }

  async run(instances: readonly GatewayProcess[], work: () => Promise<void>): Promise<void> {
    for (const instance of instances) this.busy.add(instance);
    try {
      await work();
    } catch (error) {
      log(`chaos episode on ${instances.map((instance) => instance.name).join(', ')} failed: ${String(error)}`);
    } finally {
      for (const instance of instances) this.busy.delete(instance);
    }
  }
}

/** Who a kill hits. */
export interface KillPolicy {
  /** The gateway (front) a kill about `front` (any gateway: null) falls on, and which of its processes die; null: not now. */
  victims(front: string | null): Promise<{ front: string; victims: GatewayProcess[] } | null>;
  /** A chain's kills overlap (several instances down at once); a lone gateway's come one at a time. */
  readonly overlap: boolean;
  /** As each victim dies (`pid` its process's): a chain times the takeover of what it watched. */
  killed?(victim: GatewayProcess, pid: number, at: number): void;
  /** Waits for what `killed` started. */
  settle?(): Promise<void>;
}

/** The journal's own troubles, each a loop of episodes; `restore` gives everything back after the chaos. */
export interface JournalTroubles {
  loops(): Promise<void>[];
  restore(): Promise<void>;
}

/** What the chaos and its journal troubles share: the dice, the figures, the plan and its pace, the episodes. */
export interface ChaosContext {
  random: Random;
  stats: RunStats;
  plan: ChaosPlan;
  episodes: Episodes;
  /** Whether `done` of `total` episodes is behind the run's progress (with `ahead` allowed early). */
  due(done: number, total: number, ahead?: number): boolean;
  stopped(): boolean;
}

/**
 * A journal trouble's next victim: after 0.5–2 s, one of the instances up and in no episode (at least `least` of them
 * free), if an episode counted by `done` is due; null when not now.
 */
export async function dueVictim(context: ChaosContext, done: () => number, total: number, least = 1): Promise<GatewayProcess | null> {
  await sleep(context.random.int(500, 2_000));
  if (context.stopped() || !context.due(done(), total, 0)) return null;
  const candidates = context.episodes.available();
  return candidates.length >= least ? context.random.pick(candidates) : null;
}

/** A good moment for a kill: a gateway is in the middle of something; `inFlight` says what, or null if no longer. */
interface Hint {
  gateway: string;
  what: string;
  at: number;
  inFlight: () => Promise<string | null>;
}

/** A hint older than this is stale: whatever it was about has moved on. */
const HINT_FRESH_MS = 3_000;

export interface ChaosOptions {
  /** Every gateway process the run may kill. */
  instances: readonly GatewayProcess[];
  /** Each gateway (one journal) as its screens reach it. */
  tills: ReadonlyMap<string, Till>;
  dealer: FaultDealer;
  faults: SandboxFaults;
  random: Random;
  stats: RunStats;
  plan: ChaosPlan;
  /** 0 → 1 as the operations start. */
  progress: () => number;
  kills: (context: ChaosContext) => KillPolicy;
  troubles: (context: ChaosContext) => JournalTroubles;
}

export class Chaos {
  private stopped = false;
  private readonly loops: Promise<void>[] = [];
  private readonly overlapping = new Set<Promise<void>>();
  private lastKillAt = 0;
  private readonly hints: Hint[] = [];
  private readonly context: ChaosContext;
  private readonly kills: KillPolicy;
  private readonly troubles: JournalTroubles;

  constructor(private readonly options: ChaosOptions) {
    this.context = {
      random: options.random, stats: options.stats, plan: options.plan, episodes: new Episodes(options.instances),
      due: (done, total, ahead) => this.due(done, total, ahead), stopped: () => this.stopped,
    };
    this.kills = options.kills(this.context);
    this.troubles = options.troubles(this.context);
  }

  start(): void {
    this.loops.push(this.faultLoop(), this.killLoop(), ...this.troubles.loops());
  }

  /** A cashier pressed Pay or Connect on this lane: a good moment for a kill, if one is due. */
  payPressed(gateway: string, lane: string): void {
    const till = this.options.tills.get(gateway);
    if (till) this.hint({ gateway, what: 'sale', at: Date.now(), inFlight: () => this.inFlight(till.gateway, [lane]) });
  }

  /**
   * A screen, a patron or a machine sent the gateway something that moves money (`what`: refund, void, tab round…):
   * a good moment for a kill while `stillInFlight` says it is under way.
   */
  pressed(gateway: string, what: string, stillInFlight: () => boolean | Promise<boolean>): void {
    this.hint({ gateway, what, at: Date.now(), inFlight: async () => ((await stillInFlight()) ? what : null) });
  }

  private hint(hint: Hint): void {
    if (!this.killDue()) return;
    this.hints.push(hint);
    if (this.hints.length > 64) this.hints.shift();
  }

  /** The freshest hint about what has been killed least so far, so that kills fall on every kind of work. */
  private takeHint(): Hint | undefined {
    const fresh = this.hints.filter((hint) => Date.now() - hint.at < HINT_FRESH_MS);
    this.hints.length = 0;
    if (fresh.length === 0) return undefined;
    const flowOf = (what: string) => what.split(':')[0];
    const killed = (hint: Hint) => Object.entries(this.options.stats.kills.inFlight).filter(([what]) => flowOf(what) === flowOf(hint.what)).reduce((sum, [, n]) => sum + n, 0);
    const least = Math.min(...fresh.map(killed));
    const chosen = fresh.filter((hint) => killed(hint) === least);
    const hint = chosen[chosen.length - 1]!;
    this.hints.push(...fresh.filter((other) => other !== hint));
    return hint;
  }

  /** Stops injecting; episodes under way finish (locks released, disks freed, killed gateways restarted). */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
    this.options.stats.faults.left = await this.options.faults.clear();
    for (const instance of this.options.instances) if (!instance.up) await instance.start();
    await this.troubles.restore();
    await this.kills.settle?.();
  }

  private due(done: number, total: number, ahead = 1): boolean {
    return done < Math.min(total, Math.ceil(total * Math.min(1, this.options.progress() * 1.25)) + ahead);
  }

  private killDue(): boolean {
    return !this.stopped && this.due(this.options.stats.kills.count, this.options.plan.kills) && Date.now() - this.lastKillAt > 2_500;
  }

  private async faultLoop(): Promise<void> {
    const { faults, dealer, stats, plan } = this.options;
    while (!this.stopped) {
      for (let i = 0; i < 3 && this.due(stats.faults.injected, plan.faults, 2); i += 1) {
        try {
          await faults.inject(dealer.next());
        } catch (error) {
          log(`could not inject a fault: ${String(error)}`);
        }
      }
      await sleep(400);
    }
  }

  private async killLoop(): Promise<void> {
    const { episodes } = this.context;
    while (!this.stopped) {
      await sleep(150);
      if (!this.killDue()) {
        this.hints.length = 0;
        continue;
      }
      const hint = this.takeHint();
      const chosen = await this.kills.victims(hint?.gateway ?? null);
      if (!chosen) continue;
      if (hint) await sleep(this.options.random.int(5, 60));
      const front = this.options.tills.get(chosen.front)!.gateway;
      const inFlight = hint ? await hint.inFlight().catch(() => null) : await this.inFlight(front, front.spec.lanes.map((lane) => lane.id));
      if (!inFlight || this.stopped || chosen.victims.some((victim) => episodes.isBusy(victim) || !victim.up)) continue;
      // Counted from now: the next kill is not chosen while this one's victims are still dying.
      this.lastKillAt = Date.now();
      const episode = episodes.run(chosen.victims, () => this.killAndRestart(chosen.victims, inFlight));
      if (!this.kills.overlap) await episode;
      else {
        this.overlapping.add(episode);
        void episode.finally(() => this.overlapping.delete(episode));
      }
    }
    await Promise.all(this.overlapping);
  }

  /** SIGKILLs the victims together, then starts each again 0.3–3 s later. */
  private async killAndRestart(victims: readonly GatewayProcess[], inFlight: string): Promise<void> {
    const { stats, random } = this.options;
    const pids = victims.map((victim) => victim.pid!);
    await Promise.all(victims.map((victim) => victim.kill()));
    const at = Date.now();
    this.lastKillAt = at;
    victims.forEach((victim, i) => {
      stats.kills.count += 1;
      bump(stats.kills.inFlight, inFlight);
      this.kills.killed?.(victim, pids[i]!, at);
    });
    const up = this.options.instances.filter((instance) => instance.up).length;
    if (this.kills.overlap && up === 1 && this.options.instances.length > 2) stats.kills.allButOneDown += 1;
    const down = random.int(300, 3_000);
    await sleep(down);
    await Promise.all(victims.map(async (victim) => {
      const started = Date.now();
      await victim.start();
      stats.kills.restartMs.push(Date.now() - started);
    }));
    log(`SIGKILL #${stats.kills.count}: ${victims.map((victim) => victim.name).join(' and ')} (${inFlight}), down ${down} ms, up again ${Date.now() - at - down} ms later; ${up} up meanwhile`);
  }

  /** What the gateway has in flight on these lanes: a create under way, or a live Payment Request. */
  private async inFlight(front: Front, lanes: readonly string[]): Promise<string | null> {
    const found = new Set<string>();
    await Promise.all(lanes.map(async (lane) => {
      try {
        const response = await fetch(`${front.url}/api/lanes/${lane}`, { signal: AbortSignal.timeout(2_000) });
        if (!response.ok) return;
        const state = (await response.json()) as LaneState;
        if (state.step?.kind === 'creating') found.add('sale: creating');
        else if (state.payment?.outcome === 'pending') found.add('sale: pending payment');
      } catch {
        // down or busy: not now
      }
    }));
    return found.has('sale: creating') ? 'sale: creating' : found.has('sale: pending payment') ? 'sale: pending payment' : null;
  }
}

/** Gateways each on a journal of their own: a kill hits the gateway a hint is about, one at a time. */
export function singleKills(context: ChaosContext): KillPolicy {
  return {
    overlap: false,
    victims: async (front) => {
      const candidates = context.episodes.available().filter((instance) => front === null || instance.name === front);
      if (candidates.length === 0) return null;
      const victim = context.random.pick(candidates);
      return { front: victim.name, victims: [victim] };
    },
  };
}
