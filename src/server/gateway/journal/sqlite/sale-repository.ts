// Sales in SQLite: each lane's state (lanes), and the rows its transitions record — the sale (sales), each Payment
// Request (payment_requests), each status seen and event (events), each tender (tenders) — written with the new state
// in one transaction. A saved state that cannot be read is quarantined, never a reason not to start.
import type { SaleRecord } from '../../sale/events';
import { readSavedLane } from '../../sale/saved-state';
import type { StoredLane } from '../../sale/state';
import type { JournalTx, JournalWriteKind, SaleRepository } from '../journal';
import { readLanes } from '../rows';
import { insertEvent, type SqliteConnection } from './connection';

const WRITE_KIND: Record<SaleRecord['kind'], JournalWriteKind> = {
  order: 'sale', result: 'sale', request: 'payment-request', status: 'status', tender: 'tender', event: 'event',
};

export class SqliteSaleRepository implements SaleRepository {
  constructor(private readonly conn: SqliteConnection) {}

  async lanes(): Promise<{ lanes: { key: string; state: StoredLane }[]; quarantined: { lane: string; problem: string }[] }> {
    const rows = this.conn.db.prepare('SELECT id, state FROM lanes ORDER BY id').all() as { id: string; state: string }[];
    return readLanes(rows, async (row, problem) => {
      this.conn.writeNow([], () => {
        this.conn.db.prepare('INSERT INTO quarantine (lane, state, reason, at, store) VALUES (?, ?, ?, ?, ?)')
          .run(row.id, row.state, problem, new Date().toISOString(), this.conn.storeOf(row.id));
        this.conn.db.prepare('DELETE FROM lanes WHERE id = ?').run(row.id);
      });
    });
  }

  async load(lane: string): Promise<StoredLane | null> {
    const row = this.conn.db.prepare('SELECT state FROM lanes WHERE id = ?').get(lane) as { state: string } | undefined;
    if (!row) return null;
    const saved = readSavedLane(row.state);
    return 'state' in saved ? saved.state : null;
  }

  async commit(lane: string, state: StoredLane, records: readonly SaleRecord[], tx?: JournalTx): Promise<void> {
    const kinds = [...records.map((record) => WRITE_KIND[record.kind]), 'lane-state' as const];
    await this.conn.write(tx, kinds, () => {
      const at = new Date().toISOString();
      const store = this.conn.storeOf(lane);
      for (const record of records) this.writeRecord({ lane, store, at }, record);
      this.keepPaidBy(state);
      this.conn.db
        .prepare('INSERT INTO lanes (id, state, updated_at, store) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at, store = excluded.store')
        .run(lane, JSON.stringify(state), at, store);
    });
  }

  async takeOrderNumber(): Promise<number> {
    return this.conn.writeNow([], () => {
      this.conn.db.prepare("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'order_sequence'").run();
      const row = this.conn.db.prepare("SELECT value FROM meta WHERE key = 'order_sequence'").get() as { value: string };
      return Number(row.value);
    });
  }

  async quarantined(): Promise<{ lane: string; state: string; reason: string; at: string }[]> {
    return this.conn.db.prepare('SELECT lane, state, reason, at FROM quarantine ORDER BY seq').all() as { lane: string; state: string; reason: string; at: string }[];
  }

  private writeRecord({ lane, store, at }: { lane: string; store: string; at: string }, record: SaleRecord): void {
    const { db } = this.conn;
    switch (record.kind) {
      case 'order': {
        const { order } = record;
        db.prepare(`INSERT INTO sales (ref, number, lane, kind, terminal_id, total, currency, operator_id, line_items, result, created_at, updated_at, store,
              invoice_ref, purchase_order_ref, discount)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?)`)
          .run(order.ref, order.number, lane, order.kind, order.terminalId, order.total, order.currency, order.operatorId, JSON.stringify(record.lineItems), at, at, store,
            order.invoiceRef ?? null, order.purchaseOrderRef ?? null, order.discount ? JSON.stringify(order.discount) : null);
        db.prepare("UPDATE meta SET value = ? WHERE key = 'order_sequence' AND CAST(value AS INTEGER) < ?").run(String(order.number), order.number);
        return;
      }
      case 'result':
        db.prepare('UPDATE sales SET result = ?, updated_at = ? WHERE ref = ?').run(record.result, at, record.ref);
        return;
      case 'request': {
        const { paymentRequest: pr } = record;
        db.prepare(`INSERT OR IGNORE INTO payment_requests (id, short_code, lane, operator_id, external_ref, amount, currency, status, created_at, updated_at, order_ref, paid_by, store, connection_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
          .run(pr.id, pr.shortCode, lane, record.operatorId, pr.externalRef ?? record.ref, pr.value.amount, pr.value.currency, pr.status, at, at, record.ref,
            pr.paidBy ? JSON.stringify(pr.paidBy) : null, store, pr.connectionId ?? null);
        return;
      }
      case 'status': {
        const changed = db.prepare('UPDATE payment_requests SET status = ?, updated_at = ? WHERE id = ? AND status <> ?').run(record.status, at, record.id, record.status);
        if (changed.changes > 0) insertEvent(db, { subject: record.id, ref: null, name: 'status', status: record.status, actor: 'centrapay', detail: null }, at, store);
        return;
      }
      case 'tender':
        db.prepare('INSERT INTO tenders (order_ref, payment_request_id, on_request, method, amount, actor, at, store) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(record.ref, record.paymentRequestId, record.onRequest ? 1 : 0, record.method, record.amount, record.actor, at, store);
        return;
      case 'event':
        insertEvent(db, { subject: record.subject, ref: record.ref, name: record.name, actor: record.actor, detail: record.detail }, at, store);
        return;
    }
  }

  /**
   * Keeps with each request the lane holds (its live payment and the paid parts of its sale) what paid it, as last
   * read: a `status` record carries only the status, and history and the end-of-day report read only the journal.
   */
  private keepPaidBy(state: StoredLane): void {
    const { payment, parts } = state;
    for (const { paymentRequest } of [...parts, ...(payment ? [payment] : [])]) {
      if (paymentRequest.paidBy === undefined) continue;
      const paidBy = JSON.stringify(paymentRequest.paidBy);
      this.conn.db.prepare('UPDATE payment_requests SET paid_by = ? WHERE id = ? AND paid_by IS NOT ?').run(paidBy, paymentRequest.id, paidBy);
    }
  }
}
