// Every sale the till numbered, with its Payment Requests (id and short code, checklist 103.5), what was taken at
// the counter and how it ended, newest first; one sale with everything the journal knows of it.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { GatewayHttpError } from '../errors';
import type { Journal } from '../journal/journal';

const listQuery = z.object({
  lane: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  before: z.string().datetime().optional(),
});
const refParams = z.object({ ref: z.string().min(1).max(120) });

export function historyRoutes(journal: Journal) {
  return async function routes(app: FastifyInstance) {
    // Sales are the merchant's business: only an authorised cashier screen reads them (see cashier-auth.ts).
    app.get('/api/history', { config: { cashierOnly: true } }, async (request) => ({
      items: journal.sales(listQuery.parse(request.query)).map((sale) => ({
        ...sale,
        requests: journal.requestsOf(sale.ref),
        tenders: journal.tendersOf(sale.ref),
      })),
    }));

    app.get('/api/history/:ref', { config: { cashierOnly: true } }, async (request) => {
      const { ref } = refParams.parse(request.params);
      const sale = journal.sale(ref) ?? journal.sale(journal.request(ref)?.orderRef ?? '');
      if (!sale) throw new GatewayHttpError(404, 'SALE_NOT_FOUND', 'No sale with that reference was made on this till.');
      return { sale, requests: journal.requestsOf(sale.ref), tenders: journal.tendersOf(sale.ref), events: journal.eventsOf(sale.ref) };
    });
  };
}
