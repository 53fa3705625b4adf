// The journal: every sale the till numbered, every Payment Request it created, every status it saw, every tender,
// void and refund with who asked, and each lane's state so a restart resumes a payment in flight. SQLite, one file.
// A lane's new state and the rows that record it are written in one durable transaction before any screen is told;
// a write that fails (disk full, read-only, locked by another program) throws JournalUnavailable and changes nothing.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { paidBySchema, type PaidBy } from '../../../domain/centrapay';
import type { JournalRecord } from '../sale/events';
import { migrate } from './migrations';

export type JournalFailure = 'busy' | 'full' | 'read-only' | 'failed';

const FAILURE_MESSAGES: Record<JournalFailure, string> = {
  busy: 'The till’s journal is locked by another program, so nothing can be recorded right now. Try again in a moment.',
  full: 'The till’s disk is full, so it cannot record sales. New sales are refused until space is freed.',
  'read-only': 'The till’s journal cannot be written (the disk is read-only). New sales are refused until it is fixed.',
  failed: 'The till could not record this in its journal. Try again; if it keeps failing, call support.',
};

/** A local failure to record something: never Centrapay's answer, and nothing was changed. */
export class JournalUnavailable extends Error {
  constructor(
    readonly failure: JournalFailure,
    cause: unknown,
  ) {
    super(FAILURE_MESSAGES[failure], { cause });
    this.name = 'JournalUnavailable';
  }
}

export type JournalWriteKind = 'sale' | 'payment-request' | 'status' | 'tender' | 'event' | 'lane-state' | 'webhook-notification' | 'refund' | 'hold' | 'vend';

export interface JournalOptions {
  onWrite?: (kind: JournalWriteKind) => void;
  onFailure?: (failure: JournalFailure) => void;
  /** How long a write waits for another program's lock. Short: the event loop waits with it. */
  busyTimeoutMs?: number;
}

export interface SaleRow {
  ref: string;
  number: number;
  lane: string;
  kind: string;
  terminalId: string;
  total: string;
  currency: string;
  operatorId: string | null;
  result: string;
  createdAt: string;
  updatedAt: string;
}

export interface RequestRow {
  id: string;
  shortCode: string;
  orderRef: string;
  amount: string;
  currency: string;
  status: string;
  createdAt: string;
  /** What paid it, by asset type, as last read from Centrapay; null when nothing was read yet. */
  paidBy: PaidBy | null;
}

/** What a sale can be found by (see history/search.ts). */
export type SaleMatch =
  | { by: 'short-code'; shortCode: string }
  | { by: 'number'; number: number }
  | { by: 'amount'; amount: string }
  /** Part of the order reference, or a whole Payment Request id. */
  | { by: 'reference'; text: string };

export interface SaleFilter {
  lane?: string;
  /** Made at or after this instant (ISO, UTC). */
  from?: string;
  /** Made before this instant. */
  to?: string;
  /** Found by any of these; none: every sale. */
  matches?: readonly SaleMatch[];
}

/** Where a page of sales (newest first, then by reference) ends: the next page starts after it. */
export interface SaleCursor {
  createdAt: string;
  ref: string;
}

export interface TenderRow {
  orderRef: string;
  paymentRequestId: string | null;
  /** Recorded on the Payment Request as an external payment (else taken at the counter only). */
  onRequest: boolean;
  method: string;
  amount: string;
  actor: string;
  at: string;
}

export interface EventRow {
  subject: string;
  orderRef: string | null;
  kind: string;
  status: string | null;
  actor: string;
  detail: string | null;
  at: string;
}

/**
 * A refund or void of a finished sale (after-sale/), one row per tender it returns money through. JSON columns are
 * kept as text here and read with their schemas by the after-sale module.
 */
export interface RefundRow {
  /** Our refund id: the `externalRef` sent to Centrapay, or a local id for money handed back at the counter. */
  id: string;
  orderRef: string;
  /** Null for money handed back at the counter. */
  paymentRequestId: string | null;
  method: 'centrapay' | 'void' | 'cash' | 'card';
  amount: string;
  currency: string;
  /** JSON array of the line items refunded; null for the whole sale. */
  lineItems: string | null;
  reason: string | null;
  actor: string;
  status: 'pending' | 'completed' | 'failed';
  /** Centrapay's code when it refused (e.g. REFUND_WINDOW_EXCEEDED). */
  error: string | null;
  /** JSON [{type, description?, amount}]: how Centrapay split the refund across what paid (its `strategy`). */
  assetTotals: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Who did what to a refund, kept in the events table with the sale's other events. */
export interface RefundEvent {
  subject: string;
  orderRef: string;
  kind: string;
  actor: string;
  detail: string | null;
}

/**
 * A pre-auth hold (pre-auth/): a bar tab or a pump's authorisation. Statuses and JSON columns are kept as text here
 * and read with the domain's schemas by the pre-auth module.
 */
export interface HoldRow {
  id: string;
  kind: string;
  /** The lane or machine id. */
  owner: string;
  externalRef: string;
  paymentRequestId: string | null;
  shortCode: string | null;
  url: string | null;
  amount: string;
  currency: string;
  /** JSON array of the line items the request was created with. */
  lineItems: string;
  status: string;
  error: string | null;
  preAuthExpiresAt: string | null;
  requestCreatedAt: string | null;
  openedBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A confirmation (draw-down) of a hold, under the idempotency key Centrapay keeps it by. */
export interface HoldConfirmationRow {
  key: string;
  holdId: string;
  invoiceRef: string;
  amount: string;
  /** JSON array of the line items confirmed, exactly as sent (a resend must carry the same content). */
  lineItems: string;
  status: string;
  error: string | null;
  activityId: string | null;
  actor: string;
  createdAt: string;
  updatedAt: string;
}

/** Money going back on a hold: a release of the rest, a void, or a refund (of a confirmation or the authorisation). */
export interface HoldReturnRow {
  id: string;
  holdId: string;
  kind: string;
  amount: string | null;
  confirmationKey: string | null;
  status: string;
  error: string | null;
  actor: string;
  createdAt: string;
  updatedAt: string;
}

/** A vend at an unattended machine (machines/); its status is read with the domain's schema there. */
export interface VendRow {
  id: string;
  machine: string;
  sku: string;
  name: string;
  amount: string;
  currency: string;
  /** JSON array of the line items the request was created with. */
  lineItems: string;
  paymentRequestId: string | null;
  shortCode: string | null;
  url: string | null;
  status: string;
  reason: string | null;
  paidAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Who did what to a hold, kept in the events table under the hold's id. */
export interface HoldEvent {
  kind: string;
  actor: string;
  detail: string | null;
  status?: string | null;
}

export class Journal {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly wrote: (kind: JournalWriteKind) => void;
  private readonly failed: (failure: JournalFailure) => void;
  private lastFailure: { failure: JournalFailure; at: string } | null = null;

  constructor(path: string, options: JournalOptions = {}) {
    this.path = path === ':memory:' ? path : resolve(path);
    this.wrote = options.onWrite ?? (() => undefined);
    this.failed = options.onFailure ?? (() => undefined);
    if (path !== ':memory:') mkdirSync(dirname(this.path), { recursive: true });
    // Start-up may wait a little longer for a lock than a sale does: nothing else is running yet.
    this.db = new Database(path, { timeout: 2_000 });
    this.db.pragma('journal_mode = WAL');
    // Money rows survive a power cut once the commit returns.
    this.db.pragma('synchronous = FULL');
    migrate(this.db);
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 100}`);
  }

  close(): void {
    this.db.close();
  }

  /** Writes a lane's new state with the rows that record how it got there, all or nothing. */
  commit(lane: string, state: unknown, records: readonly JournalRecord[]): void {
    const at = new Date().toISOString();
    this.write(() => {
      for (const record of records) this.writeRecord(lane, record, at);
      this.keepPaidBy(state);
      this.db
        .prepare('INSERT INTO lanes (id, state, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at')
        .run(lane, JSON.stringify(state), at);
    });
    for (const record of records) this.wrote(WRITE_KIND[record.kind]);
    this.wrote('lane-state');
  }

  /** The number the next order would get; taken only when a sale with it is committed. */
  nextOrderNumber(): number {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'order_sequence'").get() as { value: string } | undefined;
    return Number(row?.value ?? 0) + 1;
  }

  loadLanes(): { id: string; state: string }[] {
    return this.db.prepare('SELECT id, state FROM lanes ORDER BY id').all() as { id: string; state: string }[];
  }

  /** Moves a lane state that cannot be read out of the way, keeping it for a person to look at. */
  quarantine(lane: string, state: string, reason: string): void {
    this.write(() => {
      this.db.prepare('INSERT INTO quarantine (lane, state, reason, at) VALUES (?, ?, ?, ?)').run(lane, state, reason, new Date().toISOString());
      this.db.prepare('DELETE FROM lanes WHERE id = ?').run(lane);
    });
  }

  quarantined(): { lane: string; state: string; reason: string; at: string }[] {
    return this.db.prepare('SELECT lane, state, reason, at FROM quarantine ORDER BY seq').all() as { lane: string; state: string; reason: string; at: string }[];
  }

  /**
   * Keeps the id of a verified webhook notification; false when it was seen before (Centrapay delivers at least
   * once, and retries for two weeks, so the ids outlive a restart).
   */
  recordNotification(id: string, type: string, paymentRequestId: string | null): boolean {
    const changes = this.write(() =>
      this.db
        .prepare('INSERT OR IGNORE INTO webhook_notifications (id, type, payment_request_id, received_at) VALUES (?, ?, ?, ?)')
        .run(id, type, paymentRequestId, new Date().toISOString()).changes,
    );
    if (changes === 0) return false;
    this.wrote('webhook-notification');
    return true;
  }

  /** Sales newest first; `limit` of them after `after`, with where the next page starts (null: no more). */
  findSales(filter: SaleFilter, page: { limit?: number; after?: SaleCursor } = {}): { sales: SaleRow[]; next: SaleCursor | null } {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, ...values: unknown[]) => {
      where.push(clause);
      params.push(...values);
    };
    if (filter.lane) add('lane = ?', filter.lane);
    if (filter.from) add('created_at >= ?', filter.from);
    if (filter.to) add('created_at < ?', filter.to);
    if (filter.matches?.length) {
      const any = filter.matches.map(matchClause);
      add(`(${any.map(([clause]) => clause).join(' OR ')})`, ...any.flatMap(([, values]) => values));
    }
    if (page.after) add('(created_at < ? OR (created_at = ? AND ref < ?))', page.after.createdAt, page.after.createdAt, page.after.ref);
    // One more than asked for says whether there is a next page.
    const limit = page.limit === undefined ? -1 : page.limit + 1;
    const rows = this.db
      .prepare(`${SELECT_SALE} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, ref DESC LIMIT ?`)
      .all(...params, limit) as SaleRow[];
    if (page.limit === undefined || rows.length <= page.limit) return { sales: rows, next: null };
    const sales = rows.slice(0, page.limit);
    const last = sales.at(-1)!;
    return { sales, next: { createdAt: last.createdAt, ref: last.ref } };
  }

  sale(ref: string): SaleRow | undefined {
    return this.db.prepare(`${SELECT_SALE} WHERE ref = ?`).get(ref) as SaleRow | undefined;
  }

  requestsOf(ref: string): RequestRow[] {
    return (this.db.prepare(`${SELECT_REQUEST} WHERE order_ref = ? ORDER BY created_at`).all(ref) as StoredRequestRow[]).map(requestRow);
  }

  request(id: string): RequestRow | undefined {
    const row = this.db.prepare(`${SELECT_REQUEST} WHERE id = ?`).get(id) as StoredRequestRow | undefined;
    return row && requestRow(row);
  }

  tendersOf(ref: string): TenderRow[] {
    return this.db
      .prepare('SELECT order_ref AS orderRef, payment_request_id AS paymentRequestId, on_request AS onRequest, method, amount, actor, at FROM tenders WHERE order_ref = ? ORDER BY seq')
      .all(ref)
      .map((row) => ({ ...(row as TenderRow), onRequest: Boolean((row as { onRequest: number }).onRequest) }));
  }

  eventsOf(ref: string): EventRow[] {
    return this.db
      .prepare(`SELECT payment_request_id AS subject, order_ref AS orderRef, kind, status, actor, detail, at FROM events
        WHERE order_ref = ? OR payment_request_id = ? OR payment_request_id IN (SELECT id FROM payment_requests WHERE order_ref = ?) ORDER BY seq`)
      .all(ref, ref, ref) as EventRow[];
  }

  /** JSON: the line items the sale was numbered with (receipts); null for a sale the journal does not have. */
  lineItemsOf(ref: string): string | null {
    const row = this.db.prepare('SELECT line_items AS lineItems FROM sales WHERE ref = ?').get(ref) as { lineItems: string } | undefined;
    return row?.lineItems ?? null;
  }

  /** The till's own secret: receipt links are signed with it and kiosk tokens keyed with it (each with its own message
   * shape). 32 random bytes made on first use, then kept for the journal's life. */
  receiptKey(): Buffer {
    const select = this.db.prepare("SELECT value FROM meta WHERE key = 'receipt_key'");
    let row = select.get() as { value: string } | undefined;
    if (!row) {
      this.write(() => this.db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('receipt_key', ?)").run(randomBytes(32).toString('base64url')));
      row = select.get() as { value: string };
    }
    return Buffer.from(row.value, 'base64url');
  }

  // Refunds and voids of finished sales (after-sale/). The sale engine never writes these rows.

  refundsOf(ref: string): RefundRow[] {
    return this.db.prepare(`${SELECT_REFUND} WHERE order_ref = ? ORDER BY created_at, id`).all(ref) as RefundRow[];
  }

  /** Refunds and voids made in [from, to) (end of day), of the sales of `lane` when given. */
  refundsMade(filter: { lane?: string; from: string; to: string }): RefundRow[] {
    const lane = filter.lane ? 'AND order_ref IN (SELECT ref FROM sales WHERE lane = ?)' : '';
    return this.db
      .prepare(`${SELECT_REFUND} WHERE created_at >= ? AND created_at < ? ${lane} ORDER BY created_at, id`)
      .all(filter.from, filter.to, ...(filter.lane ? [filter.lane] : [])) as RefundRow[];
  }

  /** Refunds Centrapay has not finished (or not yet answered): resumed at start-up. */
  pendingRefunds(): RefundRow[] {
    return this.db.prepare(`${SELECT_REFUND} WHERE status = 'pending' ORDER BY created_at, id`).all() as RefundRow[];
  }

  /** A press's refunds and what the cashier did, all or nothing, before Centrapay is asked. */
  addRefunds(rows: readonly Omit<RefundRow, 'createdAt' | 'updatedAt'>[], events: readonly RefundEvent[]): void {
    const at = new Date().toISOString();
    this.write(() => {
      for (const row of rows) {
        this.db
          .prepare(`INSERT INTO refunds (id, order_ref, payment_request_id, method, amount, currency, line_items, reason, actor, status, error, asset_totals, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
          .run(row.id, row.orderRef, row.paymentRequestId, row.method, row.amount, row.currency, row.lineItems, row.reason, row.actor, row.status, row.error, row.assetTotals, at, at);
      }
      for (const event of events) this.insertEvent(event.subject, event.orderRef, event.kind, null, event.actor, event.detail, at);
    });
    this.wrote('refund');
  }

  /** What Centrapay answered about a refund, with the event that records it. */
  updateRefund(id: string, patch: Partial<Pick<RefundRow, 'status' | 'error' | 'assetTotals' | 'amount'>>, event: RefundEvent | null): void {
    const at = new Date().toISOString();
    this.write(() => {
      const current = this.db.prepare(`${SELECT_REFUND} WHERE id = ?`).get(id) as RefundRow | undefined;
      if (!current) return;
      const next = { ...current, ...patch };
      this.db
        .prepare('UPDATE refunds SET status = ?, error = ?, asset_totals = ?, amount = ?, updated_at = ? WHERE id = ?')
        .run(next.status, next.error, next.assetTotals, next.amount, at, id);
      if (event) this.insertEvent(event.subject, event.orderRef, event.kind, next.status, event.actor, event.detail, at);
    });
    this.wrote('refund');
  }

  // Pre-auth holds (pre-auth/). Each row is written, with the event that records it, before Centrapay is asked.

  hold(id: string): HoldRow | undefined {
    return this.db.prepare(`${SELECT_HOLD} WHERE id = ?`).get(id) as HoldRow | undefined;
  }

  holdOfRequest(paymentRequestId: string): HoldRow | undefined {
    return this.db.prepare(`${SELECT_HOLD} WHERE payment_request_id = ?`).get(paymentRequestId) as HoldRow | undefined;
  }

  /** Holds newest first; only those with one of `statuses` when given. */
  holds(statuses?: readonly string[]): HoldRow[] {
    const where = statuses ? `WHERE status IN (${statuses.map(() => '?').join(', ')})` : '';
    return this.db.prepare(`${SELECT_HOLD} ${where} ORDER BY created_at DESC, id DESC`).all(...(statuses ?? [])) as HoldRow[];
  }

  confirmationsOf(holdId: string): HoldConfirmationRow[] {
    return this.db.prepare(`${SELECT_CONFIRMATION} WHERE hold_id = ? ORDER BY created_at, idempotency_key`).all(holdId) as HoldConfirmationRow[];
  }

  confirmation(holdId: string, key: string): HoldConfirmationRow | undefined {
    return this.db.prepare(`${SELECT_CONFIRMATION} WHERE hold_id = ? AND idempotency_key = ?`).get(holdId, key) as HoldConfirmationRow | undefined;
  }

  /** Confirmations sent and not yet answered: sent again (same key) at start-up. */
  sendingConfirmations(): HoldConfirmationRow[] {
    return this.db.prepare(`${SELECT_CONFIRMATION} WHERE status = 'sending' ORDER BY created_at`).all() as HoldConfirmationRow[];
  }

  returnsOf(holdId: string): HoldReturnRow[] {
    return this.db.prepare(`${SELECT_HOLD_RETURN} WHERE hold_id = ? ORDER BY created_at, id`).all(holdId) as HoldReturnRow[];
  }

  /** Releases, voids and refunds not yet answered (or a refund not yet completed): resumed at start-up. */
  unfinishedReturns(): HoldReturnRow[] {
    return this.db.prepare(`${SELECT_HOLD_RETURN} WHERE status = 'sending' OR (status = 'done' AND kind = 'refund') ORDER BY created_at`).all() as HoldReturnRow[];
  }

  addHold(row: Omit<HoldRow, 'createdAt' | 'updatedAt'>, event: HoldEvent): void {
    const at = new Date().toISOString();
    this.write(() => {
      this.db
        .prepare(`INSERT INTO holds (id, kind, owner, external_ref, payment_request_id, short_code, url, amount, currency, line_items, status, error,
            pre_auth_expires_at, request_created_at, opened_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(row.id, row.kind, row.owner, row.externalRef, row.paymentRequestId, row.shortCode, row.url, row.amount, row.currency, row.lineItems,
          row.status, row.error, row.preAuthExpiresAt, row.requestCreatedAt, row.openedBy, at, at);
      this.holdEvent(row.id, row.paymentRequestId, event, at);
    });
    this.wrote('hold');
  }

  updateHold(id: string, patch: Partial<Pick<HoldRow, 'paymentRequestId' | 'shortCode' | 'url' | 'status' | 'error' | 'preAuthExpiresAt' | 'requestCreatedAt'>>, event: HoldEvent | null): void {
    const at = new Date().toISOString();
    this.write(() => {
      const current = this.hold(id);
      if (!current) return;
      const next = { ...current, ...patch };
      this.db
        .prepare(`UPDATE holds SET payment_request_id = ?, short_code = ?, url = ?, status = ?, error = ?, pre_auth_expires_at = ?, request_created_at = ?,
            updated_at = ? WHERE id = ?`)
        .run(next.paymentRequestId, next.shortCode, next.url, next.status, next.error, next.preAuthExpiresAt, next.requestCreatedAt, at, id);
      if (event) this.holdEvent(id, next.paymentRequestId, event, at);
    });
    this.wrote('hold');
  }

  addConfirmation(row: Omit<HoldConfirmationRow, 'createdAt' | 'updatedAt'>, event: HoldEvent): void {
    const at = new Date().toISOString();
    this.write(() => {
      this.db
        .prepare(`INSERT INTO hold_confirmations (idempotency_key, hold_id, invoice_ref, amount, line_items, status, error, activity_id, actor, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(row.key, row.holdId, row.invoiceRef, row.amount, row.lineItems, row.status, row.error, row.activityId, row.actor, at, at);
      this.holdEvent(row.holdId, this.hold(row.holdId)?.paymentRequestId ?? null, event, at);
    });
    this.wrote('hold');
  }

  /** What Centrapay answered about a confirmation, with the hold's new status when it changes it; all or nothing. */
  updateConfirmation(holdId: string, key: string, patch: Partial<Pick<HoldConfirmationRow, 'status' | 'error' | 'activityId'>>, holdStatus: string | null, event: HoldEvent | null): void {
    const at = new Date().toISOString();
    this.write(() => {
      const current = this.confirmation(holdId, key);
      if (!current) return;
      const next = { ...current, ...patch };
      this.db.prepare('UPDATE hold_confirmations SET status = ?, error = ?, activity_id = ?, updated_at = ? WHERE hold_id = ? AND idempotency_key = ?')
        .run(next.status, next.error, next.activityId, at, holdId, key);
      if (holdStatus) this.db.prepare('UPDATE holds SET status = ?, updated_at = ? WHERE id = ?').run(holdStatus, at, holdId);
      if (event) this.holdEvent(current.holdId, this.hold(current.holdId)?.paymentRequestId ?? null, event, at);
    });
    this.wrote('hold');
  }

  addReturn(row: Omit<HoldReturnRow, 'createdAt' | 'updatedAt'>, event: HoldEvent): void {
    const at = new Date().toISOString();
    this.write(() => {
      this.db
        .prepare(`INSERT INTO hold_returns (id, hold_id, kind, amount, confirmation_key, status, error, actor, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(row.id, row.holdId, row.kind, row.amount, row.confirmationKey, row.status, row.error, row.actor, at, at);
      this.holdEvent(row.holdId, this.hold(row.holdId)?.paymentRequestId ?? null, event, at);
    });
    this.wrote('hold');
  }

  /** What Centrapay answered about a return, with the hold's new status when it changes it; all or nothing. */
  updateReturn(id: string, patch: Partial<Pick<HoldReturnRow, 'status' | 'error' | 'amount'>>, holdStatus: string | null, event: HoldEvent | null): void {
    const at = new Date().toISOString();
    this.write(() => {
      const current = this.db.prepare(`${SELECT_HOLD_RETURN} WHERE id = ?`).get(id) as HoldReturnRow | undefined;
      if (!current) return;
      const next = { ...current, ...patch };
      this.db.prepare('UPDATE hold_returns SET status = ?, error = ?, amount = ?, updated_at = ? WHERE id = ?').run(next.status, next.error, next.amount, at, id);
      if (holdStatus) this.db.prepare('UPDATE holds SET status = ?, updated_at = ? WHERE id = ?').run(holdStatus, at, current.holdId);
      if (event) this.holdEvent(current.holdId, this.hold(current.holdId)?.paymentRequestId ?? null, event, at);
    });
    this.wrote('hold');
  }

  // Vends (machines/). Each row is written, with the event that records it, before Centrapay is asked.

  vend(id: string): VendRow | undefined {
    return this.db.prepare(`${SELECT_VEND} WHERE id = ?`).get(id) as VendRow | undefined;
  }

  vendOfRequest(paymentRequestId: string): VendRow | undefined {
    return this.db.prepare(`${SELECT_VEND} WHERE payment_request_id = ?`).get(paymentRequestId) as VendRow | undefined;
  }

  /** Vends newest first; of one machine and with one of `statuses` when given. */
  vends(filter: { machine?: string; statuses?: readonly string[]; limit?: number } = {}): VendRow[] {
    const clauses: string[] = [];
    const values: unknown[] = [];
    if (filter.machine) {
      clauses.push('machine = ?');
      values.push(filter.machine);
    }
    if (filter.statuses) {
      clauses.push(`status IN (${filter.statuses.map(() => '?').join(', ')})`);
      values.push(...filter.statuses);
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    return this.db.prepare(`${SELECT_VEND} ${where} ORDER BY created_at DESC, id DESC LIMIT ?`).all(...values, filter.limit ?? 1_000_000) as VendRow[];
  }

  addVend(row: Omit<VendRow, 'createdAt' | 'updatedAt'>, event: HoldEvent): void {
    const at = new Date().toISOString();
    this.write(() => {
      this.db
        .prepare(`INSERT INTO vends (id, machine, sku, name, amount, currency, line_items, payment_request_id, short_code, url, status, reason, paid_at,
            created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(row.id, row.machine, row.sku, row.name, row.amount, row.currency, row.lineItems, row.paymentRequestId, row.shortCode, row.url, row.status,
          row.reason, row.paidAt, at, at);
      this.holdEvent(row.id, row.paymentRequestId, event, at);
    });
    this.wrote('vend');
  }

  /**
   * Changes a vend, only while it is in one of `from` (when given): false when it was not (someone else moved it
   * first, e.g. the machine's late confirmation after the refund began). All or nothing with its event.
   */
  updateVend(id: string, patch: Partial<Pick<VendRow, 'paymentRequestId' | 'shortCode' | 'url' | 'status' | 'reason' | 'paidAt'>>, event: HoldEvent | null,
    from?: readonly string[]): boolean {
    const at = new Date().toISOString();
    const changed = this.write(() => {
      const current = this.vend(id);
      if (!current || (from && !from.includes(current.status))) return false;
      const next = { ...current, ...patch };
      this.db.prepare('UPDATE vends SET payment_request_id = ?, short_code = ?, url = ?, status = ?, reason = ?, paid_at = ?, updated_at = ? WHERE id = ?')
        .run(next.paymentRequestId, next.shortCode, next.url, next.status, next.reason, next.paidAt, at, id);
      if (event) this.holdEvent(id, next.paymentRequestId, event, at);
      return true;
    });
    if (changed) this.wrote('vend');
    return changed;
  }

  /** The last local write failure, for the health check; null once a write succeeds again. */
  health(): { writable: boolean; failure: JournalFailure | null; message: string | null; since: string | null } {
    const failure = this.lastFailure;
    return { writable: !failure, failure: failure?.failure ?? null, message: failure ? FAILURE_MESSAGES[failure.failure] : null, since: failure?.at ?? null };
  }

  /**
   * Makes SQLite refuse every write (SQLITE_READONLY from the real write path), as a disk remounted read-only does.
   * Only the chaos run's control endpoint calls this, on a sandbox set-up.
   */
  simulateReadOnlyDisk(readOnly: boolean): void {
    this.db.pragma(`query_only = ${readOnly ? 'ON' : 'OFF'}`);
  }

  private write<T>(work: () => T): T {
    try {
      const result = this.db.transaction(work)();
      this.lastFailure = null;
      return result;
    } catch (error) {
      const failure = failureOf(error);
      if (!failure) throw error;
      this.lastFailure = { failure, at: new Date().toISOString() };
      this.failed(failure);
      throw new JournalUnavailable(failure, error);
    }
  }

  private writeRecord(lane: string, record: JournalRecord, at: string): void {
    switch (record.kind) {
      case 'order': {
        const { order } = record;
        this.db
          .prepare(`INSERT INTO sales (ref, number, lane, kind, terminal_id, total, currency, operator_id, line_items, result, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`)
          .run(order.ref, order.number, lane, order.kind, order.terminalId, order.total, order.currency, order.operatorId, JSON.stringify(record.lineItems), at, at);
        this.db.prepare("UPDATE meta SET value = ? WHERE key = 'order_sequence' AND CAST(value AS INTEGER) < ?").run(String(order.number), order.number);
        return;
      }
      case 'result':
        this.db.prepare('UPDATE sales SET result = ?, updated_at = ? WHERE ref = ?').run(record.result, at, record.ref);
        return;
      case 'request': {
        const { paymentRequest: pr } = record;
        this.db
          .prepare(`INSERT OR IGNORE INTO payment_requests (id, short_code, lane, operator_id, external_ref, amount, currency, status, created_at, updated_at, order_ref, paid_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
          .run(pr.id, pr.shortCode, lane, record.operatorId, pr.externalRef ?? record.ref, pr.value.amount, pr.value.currency, pr.status, at, at, record.ref,
            pr.paidBy ? JSON.stringify(pr.paidBy) : null);
        return;
      }
      case 'status': {
        const changed = this.db.prepare('UPDATE payment_requests SET status = ?, updated_at = ? WHERE id = ? AND status <> ?').run(record.status, at, record.id, record.status);
        if (changed.changes > 0) this.insertEvent(record.id, null, 'status', record.status, 'centrapay', null, at);
        return;
      }
      case 'tender':
        this.db
          .prepare('INSERT INTO tenders (order_ref, payment_request_id, on_request, method, amount, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(record.ref, record.paymentRequestId, record.onRequest ? 1 : 0, record.method, record.amount, record.actor, at);
        return;
      case 'event':
        this.insertEvent(record.subject, record.ref, record.name, null, record.actor, record.detail, at);
        return;
    }
  }

  /**
   * Keeps with each request the lane holds (its live payment and the paid parts of its sale) what paid it, as last
   * read: a `status` record carries only the status, and history and the end-of-day report read only the journal.
   */
  private keepPaidBy(state: unknown): void {
    const held = heldRequestsSchema.safeParse(state);
    if (!held.success) return;
    const { payment, parts } = held.data;
    for (const { paymentRequest } of [...(parts ?? []), ...(payment ? [payment] : [])]) {
      if (paymentRequest.paidBy === undefined) continue;
      const paidBy = JSON.stringify(paymentRequest.paidBy);
      this.db.prepare('UPDATE payment_requests SET paid_by = ? WHERE id = ? AND paid_by IS NOT ?').run(paidBy, paymentRequest.id, paidBy);
    }
  }

  /** A hold's event: under its request when it has one (so the request's history shows it), filed by the hold's id. */
  private holdEvent(holdId: string, paymentRequestId: string | null, event: HoldEvent, at: string): void {
    this.insertEvent(paymentRequestId ?? holdId, holdId, event.kind, event.status ?? null, event.actor, event.detail, at);
  }

  private insertEvent(subject: string, ref: string | null, kind: string, status: string | null, actor: string, detail: string | null, at: string): void {
    this.db
      .prepare('INSERT INTO events (payment_request_id, order_ref, kind, status, actor, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(subject, ref, kind, status, actor, detail, at);
  }
}

const WRITE_KIND: Record<JournalRecord['kind'], JournalWriteKind> = {
  order: 'sale', result: 'sale', request: 'payment-request', status: 'status', tender: 'tender', event: 'event',
};

const SELECT_SALE = `SELECT ref, number, lane, kind, terminal_id AS terminalId, total, currency, operator_id AS operatorId, result,
  created_at AS createdAt, updated_at AS updatedAt FROM sales`;
const SELECT_REFUND = `SELECT id, order_ref AS orderRef, payment_request_id AS paymentRequestId, method, amount, currency, line_items AS lineItems,
  reason, actor, status, error, asset_totals AS assetTotals, created_at AS createdAt, updated_at AS updatedAt FROM refunds`;
const SELECT_HOLD = `SELECT id, kind, owner, external_ref AS externalRef, payment_request_id AS paymentRequestId, short_code AS shortCode, url, amount,
  currency, line_items AS lineItems, status, error, pre_auth_expires_at AS preAuthExpiresAt, request_created_at AS requestCreatedAt,
  opened_by AS openedBy, created_at AS createdAt, updated_at AS updatedAt FROM holds`;
const SELECT_CONFIRMATION = `SELECT idempotency_key AS key, hold_id AS holdId, invoice_ref AS invoiceRef, amount, line_items AS lineItems, status, error,
  activity_id AS activityId, actor, created_at AS createdAt, updated_at AS updatedAt FROM hold_confirmations`;
const SELECT_HOLD_RETURN = `SELECT id, hold_id AS holdId, kind, amount, confirmation_key AS confirmationKey, status, error, actor,
  created_at AS createdAt, updated_at AS updatedAt FROM hold_returns`;
const SELECT_VEND = `SELECT id, machine, sku, name, amount, currency, line_items AS lineItems, payment_request_id AS paymentRequestId,
  short_code AS shortCode, url, status, reason, paid_at AS paidAt, created_at AS createdAt, updated_at AS updatedAt FROM vends`;
const SELECT_REQUEST = `SELECT id, short_code AS shortCode, order_ref AS orderRef, amount, currency, status, created_at AS createdAt, paid_by AS paidBy
  FROM payment_requests`;

type StoredRequestRow = Omit<RequestRow, 'paidBy'> & { paidBy: string | null };

function requestRow(row: StoredRequestRow): RequestRow {
  const paidBy = row.paidBy === null ? null : paidBySchema.safeParse(JSON.parse(row.paidBy));
  return { ...row, paidBy: paidBy?.success ? paidBy.data : null };
}

/** The SQL of one way to find a sale, with its values. */
function matchClause(match: SaleMatch): [string, unknown[]] {
  switch (match.by) {
    case 'short-code':
      return ['ref IN (SELECT order_ref FROM payment_requests WHERE short_code = ?)', [match.shortCode]];
    case 'number':
      return ['number = ?', [match.number]];
    case 'amount':
      return ['(total = ? OR ref IN (SELECT order_ref FROM payment_requests WHERE amount = ?))', [match.amount, match.amount]];
    case 'reference':
      return [
        "(ref LIKE ? ESCAPE '\\' OR ref IN (SELECT order_ref FROM payment_requests WHERE id = ?))",
        [`%${match.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, match.text],
      ];
  }
}

/** The requests a lane state holds; only what `keepPaidBy` needs is read (the state is the lane's own, saved as is). */
const heldRequestSchema = z.object({ paymentRequest: z.object({ id: z.string(), paidBy: z.unknown().optional() }) });
const heldRequestsSchema = z.object({ payment: heldRequestSchema.nullish(), parts: z.array(heldRequestSchema).optional() });

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
