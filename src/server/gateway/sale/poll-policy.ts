// How often live requests are read, out of the account's one budget (the rate governor). With few live requests
// each is read every second (checklist 104.4). With more than the budget allows at that pace, the merchant's
// activity feed is read instead, once a second for all lanes at once, and every request it shows changed is read at
// once as a cue; each request is still read on its own, as often as what is left allows, the ones near expiry or
// just shown first. Webhooks cue reads the same way.

export interface PollPolicyOptions {
  /** The account's budget, calls a minute (CENTRAPAY_RATE_LIMIT). */
  perMinute: number;
  /** How often a live request is read while the budget allows (1 s). */
  baseIntervalMs: number;
  /** The till gives up this long after a request's expiry: a read is due then, however busy the budget. */
  timeoutGraceMs: number;
  /**
   * `auto`: the feed is read when reading every live request each second would not fit the budget, unless webhooks
   * already say when a request is paid.
   */
  activityFeed: 'auto' | 'on' | 'off';
  webhooks: boolean;
}

/** Reads and the feed together stay under this share of the budget, so money-moving calls and cues find room. */
const READ_SHARE = 0.75;
/** With webhooks on they cue the read that shows a payment: routine reads are only the safety net, and take less. */
const READ_SHARE_WITH_WEBHOOKS = 0.5;
/** The feed's share of the budget when it is read; at 180 a minute that is about once a second. */
const FEED_SHARE = 1 / 3;
/**
 * When money-moving calls and cues take much of the budget (many lanes, many sales), the feed is read less often so
 * that everything stays under this share and a create or a void always finds a place at once...
 */
const TARGET_SHARE = 0.92;
/** ...but never less often than this share allows (15 a minute at 180: every 4 s). */
const FEED_MIN_SHARE = 1 / 12;
/** However busy, each live request is still read on its own out of this share. */
const FLOOR_SHARE = 0.05;

export class PollPolicy {
  constructor(
    private readonly options: PollPolicyOptions,
    /** Requests and Connections being read now. */
    private readonly live: () => number,
    /** Money-moving calls, cued reads and look-ups made in the last minute. */
    private readonly prioritySpent: () => number = () => 0,
  ) {}

  feedOn(): boolean {
    const { activityFeed, perMinute, baseIntervalMs, webhooks } = this.options;
    const live = this.live();
    if (activityFeed === 'off' || live === 0) return false;
    if (activityFeed === 'on') return true;
    return !webhooks && live * (60_000 / baseIntervalMs) > perMinute * READ_SHARE;
  }

  feedIntervalMs(): number {
    const { perMinute, baseIntervalMs } = this.options;
    const spare = perMinute * (TARGET_SHARE - FLOOR_SHARE) - this.prioritySpent();
    const rate = Math.min(perMinute * FEED_SHARE, Math.max(perMinute * FEED_MIN_SHARE, spare));
    return Math.max(baseIntervalMs, Math.ceil(60_000 / rate));
  }

  /** The pause between two routine reads of one live request: what the budget leaves, shared between them. */
  intervalMs(): number {
    const { perMinute, baseIntervalMs, webhooks } = this.options;
    const feed = this.feedOn() ? 60_000 / this.feedIntervalMs() : 0;
    const share = webhooks ? READ_SHARE_WITH_WEBHOOKS : READ_SHARE;
    const forReads = Math.max(perMinute * share - feed - this.prioritySpent(), perMinute * FLOOR_SHARE);
    return Math.max(baseIntervalMs, Math.ceil((Math.max(1, this.live()) * 60_000) / forReads));
  }

  /** The pause before the next routine read of this request: never past the moment the till would time it out. */
  delayMs(request: { expiresAt?: string }, now = Date.now()): number {
    const interval = this.intervalMs();
    const timeout = request.expiresAt ? Date.parse(request.expiresAt) + this.options.timeoutGraceMs - now : Number.NaN;
    return Number.isFinite(timeout) ? Math.min(interval, Math.max(this.options.baseIntervalMs, timeout)) : interval;
  }
}

/** 0–1: how likely a request is to have changed, for the order of routine reads. */
export function readUrgency(now: number, request: { createdAt?: string; expiresAt?: string }): number {
  const expiresAt = request.expiresAt ? Date.parse(request.expiresAt) : Number.NaN;
  if (expiresAt - now < 10_000) return 0.9; // near (or past) expiry: the till must time it out
  const createdAt = request.createdAt ? Date.parse(request.createdAt) : Number.NaN;
  if (now - createdAt < 15_000) return 0.6; // just shown: the patron is scanning
  return 0;
}
