// An account's activity feed across a chain's instances (issue 19: read by one instance per account, not by each): the
// instance holding the feed's lease (`feed:<merchant>`, renewed with its other leases) reads it, and what it shows goes
// to every instance as news, so the one watching each request takes it. The reader lost, another takes the lease over
// as it would a key's.
import type { PaymentActivity } from '../../../domain/centrapay';
import type { Lease } from '../engine/shared';
import type { SharedFeed } from '../sale/sale-accounts';
import type { ChainCoordinator, SharedShell } from './coordinator';
import type { Leases } from './leases';

export class LeasedFeeds implements SharedFeed, SharedShell {
  private readonly held = new Map<string, Lease>();

  constructor(
    private readonly leases: Leases,
    private readonly coordinator: ChainCoordinator,
    private readonly warn: (obj: object, msg: string) => void,
  ) {}

  async reads(feed: string): Promise<boolean> {
    if (this.held.has(feed)) return true;
    try {
      const lease = await this.leases.acquire(`feed:${feed}`);
      if (lease) this.held.set(feed, lease);
      return lease !== null;
    } catch (error) {
      // Nobody can be sure of reading it alone: the requests are read one by one meanwhile.
      this.warn({ feed, err: String(error) }, 'could not take the activity feed’s lease; will try again');
      return false;
    }
  }

  tell(paymentRequestId: string, activities: PaymentActivity[]): void {
    void this.coordinator.news(paymentRequestId, activities).catch((error: unknown) =>
      this.warn({ paymentRequestId, err: String(error) }, 'could not pass the activity feed’s news on; the request is read on its own'));
  }

  heldLeases(): Lease[] {
    return [...this.held.values()];
  }

  lose(feed: string): void {
    this.held.delete(feed);
  }

  async releaseAll(): Promise<void> {
    const held = [...this.held.values()];
    this.held.clear();
    await Promise.all(held.map((lease) => this.leases.release(lease).catch(() => undefined)));
  }

  // A feed has no state of its own to read again or to take over: whoever reads it next starts from its newest page.
  async refresh(): Promise<void> {}

  async scan(): Promise<void> {}

  heldKeys(): string[] {
    return [];
  }
}
