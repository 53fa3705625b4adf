// The lane API. Reads (state, events, products) are what displays use; every change needs an authorised cashier
// screen (cashier-auth.ts) of the lane's own store (stores/store-scope.ts) and goes to the sale engine, which checks
// it against the lane's state.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { cartItemsSchema } from '../../../domain/cart';
import { LANE_ID_PATTERN, saleReferenceSchema, tenderMethodSchema } from '../../../domain/lane';
import { normalisePatronCode } from '../../../domain/patron-code';
import type { SaleService } from '../sale/service';
import type { StoreScope } from '../stores/store-scope';
import { streamLane } from './events-stream';
import type { LaneViews } from './lane-views';
import type { StreamsPerClient } from './streams-per-client';
import type { TenderNames } from './tender-names';

const laneParams = z.object({ lane: z.string().regex(LANE_ID_PATTERN, 'lane must be letters, digits, - or _') });
const operator = z.string().trim().min(1).max(64).default('cashier');
const cartBody = z.object({ cart: cartItemsSchema, operatorId: operator });
// A press that starts a sale may carry the store's own invoice number (else the order's is used) and a purchase order.
const startBody = cartBody.extend({
  invoiceRef: z.optional(saleReferenceSchema),
  purchaseOrderRef: z.optional(saleReferenceSchema),
});
const refsOf = ({ invoiceRef, purchaseOrderRef }: z.infer<typeof startBody>) => ({
  ...(invoiceRef ? { invoiceRef } : {}), ...(purchaseOrderRef ? { purchaseOrderRef } : {}),
});
const saleBody = z.object({ ref: z.string().min(1).max(120), operatorId: operator });
// What was taken at the counter: all that is due unless `amount` says less; for cash, what the customer handed over.
const cents = z.string().regex(/^[1-9]\d{0,9}$/, 'an amount in whole cents, at least 1');
const counterPayment = { method: tenderMethodSchema, amount: cents.optional(), tendered: cents.optional() };
const tenderBody = saleBody.extend(counterPayment);
const counterBody = startBody.extend(counterPayment);
const operatorBody = z.object({ operatorId: operator });
// Digits from a scanner or typed in; the sale engine checks them (domain/patron-code.ts) and says what is wrong.
const code = z.string().max(64, 'code: a code has at most 16 digits').transform(normalisePatronCode);
const decodeBody = z.object({ code });
const codePaymentBody = startBody.extend({ code, patronNotPresent: z.boolean().default(false) });
const conditionParams = laneParams.extend({ conditionId: z.string().regex(/^\d{1,12}$/, 'conditionId must be a number'), decision: z.enum(['accept', 'decline']) });

/** Registered inside the cashier-auth scope (see app.ts): its changes need an authorised cashier screen. */
export function laneRoutes(sales: SaleService, views: LaneViews, scope: StoreScope, streams: StreamsPerClient, tenders: TenderNames) {
  return async function routes(app: FastifyInstance) {
    const laneOf = (request: FastifyRequest): string => {
      const { lane } = laneParams.parse(request.params);
      sales.state(lane); // 404 with the lanes that exist
      scope.requirePlace(request, lane, `Lane "${lane}"`);
      return lane;
    };
    /** A cashier's press on a lane: its body checked, the sale engine asked, and the lane answered as its screens see it. */
    const press = <T>(path: string, body: z.ZodType<T>, run: (lane: string, input: T) => Promise<unknown>) =>
      app.post(path, async (request) => {
        const lane = laneOf(request);
        await run(lane, body.parse(request.body ?? {}));
        return views.state(lane);
      });

    app.get('/api/lanes', async (request) => ({ items: sales.lanes().filter((lane) => scope.isOwn(request, lane.id)).map(({ id, name }) => ({ id, name })) }));
    app.get('/api/catalog', async () => ({ items: sales.products() }));
    app.get('/api/lanes/:lane', async (request) => views.state(laneOf(request)));
    // What the cashier's Centrapay button is called (checklist 101.3), from what the lane's merchant config accepts.
    app.get('/api/lanes/:lane/tender', { config: { cashierOnly: true } }, async (request) => tenders.of(laneOf(request)));
    app.get('/api/lanes/:lane/events', (request, reply) => streamLane(request, reply, views, laneOf(request), streams));
    app.put('/api/lanes/:lane/cart', async (request) => {
      const lane = laneOf(request);
      const { cart, operatorId } = cartBody.parse(request.body);
      await sales.setCart(lane, cart, operatorId);
      return views.state(lane);
    });
    app.post('/api/lanes/:lane/decode', async (request) => sales.decodeForCashier(laneOf(request), decodeBody.parse(request.body).code));

    press('/api/lanes/:lane/payments', startBody, (lane, body) => sales.pay(lane, 'qr', body.cart, body.operatorId, { refs: refsOf(body) }));
    press('/api/lanes/:lane/connections', startBody, (lane, body) => sales.pay(lane, 'connect', body.cart, body.operatorId, { refs: refsOf(body) }));
    press('/api/lanes/:lane/code-payments', codePaymentBody, (lane, body) => sales.payByCode(lane, body.cart, body.code, body.patronNotPresent, body.operatorId, refsOf(body)));
    app.post('/api/lanes/:lane/conditions/:conditionId/:decision', async (request) => {
      const lane = laneOf(request);
      const { conditionId, decision } = conditionParams.parse(request.params);
      const { ref, operatorId } = saleBody.parse(request.body);
      await sales.decide(lane, ref, conditionId, decision, operatorId);
      return views.state(lane);
    });
    press('/api/lanes/:lane/tenders', tenderBody, (lane, { ref, operatorId, ...counter }) => sales.tender(lane, ref, counter, operatorId));
    press('/api/lanes/:lane/counter', counterBody, (lane, body) =>
      sales.payAtCounter(lane, body.cart, { method: body.method, amount: body.amount, tendered: body.tendered }, body.operatorId, refsOf(body)));
    press('/api/lanes/:lane/cancel', saleBody, (lane, { ref, operatorId }) => sales.cancel(lane, ref, operatorId));
    press('/api/lanes/:lane/refund', saleBody, (lane, { ref, operatorId }) => sales.refund(lane, ref, operatorId));
    press('/api/lanes/:lane/new-sale', operatorBody, (lane, { operatorId }) => sales.newSale(lane, operatorId));
  };
}
