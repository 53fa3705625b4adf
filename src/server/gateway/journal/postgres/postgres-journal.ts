// The journal in a PostgreSQL database (JOURNAL_URL, for a chain): each repository over one pool of connections.
import type { Journal, JournalOptions, JournalTx } from '../journal';
import { PostgresConnection } from './connection';
import { PostgresFoundSaleRepository } from './found-sale-repository';
import { PostgresHistoryRepository } from './history-repository';
import { PostgresHoldRepository } from './hold-repository';
import { PostgresNotificationRepository, PostgresSecretRepository } from './meta-repositories';
import { PostgresPlaceRepository } from './place-repository';
import { PostgresRefundRepository } from './refund-repository';
import { PostgresSaleRepository } from './sale-repository';
import { PostgresVendRepository } from './vend-repository';

export class PostgresJournal implements Journal {
  readonly location: string;
  readonly sales: PostgresSaleRepository;
  readonly holds: PostgresHoldRepository;
  readonly vends: PostgresVendRepository;
  readonly refunds: PostgresRefundRepository;
  readonly foundSales: PostgresFoundSaleRepository;
  readonly history: PostgresHistoryRepository;
  readonly places: PostgresPlaceRepository;
  readonly notifications: PostgresNotificationRepository;
  readonly secrets: PostgresSecretRepository;

  private constructor(/** The database, for what a chain shares besides the rows (chain/). */ readonly conn: PostgresConnection) {
    this.location = conn.location;
    this.sales = new PostgresSaleRepository(conn);
    this.holds = new PostgresHoldRepository(conn);
    this.vends = new PostgresVendRepository(conn);
    this.refunds = new PostgresRefundRepository(conn);
    this.foundSales = new PostgresFoundSaleRepository(conn);
    this.history = new PostgresHistoryRepository(conn);
    this.places = new PostgresPlaceRepository(conn);
    this.notifications = new PostgresNotificationRepository(conn);
    this.secrets = new PostgresSecretRepository(conn);
  }

  /** Connects to `url` and brings its schema up to date; JournalUnavailable when the database cannot be reached. */
  static async open(url: string, options: JournalOptions = {}): Promise<PostgresJournal> {
    return new PostgresJournal(await PostgresConnection.open(url, options));
  }

  transaction<T>(work: (tx: JournalTx) => Promise<T>): Promise<T> {
    return this.conn.transaction(work);
  }

  health() {
    return this.conn.health();
  }

  /** Ready while the database answers `SELECT 1` within `timeoutMs`. */
  async readiness(timeoutMs: number): Promise<{ ready: boolean; reason: string | null }> {
    const reason = await this.conn.reachable(timeoutMs);
    return { ready: reason === null, reason };
  }

  async close(): Promise<void> {
    await this.conn.close();
  }
}
