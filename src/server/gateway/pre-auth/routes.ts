// The holds API: bar tabs opened on a lane, their confirmations (rounds, each with its invoice number), release of the
// rest, voids and refunds. Cashier screens only (registered inside the cashier-auth scope, see app.ts); prices come
// from the catalog, never from the screen.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { cartItemsSchema, cartToLineItems, priceCart } from '../../../domain/cart';
import type { CatalogItem } from '../../../domain/catalog';
import { GatewayHttpError } from '../errors';
import type { PreAuthService } from './service';

const idParams = z.object({ id: z.string().min(1).max(120) });
/** One per press of a button, made by the screen: the same key sent again is the same press. */
const key = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'key: 8 to 64 letters, digits, - or _, one per press');
const operatorId = z.string().trim().min(1).max(64);
const cents = z.string().regex(/^[1-9]\d{0,7}$/, 'amount: whole cents, more than nothing');
const openBody = z.object({ lane: z.string().min(1).max(64), amount: cents, operatorId });
const listQuery = z.object({ open: z.enum(['0', '1']).optional(), lane: z.string().min(1).max(64).optional() });
const confirmBody = z.object({
  key,
  /** The invoice number the round is confirmed under (checklist 301.6). */
  invoiceRef: z.string().trim().min(1, 'Give the round an invoice number.').max(128),
  cart: z.array(z.unknown()).min(1, 'Add something to the round first.'),
  operatorId,
});
const releaseBody = z.object({ operatorId });
const voidBody = z.object({ operatorId, reason: z.string().trim().min(1, 'Say why the tab is being voided.').max(200) });
const refundBody = z.object({
  key,
  operatorId,
  reason: z.string().trim().min(1, 'Say why it is being refunded.').max(200),
  confirmationKey: z.string().min(1).max(64).optional(),
  amount: cents.optional(),
});

export function holdRoutes(preAuth: PreAuthService, catalog: ReadonlyMap<string, CatalogItem>) {
  return async function routes(app: FastifyInstance) {
    app.post('/api/holds', async (request) => {
      const { lane, amount, operatorId: operator } = openBody.parse(request.body);
      return preAuth.open({ kind: 'tab', owner: lane, amount, operatorId: operator });
    });
    app.get('/api/holds', { config: { cashierOnly: true } }, async (request) => {
      const { open, lane } = listQuery.parse(request.query);
      return { holds: preAuth.list({ open: open === '1', ...(lane ? { owner: lane } : {}) }) };
    });
    app.get('/api/holds/:id', { config: { cashierOnly: true } }, async (request) => {
      const { id } = idParams.parse(request.params);
      return { ...preAuth.view(id), events: preAuth.events(id) };
    });
    app.post('/api/holds/:id/confirmations', async (request) => {
      const { id } = idParams.parse(request.params);
      const body = confirmBody.parse(request.body);
      const items = z.parse(cartItemsSchema, body.cart);
      const priced = priceCart(items, catalog);
      if ('unknown' in priced) throw new GatewayHttpError(400, 'UNKNOWN_PRODUCT', `Not in the catalog: ${priced.unknown.join(', ')}.`);
      return preAuth.confirm(id, { key: body.key, invoiceRef: body.invoiceRef, lineItems: cartToLineItems(priced.lines), operatorId: body.operatorId });
    });
    app.post('/api/holds/:id/release', async (request) => {
      const { id } = idParams.parse(request.params);
      return preAuth.release(id, releaseBody.parse(request.body).operatorId);
    });
    app.post('/api/holds/:id/void', async (request) => {
      const { id } = idParams.parse(request.params);
      const body = voidBody.parse(request.body);
      return preAuth.void(id, body.operatorId, body.reason);
    });
    app.post('/api/holds/:id/refunds', async (request) => {
      const { id } = idParams.parse(request.params);
      return preAuth.refund(id, refundBody.parse(request.body));
    });
  };
}
