// A chain instance's part in sharing the journal with the others: it hears every committed change (change-feed.ts)
// and has the engine that owns the key read it again, then has the lane's screens told; it keeps its leases renewed
// and takes over the watching of whatever no instance watches (an instance was killed); it passes cues (a webhook
// said a request changed) and the activity feed's news to every instance, since the one that heard it may not be the
// one watching; with what Centrapay said when it fits in a notice, so the watcher needs no read to know.
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
  releaseAll(): Promise<void>;
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
  private timers: NodeJS.Timeout[] = [];

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
      for (const shell of this.shells.values()) await shell.scan();
    });
  }

  /** Stops hearing and renewing, and gives every lease up so the others take over at once. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.feed.stop();
    for (const shell of this.shells.values()) await shell.releaseAll();
  }

  /** Drops the feed's connection as a network failure would (the chaos run). */
  dropFeed(): void {
    this.feed.dropConnection();
  }

  private async renew(): Promise<void> {
    for (const shell of this.shells.values()) {
      const lost = await this.keys.leases.renew(shell.heldLeases());
      for (const lease of lost) shell.lose(lease.name.slice(lease.name.indexOf(':') + 1));
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
    const split = name.indexOf(':');
    const shell = this.shells.get(name.slice(0, split));
    try {
      await shell?.refresh(name.slice(split + 1), version);
    } catch (error) {
      this.options.log.warn({ key: name, err: String(error) }, 'could not read another instance’s change; it is read again at the next resync');
    }
  }

  private viewChanged(lane: string, version: number): void {
    for (const listener of this.viewListeners) listener(lane, version);
  }

  /** After (re)connecting the feed: every key held and every lane view is read again where it moved meanwhile. */
  private async resync(): Promise<void> {
    const names = [...this.shells].flatMap(([engine, shell]) => shell.heldKeys().map((key) => `${engine}:${key}`));
    for (const [name, version] of await this.keys.versions(names)) await this.refresh(name, version);
    for (const [lane, version] of await this.viewVersions(this.options.lanes())) this.viewChanged(lane, version);
  }
}
