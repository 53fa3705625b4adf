// What the chaos does to a chain's instances on one PostgreSQL journal, besides the sandbox's faults:
// - kills: any instance but the last one up, often the one watching the most (holding the most leases), sometimes all
//   but one at once; kills overlap (an instance may still be restarting when the next dies). For each kill the leases
//   the dead process held are watched until another instance holds each: the takeover time.
// - dropped connections (the main trouble, in place of SQLite's locked journal): an instance's PostgreSQL backends
//   terminated — all of them (its pool, its turns' and locks' pools, its LISTEN connection), only the LISTEN one, or
//   only those in the middle of a statement or transaction.
// - row locks: another session holds a lane's key and view rows, or a lease row, FOR UPDATE for 1–4 s (an
//   administrator's long transaction): turns on that lane wait; a lease's renewals wait past its expiry.
// - the database read-only for 2–6 s (in place of SQLite's full disk): new sessions start read-only, and every
//   instance's connections are dropped as it begins and as it ends, as when a primary is demoted and promoted again.
//   Never while an instance is down or restarting (a start needs to write: its migrations).
import type { ChaosContext, JournalTroubles, KillPolicy } from './chaos';
import type { ChainDatabase, ChainFront } from './chain';
import type { GatewayProcess } from './processes';
import { bump, log, sleep } from './stats';

/** A lease not taken over this long after its holder's kill had nothing left to watch. */
const TAKEOVER_WATCH_MS = 20_000;

/** Times how long each lease of a killed process stays with it. */
export class Takeovers {
  private readonly watching = new Set<Promise<void>>();

  constructor(
    private readonly db: ChainDatabase,
    private readonly figures: { takeoverMs: number[]; notTakenOver: number },
  ) {}

  start(pid: number, at: number): void {
    const watch = this.watch(pid, at);
    this.watching.add(watch);
    void watch.finally(() => this.watching.delete(watch));
  }

  async settle(): Promise<void> {
    await Promise.all(this.watching);
  }

  private async watch(pid: number, at: number): Promise<void> {
    const pending = new Set(await this.db.leasesOf(pid).catch(() => []));
    const mine = (owner: string | undefined) => owner !== undefined && owner.includes(`-${pid}-`);
    while (pending.size > 0 && Date.now() - at < TAKEOVER_WATCH_MS) {
      const owners = await this.db.owners([...pending]).catch(() => null);
      for (const name of owners ? [...pending] : []) {
        if (mine(owners!.get(name))) continue;
        this.figures.takeoverMs.push(Date.now() - at);
        pending.delete(name);
      }
      await sleep(100);
    }
    this.figures.notTakenOver += pending.size;
  }
}

/** Kills among a chain's instances: never the last one up; the watcher first more often than not. */
export function chainKills(context: ChaosContext, db: ChainDatabase, front: ChainFront, takeovers: Takeovers): KillPolicy {
  const { random, episodes } = context;
  return {
    overlap: true,
    victims: async () => {
      const available = episodes.available();
      const room = front.instances.filter((instance) => instance.up).length - 1;
      if (room < 1 || available.length === 0) return null;
      const byPid = await db.leasesByPid().catch(() => new Map<number, number>());
      const leases = (instance: GatewayProcess) => byPid.get(instance.pid ?? -1) ?? 0;
      const watcher = [...available].sort((a, b) => leases(b) - leases(a))[0]!;
      const first = leases(watcher) > 0 && random.chance(0.6) ? watcher : random.pick(available);
      const victims = [first];
      // Sometimes all but one go down together.
      if (room >= 2 && random.chance(0.25)) victims.push(...random.shuffle(available.filter((instance) => instance !== first)).slice(0, room - 1));
      return { front: front.name, victims };
    },
    killed: (_victim, pid, at) => takeovers.start(pid, at),
    settle: () => takeovers.settle(),
  };
}

export function chainTroubles(context: ChaosContext, db: ChainDatabase, front: ChainFront): JournalTroubles {
  return {
    loops: () => [dropLoop(context, db), lockLoop(context, db, front), readOnlyLoop(context, db, front)],
    restore: () => db.readOnly(false),
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
