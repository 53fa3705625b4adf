// The after-sale API: what can still be done with a finished sale, and refunds and voids of it. Cashier screens only
// (registered inside the cashier-auth scope, see app.ts), of the sale's own store (stores/store-scope.ts); amounts come
// from the journal, never from the screen.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { StoreScope } from '../stores/store-scope';
import type { AfterSaleService } from './service';

const refParams = z.object({ ref: z.string().min(1).max(120) });
/** One per press of a button, made by the screen: the same key sent again is the same press. */
const key = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'key: 8 to 64 letters, digits, - or _, one per press');
const reason = z.string().trim().min(1, 'Say why the sale is being refunded.').max(200);
const operatorId = z.string().trim().min(1).max(64);
const line = z.object({ sku: z.string().min(1).max(64), qty: z.number().int().min(1).max(99) });
const refundBody = z.object({
  key,
  reason,
  operatorId,
  /** Chosen lines and how many of each; absent: the whole sale. */
  lines: z.array(line).min(1, 'Choose at least one line to refund.').max(100)
    .refine((lines) => new Set(lines.map((chosen) => chosen.sku)).size === lines.length, 'each line may be chosen once').optional(),
});
const voidBody = z.object({ key, reason, operatorId });

export function afterSaleRoutes(afterSale: AfterSaleService, scope: StoreScope) {
  return async function routes(app: FastifyInstance) {
    /** The sale's reference, once the sale is known to be of the screen's store. */
    const ownSale = async (request: FastifyRequest): Promise<string> => {
      const { ref } = refParams.parse(request.params);
      scope.requireStore(request, (await afterSale.sale(ref)).store, 'This sale');
      return ref;
    };
    app.get('/api/sales/:ref/after-sale', { config: { cashierOnly: true } }, async (request) => afterSale.view(await ownSale(request)));
    app.post('/api/sales/:ref/refunds', async (request) => {
      const body = refundBody.parse(request.body);
      return afterSale.refund(await ownSale(request), body);
    });
    app.post('/api/sales/:ref/void', async (request) => {
      const body = voidBody.parse(request.body);
      return afterSale.voidSale(await ownSale(request), body);
    });
  };
}
