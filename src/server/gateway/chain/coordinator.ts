// A chain instance's part in sharing the journal with the others: it hears every committed change (change-feed.ts)
// and has the engine that owns the key read it again, then has the lane's screens told; it keeps its leases renewed
// and takes over the watching of whatever no instance watches (an instance was killed); it passes cues (a webhook
// said a request changed) and the activity feed's news to every instance, since the one that heard it may not be the
// one watching, with what Centrapay said when it fits in a notice, so the watcher needs no read to know; and it runs
// work that one instance of the chain must do, not each (an account's activity feed), on whichever holds its lease.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';
import { paymentActivitySchema, type PaymentActivity } from '../../../domain/centrapay';
import type { Lease } from '../engine/shared';
import { ChangeFeed } from './change-feed';
import { CHANGES_CHANNEL, type ChangeNotice, type PostgresSharedKeys } from './shared-keys';

/** What the coordinator needs of an engine's shell. */
export interface SharedShell {
  refresh(key: string, version: number): Promise<void>;
  scan(): Promise<void>;
  heldLeases(): Lease[];
  lose(key: string): void;
  /** Keys held in memory now (to read their versions again after the feed was lost). */
  heldKeys(): string[];
  /** Keys the journal says have business left (to learn those begun elsewhere while the feed was lost). */
  unfinishedKeys(): Promise<string[]>;
  releaseAll(): Promise<void>;
}

/** Work one instance of the chain does at a time (e.g. reading an account's activity feed). */
export interface SingleTask {
  start(): void;
  stop(): void;
}

export interface CoordinatorOptions {
  url: string;
  /** How long a lease lasts unrenewed; renewed every third of it. */
  leaseMs: number;
  /** How often keys nobody watches are looked for. */
  scanMs: number;
  /** The lanes whose views screens may be watching here (read again after the feed was lost). */
  lanes: () => readonly string[];
  log: { warn(obj: object, msg: string): void };
}

/** PostgreSQL's NOTIFY payload is at most 8000 bytes: a notice with more activities goes without them (the watcher reads). */
const MAX_NOTICE_BYTES = 7_900;
const activitiesSchema = z.array(paymentActivitySchema);

/** What a webhook or the feed said of a request, for every instance: `cue` wakes every engine, `news` the sale's. */
type RequestNotice = { cue: string; a?: PaymentActivity[] } | { news: string; a?: PaymentActivity[] };
type ActivityListener = (paymentRequestId: string, activities: PaymentActivity[]) => void;

function requestNotice(notice: RequestNotice, activities: readonly PaymentActivity[]): string {
  const whole = JSON.stringify({ ...notice, a: activities });
  return activities.length > 0 && Buffer.byteLength(whole) <= MAX_NOTICE_BYTES ? whole : JSON.stringify(notice);
}

/** The activities a notice carried; none when it carried none (or what it carried does not read as activities). */
function activitiesOf(carried: unknown): PaymentActivity[] {
  const parsed = activitiesSchema.safeParse(carried ?? []);
  return parsed.success ? parsed.data : [];
}

/** This process, among the chain's instances: a restarted instance is a new owner. */
export function instanceId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

export class ChainCoordinator {
  private readonly shells = new Map<string, SharedShell>();
  private readonly viewListeners = new Set<(lane: string, version: number) => void>();
  private readonly cueListeners = new Set<ActivityListener>();
  private readonly newsListeners = new Set<ActivityListener>();
  private readonly feed: ChangeFeed;
  private readonly singles = new Map<string, { task: SingleTask; lease: Lease | null }>();
  private timers: NodeJS.Timeout[] = [];
  /** Changes heard that could not be read (the database failed meanwhile): read again at the next upkeep. */
  private readonly missed = new Map<string, number>();
  /** A resync that failed: done again at the next upkeep. */
  private behind = false;
  private catchingUp = false;

  constructor(
    readonly keys: PostgresSharedKeys,
    private readonly options: CoordinatorOptions,
  ) {
    this.feed = new ChangeFeed({
      url: options.url,
      channel: CHANGES_CHANNEL,
      onChange: (payload) => void this.heard(payload),
      resync: () => this.resync(),
      log: options.log,
    });
  }

  /** The engine's shell, by the name its keys are shared under (`sale`, `hold`, `after-sale`, `vend`). */
  register(engine: string, shell: SharedShell): void {
    this.shells.set(engine, shell);
  }

  /** Runs `task` on one instance of the chain at a time: this one while it holds the lease `name`. */
  single(name: string, task: SingleTask): void {
    this.singles.set(name, { task, lease: null });
  }

  onView(listener: (lane: string, version: number) => void): void {
    this.viewListeners.add(listener);
  }

  onCue(listener: ActivityListener): void {
    this.cueListeners.add(listener);
  }

  onNews(listener: ActivityListener): void {
    this.newsListeners.add(listener);
  }

  /** Tells every instance (this one too) that Centrapay says the request changed: a webhook, and the activity it carried. */
  async cue(paymentRequestId: string, activities: readonly PaymentActivity[] = []): Promise<void> {
    await this.keys.notify(requestNotice({ cue: paymentRequestId }, activities));
  }

  /** The activity feed's news of a request (one instance reads an account's feed), for the instance watching its sale. */
  async news(paymentRequestId: string, activities: readonly PaymentActivity[]): Promise<void> {
    await this.keys.notify(requestNotice({ news: paymentRequestId }, activities));
  }

  /** Leases this instance holds now, by engine (and single tasks under `single`): what it watches of the chain's work. */
  leasesHeld(): Record<string, number> {
    const held: Record<string, number> = { single: [...this.singles.values()].filter((single) => single.lease !== null).length };
    for (const [engine, shell] of this.shells) held[engine] = shell.heldLeases().length;
    return held;
  }

  /** Whether this instance hears the others' changes now (its LISTEN connection is up). */
  get listening(): boolean {
    return this.feed.listening;
  }

  /** The lane views' versions committed last (a view never changed has none). */
  async viewVersions(lanes: readonly string[]): Promise<Map<string, number>> {
    const versions = await this.keys.versions(lanes.map((lane) => `view:${lane}`));
    return new Map([...versions].map(([name, version]) => [name.slice('view:'.length), version]));
  }

  async start(): Promise<void> {
    await this.feed.start();
    const every = (ms: number, work: () => Promise<void>) => {
      const timer = setInterval(() => void work().catch((error: unknown) => this.options.log.warn({ err: String(error) }, 'chain upkeep failed; will try again')), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(Math.max(100, Math.floor(this.options.leaseMs / 3)), () => this.renew());
    every(this.options.scanMs, async () => {
      this.dropLapsed();
      for (const shell of this.shells.values()) await shell.scan();
      await this.takeSingles();
    });
    // Catching up may wait on a key's turn: on its own, so that it never holds up the scan's takeovers.
    every(this.options.scanMs, () => this.catchUp());
  }

  /** Stops hearing and renewing, and gives every lease up so the others take over at once. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.feed.stop();
    for (const shell of this.shells.values()) await shell.releaseAll();
    for (const single of this.singles.values()) {
      if (!single.lease) continue;
      single.task.stop();
      await this.keys.release(single.lease).catch(() => undefined);
      single.lease = null;
    }
  }

  /** Drops the feed's connection as a network failure would (the chaos run). */
  dropFeed(): void {
    this.feed.dropConnection();
  }

  /** Renews every lease held; a shell is told of those lost. The first failure is thrown once all were tried. */
  private async renew(): Promise<void> {
    this.dropLapsed();
    let failure: unknown = null;
    for (const shell of this.shells.values()) {
      try {
        for (const lease of await this.keys.leases.renew(shell.heldLeases())) shell.lose(keyOf(lease.name));
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== null) throw failure;
  }

  /** Leases not renewed for too long by this instance's clock (cut off from the database): their watching stops. */
  private dropLapsed(): void {
    for (const shell of this.shells.values()) {
      for (const lease of shell.heldLeases()) if (this.keys.leases.lapsed(lease)) shell.lose(keyOf(lease.name));
    }
  }

  /** What could not be read before (a failed resync, changes heard while the database failed) is read now, once at a time. */
  private async catchUp(): Promise<void> {
    if (this.catchingUp) return;
    this.catchingUp = true;
    try {
      if (this.behind) await this.resync();
      for (const [name, version] of [...this.missed]) {
        this.missed.delete(name);
        await this.refresh(name, version);
      }
    } finally {
      this.catchingUp = false;
    }
    const held = [...this.singles.values()].filter((single) => single.lease !== null);
    const lost = new Set((await this.keys.leases.renew(held.map((single) => single.lease!))).map((lease) => lease.name));
    for (const single of held) {
      if (!lost.has(single.lease!.name)) continue;
      single.task.stop();
      single.lease = null;
    }
  }

  /** Takes the lease of every single task no instance runs now, and runs it here. */
  private async takeSingles(): Promise<void> {
    for (const [name, single] of this.singles) {
      if (single.lease) continue;
      single.lease = await this.keys.claim(name);
      if (single.lease) single.task.start();
    }
  }

  private async heard(payload: string): Promise<void> {
    let notice: Partial<ChangeNotice> & { cue?: string; news?: string; a?: unknown };
    try {
      notice = JSON.parse(payload) as typeof notice;
    } catch {
      return;
    }
    if (typeof notice.cue === 'string' || typeof notice.news === 'string') {
      const [id, listeners] = typeof notice.cue === 'string' ? [notice.cue, this.cueListeners] : [notice.news!, this.newsListeners];
      const activities = activitiesOf(notice.a);
      for (const listener of listeners) listener(id, activities);
      return;
    }
    if (typeof notice.k !== 'string' || typeof notice.v !== 'number') return;
    await this.refresh(notice.k, notice.v);
    for (const [lane, version] of Object.entries(notice.views ?? {})) this.viewChanged(lane, version);
  }

  private async refresh(name: string, version: number): Promise<void> {
    const shell = this.shells.get(name.slice(0, name.indexOf(':')));
    try {
      await shell?.refresh(keyOf(name), version);
    } catch (error) {
      this.missed.set(name, Math.max(version, this.missed.get(name) ?? 0));
      this.options.log.warn({ key: name, err: String(error) }, 'could not read another instance’s change; it is read again shortly');
    }
  }

  private viewChanged(lane: string, version: number): void {
    for (const listener of this.viewListeners) listener(lane, version);
  }

  /**
   * After (re)connecting the feed: every key held, and every key with business left (one begun at another instance
   * while this one heard nothing would otherwise stay unknown here, and never be taken over from here), is read again
   * where it moved meanwhile, and every lane view. Failing, it is done again at the next upkeep.
   */
  private async resync(): Promise<void> {
    try {
      const names = new Set<string>();
      for (const [engine, shell] of this.shells) for (const key of [...shell.heldKeys(), ...(await shell.unfinishedKeys())]) names.add(`${engine}:${key}`);
      this.behind = false;
      for (const [name, version] of await this.keys.versions([...names])) await this.refresh(name, version);
      for (const [lane, version] of await this.viewVersions(this.options.lanes())) this.viewChanged(lane, version);
    } catch (error) {
      this.behind = true;
      this.options.log.warn({ err: String(error) }, 'could not catch up with the other instances’ changes; trying again shortly');
    }
  }
}

/** An engine's key from its shared name (`engine:key`). */
function keyOf(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}
