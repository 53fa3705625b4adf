// The journal in one SQLite file (the default, and all `npm start` needs): each repository over one connection.
import type { Journal, JournalOptions, JournalTx } from '../journal';
import { SqliteConnection } from './connection';
import { SqliteFoundSaleRepository } from './found-sale-repository';
import { SqliteHistoryRepository } from './history-repository';
import { SqliteHoldRepository } from './hold-repository';
import { SqliteNotificationRepository, SqliteSecretRepository } from './meta-repositories';
import { SqlitePlaceRepository } from './place-repository';
import { SqliteRefundRepository } from './refund-repository';
import { SqliteSaleRepository } from './sale-repository';
import { SqliteVendRepository } from './vend-repository';

export class SqliteJournal implements Journal {
  readonly location: string;
  readonly sales: SqliteSaleRepository;
  readonly holds: SqliteHoldRepository;
  readonly vends: SqliteVendRepository;
  readonly refunds: SqliteRefundRepository;
  readonly foundSales: SqliteFoundSaleRepository;
  readonly history: SqliteHistoryRepository;
  readonly places: SqlitePlaceRepository;
  readonly notifications: SqliteNotificationRepository;
  readonly secrets: SqliteSecretRepository;
  private readonly conn: SqliteConnection;

  constructor(path: string, options: JournalOptions = {}) {
    this.conn = new SqliteConnection(path, options);
    this.location = this.conn.location;
    this.sales = new SqliteSaleRepository(this.conn);
    this.holds = new SqliteHoldRepository(this.conn);
    this.vends = new SqliteVendRepository(this.conn);
    this.refunds = new SqliteRefundRepository(this.conn);
    this.foundSales = new SqliteFoundSaleRepository(this.conn);
    this.history = new SqliteHistoryRepository(this.conn);
    this.places = new SqlitePlaceRepository(this.conn);
    this.notifications = new SqliteNotificationRepository(this.conn);
    this.secrets = new SqliteSecretRepository(this.conn);
  }

  transaction<T>(work: (tx: JournalTx) => Promise<T>): Promise<T> {
    return this.conn.transaction(work);
  }

  health() {
    return this.conn.health();
  }

  /** A file on this machine: ready while it can write (health). */
  async readiness(): Promise<{ ready: boolean; reason: string | null }> {
    const { writable, message } = await this.conn.health();
    return { ready: writable, reason: message };
  }

  /**
   * Makes SQLite refuse every write (SQLITE_READONLY from the real write path), as a disk remounted read-only does.
   * Only the chaos run's control endpoint calls this, on a sandbox set-up.
   */
  simulateReadOnlyDisk(readOnly: boolean): void {
    this.conn.db.pragma(`query_only = ${readOnly ? 'ON' : 'OFF'}`);
  }

  async close(): Promise<void> {
    this.conn.close();
  }
}
