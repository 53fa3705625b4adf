// Sales in PostgreSQL: each lane's state (lanes), and the rows its transitions record — the sale (sales), each Payment
// Request (payment_requests), each status seen and event (events), each tender (tenders) — written with the new state
// in one transaction. A saved state that cannot be read is quarantined, never a reason not to start.
import type { SaleRecord } from '../../sale/events';
import { readSavedLane } from '../../sale/saved-state';
import type { StoredLane } from '../../sale/state';
import type { JournalTx, JournalWriteKind, SaleRepository } from '../journal';
import { readLanes } from '../rows';
import { insertEvent, type PostgresConnection, type Sql } from './connection';

const WRITE_KIND: Record<SaleRecord['kind'], JournalWriteKind> = {
  order: 'sale', result: 'sale', request: 'payment-request', status: 'status', tender: 'tender', event: 'event',
};

export class PostgresSaleRepository implements SaleRepository {
  constructor(private readonly conn: PostgresConnection) {}

  async lanes(): Promise<{ lanes: { key: string; state: StoredLane }[]; quarantined: { lane: string; problem: string }[] }> {
    return readLanes(await this.conn.rows<{ id: string; state: string }>('SELECT id, state FROM lanes ORDER BY id'), (row, problem) => this.quarantine(row, problem));
  }

  async load(lane: string): Promise<StoredLane | null> {
    const [row] = await this.conn.rows<{ state: string }>('SELECT state FROM lanes WHERE id = $1', [lane]);
    if (!row) return null;
    const saved = readSavedLane(row.state);
    return 'state' in saved ? saved.state : null;
  }

  async commit(lane: string, state: StoredLane, records: readonly SaleRecord[], tx?: JournalTx): Promise<void> {
    const kinds = [...records.map((record) => WRITE_KIND[record.kind]), 'lane-state' as const];
    await this.conn.write(tx, kinds, async (sql) => {
      const where = { lane, store: this.conn.storeOf(lane), at: new Date().toISOString() };
      for (const record of records) await writeRecord(sql, where, record);
      await keepPaidBy(sql, state);
      await sql.query(`INSERT INTO lanes (id, state, updated_at, store) VALUES ($1, $2, $3, $4)
        ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at, store = excluded.store`, [lane, JSON.stringify(state), where.at, where.store]);
    });
  }

  /** One statement, so two instances asking at once never get the same number. */
  async takeOrderNumber(): Promise<number> {
    return this.conn.writeNow([], async (sql) => {
      const { rows } = await sql.query<{ value: string }>("UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'order_sequence' RETURNING value");
      return Number(rows[0]!.value);
    });
  }

  async quarantined(): Promise<{ lane: string; state: string; reason: string; at: string }[]> {
    return this.conn.rows('SELECT lane, state, reason, at FROM quarantine ORDER BY seq');
  }

  private async quarantine(row: { id: string; state: string }, problem: string): Promise<void> {
    await this.conn.writeNow([], async (sql) => {
      await sql.query('INSERT INTO quarantine (lane, state, reason, at, store) VALUES ($1, $2, $3, $4, $5)',
        [row.id, row.state, problem, new Date().toISOString(), this.conn.storeOf(row.id)]);
      await sql.query('DELETE FROM lanes WHERE id = $1', [row.id]);
    });
  }
}

/** Where a record is written: the lane, its store, and when. */
interface Written {
  lane: string;
  store: string;
  at: string;
}

async function writeRecord(sql: Sql, { lane, store, at }: Written, record: SaleRecord): Promise<void> {
  switch (record.kind) {
    case 'order': {
      const { order } = record;
      await sql.query(`INSERT INTO sales (ref, number, lane, kind, terminal_id, total, currency, operator_id, line_items, result, created_at, updated_at, store,
            invoice_ref, purchase_order_ref, discount)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $10, $11, $12, $13, $14)`,
      [order.ref, order.number, lane, order.kind, order.terminalId, order.total, order.currency, order.operatorId, JSON.stringify(record.lineItems), at, store,
        order.invoiceRef ?? null, order.purchaseOrderRef ?? null, order.discount ? JSON.stringify(order.discount) : null]);
      await sql.query("UPDATE meta SET value = $1 WHERE key = 'order_sequence' AND value::bigint < $2", [String(order.number), order.number]);
      return;
    }
    case 'result':
      await sql.query('UPDATE sales SET result = $1, updated_at = $2 WHERE ref = $3', [record.result, at, record.ref]);
      return;
    case 'request': {
      const { paymentRequest: pr } = record;
      await sql.query(`INSERT INTO payment_requests (id, short_code, lane, operator_id, external_ref, amount, currency, status, created_at, updated_at, order_ref, paid_by, store, connection_id)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING`,
      [pr.id, pr.shortCode, lane, record.operatorId, pr.externalRef ?? record.ref, pr.value.amount, pr.value.currency, pr.status, at, record.ref,
        pr.paidBy ? JSON.stringify(pr.paidBy) : null, store, pr.connectionId ?? null]);
      return;
    }
    case 'status': {
      const changed = await sql.query('UPDATE payment_requests SET status = $1, updated_at = $2 WHERE id = $3 AND status <> $1', [record.status, at, record.id]);
      if ((changed.rowCount ?? 0) > 0) await insertEvent(sql, { subject: record.id, ref: null, name: 'status', status: record.status, actor: 'centrapay', detail: null }, at, store);
      return;
    }
    case 'tender':
      await sql.query('INSERT INTO tenders (order_ref, payment_request_id, on_request, method, amount, actor, at, store) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [record.ref, record.paymentRequestId, record.onRequest, record.method, record.amount, record.actor, at, store]);
      return;
    case 'event':
      await insertEvent(sql, { subject: record.subject, ref: record.ref, name: record.name, actor: record.actor, detail: record.detail }, at, store);
      return;
  }
}

/**
 * Keeps with each request the lane holds (its live payment and the paid parts of its sale) what paid it, as last
 * read: a `status` record carries only the status, and history and the end-of-day report read only the journal.
 */
async function keepPaidBy(sql: Sql, state: StoredLane): Promise<void> {
  const { payment, parts } = state;
  for (const { paymentRequest } of [...parts, ...(payment ? [payment] : [])]) {
    if (paymentRequest.paidBy === undefined) continue;
    const paidBy = JSON.stringify(paymentRequest.paidBy);
    await sql.query('UPDATE payment_requests SET paid_by = $1 WHERE id = $2 AND paid_by IS DISTINCT FROM $1', [paidBy, paymentRequest.id]);
  }
}
