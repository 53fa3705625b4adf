// Vends in PostgreSQL (vends): written as the vend engine's state says, with the events that record the change, in
// one transaction; read back with the domain's schema (../rows.ts).
import type { Vend } from '../../vend/state';
import type { JournalEvent, JournalTx, VendRepository } from '../journal';
import { readVend, type Row } from '../rows';
import { insertEvent, type PostgresConnection } from './connection';
import { filterWhere, Params } from './params';

const SELECT_VEND = `SELECT id, machine, sku, name, amount, currency, line_items AS "lineItems", payment_request_id AS "paymentRequestId",
  short_code AS "shortCode", url, status, reason, paid_at AS "paidAt", refund_settled_at AS "refundSettledAt", created_at AS "createdAt",
  updated_at AS "updatedAt" FROM vends`;
/** Vends with something still to do: a request to create or follow, a machine to hear from, a refund to send or see done. */
export const UNFINISHED = "status IN ('creating', 'pending', 'vending', 'refunding') OR (status = 'refunded' AND refund_settled_at IS NULL)";

export class PostgresVendRepository implements VendRepository {
  constructor(private readonly conn: PostgresConnection) {}

  async load(id: string): Promise<Vend | null> {
    const [row] = await this.conn.rows<Row>(`${SELECT_VEND} WHERE id = $1`, [id]);
    return row ? readVend(row) : null;
  }

  async unfinished(): Promise<Vend[]> {
    return (await this.conn.rows<Row>(`${SELECT_VEND} WHERE ${UNFINISHED} ORDER BY created_at, id`)).map(readVend);
  }

  async list(filter: { store?: string; machine?: string; statuses?: readonly string[]; limit?: number } = {}): Promise<Vend[]> {
    const params = new Params();
    const where = filterWhere(params, { store: filter.store, machine: filter.machine }, filter.statuses);
    const limit = params.add(filter.limit ?? null);
    return (await this.conn.rows<Row>(`${SELECT_VEND} ${where} ORDER BY created_at DESC, id DESC LIMIT ${limit}`, params.values)).map(readVend);
  }

  async commit(state: Vend, events: readonly JournalEvent[], tx?: JournalTx): Promise<void> {
    await this.conn.write(tx, ['vend'], async (sql) => {
      const store = this.conn.storeOf(state.machine);
      await sql.query(`INSERT INTO vends (id, machine, sku, name, amount, currency, line_items, payment_request_id, short_code, url, status, reason, paid_at,
          refund_settled_at, created_at, updated_at, store) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
        ON CONFLICT (id) DO UPDATE SET payment_request_id = excluded.payment_request_id, short_code = excluded.short_code, url = excluded.url,
          status = excluded.status, reason = excluded.reason, paid_at = excluded.paid_at, refund_settled_at = excluded.refund_settled_at,
          updated_at = excluded.updated_at`,
      [state.id, state.machine, state.sku, state.name, state.amount, state.currency, JSON.stringify(state.lineItems), state.paymentRequestId,
        state.shortCode, state.url, state.status, state.reason, state.paidAt, state.refundSettled ? state.updatedAt : null, state.createdAt, state.updatedAt, store]);
      for (const event of events) await insertEvent(sql, event, state.updatedAt, store);
    });
  }
}
