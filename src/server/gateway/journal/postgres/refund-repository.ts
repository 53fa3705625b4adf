// Refunds and voids of finished sales in PostgreSQL (refunds): one row per tender a press returns money through,
// written as the after-sale engine's state says, with the events that record the change, in one transaction; read
// back with their schemas (../rows.ts).
import type { Refund } from '../../after-sale/ledger';
import type { JournalEvent, JournalTx, RefundRepository } from '../journal';
import { readRefund, type Row } from '../rows';
import { insertEvent, type PostgresConnection, type Sql } from './connection';
import { SELECT_REFUND } from './history-repository';

const SELECT_REFUND_STATE = SELECT_REFUND.replace(' FROM refunds', ', accepted_at AS "acceptedAt", sent_line_items AS "sentLineItems" FROM refunds');

export class PostgresRefundRepository implements RefundRepository {
  constructor(private readonly conn: PostgresConnection) {}

  async of(orderRef: string): Promise<Refund[]> {
    return (await this.conn.rows<Row>(`${SELECT_REFUND_STATE} WHERE order_ref = $1 ORDER BY created_at, id`, [orderRef])).map(readRefund);
  }

  async unfinished(): Promise<string[]> {
    return (await this.conn.rows<{ ref: string }>("SELECT DISTINCT order_ref AS ref FROM refunds WHERE status = 'pending' ORDER BY ref")).map((row) => row.ref);
  }

  async commit(orderRef: string, refunds: readonly Refund[], events: readonly JournalEvent[], tx?: JournalTx): Promise<void> {
    await this.conn.write(tx, ['refund'], async (sql) => {
      const at = refunds.reduce((last, refund) => (refund.updatedAt > last ? refund.updatedAt : last), '');
      const store = await this.storeOfSale(sql, orderRef);
      for (const refund of refunds) {
        await sql.query(`INSERT INTO refunds (id, order_ref, payment_request_id, method, amount, currency, line_items, reason, actor, status, error, asset_totals,
            accepted_at, sent_line_items, created_at, updated_at, store) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
          ON CONFLICT (id) DO UPDATE SET amount = excluded.amount, status = excluded.status, error = excluded.error, asset_totals = excluded.asset_totals,
            accepted_at = COALESCE(refunds.accepted_at, excluded.accepted_at), updated_at = excluded.updated_at`,
        [refund.id, orderRef, refund.paymentRequestId, refund.method, refund.amount, refund.currency, refund.lineItems ? JSON.stringify(refund.lineItems) : null,
          refund.reason, refund.actor, refund.status, refund.error, refund.assetTotals ? JSON.stringify(refund.assetTotals) : null,
          refund.accepted ? refund.updatedAt : null, refund.sentLineItems ? JSON.stringify(refund.sentLineItems) : null, refund.createdAt, refund.updatedAt, store]);
      }
      for (const event of events) await insertEvent(sql, event, at || new Date().toISOString(), store);
    });
  }

  /** A refund is in the store of the sale it returns money from. */
  private async storeOfSale(sql: Sql, orderRef: string): Promise<string> {
    const { rows: [sale] } = await sql.query<{ store: string; lane: string }>('SELECT store, lane FROM sales WHERE ref = $1', [orderRef]);
    return sale?.store ?? this.conn.storeOf(sale?.lane ?? orderRef);
  }
}
