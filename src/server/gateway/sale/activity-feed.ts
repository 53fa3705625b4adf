// The merchant's activity feed (centrapay-api.md §3.15), read when the policy says so: one call shows what happened
// on every lane. Each activity not seen before cues a read of its Payment Request, if one is watched; the feed is a
// cue only, the request's own status stays the truth.
import type { CentrapayClient } from '../centrapay/client';
import type { PollPolicy } from './poll-policy';

const MAX_PAGES = 3;
const REMEMBERED = 5_000;

export class ActivityFeed {
  private readonly seen = new Set<string>();
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly client: CentrapayClient,
    private readonly merchantId: string,
    private readonly policy: PollPolicy,
    /** Reads this request now if it is watched. */
    private readonly cue: (paymentRequestId: string) => unknown,
    private readonly warn: (detail: object, message: string) => void,
  ) {}

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.wake?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      if (this.policy.feedOn()) {
        try {
          await this.read();
        } catch (error) {
          this.warn({ err: String(error) }, 'could not read the activity feed; the requests are still read one by one');
        }
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, this.policy.feedIntervalMs());
      });
    }
  }

  /** The newest page, and older ones while every activity on a page is new. */
  private async read(): Promise<void> {
    let pageKey: string | undefined;
    for (let page = 0; page < MAX_PAGES && !this.stopped; page += 1) {
      const { items, nextPageKey } = await this.client.listMerchantActivities(this.merchantId, { pageKey });
      const fresh = items.filter((activity) => !this.seen.has(activity.id));
      for (const activity of fresh) this.remember(activity.id);
      for (const id of new Set(fresh.map((activity) => activity.paymentRequestId))) this.cue(id);
      if (fresh.length < items.length || !nextPageKey) return;
      pageKey = nextPageKey;
    }
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > REMEMBERED) this.seen.delete(this.seen.values().next().value!);
  }
}
