// Vends in SQLite (vends): written as the vend engine's state says, with the events that record the change, in one
// transaction; read back with the domain's schema.
import type { Vend } from '../../vend/state';
import type { JournalEvent, JournalTx, VendRepository } from '../journal';
import { readVend as read, type Row } from '../rows';
import { insertEvent, type SqliteConnection } from './connection';

const SELECT_VEND = `SELECT id, machine, sku, name, amount, currency, line_items AS lineItems, payment_request_id AS paymentRequestId,
  short_code AS shortCode, url, status, reason, paid_at AS paidAt, refund_settled_at AS refundSettledAt, created_at AS createdAt,
  updated_at AS updatedAt FROM vends`;
/** Vends with something still to do: a request to create or follow, a machine to hear from, a refund to send or see done. */
export const UNFINISHED = "status IN ('creating', 'pending', 'vending', 'refunding') OR (status = 'refunded' AND refund_settled_at IS NULL)";

export class SqliteVendRepository implements VendRepository {
  constructor(private readonly conn: SqliteConnection) {}

  async load(id: string): Promise<Vend | null> {
    const row = this.conn.db.prepare(`${SELECT_VEND} WHERE id = ?`).get(id) as Row | undefined;
    return row ? read(row) : null;
  }

  async unfinished(): Promise<Vend[]> {
    return (this.conn.db.prepare(`${SELECT_VEND} WHERE ${UNFINISHED} ORDER BY created_at, id`).all() as Row[]).map(read);
  }

  async list(filter: { store?: string; machine?: string; statuses?: readonly string[]; limit?: number } = {}): Promise<Vend[]> {
    const clauses: string[] = [];
    const values: (string | number)[] = [];
    if (filter.store) {
      clauses.push('store = ?');
      values.push(filter.store);
    }
    if (filter.machine) {
      clauses.push('machine = ?');
      values.push(filter.machine);
    }
    if (filter.statuses) {
      clauses.push(`status IN (${filter.statuses.map(() => '?').join(', ')})`);
      values.push(...filter.statuses);
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    return (this.conn.db.prepare(`${SELECT_VEND} ${where} ORDER BY created_at DESC, id DESC LIMIT ?`).all(...values, filter.limit ?? 1_000_000) as Row[]).map(read);
  }

  async commit(state: Vend, events: readonly JournalEvent[], tx?: JournalTx): Promise<void> {
    await this.conn.write(tx, ['vend'], () => {
      const { db } = this.conn;
      const store = this.conn.storeOf(state.machine);
      db.prepare(`INSERT INTO vends (id, machine, sku, name, amount, currency, line_items, payment_request_id, short_code, url, status, reason, paid_at,
          refund_settled_at, created_at, updated_at, store) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET payment_request_id = excluded.payment_request_id, short_code = excluded.short_code, url = excluded.url,
          status = excluded.status, reason = excluded.reason, paid_at = excluded.paid_at, refund_settled_at = excluded.refund_settled_at,
          updated_at = excluded.updated_at`)
        .run(state.id, state.machine, state.sku, state.name, state.amount, state.currency, JSON.stringify(state.lineItems), state.paymentRequestId,
          state.shortCode, state.url, state.status, state.reason, state.paidAt, state.refundSettled ? state.updatedAt : null, state.createdAt, state.updatedAt, store);
      for (const event of events) insertEvent(db, event, state.updatedAt, store);
    });
  }
}
