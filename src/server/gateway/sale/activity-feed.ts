// The merchant's activity feed (centrapay-api.md §3.15), read when the policy says so: one call shows what happened
// on every lane. It is Centrapay's own record, read with the merchant's key, so an activity that ends a request
// (`paid`, `cancellation`, `expiry`) is Centrapay saying so, as its status would; any other activity on a watched
// request cues a read of it.
import type { PaymentActivity, PaymentRequest } from '../../../domain/centrapay';
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
    /** Hands a request's new activities (oldest first) to the lane watching it, if any. */
    private readonly observe: (paymentRequestId: string, activities: PaymentActivity[]) => unknown,
    private readonly warn: (detail: object, message: string) => void,
    /** Whether this instance is the one to read it now (a chain's instances share it); alone, always. */
    private readonly mine: () => Promise<boolean> = async () => true,
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
      if (this.policy.feedOn() && (await this.mine())) {
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
      const fresh = items.filter((activity) => !this.seen.has(activityKey(activity)));
      const byRequest = new Map<string, PaymentActivity[]>();
      // Oldest first, as they happened.
      for (const activity of [...fresh].reverse()) {
        this.remember(activityKey(activity));
        byRequest.set(activity.paymentRequestId, [...(byRequest.get(activity.paymentRequestId) ?? []), activity]);
      }
      for (const [id, activities] of byRequest) this.observe(id, activities);
      if (fresh.length < items.length || !nextPageKey) return;
      pageKey = nextPageKey;
    }
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > REMEMBERED) this.seen.delete(this.seen.values().next().value!);
  }
}

/**
 * The request as the activity leaves it, when the activity ends it; null when only reading it tells (a part payment,
 * an offer, a request that allows partial payment, whose `remainingAmount` matters).
 */
export function afterActivity(request: PaymentRequest, activity: PaymentActivity): PaymentRequest | null {
  const updatedAt = activity.createdAt;
  switch (activity.type) {
    case 'paid': {
      const paidBy = activity.paidBy;
      if (request.partialAllowed || !paidBy) return null;
      const paid = paidBy.assetTotals.reduce((total, asset) => total + BigInt(asset.total.amount), 0n);
      if (paid !== BigInt(request.value.amount)) return null;
      return { ...request, status: 'paid', paidBy, remainingAmount: '0', updatedAt };
    }
    case 'cancellation':
      return { ...request, status: 'cancelled', cancellationReason: activity.cancellationReason ?? request.cancellationReason, updatedAt };
    case 'expiry':
      return { ...request, status: 'expired', updatedAt };
    default:
      return null;
  }
}

/** An activity's identity: its id, or (where Centrapay leaves the id out) its request, number, type and time. */
export function activityKey(activity: PaymentActivity): string {
  return activity.id ?? `${activity.paymentRequestId}:${activity.activityNumber ?? ''}:${activity.type}:${activity.createdAt}`;
}
