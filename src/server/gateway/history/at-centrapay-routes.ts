// The history's look-up at Centrapay (at-centrapay.ts), for a short code the journal has no sale of: what Centrapay has
// (`GET`), and that sale journaled as found so that it can be refunded here (`POST`). Cashier screens only, for a lane
// of their own store: Centrapay is asked with that store's key, and a sale the journal has of another store is refused.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { LANE_ID_PATTERN } from '../../../domain/lane';
import type { StoreScope } from '../stores/store-scope';
import type { Found, SalesAtCentrapay } from './at-centrapay';
import { normaliseShortCode } from './search';

const shortCodeParams = z.object({
  shortCode: z.string().max(40).transform((text, context) => {
    const shortCode = normaliseShortCode(text);
    if (!shortCode) context.addIssue({ code: 'custom', message: 'that is not a short code: it looks like CP-C7F-ZS5, as on the receipt' });
    return shortCode ?? '';
  }),
});
const lane = z.string().regex(LANE_ID_PATTERN, 'not a lane id');
const findQuery = z.object({ lane });
const journalBody = z.object({ lane, operatorId: z.string().trim().min(1).max(64) });

export function atCentrapayRoutes(sales: SalesAtCentrapay, scope: StoreScope) {
  return async function routes(app: FastifyInstance) {
    /** What the screen may be shown: a sale the journal has of another store is that store's business. */
    const shown = (request: FastifyRequest, found: Found) => {
      scope.requireStore(request, found.owner?.store, 'This sale');
      return found.sale;
    };

    app.get('/api/history/at-centrapay/:shortCode', { config: { cashierOnly: true } }, async (request) => {
      const { shortCode } = shortCodeParams.parse(request.params);
      const query = findQuery.parse(request.query);
      scope.requirePlace(request, query.lane, `Lane "${query.lane}"`);
      return shown(request, await sales.find(shortCode, query.lane));
    });

    app.post('/api/history/at-centrapay/:shortCode', async (request) => {
      const { shortCode } = shortCodeParams.parse(request.params);
      const body = journalBody.parse(request.body);
      scope.requirePlace(request, body.lane, `Lane "${body.lane}"`);
      return shown(request, await sales.journalSale(shortCode, body.lane, body.operatorId));
    });
  };
}
