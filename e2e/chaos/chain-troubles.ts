// What the chaos does to a chain's instances on one PostgreSQL journal, besides the sandbox's faults:
// - kills: any instance but the last one up, often the one watching the most (holding the most leases), sometimes all
//   but one at once; kills overlap (an instance may still be restarting when the next dies). For each kill the leases
//   the dead process held are watched until another instance holds each: the takeover time.
// - dropped connections (the main trouble, in place of SQLite's locked journal): an instance's PostgreSQL backends
//   terminated — all of them (its pool, its turns' and locks' pools, its LISTEN connection), only the LISTEN one, or
//   only those in the middle of a statement or transaction.
// - row locks: another session holds a lane's key and view rows, or a lease row, FOR UPDATE for 1–4 s (an
//   administrator's long transaction): turns on that lane wait; a lease's renewals wait past its expiry.
// - partitions: an instance cut off from PostgreSQL for 2–9 s, longer than a lease lasts (tcp-relay.ts), while it still
//   reaches Centrapay and answers its screens: the others take its watching over, and it must stop watching.
// - the database read-only for 2–6 s (in place of SQLite's full disk): new sessions start read-only, and every
//   instance's connections are dropped as it begins and as it ends, as when a primary is demoted and promoted again.
//   Never while an instance is down or restarting (a start needs to write: its migrations).
import { dueVictim, type ChaosContext, type JournalTroubles, type KillPolicy } from './chaos';
import type { ChainDatabase, ChainFront } from './chain';
import type { ChainParts } from './deployment';
import type { GatewayProcess } from './processes';
import { bump, log, sleep, type RunStats } from './stats';

/** A lease not taken over this long after its holder's kill had nothing left to watch. */
const TAKEOVER_WATCH_MS = 30_000;
/** A takeover this slow is looked into (the lease lasts 3 s, the scan runs every 0.5 s). */
const SLOW_TAKEOVER_MS = 6_000;

/**
 * Times how long each lease of a killed process stays with it. A takeover is `clean` when the key's version had not
 * moved while the dead process still held it: whatever it watched was still waiting to be watched, and the time is
 * the chain's takeover time. Otherwise another instance changed the key first (the cashier cancelled, the payment
 * ended…): it is taken over when next needed, which may be at once or at the lane's next sale.
 */
export class Takeovers {
  private readonly watching = new Set<Promise<void>>();

  constructor(
    private readonly db: ChainDatabase,
    private readonly figures: RunStats['chain'],
    /** The instance a process is now (a restarted one is a new process). */
    private readonly instanceOf: (pid: number) => string | undefined,
  ) {}

  start(victim: string, pid: number, at: number): void {
    const watch = this.watch(victim, pid, at);
    this.watching.add(watch);
    void watch.finally(() => this.watching.delete(watch));
  }

  async settle(): Promise<void> {
    await Promise.all(this.watching);
  }

  private async watch(victim: string, pid: number, at: number): Promise<void> {
    const names = await this.db.leasesOf(pid).catch(() => []);
    const atKill = await this.db.leaseStates(names).catch(() => new Map<string, { version: number | null }>());
    const pending = new Set(names);
    const touched = new Set<string>();
    let looked = false;
    while (pending.size > 0 && Date.now() - at < TAKEOVER_WATCH_MS) {
      if (!looked && Date.now() - at > SLOW_TAKEOVER_MS) {
        looked = true;
        await this.lookWhy(victim, [...pending]);
      }
      const now = await this.db.leaseStates([...pending]).catch(() => null);
      for (const [name, { owner, version }] of now ?? []) {
        const moved = version !== (atKill.get(name)?.version ?? null);
        if (owner !== null && owner.includes(`-${pid}-`)) {
          if (moved) touched.add(name);
          continue;
        }
        const ms = Date.now() - at;
        (touched.has(name) ? this.figures.takeoverAfterChangeMs : this.figures.takeoverMs).push(ms);
        pending.delete(name);
        const by = owner === null ? 'nobody (given up)' : (this.instanceOf(Number(/-(\d+)-[0-9a-f]+$/.exec(owner)?.[1])) ?? owner);
        this.slowest({ name, ms, from: victim, by: by === victim ? `${by} (restarted)` : by, touched: touched.has(name) });
      }
      await sleep(100);
    }
    this.figures.notTakenOver += pending.size;
  }

  /** A takeover slower than it should be: what the database's sessions were doing then, kept for the report. */
  private async lookWhy(victim: string, pending: string[]): Promise<void> {
    if (this.figures.slowTakeoverLooks.length >= 3) return;
    const sessions = await this.db.activity().catch((error: unknown) => [{ error: String(error) }]);
    const leases = await this.db.leaseStates(pending).catch(() => new Map());
    this.figures.slowTakeoverLooks.push({ at: new Date().toISOString(), victim, pending: Object.fromEntries(leases), sessions });
  }

  private slowest(takeover: RunStats['chain']['slowestTakeovers'][number]): void {
    const list = this.figures.slowestTakeovers;
    list.push(takeover);
    list.sort((a, b) => b.ms - a.ms);
    list.splice(5);
  }
}

/** Kills among a chain's instances: never the last one up and in no episode; the watcher first more often than not. */
export function chainKills(context: ChaosContext, db: ChainDatabase, front: ChainFront, takeovers: Takeovers): KillPolicy {
  const { random, episodes } = context;
  return {
    overlap: true,
    victims: async () => {
      // Only instances up and in no episode count: one in an episode may be dying (a kill chosen a moment ago).
      const available = episodes.available();
      const room = available.length - 1;
      if (room < 1) return null;
      const byPid = await db.leasesByPid().catch(() => new Map<number, number>());
      const leases = (instance: GatewayProcess) => byPid.get(instance.pid ?? -1) ?? 0;
      const watcher = [...available].sort((a, b) => leases(b) - leases(a))[0]!;
      const first = leases(watcher) > 0 && random.chance(0.6) ? watcher : random.pick(available);
      const victims = [first];
      // Sometimes all but one go down together.
      if (room >= 2 && random.chance(0.25)) victims.push(...random.shuffle(available.filter((instance) => instance !== first)).slice(0, room - 1));
      return { front: front.name, victims };
    },
    killed: (victim, pid, at) => takeovers.start(victim.name, pid, at),
    settle: () => takeovers.settle(),
  };
}

export function chainTroubles(context: ChaosContext, chain: ChainParts): JournalTroubles {
  const { db, front } = chain;
  return {
    loops: () => [dropLoop(context, db), lockLoop(context, db, front), readOnlyLoop(context, db, front), partitionLoop(context, chain)],
    restore: async () => {
      for (const relays of chain.relays.values()) relays.db.partition(false);
      await db.readOnly(false);
    },
  };
}

async function dropLoop(context: ChaosContext, db: ChainDatabase): Promise<void> {
  const { random, stats, plan, episodes } = context;
  const chain = stats.chain;
  while (!context.stopped()) {
    await sleep(random.int(300, 1_500));
    if (context.stopped() || !context.due(chain.drops, plan.drops)) continue;
    const candidates = episodes.available();
    if (candidates.length === 0) continue;
    const instance = random.pick(candidates);
    const which = random.weighted({ all: 50, busy: 30, listener: 20 });
    const dropped = await db.dropConnections(instance.name, which).catch((error: unknown) => (log(`could not drop ${instance.name}'s connections: ${String(error)}`), 0));
    if (dropped === 0) continue;
    chain.drops += 1;
    chain.connectionsDropped += dropped;
    bump(chain.dropsBy, which);
  }
}

async function lockLoop(context: ChaosContext, db: ChainDatabase, front: ChainFront): Promise<void> {
  const { random, stats, plan } = context;
  const chain = stats.chain;
  while (!context.stopped()) {
    await sleep(random.int(500, 2_000));
    if (context.stopped() || !context.due(chain.rowLocks, plan.locks, 0)) continue;
    const hold = random.int(1_000, 4_000);
    try {
      if (random.chance(0.5)) {
        const lane = random.pick(front.spec.lanes).id;
        await db.lockRows('key_versions', [`sale:${lane}`, `view:${lane}`], hold);
        bump(chain.rowLocksOn, 'a lane’s key and view');
      } else {
        const held = await db.liveLeases();
        if (held.length === 0) continue;
        await db.lockRows('leases', [random.pick(held)], hold);
        bump(chain.rowLocksOn, 'a lease');
      }
      chain.rowLocks += 1;
    } catch (error) {
      log(`could not lock rows of the chain's journal: ${String(error)}`);
    }
  }
}

async function readOnlyLoop(context: ChaosContext, db: ChainDatabase, front: ChainFront): Promise<void> {
  const { random, stats, plan, episodes } = context;
  const chain = stats.chain;
  while (!context.stopped()) {
    await sleep(random.int(500, 2_000));
    if (context.stopped() || !context.due(chain.readOnlyEpisodes, plan.diskFull, 0)) continue;
    // Every instance up and in no other episode: none is starting (a start writes its migrations).
    if (episodes.available().length < front.instances.length) continue;
    await episodes.run(front.instances, async () => {
      const hold = random.int(2_000, 6_000);
      try {
        await db.readOnly(true);
        for (const instance of front.instances) chain.connectionsDropped += await db.dropConnections(instance.name, 'all');
        chain.readOnlyEpisodes += 1;
        await sleep(hold);
      } finally {
        await db.readOnly(false);
        for (const instance of front.instances) chain.connectionsDropped += await db.dropConnections(instance.name, 'all');
        log(`database read-only #${chain.readOnlyEpisodes}: ${hold} ms`);
      }
    });
  }
}

/**
 * An instance cut off from PostgreSQL for 2–9 s (its relay resets every connection and refuses new ones); it still
 * reaches Centrapay and its screens. Never the last healthy one.
 */
async function partitionLoop(context: ChaosContext, chain: ChainParts): Promise<void> {
  const { random, stats, episodes } = context;
  const figures = stats.chain;
  while (!context.stopped()) {
    // Never the last instance up and in no episode: someone must be able to take over what it watches.
    const instance = await dueVictim(context, () => figures.partitions, context.plan.locks, 2);
    if (!instance) continue;
    const relay = chain.relays.get(instance.name)!.db;
    // In an episode: not killed meanwhile (restarted, it could not open its journal).
    await episodes.run([instance], async () => {
      const hold = random.int(2_000, 9_000);
      relay.partition(true);
      figures.partitions += 1;
      try {
        await sleep(hold);
      } finally {
        relay.partition(false);
        log(`partition #${figures.partitions}: ${instance.name} cut off from the database for ${hold} ms`);
      }
    });
  }
}
