// The journal's schema (PostgreSQL), one migration per version, each recorded in journal_schema when it is applied.
// Instances that start together take turns under an advisory lock, so each migration runs exactly once; a database
// newer than this code knows is refused. The columns are SQLite's (timestamps and amounts as text) so the two backends
// order and compare alike: text that rows are ordered or paged by compares byte by byte (COLLATE "C"), as in SQLite.
import pg from 'pg';

const MIGRATIONS: readonly string[] = [
  // 1: the schema of SQLite's journal at its version 8, in one step: every row but webhook ids and meta carries the
  // store of its lane or machine (no PostgreSQL journal predates stores, so it is never missing).
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  INSERT INTO meta (key, value) VALUES ('order_sequence', '0'), ('install_id', substr(md5(random()::text), 1, 16));
  CREATE TABLE lanes (id TEXT COLLATE "C" PRIMARY KEY, state TEXT NOT NULL, updated_at TEXT NOT NULL, store TEXT NOT NULL);
  CREATE TABLE quarantine (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, lane TEXT NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL, store TEXT NOT NULL
  );
  CREATE TABLE sales (
    ref TEXT COLLATE "C" PRIMARY KEY, number INTEGER NOT NULL, lane TEXT NOT NULL, kind TEXT NOT NULL, terminal_id TEXT NOT NULL,
    total TEXT NOT NULL, currency TEXT NOT NULL, operator_id TEXT, line_items TEXT NOT NULL, result TEXT NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL, updated_at TEXT NOT NULL, store TEXT NOT NULL
  );
  CREATE INDEX sales_lane ON sales (lane, created_at);
  CREATE INDEX sales_created ON sales (created_at);
  CREATE INDEX sales_number ON sales (number);
  CREATE INDEX sales_store ON sales (store, created_at);
  CREATE TABLE payment_requests (
    id TEXT PRIMARY KEY, short_code TEXT NOT NULL, lane TEXT NOT NULL, operator_id TEXT, external_ref TEXT NOT NULL, amount TEXT NOT NULL,
    currency TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT COLLATE "C" NOT NULL, updated_at TEXT NOT NULL, order_ref TEXT, paid_by TEXT, store TEXT NOT NULL
  );
  CREATE INDEX payment_requests_short_code ON payment_requests (short_code);
  CREATE INDEX payment_requests_lane ON payment_requests (lane, created_at);
  CREATE INDEX payment_requests_order ON payment_requests (order_ref);
  CREATE TABLE events (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payment_request_id TEXT NOT NULL, order_ref TEXT, kind TEXT NOT NULL, status TEXT,
    actor TEXT NOT NULL, detail TEXT, at TEXT NOT NULL, store TEXT NOT NULL
  );
  CREATE INDEX events_payment_request ON events (payment_request_id, seq);
  CREATE INDEX events_order ON events (order_ref, seq);
  CREATE TABLE tenders (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, order_ref TEXT NOT NULL, payment_request_id TEXT, on_request BOOLEAN NOT NULL,
    method TEXT NOT NULL, amount TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL, store TEXT NOT NULL
  );
  CREATE INDEX tenders_order ON tenders (order_ref);
  CREATE TABLE webhook_notifications (id TEXT PRIMARY KEY, type TEXT NOT NULL, payment_request_id TEXT, received_at TEXT NOT NULL);
  CREATE TABLE refunds (
    id TEXT COLLATE "C" PRIMARY KEY, order_ref TEXT COLLATE "C" NOT NULL, payment_request_id TEXT, method TEXT NOT NULL, amount TEXT NOT NULL,
    currency TEXT NOT NULL, line_items TEXT, reason TEXT, actor TEXT NOT NULL, status TEXT NOT NULL, error TEXT, asset_totals TEXT,
    created_at TEXT COLLATE "C" NOT NULL, updated_at TEXT NOT NULL, accepted_at TEXT, sent_line_items TEXT, store TEXT NOT NULL
  );
  CREATE INDEX refunds_order ON refunds (order_ref, created_at);
  CREATE INDEX refunds_status ON refunds (status);
  CREATE INDEX refunds_store ON refunds (store, created_at);
  CREATE TABLE holds (
    id TEXT COLLATE "C" PRIMARY KEY, kind TEXT NOT NULL, owner TEXT NOT NULL, external_ref TEXT NOT NULL, payment_request_id TEXT,
    short_code TEXT, url TEXT, amount TEXT NOT NULL, currency TEXT NOT NULL, line_items TEXT NOT NULL, status TEXT NOT NULL, error TEXT,
    pre_auth_expires_at TEXT, request_created_at TEXT, opened_by TEXT NOT NULL, created_at TEXT COLLATE "C" NOT NULL, updated_at TEXT NOT NULL, store TEXT NOT NULL
  );
  CREATE INDEX holds_status ON holds (status, created_at);
  CREATE INDEX holds_payment_request ON holds (payment_request_id);
  CREATE INDEX holds_store ON holds (store, created_at);
  CREATE TABLE hold_confirmations (
    idempotency_key TEXT COLLATE "C" NOT NULL, hold_id TEXT NOT NULL, invoice_ref TEXT NOT NULL, amount TEXT NOT NULL, line_items TEXT NOT NULL,
    status TEXT NOT NULL, error TEXT, activity_id TEXT, actor TEXT NOT NULL, created_at TEXT COLLATE "C" NOT NULL, updated_at TEXT NOT NULL,
    store TEXT NOT NULL, PRIMARY KEY (hold_id, idempotency_key)
  );
  CREATE INDEX hold_confirmations_status ON hold_confirmations (status);
  CREATE TABLE hold_returns (
    id TEXT COLLATE "C" PRIMARY KEY, hold_id TEXT NOT NULL, kind TEXT NOT NULL, amount TEXT, confirmation_key TEXT, status TEXT NOT NULL,
    error TEXT, actor TEXT NOT NULL, created_at TEXT COLLATE "C" NOT NULL, updated_at TEXT NOT NULL, store TEXT NOT NULL
  );
  CREATE INDEX hold_returns_hold ON hold_returns (hold_id, created_at);
  CREATE TABLE vends (
    id TEXT COLLATE "C" PRIMARY KEY, machine TEXT NOT NULL, sku TEXT NOT NULL, name TEXT NOT NULL, amount TEXT NOT NULL, currency TEXT NOT NULL,
    line_items TEXT NOT NULL, payment_request_id TEXT, short_code TEXT, url TEXT, status TEXT NOT NULL, reason TEXT, paid_at TEXT,
    created_at TEXT COLLATE "C" NOT NULL, updated_at TEXT NOT NULL, refund_settled_at TEXT, store TEXT NOT NULL
  );
  CREATE INDEX vends_machine ON vends (machine, created_at);
  CREATE INDEX vends_status ON vends (status);
  CREATE INDEX vends_payment_request ON vends (payment_request_id);
  CREATE INDEX vends_store ON vends (store, created_at);
  `,
  // 2: what a chain's instances share besides the rows (chain/): each key's committed version (its row is the lock a
  // command on the key takes across instances; lane views have one each as `view:<lane>`) and the watchers' leases.
  // A version starts at the time in microseconds, so a screen that saw a single gateway's versions sees these as newer.
  `
  CREATE TABLE key_versions (name TEXT PRIMARY KEY, version BIGINT NOT NULL);
  CREATE TABLE leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, token BIGINT NOT NULL, expires_at TIMESTAMPTZ NOT NULL);
  CREATE INDEX leases_owner ON leases (owner);
  `,
  // 3: the Centrapay rate budget a chain's instances share (centrapay/budget-sql.ts): when each call of an account's
  // window started, by the database's clock; a pause after a 429; and which instances are alive, by their heartbeat.
  `
  CREATE TABLE rate_budget_calls (account TEXT NOT NULL, started_at TIMESTAMPTZ NOT NULL, kind TEXT NOT NULL);
  CREATE INDEX rate_budget_calls_account ON rate_budget_calls (account, started_at);
  CREATE TABLE rate_budget_pauses (account TEXT PRIMARY KEY, until TIMESTAMPTZ NOT NULL);
  CREATE TABLE rate_budget_instances (
    account TEXT NOT NULL, instance TEXT NOT NULL, seen_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (account, instance)
  );
  `,
  // 4: what a sale is invoiced as (the invoiceRef every request and refund of it names), its purchase order, and the
  // Farmlands Card Partner discount in its total.
  `
  ALTER TABLE sales ADD COLUMN invoice_ref TEXT;
  ALTER TABLE sales ADD COLUMN purchase_order_ref TEXT;
  ALTER TABLE sales ADD COLUMN discount TEXT;
  `,
  // 5: the Connection a Payment Request was made with, if any: what a connected wallet paid on it is its offer (a
  // discount on the receipt, domain/paid-by.ts), anything else a payment. Requests journaled before have none.
  `
  ALTER TABLE payment_requests ADD COLUMN connection_id TEXT;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Any number held by this code alone: the advisory lock migrations are run under, one database at a time. */
const MIGRATION_LOCK = '7305416102937116251';

/**
 * Brings the database up to this code's schema on a connection of its own, under the advisory lock (an instance that
 * finds the lock taken waits for it, then finds nothing left to do). Closing the connection frees the lock, whatever
 * happened.
 */
export async function migrate(config: pg.ClientConfig): Promise<void> {
  const client = new pg.Client(config);
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const version = await schemaVersion(client);
    if (version > SCHEMA_VERSION) {
      throw new Error(`the journal is from a newer version of centrapay-pos (schema ${version}; this one knows ${SCHEMA_VERSION})`);
    }
    for (let next = version; next < SCHEMA_VERSION; next += 1) await applyMigration(client, next);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The newest migration applied; 0 for an empty database (whose version table is made here). */
async function schemaVersion(client: pg.Client): Promise<number> {
  const table = await client.query<{ exists: string | null }>("SELECT to_regclass('journal_schema') AS exists");
  if (table.rows[0]?.exists === null) {
    await client.query('CREATE TABLE IF NOT EXISTS journal_schema (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    return 0;
  }
  const { rows } = await client.query<{ version: number }>('SELECT COALESCE(MAX(version), 0) AS version FROM journal_schema');
  return rows[0]?.version ?? 0;
}

/** One migration and its row in journal_schema, together or not at all. */
async function applyMigration(client: pg.Client, index: number): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(MIGRATIONS[index]!);
    await client.query('INSERT INTO journal_schema (version, applied_at) VALUES ($1, $2)', [index + 1, new Date().toISOString()]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
