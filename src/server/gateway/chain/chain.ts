// A gateway instance as one of a chain's, on a PostgreSQL journal: its shared keys (turns, leases) for the engines,
// and the coordinator that hears the others. Built only with JOURNAL_URL; a single gateway on SQLite has none of it.
import type { AfterSaleService } from '../after-sale/service';
import type { HoldService } from '../hold/service';
import type { PostgresJournal } from '../journal/postgres/postgres-journal';
import type { SaleService } from '../sale/service';
import type { VendService } from '../vend/service';
import { ChainCoordinator, instanceId } from './coordinator';
import { Leases } from './leases';
import { LeasedFeeds } from './shared-feed';
import { PostgresSharedKeys } from './shared-keys';

/** Unrenewed this long, an instance's leases are taken over; with the scan, a takeover within about 3.5 s. */
export const LEASE_MS = 3_000;
const SCAN_MS = 500;

export interface Chain {
  readonly owner: string;
  readonly keys: PostgresSharedKeys;
  readonly coordinator: ChainCoordinator;
  /** Each account's activity feed, read by one instance and its news passed to all. */
  readonly feeds: LeasedFeeds;
  /** Registers the engines' shells, and passes every instance's cues to them. */
  attach(services: { sales: SaleService; afterSale: AfterSaleService; holds: HoldService; vends: VendService }): void;
  close(): Promise<void>;
}

export function openChain(journal: PostgresJournal, url: string, log: { warn(obj: object, msg: string): void }, lanes: () => readonly string[]): Chain {
  const owner = instanceId();
  const keys = new PostgresSharedKeys(journal.conn, url, new Leases(journal.conn.pool, owner, LEASE_MS));
  const coordinator = new ChainCoordinator(keys, { url, leaseMs: LEASE_MS, scanMs: SCAN_MS, lanes, log });
  const feeds = new LeasedFeeds(keys.leases, coordinator, (obj, msg) => log.warn(obj, msg));
  coordinator.register('feed', feeds);
  return {
    owner,
    keys,
    coordinator,
    feeds,
    attach: ({ sales, afterSale, holds, vends }) => {
      coordinator.register('sale', sales.shell);
      coordinator.register('after-sale', afterSale.shell);
      coordinator.register('hold', holds.shell);
      coordinator.register('vend', vends.shell);
      coordinator.onCue((id, activities) => {
        void sales.observeActivities(id, activities);
        afterSale.cue(id);
        holds.cue(id);
        vends.cue(id);
      });
      coordinator.onNews((id, activities) => void sales.observeActivities(id, activities));
    },
    close: async () => {
      await coordinator.stop();
      await keys.close();
    },
  };
}
