// A gateway instance as one of a chain's, on a PostgreSQL journal: its shared keys (turns, leases) for the engines,
// and the coordinator that hears the others. Built only with JOURNAL_URL; a single gateway on SQLite has none of it.
import type { AfterSaleService } from '../after-sale/service';
import type { HoldService } from '../hold/service';
import type { PostgresJournal } from '../journal/postgres/postgres-journal';
import type { ChainFeeds } from '../sale/sale-accounts';
import type { SaleService } from '../sale/service';
import type { VendService } from '../vend/service';
import { ChainCoordinator, instanceId } from './coordinator';
import { Leases } from './leases';
import { PostgresSharedKeys } from './shared-keys';

/** Unrenewed this long, an instance's leases are taken over; with the scan, a takeover within about 3.5 s. */
export const LEASE_MS = 3_000;
const SCAN_MS = 500;

export interface Chain {
  readonly owner: string;
  readonly keys: PostgresSharedKeys;
  readonly coordinator: ChainCoordinator;
  /** For the activity feeds: each read by one instance at a time, what it shows passed to every instance. */
  readonly feeds: ChainFeeds;
  /** Registers the engines' shells, and passes every instance's cues to them. */
  attach(services: { sales: SaleService; afterSale: AfterSaleService; holds: HoldService; vends: VendService }): void;
  close(): Promise<void>;
}

export function openChain(journal: PostgresJournal, url: string, log: { warn(obj: object, msg: string): void }, lanes: () => readonly string[]): Chain {
  const owner = instanceId();
  const keys = new PostgresSharedKeys(journal.conn, url, new Leases(journal.conn.pool, owner, LEASE_MS));
  const coordinator = new ChainCoordinator(keys, { url, leaseMs: LEASE_MS, scanMs: SCAN_MS, lanes, log });
  return {
    owner,
    keys,
    coordinator,
    feeds: {
      single: (name, feed) => coordinator.single(name, feed),
      news: (id, activities) => void coordinator.news(id, activities).catch((error: unknown) =>
        log.warn({ paymentRequestId: id, err: String(error) }, 'could not pass the activity feed’s news on; the request is read on its own')),
    },
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
