// The lanes' sales, account by account. A lane calls Centrapay with its store's client, and the live requests of one
// Centrapay account share that account's one budget: each account has its own poll policy (how often its live
// requests are read) and its own activity feed, read once for all of its lanes (once per merchant, where one account
// serves several) — in a chain, by one of its instances for all of them.
import type { PaymentActivity } from '../../../domain/centrapay';
import type { StoreCentrapay } from '../centrapay/accounts';
import { ActivityFeed } from './activity-feed';
import type { SaleRunnerDeps } from './effect-runners';
import { PollPolicy, type PollPolicyOptions } from './poll-policy';

export interface SaleAccountsOptions extends Omit<PollPolicyOptions, 'perMinute'> {
  unknownAfterMs: number;
  lookupIntervalMs: number;
  /** A chain: each feed is read by one instance at a time (the coordinator starts and stops it), not by each. */
  single?: ChainFeeds['single'];
}

/** A chain's activity feeds: each read by one instance at a time, and what it shows told to every instance. */
export interface ChainFeeds {
  single: (name: string, feed: { start(): void; stop(): void }) => void;
  news: (paymentRequestId: string, activities: PaymentActivity[]) => void;
}

interface Account {
  policy: PollPolicy;
  /** By merchant id. */
  feeds: Map<string, ActivityFeed>;
}

export class SaleAccounts {
  private readonly accounts = new Map<string, Account>();
  private readonly running = new Set<ActivityFeed>();
  private started = false;

  constructor(
    private readonly centrapayOf: (lane: string) => StoreCentrapay,
    private readonly options: SaleAccountsOptions,
    /** Payment Requests and Connections of the account's lanes being read now. */
    private readonly live: (merchantAccountId: string) => number,
    /** Hands a request's new activities (oldest first) to the lane watching it, if any. */
    private readonly observe: (paymentRequestId: string, activities: PaymentActivity[]) => unknown,
    private readonly warn: (detail: object, message: string) => void,
  ) {}

  /** What a lane's effects are run with: its store's client and ids, and its account's pace. */
  deps(lane: string): SaleRunnerDeps {
    const centrapay = this.centrapayOf(lane);
    const { policy } = this.account(centrapay);
    return {
      client: centrapay.client,
      merchantAccountId: centrapay.merchantAccountId,
      merchantId: centrapay.merchantId,
      pollDelayMs: (request) => policy.delayMs(request),
      unknownAfterMs: this.options.unknownAfterMs,
      lookupIntervalMs: this.options.lookupIntervalMs,
    };
  }

  /** The feeds of the accounts these lanes use start reading (each when its policy says). */
  start(lanes: readonly string[]): void {
    this.started = true;
    for (const lane of lanes) this.account(this.centrapayOf(lane));
    for (const [account, { feeds }] of this.accounts) for (const [merchant, feed] of feeds) this.run(feed, feedName(account, merchant));
  }

  stop(): void {
    this.started = false;
    for (const feed of this.running) feed.stop();
    this.running.clear();
  }

  /** The pause between two routine reads of a live request, on the busiest account. */
  intervalMs(): number {
    return Math.max(0, ...[...this.accounts.values()].map(({ policy }) => policy.intervalMs()));
  }

  /** Some account reads its activity feed as the cue for its lanes now. */
  feedOn(): boolean {
    return [...this.accounts.values()].some(({ policy }) => policy.feedOn());
  }

  private account(centrapay: StoreCentrapay): Account {
    const { governor, merchantAccountId, merchantId, client } = centrapay;
    let account = this.accounts.get(merchantAccountId);
    if (!account) {
      const policy = new PollPolicy({ ...this.options, perMinute: governor.perMinute }, () => this.live(merchantAccountId), () => governor.spentLastMinute(['money', 'cue']));
      account = { policy, feeds: new Map() };
      this.accounts.set(merchantAccountId, account);
    }
    if (!account.feeds.has(merchantId)) {
      const feed = new ActivityFeed(client, merchantId, account.policy, this.observe, this.warn);
      account.feeds.set(merchantId, feed);
      if (this.started) this.run(feed, feedName(merchantAccountId, merchantId));
    }
    return account;
  }

  private run(feed: ActivityFeed, name: string): void {
    if (this.running.has(feed)) return;
    this.running.add(feed);
    if (this.options.single) this.options.single(name, feed);
    else feed.start();
  }
}

/** The feed's name among a chain's single tasks. */
function feedName(account: string, merchant: string): string {
  return `feed:${account}:${merchant}`;
}
