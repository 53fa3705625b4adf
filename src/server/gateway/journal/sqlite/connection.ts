// The SQLite file behind every repository: opened once, brought up to date (migrations.ts), and written through one
// door that turns the machine's failures (disk full, read-only, locked) into JournalUnavailable and remembers the
// last one for the health check (which probes with a write of its own when nothing was written for a while). Writes are synchronous underneath (better-sqlite3): one is all done, or not at all,
// before the next begins. A transaction collects writes (SqliteTx) and lands them together.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { JournalFailure } from '../failures';
import { DEFAULT_STORE_ID, type JournalHealth, type JournalOptions, type JournalTx, type JournalWriteKind, type StoreOf } from '../journal';
import { PROBE_STATEMENTS, WriteFailures } from '../write-failures';
import { migrate } from './migrations';
import { journalOpenFailure } from './open-failure';
import { assignStores } from './stores';

/** Writes made through a transaction, run together when it ends. */
export class SqliteTx implements JournalTx {
  readonly kind = 'journal-tx';
  readonly writes: { work: () => void; kinds: readonly JournalWriteKind[] }[] = [];
}

export class SqliteConnection {
  readonly location: string;
  readonly db: Database.Database;
  /** The store a lane or machine is in: written on every row. */
  readonly storeOf: StoreOf;
  private readonly failures: WriteFailures;

  constructor(
    path: string,
    private readonly options: JournalOptions = {},
  ) {
    this.failures = new WriteFailures(options.onFailure, async () => this.writeNow([], () => {
      for (const sql of PROBE_STATEMENTS) this.db.prepare(sql).run();
    }));
    this.location = path === ':memory:' ? path : resolve(path);
    this.storeOf = options.storeOf ?? (() => DEFAULT_STORE_ID);
    this.db = openDatabase(path, this.location, this.storeOf, options.busyTimeoutMs ?? 100);
  }

  /** One write, all or nothing; inside `tx` it waits for the transaction's end instead. */
  async write<T>(tx: JournalTx | undefined, kinds: readonly JournalWriteKind[], work: () => T): Promise<T | undefined> {
    if (tx) {
      (tx as SqliteTx).writes.push({ work, kinds });
      return undefined;
    }
    return this.writeNow(kinds, work);
  }

  writeNow<T>(kinds: readonly JournalWriteKind[], work: () => T): T {
    let result: T;
    try {
      result = this.db.transaction(work)();
      this.failures.landed();
    } catch (error) {
      throw this.failures.refused(error, failureOf(error));
    }
    for (const kind of kinds) this.wrote(kind);
    return result;
  }

  /** Counts a row written (metrics). */
  wrote(kind: JournalWriteKind): void {
    this.options.onWrite?.(kind);
  }

  async transaction<T>(work: (tx: JournalTx) => Promise<T>): Promise<T> {
    const tx = new SqliteTx();
    const result = await work(tx);
    this.writeNow(tx.writes.flatMap((write) => write.kinds), () => {
      for (const write of tx.writes) write.work();
    });
    return result;
  }

  health(): Promise<JournalHealth> {
    return this.failures.health();
  }

  close(): void {
    this.db.close();
  }
}

/**
 * The journal's file, opened and brought up to date. What stops that on this machine (a full disk, a directory it
 * may not write) is said in words naming the file (open-failure.ts); start-up stops there.
 */
function openDatabase(path: string, location: string, storeOf: StoreOf, busyTimeoutMs: number): Database.Database {
  let db: Database.Database | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(location), { recursive: true });
    // Start-up may wait a little longer for a lock than a sale does: nothing else is running yet.
    db = new Database(path, { timeout: 2_000 });
    db.pragma('journal_mode = WAL');
    // Money rows survive a power cut once the commit returns.
    db.pragma('synchronous = FULL');
    migrate(db);
    assignStores(db, storeOf);
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    return db;
  } catch (error) {
    try {
      db?.close();
    } catch {
      // What stopped the opening is the error to report.
    }
    throw journalOpenFailure(error, location);
  }
}

/** SQLite's answer when the machine, not the data, is the problem. Anything else is a bug and is not hidden. */
function failureOf(error: unknown): JournalFailure | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code === 'SQLITE_FULL') return 'full';
  if (code.startsWith('SQLITE_READONLY')) return 'read-only';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return 'failed';
  return null;
}

/** Writes one event row (journal.ts has the shape), in `store`. */
export function insertEvent(
  db: Database.Database,
  event: { subject: string; ref: string | null; name: string; status?: string | null; actor: string; detail: string | null },
  at: string,
  store: string,
): void {
  db.prepare('INSERT INTO events (payment_request_id, order_ref, kind, status, actor, detail, at, store) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(event.subject, event.ref, event.name, event.status ?? null, event.actor, event.detail, at, store);
}
