// Sales found at Centrapay in SQLite: the sale row (kind `found`), its Payment Request and the event that says it was
// found, in one transaction, once per request: a second finding of the same request writes nothing.
import { FOUND_SALE_KIND } from '../../../../domain/found-sale';
import type { FoundSaleRepository, FoundSaleRows } from '../journal';
import { insertEvent, type SqliteConnection } from './connection';

export class SqliteFoundSaleRepository implements FoundSaleRepository {
  constructor(private readonly conn: SqliteConnection) {}

  async record({ sale, request, event }: FoundSaleRows): Promise<boolean> {
    return this.conn.writeNow(['sale', 'payment-request', 'event'], () => {
      const { db } = this.conn;
      const at = new Date().toISOString();
      const store = this.conn.storeOf(sale.lane);
      // The request first: a request the journal has (found before, or this till's own) is never journaled twice.
      const added = db.prepare(`INSERT INTO payment_requests (id, short_code, lane, operator_id, external_ref, amount, currency, status, created_at, updated_at, order_ref, paid_by, store, connection_id)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`)
        .run(request.id, request.shortCode, sale.lane, sale.operatorId, request.externalRef, request.amount, request.currency, request.status, request.createdAt, at,
          sale.ref, request.paidBy ? JSON.stringify(request.paidBy) : null, store, request.connectionId);
      if (added.changes === 0) return false;
      db.prepare(`INSERT INTO sales (ref, number, lane, kind, terminal_id, total, currency, operator_id, line_items, result, created_at, updated_at, store,
            invoice_ref, purchase_order_ref)
          VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(sale.ref, sale.lane, FOUND_SALE_KIND, sale.terminalId, sale.total, sale.currency, sale.operatorId, JSON.stringify(sale.lineItems), sale.result,
          sale.createdAt, at, store, sale.invoiceRef ?? null, sale.purchaseOrderRef ?? null);
      insertEvent(db, event, at, store);
      return true;
    });
  }
}
