// What goes wrong while the cashiers and machines work, paced over the run by how many operations have started:
// sandbox faults (faults.ts), SIGKILLs of a gateway with money in flight (a payment being created or live, a refund
// or void pressed and not yet answered, a tab or a pump's authorisation being opened or drawn down, a vend being
// bought, paid or refunded) and its restart, its journal locked by another
// program (BEGIN EXCLUSIVE held from here), and its journal's disk full for real (disks.ts) or read-only (the
// gateway's chaos switch), taking turns. One episode at a time per gateway, so a restart never meets a lock it
// cannot open its journal through.
import Database from 'better-sqlite3';
import type { LaneState } from '../../src/domain/lane';
import { FaultDealer, type SandboxFaults } from './faults';
import type { SmallDisk } from './disks';
import type { GatewayProcess } from './processes';
import type { Random } from './random';
import { bump, log, sleep, type RunStats } from './stats';
import type { Till } from './till';

export interface ChaosPlan {
  faults: number;
  kills: number;
  locks: number;
  diskFull: number;
}

export function chaosPlan(operations: number): ChaosPlan {
  return {
    // At least the whole deck of (route, mode) pairs, else about one fault per operation.
    faults: Math.max(Math.ceil(FaultDealer.pairs * 1.2), operations),
    kills: Math.max(10, Math.round(operations / 25)),
    locks: Math.max(3, Math.round(operations / 40)),
    diskFull: Math.max(3, Math.round(operations / 40)),
  };
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

export class Chaos {
  private stopped = false;
  private readonly loops: Promise<void>[] = [];
  /** Gateways in an episode (kill, lock, full disk) right now. */
  private readonly busy = new Set<string>();
  private lastKillAt = 0;
  private readonly hints: Hint[] = [];

  constructor(
    private readonly gateways: readonly GatewayProcess[],
    private readonly tills: ReadonlyMap<string, Till>,
    private readonly dealer: FaultDealer,
    private readonly faults: SandboxFaults,
    private readonly random: Random,
    private readonly stats: RunStats,
    private readonly plan: ChaosPlan,
    /** 0 → 1 as the operations start. */
    private readonly progress: () => number,
    /** Each gateway's own small disk for its journal, where this machine can mount one. */
    private readonly disks: ReadonlyMap<string, SmallDisk>,
  ) {}

  start(): void {
    this.loops.push(this.faultLoop(), this.killLoop(), this.lockLoop(), this.diskLoop());
  }

  /** A cashier pressed Pay or Connect on this lane: a good moment for a kill, if one is due. */
  payPressed(gateway: string, lane: string): void {
    const process = this.gateways.find((candidate) => candidate.name === gateway);
    if (process) this.hint({ gateway, what: 'sale', at: Date.now(), inFlight: () => this.inFlight(process, [lane]) });
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
    const killed = (hint: Hint) => Object.entries(this.stats.kills.inFlight).filter(([what]) => flowOf(what) === flowOf(hint.what)).reduce((sum, [, n]) => sum + n, 0);
    const least = Math.min(...fresh.map(killed));
    const chosen = fresh.filter((hint) => killed(hint) === least);
    const hint = chosen[chosen.length - 1]!;
    this.hints.push(...fresh.filter((other) => other !== hint));
    return hint;
  }

  /** Stops injecting; episodes under way finish (locks released, disk freed, killed gateways restarted). */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
    this.stats.faults.left = await this.faults.clear();
    for (const gateway of this.gateways) if (!gateway.up) await gateway.start();
    for (const disk of this.disks.values()) disk.free();
    for (const gateway of this.gateways) await this.tills.get(gateway.name)!.journalReadOnly(false);
  }

  private due(done: number, total: number, ahead = 1): boolean {
    return done < Math.min(total, Math.ceil(total * Math.min(1, this.progress() * 1.25)) + ahead);
  }

  private killDue(): boolean {
    return !this.stopped && this.due(this.stats.kills.count, this.plan.kills) && Date.now() - this.lastKillAt > 2_500;
  }

  private async faultLoop(): Promise<void> {
    while (!this.stopped) {
      for (let i = 0; i < 3 && this.due(this.stats.faults.injected, this.plan.faults, 2); i += 1) {
        try {
          await this.faults.inject(this.dealer.next());
        } catch (error) {
          log(`could not inject a fault: ${String(error)}`);
        }
      }
      await sleep(400);
    }
  }

  private available(): GatewayProcess[] {
    return this.gateways.filter((gateway) => gateway.up && !this.busy.has(gateway.name));
  }

  private async killLoop(): Promise<void> {
    while (!this.stopped) {
      await sleep(150);
      if (!this.killDue()) {
        this.hints.length = 0;
        continue;
      }
      const hint = this.takeHint();
      const candidates = hint ? this.available().filter((gateway) => gateway.name === hint.gateway) : this.available();
      if (candidates.length === 0) continue;
      const gateway = this.random.pick(candidates);
      if (hint) await sleep(this.random.int(5, 60));
      const inFlight = hint ? await hint.inFlight().catch(() => null) : await this.inFlight(gateway, gateway.spec.lanes.map((lane) => lane.id));
      if (!inFlight || this.stopped || this.busy.has(gateway.name) || !gateway.up) continue;
      await this.episode(gateway, async () => {
        await gateway.kill();
        this.lastKillAt = Date.now();
        this.stats.kills.count += 1;
        bump(this.stats.kills.inFlight, inFlight);
        const down = this.random.int(300, 3_000);
        await sleep(down);
        const started = Date.now();
        await gateway.start();
        this.stats.kills.restartMs.push(Date.now() - started);
        log(`SIGKILL #${this.stats.kills.count}: gateway ${gateway.name} (${inFlight}), down ${down} ms, up again in ${Date.now() - started} ms`);
      });
    }
  }

  /** What the gateway has in flight on these lanes: a create under way, or a live Payment Request. */
  private async inFlight(gateway: GatewayProcess, lanes: readonly string[]): Promise<string | null> {
    const found = new Set<string>();
    await Promise.all(lanes.map(async (lane) => {
      try {
        const response = await fetch(`${gateway.url}/api/lanes/${lane}`, { signal: AbortSignal.timeout(2_000) });
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

  private async lockLoop(): Promise<void> {
    while (!this.stopped) {
      await sleep(this.random.int(500, 2_000));
      if (this.stopped || !this.due(this.stats.lockEpisodes, this.plan.locks, 0)) continue;
      const candidates = this.available();
      if (candidates.length === 0) continue;
      const gateway = this.random.pick(candidates);
      await this.episode(gateway, async () => {
        let db: Database.Database | undefined;
        try {
          db = new Database(gateway.spec.journalPath, { timeout: 2_000 });
          db.exec('BEGIN EXCLUSIVE');
          this.stats.lockEpisodes += 1;
          const hold = this.random.int(1_000, 4_000);
          await sleep(hold);
          db.exec('COMMIT');
          log(`journal lock #${this.stats.lockEpisodes}: gateway ${gateway.name}, held ${hold} ms`);
        } catch (error) {
          log(`could not lock gateway ${gateway.name}'s journal: ${String(error)}`);
        } finally {
          db?.close();
        }
      });
    }
  }

  private async diskLoop(): Promise<void> {
    while (!this.stopped) {
      await sleep(this.random.int(500, 2_000));
      if (this.stopped || !this.due(this.stats.diskFullEpisodes, this.plan.diskFull, 0)) continue;
      const candidates = this.available();
      if (candidates.length === 0) continue;
      const gateway = this.random.pick(candidates);
      const till = this.tills.get(gateway.name)!;
      const disk = this.disks.get(gateway.name);
      // Taking turns: a disk filled for real, then one gone read-only.
      const how = disk && this.stats.diskFullEpisodes % 2 === 0 ? 'full' : 'read-only';
      await this.episode(gateway, async () => {
        if (how === 'full') disk!.fill();
        else if (!(await till.journalReadOnly(true))) return log(`gateway ${gateway.name} refused the journal switch`);
        try {
          this.stats.diskFullEpisodes += 1;
          bump(this.stats.diskFullHow, how);
          const hold = this.random.int(2_000, 6_000);
          await sleep(hold);
          log(`journal disk ${how} #${this.stats.diskFullEpisodes}: gateway ${gateway.name}, ${hold} ms`);
        } finally {
          // Always given back, whatever happened meanwhile: a disk left full would be an episode of the whole run.
          const freed = how === 'full' ? (disk!.free(), true) : await till.journalReadOnly(false);
          if (!freed) log(`gateway ${gateway.name}: could not switch its journal back; the restart or the end of the chaos does`);
        }
      });
    }
  }

  private async episode(gateway: GatewayProcess, work: () => Promise<void>): Promise<void> {
    this.busy.add(gateway.name);
    try {
      await work();
    } catch (error) {
      log(`chaos episode on gateway ${gateway.name} failed: ${String(error)}`);
    } finally {
      this.busy.delete(gateway.name);
    }
  }
}
