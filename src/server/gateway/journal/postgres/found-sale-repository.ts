// Sales found at Centrapay in PostgreSQL: the sale row (kind `found`), its Payment Request and the event that says it
// was found, in one transaction, once per request: a second finding of it (at this instance or another) writes nothing.
import { FOUND_SALE_KIND } from '../../../../domain/found-sale';
import type { FoundSaleRepository, FoundSaleRows } from '../journal';
import { insertEvent, type PostgresConnection } from './connection';

export class PostgresFoundSaleRepository implements FoundSaleRepository {
  constructor(private readonly conn: PostgresConnection) {}

  async record({ sale, request, event }: FoundSaleRows): Promise<boolean> {
    return this.conn.writeNow(['sale', 'payment-request', 'event'], async (sql) => {
      const at = new Date().toISOString();
      const store = this.conn.storeOf(sale.lane);
      // The request first: a request the journal has (found before, or this till's own) is never journaled twice; two
      // instances finding it at once wait for each other here, and the second writes nothing.
      const added = await sql.query(`INSERT INTO payment_requests (id, short_code, lane, operator_id, external_ref, amount, currency, status, created_at, updated_at, order_ref, paid_by, store, connection_id)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (id) DO NOTHING`,
      [request.id, request.shortCode, sale.lane, sale.operatorId, request.externalRef, request.amount, request.currency, request.status, request.createdAt, at,
        sale.ref, request.paidBy ? JSON.stringify(request.paidBy) : null, store, request.connectionId]);
      if ((added.rowCount ?? 0) === 0) return false;
      await sql.query(`INSERT INTO sales (ref, number, lane, kind, terminal_id, total, currency, operator_id, line_items, result, created_at, updated_at, store,
            invoice_ref, purchase_order_ref)
          VALUES ($1, 0, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [sale.ref, sale.lane, FOUND_SALE_KIND, sale.terminalId, sale.total, sale.currency, sale.operatorId, JSON.stringify(sale.lineItems), sale.result,
        sale.createdAt, at, store, sale.invoiceRef ?? null, sale.purchaseOrderRef ?? null]);
      await insertEvent(sql, event, at, store);
      return true;
    });
  }
}
