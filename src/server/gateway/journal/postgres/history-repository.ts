// What history, receipts and the end-of-day report read from the PostgreSQL journal: sales found by what a cashier
// has to hand, with their requests, tenders, events and refunds. Reads only.
import { paidBySchema } from '../../../../domain/centrapay';
import { saleRow } from '../rows';
import type { EventRow, HistoryRepository, RefundRow, RequestOwner, RequestRow, SaleCursor, SaleFilter, SaleMatch, SaleRow, TenderRow } from '../journal';
import type { PostgresConnection } from './connection';
import { Params } from './params';

export const SELECT_SALE = `SELECT ref, number, store, lane, kind, terminal_id AS "terminalId", total, currency, operator_id AS "operatorId", result,
  created_at AS "createdAt", updated_at AS "updatedAt", invoice_ref AS "invoiceRef", purchase_order_ref AS "purchaseOrderRef", discount FROM sales`;
export const SELECT_REFUND = `SELECT id, order_ref AS "orderRef", payment_request_id AS "paymentRequestId", method, amount, currency, line_items AS "lineItems",
  reason, actor, status, error, asset_totals AS "assetTotals", created_at AS "createdAt", updated_at AS "updatedAt" FROM refunds`;
const SELECT_REQUEST = `SELECT id, short_code AS "shortCode", order_ref AS "orderRef", amount, currency, status, created_at AS "createdAt", paid_by AS "paidBy",
  connection_id AS "connectionId"
  FROM payment_requests`;
export const SELECT_EVENT = 'SELECT payment_request_id AS subject, order_ref AS "orderRef", kind, status, actor, detail, at FROM events';
/** A request's sale, hold or vend: its own rows are the only ones that name it. */
const REQUEST_OWNER = `SELECT 'sale' AS kind, order_ref AS ref, store FROM payment_requests WHERE id = $1
  UNION ALL SELECT 'hold', id, store FROM holds WHERE payment_request_id = $1
  UNION ALL SELECT 'vend', id, store FROM vends WHERE payment_request_id = $1 LIMIT 1`;

type StoredRequestRow = Omit<RequestRow, 'paidBy'> & { paidBy: string | null };
type StoredSaleRow = Omit<SaleRow, 'discount'> & { discount: string | null };

export class PostgresHistoryRepository implements HistoryRepository {
  constructor(private readonly conn: PostgresConnection) {}

  async findSales(filter: SaleFilter, page: { limit?: number; after?: SaleCursor } = {}): Promise<{ sales: SaleRow[]; next: SaleCursor | null }> {
    const params = new Params();
    const where: string[] = [];
    if (filter.store) where.push(`store = ${params.add(filter.store)}`);
    if (filter.lane) where.push(`lane = ${params.add(filter.lane)}`);
    if (filter.from) where.push(`created_at >= ${params.add(filter.from)}`);
    if (filter.to) where.push(`created_at < ${params.add(filter.to)}`);
    if (filter.matches?.length) where.push(`(${filter.matches.map((match) => matchClause(match, params)).join(' OR ')})`);
    if (page.after) {
      const at = params.add(page.after.createdAt);
      where.push(`(created_at < ${at} OR (created_at = ${at} AND ref < ${params.add(page.after.ref)}))`);
    }
    // One more than asked for says whether there is a next page.
    const limit = params.add(page.limit === undefined ? null : page.limit + 1);
    const rows = (await this.conn.rows<StoredSaleRow>(`${SELECT_SALE} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, ref DESC LIMIT ${limit}`, params.values)).map(saleRow);
    if (page.limit === undefined || rows.length <= page.limit) return { sales: rows, next: null };
    const sales = rows.slice(0, page.limit);
    const last = sales.at(-1)!;
    return { sales, next: { createdAt: last.createdAt, ref: last.ref } };
  }

  async sale(ref: string): Promise<SaleRow | undefined> {
    const [row] = await this.conn.rows<StoredSaleRow>(`${SELECT_SALE} WHERE ref = $1`, [ref]);
    return row && saleRow(row);
  }

  async request(id: string): Promise<RequestRow | undefined> {
    const [row] = await this.conn.rows<StoredRequestRow>(`${SELECT_REQUEST} WHERE id = $1`, [id]);
    return row && requestRow(row);
  }

  async requestOwner(id: string): Promise<RequestOwner | undefined> {
    return (await this.conn.rows<RequestOwner>(REQUEST_OWNER, [id]))[0];
  }

  async requestsOf(ref: string): Promise<RequestRow[]> {
    return (await this.conn.rows<StoredRequestRow>(`${SELECT_REQUEST} WHERE order_ref = $1 ORDER BY created_at`, [ref])).map(requestRow);
  }

  async tendersOf(ref: string): Promise<TenderRow[]> {
    return this.conn.rows<TenderRow>(`SELECT order_ref AS "orderRef", payment_request_id AS "paymentRequestId", on_request AS "onRequest", method, amount, actor, at
      FROM tenders WHERE order_ref = $1 ORDER BY seq`, [ref]);
  }

  async eventsOf(ref: string): Promise<EventRow[]> {
    return this.conn.rows<EventRow>(`${SELECT_EVENT} WHERE order_ref = $1 OR payment_request_id = $1
      OR payment_request_id IN (SELECT id FROM payment_requests WHERE order_ref = $1) ORDER BY seq`, [ref]);
  }

  async lineItemsOf(ref: string): Promise<string | null> {
    const [row] = await this.conn.rows<{ lineItems: string }>('SELECT line_items AS "lineItems" FROM sales WHERE ref = $1', [ref]);
    return row?.lineItems ?? null;
  }

  async refundsOf(ref: string): Promise<RefundRow[]> {
    return this.conn.rows<RefundRow>(`${SELECT_REFUND} WHERE order_ref = $1 ORDER BY created_at, id`, [ref]);
  }

  async refundsMade(filter: { store?: string; lane?: string; from: string; to: string }): Promise<RefundRow[]> {
    const params = new Params();
    const where = [`created_at >= ${params.add(filter.from)}`, `created_at < ${params.add(filter.to)}`];
    if (filter.store) where.push(`store = ${params.add(filter.store)}`);
    if (filter.lane) where.push(`order_ref IN (SELECT ref FROM sales WHERE lane = ${params.add(filter.lane)})`);
    return this.conn.rows<RefundRow>(`${SELECT_REFUND} WHERE ${where.join(' AND ')} ORDER BY created_at, id`, params.values);
  }
}

function requestRow(row: StoredRequestRow): RequestRow {
  const paidBy = row.paidBy === null ? null : paidBySchema.safeParse(JSON.parse(row.paidBy));
  return { ...row, paidBy: paidBy?.success ? paidBy.data : null };
}

/** The SQL of one way to find a sale, its values added to `params`. */
function matchClause(match: SaleMatch, params: Params): string {
  switch (match.by) {
    case 'short-code':
      return `ref IN (SELECT order_ref FROM payment_requests WHERE short_code = ${params.add(match.shortCode)})`;
    case 'number':
      return `number = ${params.add(match.number)}`;
    case 'amount': {
      const amount = params.add(match.amount);
      return `(total = ${amount} OR ref IN (SELECT order_ref FROM payment_requests WHERE amount = ${amount}))`;
    }
    case 'reference':
      // ILIKE: SQLite's LIKE ignores the case of ASCII letters, and a cashier types a reference as it comes.
      return `(ref ILIKE ${params.add(`%${match.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)} ESCAPE '\\'
        OR ref IN (SELECT order_ref FROM payment_requests WHERE id = ${params.add(match.text)}))`;
  }
}
