// What history, receipts and the end-of-day report read from the SQLite journal: sales found by what a cashier has
// to hand, with their requests, tenders, events and refunds. Reads only.
import { paidBySchema } from '../../../../domain/centrapay';
import { saleRow } from '../rows';
import type { EventRow, HistoryRepository, RefundRow, RequestOwner, RequestRow, SaleCursor, SaleFilter, SaleMatch, SaleRow, TenderRow } from '../journal';
import type { SqliteConnection } from './connection';

export const SELECT_SALE = `SELECT ref, number, store, lane, kind, terminal_id AS terminalId, total, currency, operator_id AS operatorId, result,
  created_at AS createdAt, updated_at AS updatedAt, invoice_ref AS invoiceRef, purchase_order_ref AS purchaseOrderRef, discount FROM sales`;
export const SELECT_REFUND = `SELECT id, order_ref AS orderRef, payment_request_id AS paymentRequestId, method, amount, currency, line_items AS lineItems,
  reason, actor, status, error, asset_totals AS assetTotals, created_at AS createdAt, updated_at AS updatedAt FROM refunds`;
const SELECT_REQUEST = `SELECT id, short_code AS shortCode, order_ref AS orderRef, amount, currency, status, created_at AS createdAt, paid_by AS paidBy,
  connection_id AS connectionId
  FROM payment_requests`;
export const SELECT_EVENT = 'SELECT payment_request_id AS subject, order_ref AS orderRef, kind, status, actor, detail, at FROM events';
/** A request's sale, hold or vend: its own rows are the only ones that name it. */
const REQUEST_OWNER = `SELECT 'sale' AS kind, order_ref AS ref, store FROM payment_requests WHERE id = ?
  UNION ALL SELECT 'hold', id, store FROM holds WHERE payment_request_id = ?
  UNION ALL SELECT 'vend', id, store FROM vends WHERE payment_request_id = ? LIMIT 1`;

type StoredRequestRow = Omit<RequestRow, 'paidBy'> & { paidBy: string | null };
type StoredSaleRow = Omit<SaleRow, 'discount'> & { discount: string | null };

export class SqliteHistoryRepository implements HistoryRepository {
  constructor(private readonly conn: SqliteConnection) {}

  async findSales(filter: SaleFilter, page: { limit?: number; after?: SaleCursor } = {}): Promise<{ sales: SaleRow[]; next: SaleCursor | null }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, ...values: unknown[]) => {
      where.push(clause);
      params.push(...values);
    };
    if (filter.store) add('store = ?', filter.store);
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
    const rows = (this.conn.db
      .prepare(`${SELECT_SALE} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, ref DESC LIMIT ?`)
      .all(...params, limit) as StoredSaleRow[]).map(saleRow);
    if (page.limit === undefined || rows.length <= page.limit) return { sales: rows, next: null };
    const sales = rows.slice(0, page.limit);
    const last = sales.at(-1)!;
    return { sales, next: { createdAt: last.createdAt, ref: last.ref } };
  }

  async sale(ref: string): Promise<SaleRow | undefined> {
    const row = this.conn.db.prepare(`${SELECT_SALE} WHERE ref = ?`).get(ref) as StoredSaleRow | undefined;
    return row && saleRow(row);
  }

  async request(id: string): Promise<RequestRow | undefined> {
    const row = this.conn.db.prepare(`${SELECT_REQUEST} WHERE id = ?`).get(id) as StoredRequestRow | undefined;
    return row && requestRow(row);
  }

  async requestOwner(id: string): Promise<RequestOwner | undefined> {
    return this.conn.db.prepare(REQUEST_OWNER).get(id, id, id) as RequestOwner | undefined;
  }

  async requestsOf(ref: string): Promise<RequestRow[]> {
    return (this.conn.db.prepare(`${SELECT_REQUEST} WHERE order_ref = ? ORDER BY created_at`).all(ref) as StoredRequestRow[]).map(requestRow);
  }

  async tendersOf(ref: string): Promise<TenderRow[]> {
    return this.conn.db
      .prepare('SELECT order_ref AS orderRef, payment_request_id AS paymentRequestId, on_request AS onRequest, method, amount, actor, at FROM tenders WHERE order_ref = ? ORDER BY seq')
      .all(ref)
      .map((row) => ({ ...(row as TenderRow), onRequest: Boolean((row as { onRequest: number }).onRequest) }));
  }

  async eventsOf(ref: string): Promise<EventRow[]> {
    return this.conn.db
      .prepare(`${SELECT_EVENT} WHERE order_ref = ? OR payment_request_id = ? OR payment_request_id IN (SELECT id FROM payment_requests WHERE order_ref = ?) ORDER BY seq`)
      .all(ref, ref, ref) as EventRow[];
  }

  async lineItemsOf(ref: string): Promise<string | null> {
    const row = this.conn.db.prepare('SELECT line_items AS lineItems FROM sales WHERE ref = ?').get(ref) as { lineItems: string } | undefined;
    return row?.lineItems ?? null;
  }

  async refundsOf(ref: string): Promise<RefundRow[]> {
    return this.conn.db.prepare(`${SELECT_REFUND} WHERE order_ref = ? ORDER BY created_at, id`).all(ref) as RefundRow[];
  }

  async refundsMade(filter: { store?: string; lane?: string; from: string; to: string }): Promise<RefundRow[]> {
    const store = filter.store ? 'AND store = ?' : '';
    const lane = filter.lane ? 'AND order_ref IN (SELECT ref FROM sales WHERE lane = ?)' : '';
    return this.conn.db
      .prepare(`${SELECT_REFUND} WHERE created_at >= ? AND created_at < ? ${store} ${lane} ORDER BY created_at, id`)
      .all(filter.from, filter.to, ...(filter.store ? [filter.store] : []), ...(filter.lane ? [filter.lane] : [])) as RefundRow[];
  }
}

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
