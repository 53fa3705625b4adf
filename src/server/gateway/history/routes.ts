// Every sale the till numbered, with its Payment Requests (id and short code, checklist 103.5), what was taken at
// the counter and how it ended, newest first, a page at a time; found by what a cashier has to hand (history/search.ts).
// One sale with everything the journal knows of it. Read only from the journal: no call to Centrapay. A cashier screen
// reads only its own store's sales (stores/store-scope.ts).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { lineItemSchema } from '../../../domain/centrapay';
import { LANE_ID_PATTERN } from '../../../domain/lane';
import { GatewayHttpError } from '../errors';
import type { HistoryRepository, SaleCursor, SaleRow } from '../journal/journal';
import type { StoreScope } from '../stores/store-scope';
import { localDay, localDateSchema } from './day';
import { normaliseShortCode, parseSaleSearch } from './search';

/** "2026-11-26T01:02:03.456Z~till-1-000042-K7QZ2M": where a page ended (its last sale's time and reference). */
const cursorSchema = z
  .string()
  .max(160)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z~.+$/, 'not a page cursor this till gave')
  .transform((cursor): SaleCursor => ({ createdAt: cursor.slice(0, cursor.indexOf('~')), ref: cursor.slice(cursor.indexOf('~') + 1) }));
const listQuery = z.object({
  lane: z.string().regex(LANE_ID_PATTERN, 'not a lane id').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** Sales made before this instant (the chaos audit pages with it). */
  before: z.string().datetime().optional(),
  /** What the cashier typed: a short code, order number, amount, date or part of a reference. */
  q: z.string().max(100).optional(),
  /** The local date the sale was made on. */
  date: localDateSchema.optional(),
  cursor: cursorSchema.optional(),
});
const refParams = z.object({ ref: z.string().min(1).max(120) });
const lineItemsSchema = z.array(lineItemSchema);

export function historyRoutes(journal: HistoryRepository, scope: StoreScope) {
  const withPayments = async (sale: SaleRow) => ({
    ...sale,
    requests: await journal.requestsOf(sale.ref),
    tenders: await journal.tendersOf(sale.ref),
    // What went back of it, so the list says "$6.00 refunded" beside "Paid".
    refunds: (await journal.refundsOf(sale.ref)).map(({ method, amount, status }) => ({ method, amount, status })),
  });

  return async function routes(app: FastifyInstance) {
    // Sales are the merchant's business: only an authorised cashier screen reads them (see cashier-auth.ts).
    app.get('/api/history', { config: { cashierOnly: true } }, async (request) => {
      const query = listQuery.parse(request.query);
      if (query.lane) scope.requirePlace(request, query.lane, `Lane "${query.lane}"`);
      const search = parseSaleSearch(query.q ?? '');
      const date = query.date ?? search.date;
      const day = date ? localDay(date)! : undefined;
      const to = [day?.to, query.before].filter((instant) => instant !== undefined).sort()[0];
      const filter = { store: scope.own(request)?.id, lane: query.lane, from: day?.from, to, matches: search.matches };
      const page = await journal.findSales(filter, { limit: query.limit, after: query.cursor });
      return {
        items: await Promise.all(page.sales.map(withPayments)),
        nextCursor: page.next ? `${page.next.createdAt}~${page.next.ref}` : null,
        search: { matches: search.matches, date },
      };
    });

    app.get('/api/history/:ref', { config: { cashierOnly: true } }, async (request) => {
      const { ref } = refParams.parse(request.params);
      const sale = await findSale(journal, ref, scope.own(request)?.id);
      if (!sale) throw new GatewayHttpError(404, 'SALE_NOT_FOUND', 'No sale with that reference was made on this till.');
      scope.requireStore(request, sale.store, 'This sale');
      const lineItems = lineItemsSchema.safeParse(JSON.parse((await journal.lineItemsOf(sale.ref)) ?? '[]'));
      return {
        sale,
        lineItems: lineItems.success ? lineItems.data : [],
        requests: await journal.requestsOf(sale.ref),
        tenders: await journal.tendersOf(sale.ref),
        refunds: await journal.refundsOf(sale.ref),
        events: await journal.eventsOf(sale.ref),
      };
    });
  };
}

/**
 * A sale by its order reference, one of its Payment Request ids, or a short code (the newest sale of `store` that had
 * it: short codes are Centrapay's, and another store's sale may have had the same).
 */
async function findSale(journal: HistoryRepository, ref: string, store: string | undefined): Promise<SaleRow | undefined> {
  const byRequest = (await journal.request(ref))?.orderRef;
  const shortCode = normaliseShortCode(ref);
  return (await journal.sale(ref)) ?? (byRequest ? await journal.sale(byRequest) : undefined) ??
    (shortCode ? (await journal.findSales({ store, matches: [{ by: 'short-code', shortCode }] }, { limit: 1 })).sales[0] : undefined);
}
