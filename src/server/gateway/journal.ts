// The journal: every Payment Request the gateway creates, every status it sees, every void and who asked for it,
// and each lane's state so a restart resumes a payment in flight. SQLite, one file.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PaymentRequest } from '../../domain/centrapay';

export interface JournalEntry {
  id: string;
  shortCode: string;
  lane: string;
  operatorId: string | null;
  externalRef: string;
  amount: string;
  currency: string;
  status: string;
  createdAt: string;
  updatedAt: string;
}

export interface JournalEvent {
  paymentRequestId: string;
  kind: string;
  status: string | null;
  actor: string;
  detail: string | null;
  at: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS payment_requests (
    id TEXT PRIMARY KEY,
    short_code TEXT NOT NULL,
    lane TEXT NOT NULL,
    operator_id TEXT,
    external_ref TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS payment_requests_short_code ON payment_requests (short_code);
  CREATE INDEX IF NOT EXISTS payment_requests_lane ON payment_requests (lane, created_at);
  CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    payment_request_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT,
    actor TEXT NOT NULL,
    detail TEXT,
    at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS events_payment_request ON events (payment_request_id, seq);
  CREATE TABLE IF NOT EXISTS orders (number INTEGER PRIMARY KEY AUTOINCREMENT, lane TEXT NOT NULL, at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS lanes (id TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS webhook_notifications (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    payment_request_id TEXT,
    received_at TEXT NOT NULL
  );
`;

/** What a journal write records, for the metrics. */
export type JournalWriteKind = 'order' | 'payment-request' | 'status' | 'event' | 'lane-state' | 'webhook-notification';

export interface JournalOptions {
  onWrite?: (kind: JournalWriteKind) => void;
}

export class Journal {
  private readonly db: Database.Database;
  private readonly wrote: (kind: JournalWriteKind) => void;

  constructor(path: string, options: JournalOptions = {}) {
    this.wrote = options.onWrite ?? (() => undefined);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
  }

  close(): void {
    this.db.close();
  }

  nextOrderNumber(lane: string): number {
    const result = this.db.prepare('INSERT INTO orders (lane, at) VALUES (?, ?)').run(lane, now());
    this.wrote('order');
    return Number(result.lastInsertRowid);
  }

  recordCreated(paymentRequest: PaymentRequest, lane: string, actor: string, operatorId: string | null): void {
    const at = now();
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT OR IGNORE INTO payment_requests
           (id, short_code, lane, operator_id, external_ref, amount, currency, status, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(paymentRequest.id, paymentRequest.shortCode, lane, operatorId, paymentRequest.externalRef ?? '',
          paymentRequest.value.amount, paymentRequest.value.currency, paymentRequest.status, at, at);
      this.wrote('payment-request');
      this.insertEvent(paymentRequest.id, 'created', paymentRequest.status, actor, null, at);
    })();
  }

  /** Records a status the first time it is seen for a request. */
  recordStatus(id: string, status: string, actor = 'centrapay'): boolean {
    const at = now();
    return this.db.transaction(() => {
      const result = this.db
        .prepare('UPDATE payment_requests SET status = ?, updated_at = ? WHERE id = ? AND status <> ?')
        .run(status, at, id, status);
      if (result.changes === 0) return false;
      this.wrote('status');
      this.insertEvent(id, 'status', status, actor, null, at);
      return true;
    })();
  }

  recordEvent(id: string, kind: string, actor: string, detail: string | null = null): void {
    this.insertEvent(id, kind, null, actor, detail, now());
  }

  find(id: string): JournalEntry | undefined {
    return this.db.prepare(`${SELECT_ENTRY} WHERE id = ?`).get(id) as JournalEntry | undefined;
  }

  recent(options: { lane?: string; limit?: number } = {}): JournalEntry[] {
    const limit = Math.min(options.limit ?? 50, 500);
    return options.lane
      ? (this.db.prepare(`${SELECT_ENTRY} WHERE lane = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`).all(options.lane, limit) as JournalEntry[])
      : (this.db.prepare(`${SELECT_ENTRY} ORDER BY created_at DESC, rowid DESC LIMIT ?`).all(limit) as JournalEntry[]);
  }

  events(id: string): JournalEvent[] {
    return this.db
      .prepare(
        `SELECT payment_request_id AS paymentRequestId, kind, status, actor, detail, at
         FROM events WHERE payment_request_id = ? ORDER BY seq`,
      )
      .all(id) as JournalEvent[];
  }

  saveLaneState(lane: string, state: unknown): void {
    this.db
      .prepare('INSERT INTO lanes (id, state, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at')
      .run(lane, JSON.stringify(state), now());
    this.wrote('lane-state');
  }

  /**
   * Keeps the id of a verified webhook notification; false when it was seen before (Centrapay delivers at least
   * once, and retries for two weeks, so the ids outlive a restart).
   */
  recordNotification(id: string, type: string, paymentRequestId: string | null): boolean {
    const result = this.db
      .prepare('INSERT OR IGNORE INTO webhook_notifications (id, type, payment_request_id, received_at) VALUES (?, ?, ?, ?)')
      .run(id, type, paymentRequestId, now());
    if (result.changes === 0) return false;
    this.wrote('webhook-notification');
    return true;
  }

  loadLaneStates(): Map<string, unknown> {
    const rows = this.db.prepare('SELECT id, state FROM lanes').all() as { id: string; state: string }[];
    return new Map(rows.map((row) => [row.id, JSON.parse(row.state) as unknown]));
  }

  private insertEvent(id: string, kind: string, status: string | null, actor: string, detail: string | null, at: string): void {
    this.db
      .prepare('INSERT INTO events (payment_request_id, kind, status, actor, detail, at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, kind, status, actor, detail, at);
    this.wrote('event');
  }
}

const SELECT_ENTRY = `SELECT id, short_code AS shortCode, lane, operator_id AS operatorId, external_ref AS externalRef,
  amount, currency, status, created_at AS createdAt, updated_at AS updatedAt FROM payment_requests`;

function now(): string {
  return new Date().toISOString();
}
