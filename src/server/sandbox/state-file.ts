// The sandbox's state on disk. Real Centrapay never forgets, so neither does a restarted sandbox: one SQLite file (beside
// the journal; `:memory:` where the journal is in memory) holds a JSON document per record that calls change — payment
// requests with their activities, idempotency keys and refunds by reference, assets with their balances, patron codes,
// connections — plus the counters, the clock's offset and the webhook deliveries still to make. The seeds are not in it:
// they are made again from the time they were first made. What a call changed lands in one transaction as the call
// ends, so after a crash the file holds the state before or after a call, never part of one.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { PAYMENT_NOTIFICATION_TYPES } from '../../domain/centrapay';
import { createStore, RECORD_KINDS, type RecordKind, type SandboxStore } from './store';
import type { DeliveryKeeper, PendingDelivery } from './webhooks';

/** Bumped whenever what the file holds changes shape; a file of another version is refused in words. */
const FILE_VERSION = 1;

const SCHEMA = `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE records (kind TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (kind, key));
  CREATE TABLE deliveries (
    notification_id TEXT NOT NULL, url TEXT NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL,
    attempts INTEGER NOT NULL, due_at_ms INTEGER NOT NULL, PRIMARY KEY (notification_id, url)
  );
`;

/** What is not a record: when the seeds were made, the next creation number, how far the clock is ahead. */
export interface Counters {
  seededAt: number;
  nextSeq: number;
  clockOffsetMs: number;
}

const countersSchema = z.object({ seededAt: z.number().int(), nextSeq: z.number().int().positive(), clockOffsetMs: z.number().int() });

const cents = z.string().regex(/^-?\d+$/, 'must be whole cents');
/** Enough of each record to trust it was written by this code; the rest is kept as it was written. */
const RECORD_SCHEMAS: Record<RecordKind, z.ZodType<{ id: string }>> = {
  paymentRequests: z.looseObject({
    seq: z.number().int(),
    id: z.string(),
    shortCode: z.string(),
    status: z.enum(['new', 'paid', 'cancelled', 'expired']),
    value: z.looseObject({ amount: cents, currency: z.string() }),
    remainingAmount: cents,
    createdAt: z.number(),
    expiresAt: z.number(),
    echoed: z.looseObject({}),
    conditions: z.array(z.looseObject({ id: z.string(), status: z.string() })),
    payments: z.array(z.looseObject({ activityId: z.string(), assetType: z.string(), amount: cents, refunded: cents })),
    activities: z.array(z.looseObject({ id: z.string(), type: z.string(), activityNumber: z.string() })),
    payIdempotency: z.instanceof(Map),
    refundsByExternalRef: z.instanceof(Map),
  }),
  assets: z.looseObject({ id: z.string(), accountId: z.string(), type: z.string(), balance: cents, active: z.boolean() }),
  patronCodes: z.looseObject({ id: z.string(), barcode: z.string(), accountId: z.string(), assetId: z.string(), createdAt: z.number() }),
  connections: z.looseObject({ id: z.string(), merchantId: z.string(), status: z.enum(['created', 'authorized']), createdAt: z.number() }),
};

const deliveryRowSchema = z.object({
  notification_id: z.string(),
  url: z.string(),
  type: z.enum(PAYMENT_NOTIFICATION_TYPES),
  body: z.string(),
  attempts: z.number().int().nonnegative(),
  due_at_ms: z.number().int(),
});

/** Maps (idempotency keys, refunds by reference, confirmations) are written as `{"$map": [[key, value], …]}`. */
function encode(record: unknown): string {
  return JSON.stringify(record, (_key, value: unknown) => (value instanceof Map ? { $map: [...value] } : value));
}

function decode(doc: string): unknown {
  return JSON.parse(doc, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && '$map' in value && Array.isArray(value.$map) ? new Map(value.$map as [unknown, unknown][]) : value,
  );
}

const AFRESH = 'Delete the file (or POST /_sandbox/reset on a running sandbox) to start the sandbox afresh from its seeds.';

/** SQLite's answers for a disk that is full or may not be written (SQLITE_IOERR_SHMSIZE: no room for the -shm file). */
const DISK_CODES = /^SQLITE_(FULL|IOERR|CANTOPEN|READONLY)/;

export class StateFile {
  readonly location: string;
  private readonly db: Database.Database;
  /** Each record's document as the file holds it, so that a call that only read a record writes nothing. */
  private readonly written = new Map<string, string>();
  private writtenCounters: string | undefined;
  private readonly statements: ReturnType<StateFile['prepareStatements']>;

  constructor(path: string) {
    this.location = path === ':memory:' ? path : resolve(path);
    if (path !== ':memory:') mkdirSync(dirname(this.location), { recursive: true });
    this.db = new Database(path, { timeout: 2_000 });
    try {
      if (path !== ':memory:') {
        // One process owns the file: a second sandbox on it would overwrite what the first remembers.
        this.db.pragma('locking_mode = EXCLUSIVE');
        this.db.pragma('journal_mode = WAL');
        // A killed process loses nothing committed; a power cut may lose the last moments, and never corrupts the file.
        this.db.pragma('synchronous = NORMAL');
      }
      this.prepare();
      this.statements = this.prepareStatements();
    } catch (error) {
      this.db.close();
      throw this.describe(error);
    }
  }

  private prepare(): void {
    const version = this.db.pragma('user_version', { simple: true });
    if (version === 0) {
      this.db.transaction(() => {
        this.db.exec(SCHEMA);
        this.db.pragma(`user_version = ${FILE_VERSION}`);
      })();
    } else if (version !== FILE_VERSION) {
      throw new Error(`The sandbox's saved state in ${this.location} was written by another version of centrapay-pos (file version ${String(version)}, this one reads ${FILE_VERSION}). ${AFRESH}`);
    }
  }

  private prepareStatements() {
    return {
      putRecord: this.db.prepare('INSERT OR REPLACE INTO records (kind, key, doc) VALUES (?, ?, ?)'),
      dropRecord: this.db.prepare('DELETE FROM records WHERE kind = ? AND key = ?'),
      putCounters: this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('counters', ?)"),
      putDelivery: this.db.prepare('INSERT OR REPLACE INTO deliveries (notification_id, url, type, body, attempts, due_at_ms) VALUES (?, ?, ?, ?, ?, ?)'),
      attempted: this.db.prepare('UPDATE deliveries SET attempts = ?, due_at_ms = ? WHERE notification_id = ? AND url = ?'),
      dropDelivery: this.db.prepare('DELETE FROM deliveries WHERE notification_id = ? AND url = ?'),
    };
  }

  private describe(error: unknown): Error {
    if (error instanceof Error && 'code' in error && (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED')) {
      return new Error(`The sandbox's saved state in ${this.location} is in use by another process: is another npm start or npm run sandbox running on the same data directory?`, { cause: error });
    }
    if (error instanceof Error && 'code' in error && typeof error.code === 'string' && DISK_CODES.test(error.code)) {
      return new Error(`The sandbox cannot start: it cannot write its saved state ${this.location} on that disk (full, or not writable). `
        + `Free space there, or set SANDBOX_STATE_PATH to a directory with room the till can write, then start again. [${error.message}, ${error.code}]`, { cause: error });
    }
    if (error instanceof Error && 'code' in error && error.code === 'SQLITE_NOTADB') {
      return new Error(`The sandbox's saved state in ${this.location} is not a SQLite file. ${AFRESH}`, { cause: error });
    }
    return error instanceof Error ? error : new Error(String(error));
  }

  /** The counters, or undefined for a new file. */
  counters(): Counters | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get('counters') as { value: string } | undefined;
    if (!row) return undefined;
    this.writtenCounters = row.value;
    return this.parse('counters', () => countersSchema.parse(JSON.parse(row.value)));
  }

  /** The store as it was saved: seeded as it was first seeded, with every saved record over the seed of the same key. */
  load(counters: Counters): SandboxStore {
    const store = createStore(counters.seededAt);
    store.nextSeq = counters.nextSeq;
    const rows = this.db.prepare('SELECT kind, key, doc FROM records').all() as { kind: string; key: string; doc: string }[];
    for (const { kind, key, doc } of rows) {
      if (!(RECORD_KINDS as readonly string[]).includes(kind)) throw new Error(`The sandbox's saved state in ${this.location} holds records of an unknown kind (${kind}). ${AFRESH}`);
      const record = this.parse(`${kind} ${key}`, () => RECORD_SCHEMAS[kind as RecordKind].parse(decode(doc)));
      (store[kind as RecordKind] as Map<string, unknown>).set(key, record);
      this.written.set(`${kind}\n${key}`, doc);
    }
    return store;
  }

  /** The webhook deliveries a previous run left pending. */
  pendingDeliveries(): PendingDelivery[] {
    return this.db.prepare('SELECT * FROM deliveries').all().map((row) => {
      const parsed = this.parse('a webhook delivery', () => deliveryRowSchema.parse(row));
      return { notificationId: parsed.notification_id, url: parsed.url, type: parsed.type, body: parsed.body, attempts: parsed.attempts, dueAtMs: parsed.due_at_ms };
    });
  }

  private parse<T>(what: string, parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      const detail = error instanceof z.ZodError ? error.issues.map((issue) => `${issue.path.join('.') || 'document'}: ${issue.message}`).join('; ') : String(error);
      throw new Error(`The sandbox's saved state in ${this.location} is damaged (${what}: ${detail}). ${AFRESH}`, { cause: error });
    }
  }

  /**
   * Writes the records `store` marks as changed (those that differ from what the file holds), the counters and the
   * new webhook deliveries, in one transaction; the marks are cleared once it commits. If it throws, nothing was
   * written and the marks stay for the next save.
   */
  save(store: SandboxStore, counters: Counters, deliveries: readonly PendingDelivery[]): void {
    const records: { id: string; kind: RecordKind; key: string; doc: string | undefined }[] = [];
    for (const kind of RECORD_KINDS) {
      for (const key of store.unsaved[kind]) {
        const record = (store[kind] as Map<string, unknown>).get(key);
        const doc = record === undefined ? undefined : encode(record);
        const id = `${kind}\n${key}`;
        if (doc !== this.written.get(id)) records.push({ id, kind, key, doc });
      }
    }
    const countersDoc = JSON.stringify(counters);
    const countersChanged = countersDoc !== this.writtenCounters;
    if (records.length > 0 || countersChanged || deliveries.length > 0) {
      this.db.transaction(() => {
        for (const { kind, key, doc } of records) {
          if (doc === undefined) this.statements.dropRecord.run(kind, key);
          else this.statements.putRecord.run(kind, key, doc);
        }
        if (countersChanged) this.statements.putCounters.run(countersDoc);
        for (const d of deliveries) this.statements.putDelivery.run(d.notificationId, d.url, d.type, d.body, d.attempts, d.dueAtMs);
      })();
    }
    for (const { id, doc } of records) {
      if (doc === undefined) this.written.delete(id);
      else this.written.set(id, doc);
    }
    this.writtenCounters = countersDoc;
    for (const kind of RECORD_KINDS) store.unsaved[kind].clear();
  }

  /** Forgets everything but the new counters, in one transaction (a reset). */
  clear(counters: Counters): void {
    const doc = JSON.stringify(counters);
    this.db.transaction(() => {
      this.db.exec('DELETE FROM records; DELETE FROM deliveries;');
      this.statements.putCounters.run(doc);
    })();
    this.written.clear();
    this.writtenCounters = doc;
  }

  /** Where the webhook hub writes down each attempt of a pending delivery, and its end. */
  readonly deliveryKeeper: DeliveryKeeper = {
    attempted: (d) => {
      if (this.db.open) this.statements.attempted.run(d.attempts, d.dueAtMs, d.notificationId, d.url);
    },
    ended: (d) => {
      if (this.db.open) this.statements.dropDelivery.run(d.notificationId, d.url);
    },
  };

  close(): void {
    if (this.db.open) this.db.close();
  }
}
