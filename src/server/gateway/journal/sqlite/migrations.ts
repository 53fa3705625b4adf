// The journal's schema (SQLite), one migration per version (SQLite `user_version`). A journal of any earlier version is
// brought up to date at start-up, in one transaction per step; a newer one than this code knows is refused.
import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';

type Migration = (db: Database.Database) => void;

/** The tables whose rows belong to a store. */
export const STORE_TABLES = [
  'sales', 'payment_requests', 'tenders', 'events', 'lanes', 'quarantine', 'holds', 'hold_confirmations', 'hold_returns', 'vends', 'refunds',
] as const;

const MIGRATIONS: readonly Migration[] = [
  // 1: the first release (these tables already exist in its journals, hence IF NOT EXISTS).
  (db) => db.exec(`
    CREATE TABLE IF NOT EXISTS payment_requests (
      id TEXT PRIMARY KEY, short_code TEXT NOT NULL, lane TEXT NOT NULL, operator_id TEXT, external_ref TEXT NOT NULL,
      amount TEXT NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS payment_requests_short_code ON payment_requests (short_code);
    CREATE INDEX IF NOT EXISTS payment_requests_lane ON payment_requests (lane, created_at);
    CREATE TABLE IF NOT EXISTS events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, payment_request_id TEXT NOT NULL, kind TEXT NOT NULL, status TEXT,
      actor TEXT NOT NULL, detail TEXT, at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS events_payment_request ON events (payment_request_id, seq);
    CREATE TABLE IF NOT EXISTS orders (number INTEGER PRIMARY KEY AUTOINCREMENT, lane TEXT NOT NULL, at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS lanes (id TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS webhook_notifications (
      id TEXT PRIMARY KEY, type TEXT NOT NULL, payment_request_id TEXT, received_at TEXT NOT NULL
    );
  `),
  // 2: sales (orders with their result), tenders, quarantined lane states, and the order sequence in meta.
  (db) => {
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE sales (
        ref TEXT PRIMARY KEY, number INTEGER NOT NULL, lane TEXT NOT NULL, kind TEXT NOT NULL, terminal_id TEXT NOT NULL,
        total TEXT NOT NULL, currency TEXT NOT NULL, operator_id TEXT, line_items TEXT NOT NULL, result TEXT NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL
      );
      CREATE INDEX sales_lane ON sales (lane, created_at);
      CREATE INDEX sales_created ON sales (created_at);
      ALTER TABLE payment_requests ADD COLUMN order_ref TEXT;
      UPDATE payment_requests SET order_ref = external_ref;
      CREATE INDEX payment_requests_order ON payment_requests (order_ref);
      ALTER TABLE events ADD COLUMN order_ref TEXT;
      CREATE INDEX events_order ON events (order_ref, seq);
      CREATE TABLE tenders (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, order_ref TEXT NOT NULL, payment_request_id TEXT, on_request INTEGER NOT NULL,
        method TEXT NOT NULL, amount TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL
      );
      CREATE INDEX tenders_order ON tenders (order_ref);
      CREATE TABLE quarantine (seq INTEGER PRIMARY KEY AUTOINCREMENT, lane TEXT NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL);
    `);
    // Sales of the first release, rebuilt from the requests it kept (one request per order then).
    db.exec(`
      INSERT OR IGNORE INTO sales (ref, number, lane, kind, terminal_id, total, currency, operator_id, line_items, result, created_at, updated_at)
      SELECT external_ref, 0, lane, 'qr', '', amount, currency, operator_id, '[]',
        CASE status WHEN 'new' THEN 'pending' WHEN 'paid' THEN 'paid' WHEN 'cancelled' THEN 'cancelled' WHEN 'expired' THEN 'expired' ELSE 'unknown' END,
        created_at, updated_at
      FROM payment_requests;
    `);
    const last = db.prepare('SELECT COALESCE(MAX(number), 0) AS n FROM orders').get() as { n: number };
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)').run('order_sequence', String(last.n), 'install_id', randomBytes(8).toString('hex'));
    db.exec('DROP TABLE orders');
  },
  // 3: refunds and voids of finished sales (after-sale/), one row per tender refunded.
  (db) => db.exec(`
    CREATE TABLE refunds (
      id TEXT PRIMARY KEY, order_ref TEXT NOT NULL, payment_request_id TEXT, method TEXT NOT NULL, amount TEXT NOT NULL,
      currency TEXT NOT NULL, line_items TEXT, reason TEXT, actor TEXT NOT NULL, status TEXT NOT NULL, error TEXT,
      asset_totals TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
    );
    CREATE INDEX refunds_order ON refunds (order_ref, created_at);
  `),
  // 4: what paid each Payment Request (its latest `paidBy`), so history and the end-of-day report need no Centrapay
  // call; sales found by their number.
  (db) => db.exec(`
    ALTER TABLE payment_requests ADD COLUMN paid_by TEXT;
    CREATE INDEX sales_number ON sales (number);
  `),
  // 5: pre-auth holds (pre-auth/): each hold, its confirmations (under their idempotency keys, written before Centrapay
  // is asked, so a restart sends the same key again) and the money that went back on it (releases, voids, refunds).
  (db) => db.exec(`
    CREATE TABLE holds (
      id TEXT PRIMARY KEY, kind TEXT NOT NULL, owner TEXT NOT NULL, external_ref TEXT NOT NULL, payment_request_id TEXT,
      short_code TEXT, url TEXT, amount TEXT NOT NULL, currency TEXT NOT NULL, line_items TEXT NOT NULL, status TEXT NOT NULL,
      error TEXT, pre_auth_expires_at TEXT, request_created_at TEXT, opened_by TEXT NOT NULL, created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX holds_status ON holds (status, created_at);
    CREATE INDEX holds_payment_request ON holds (payment_request_id);
    CREATE TABLE hold_confirmations (
      idempotency_key TEXT NOT NULL, hold_id TEXT NOT NULL, invoice_ref TEXT NOT NULL, amount TEXT NOT NULL,
      line_items TEXT NOT NULL, status TEXT NOT NULL, error TEXT, activity_id TEXT, actor TEXT NOT NULL,
      created_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (hold_id, idempotency_key)
    );
    CREATE INDEX hold_confirmations_status ON hold_confirmations (status);
    CREATE TABLE hold_returns (
      id TEXT PRIMARY KEY, hold_id TEXT NOT NULL, kind TEXT NOT NULL, amount TEXT, confirmation_key TEXT, status TEXT NOT NULL,
      error TEXT, actor TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
    );
    CREATE INDEX hold_returns_hold ON hold_returns (hold_id, created_at);
  `),
  // 6: vends at unattended machines (machines/): written before the request is created; its refund's reason kept.
  (db) => db.exec(`
    CREATE TABLE vends (
      id TEXT PRIMARY KEY, machine TEXT NOT NULL, sku TEXT NOT NULL, name TEXT NOT NULL, amount TEXT NOT NULL, currency TEXT NOT NULL,
      line_items TEXT NOT NULL, payment_request_id TEXT, short_code TEXT, url TEXT, status TEXT NOT NULL, reason TEXT, paid_at TEXT,
      created_at TEXT NOT NULL, updated_at TEXT NOT NULL
    );
    CREATE INDEX vends_machine ON vends (machine, created_at);
    CREATE INDEX vends_status ON vends (status);
    CREATE INDEX vends_payment_request ON vends (payment_request_id);
  `),
  // 7: what the engines need to resume exactly: a refund Centrapay accepted (only its completion is awaited, nothing
  // is sent again) and the line items sent with it, and a vend's refund seen completed (nothing more to read).
  (db) => db.exec(`
    ALTER TABLE refunds ADD COLUMN accepted_at TEXT;
    ALTER TABLE refunds ADD COLUMN sent_line_items TEXT;
    ALTER TABLE vends ADD COLUMN refund_settled_at TEXT;
    CREATE INDEX refunds_status ON refunds (status);
  `),
  // 8: every row carries its store (a chain's gateway serves many). Rows from before are given theirs at the next
  // open, from the store their lane or machine is in then (stores.ts).
  (db) => {
    for (const table of STORE_TABLES) db.exec(`ALTER TABLE ${table} ADD COLUMN store TEXT`);
    db.exec(`
      CREATE INDEX sales_store ON sales (store, created_at);
      CREATE INDEX refunds_store ON refunds (store, created_at);
      CREATE INDEX holds_store ON holds (store, created_at);
      CREATE INDEX vends_store ON vends (store, created_at);
    `);
  },
  // 9: what a sale is invoiced as (the invoiceRef every request and refund of it names), its purchase order, and the
  // Farmlands Card Partner discount in its total.
  (db) => db.exec(`
    ALTER TABLE sales ADD COLUMN invoice_ref TEXT;
    ALTER TABLE sales ADD COLUMN purchase_order_ref TEXT;
    ALTER TABLE sales ADD COLUMN discount TEXT;
  `),
  // 10: the Connection a Payment Request was made with, if any: what a connected wallet paid on it is its offer (a
  // discount on the receipt, domain/paid-by.ts), anything else a payment. Requests journaled before have none.
  (db) => db.exec('ALTER TABLE payment_requests ADD COLUMN connection_id TEXT'),
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the journal up to `target` (this code's schema by default; tests stop earlier to write an older journal). */
export function migrate(db: Database.Database, target = SCHEMA_VERSION): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(`the journal is from a newer version of centrapay-pos (schema ${version}; this one knows ${SCHEMA_VERSION})`);
  }
  for (let next = version; next < target; next += 1) {
    db.transaction(() => {
      MIGRATIONS[next]!(db);
      db.pragma(`user_version = ${next + 1}`);
    })();
  }
}
