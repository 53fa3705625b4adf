// GET /api/reports/end-of-day?date=YYYY-MM-DD&lane=…&format=json|csv: a day's takings by tender and Centrapay asset
// type, less refunds (end-of-day.ts), for one lane or all of the screen's store's. The day is the server's local date
// (day.ts); without a date, today. Cashier screens only, like the history it is read from, and of their own store.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LANE_ID_PATTERN } from '../../../domain/lane';
import type { HistoryRepository, RefundRow } from '../journal/journal';
import type { StoreScope } from '../stores/store-scope';
import { localDateOf, localDateSchema, localDay, timeZoneName } from './day';
import { endOfDay, type EndOfDayReport } from './end-of-day';
import { endOfDayCsv, endOfDayFilename } from './end-of-day-csv';

const endOfDayQuery = z.object({
  date: localDateSchema.optional(),
  lane: z.string().regex(LANE_ID_PATTERN, 'not a lane id').optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

export function reportRoutes(journal: HistoryRepository, scope: StoreScope, options: { currency: string }) {
  return async function routes(app: FastifyInstance) {
    app.get('/api/reports/end-of-day', { config: { cashierOnly: true } }, async (request, reply) => {
      const query = endOfDayQuery.parse(request.query);
      if (query.lane) scope.requirePlace(request, query.lane, `Lane "${query.lane}"`);
      const of = { store: scope.own(request)?.id, lane: query.lane ?? null };
      const report = await endOfDayReport(journal, query.date ?? localDateOf(new Date()), of, options.currency);
      if (query.format === 'json') return report;
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${endOfDayFilename(report.date, report.lane)}"`)
        .header('Cache-Control', 'no-store')
        .send(endOfDayCsv(report));
    });
  };
}

/** Everything the journal holds of the day's sales and refunds, on one lane or all (of one store, when given). */
export async function endOfDayReport(journal: HistoryRepository, date: string, of: { store?: string; lane: string | null }, currency: string): Promise<EndOfDayReport> {
  const { from, to } = localDay(date)!;
  const { store, lane } = of;
  const { sales: rows } = await journal.findSales({ store, lane: lane ?? undefined, from, to });
  const sales = await Promise.all(rows.map(async (sale) => ({
    sale,
    requests: await journal.requestsOf(sale.ref),
    tenders: await journal.tendersOf(sale.ref),
    refundedAfter: (await journal.refundsOf(sale.ref)).length > 0,
  })));
  const made = await journal.refundsMade({ store, lane: lane ?? undefined, from, to });
  const refunds = await Promise.all(made.map(async (refund) => ({ refund, externalMethod: await externalMethodOf(journal, refund) })));
  return endOfDay({ date, lane, timeZone: timeZoneName(), from, to, currency, sales, refunds });
}

/** How the cashier took the `external.*` part recorded on the refunded request (cash or card), if any. */
async function externalMethodOf(journal: HistoryRepository, refund: RefundRow): Promise<'cash' | 'card' | null> {
  if (!refund.paymentRequestId) return null;
  const method = (await journal.tendersOf(refund.orderRef)).find((tender) => tender.onRequest && tender.paymentRequestId === refund.paymentRequestId)?.method;
  return method === 'cash' || method === 'card' ? method : null;
}
