// Refunds and voids of finished sales in SQLite (refunds): one row per tender a press returns money through, written
// as the after-sale engine's state says, with the events that record the change, in one transaction; read back with
// their schemas.
import type { Refund } from '../../after-sale/ledger';
import type { JournalEvent, JournalTx, RefundRepository } from '../journal';
import { readRefund, type Row } from '../rows';
import { insertEvent, type SqliteConnection } from './connection';
import { SELECT_REFUND } from './history-repository';

export class SqliteRefundRepository implements RefundRepository {
  constructor(private readonly conn: SqliteConnection) {}

  async of(orderRef: string): Promise<Refund[]> {
    const rows = this.conn.db.prepare(SELECT_REFUND.replace(' FROM refunds', ', accepted_at AS acceptedAt, sent_line_items AS sentLineItems FROM refunds') + ' WHERE order_ref = ? ORDER BY created_at, id').all(orderRef) as Row[];
    return rows.map(readRefund);
  }

  async unfinished(): Promise<string[]> {
    return (this.conn.db.prepare("SELECT DISTINCT order_ref AS ref FROM refunds WHERE status = 'pending' ORDER BY ref").all() as { ref: string }[]).map((row) => row.ref);
  }

  async commit(orderRef: string, refunds: readonly Refund[], events: readonly JournalEvent[], tx?: JournalTx): Promise<void> {
    await this.conn.write(tx, ['refund'], () => {
      const { db } = this.conn;
      const at = refunds.reduce((last, refund) => (refund.updatedAt > last ? refund.updatedAt : last), '');
      const store = this.storeOfSale(orderRef);
      for (const refund of refunds) {
        db.prepare(`INSERT INTO refunds (id, order_ref, payment_request_id, method, amount, currency, line_items, reason, actor, status, error, asset_totals,
            accepted_at, sent_line_items, created_at, updated_at, store) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT(id) DO UPDATE SET amount = excluded.amount, status = excluded.status, error = excluded.error, asset_totals = excluded.asset_totals,
            accepted_at = COALESCE(refunds.accepted_at, excluded.accepted_at), updated_at = excluded.updated_at`)
          .run(refund.id, orderRef, refund.paymentRequestId, refund.method, refund.amount, refund.currency, refund.lineItems ? JSON.stringify(refund.lineItems) : null,
            refund.reason, refund.actor, refund.status, refund.error, refund.assetTotals ? JSON.stringify(refund.assetTotals) : null,
            refund.accepted ? refund.updatedAt : null, refund.sentLineItems ? JSON.stringify(refund.sentLineItems) : null, refund.createdAt, refund.updatedAt, store);
      }
      for (const event of events) insertEvent(db, event, at || new Date().toISOString(), store);
    });
  }

  /** A refund is in the store of the sale it returns money from. */
  private storeOfSale(orderRef: string): string {
    const sale = this.conn.db.prepare('SELECT store, lane FROM sales WHERE ref = ?').get(orderRef) as { store: string | null; lane: string } | undefined;
    return sale?.store ?? this.conn.storeOf(sale?.lane ?? orderRef);
  }
}
