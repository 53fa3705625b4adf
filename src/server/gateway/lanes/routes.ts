// The lane API. Reads (state, events, products) are what displays use; every change needs an authorised cashier
// screen (cashier-auth.ts) and goes to the sale engine, which checks it against the lane's state.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { cartItemsSchema } from '../../../domain/cart';
import { LANE_ID_PATTERN, tenderMethodSchema } from '../../../domain/lane';
import { normalisePatronCode } from '../../../domain/patron-code';
import type { SaleService } from '../sale/service';
import { streamLane } from './events-stream';

const laneParams = z.object({ lane: z.string().regex(LANE_ID_PATTERN, 'lane must be letters, digits, - or _') });
const operator = z.string().trim().min(1).max(64).default('cashier');
const cartBody = z.object({ cart: cartItemsSchema, operatorId: operator });
const saleBody = z.object({ ref: z.string().min(1).max(120), operatorId: operator });
// What was taken at the counter: all that is due unless `amount` says less; for cash, what the customer handed over.
const cents = z.string().regex(/^[1-9]\d{0,9}$/, 'an amount in whole cents, at least 1');
const counterPayment = { method: tenderMethodSchema, amount: cents.optional(), tendered: cents.optional() };
const tenderBody = saleBody.extend(counterPayment);
const counterBody = cartBody.extend(counterPayment);
const operatorBody = z.object({ operatorId: operator });
// Digits from a scanner or typed in; the sale engine checks them (domain/patron-code.ts) and says what is wrong.
const code = z.string().max(64, 'code: a code has at most 16 digits').transform(normalisePatronCode);
const decodeBody = z.object({ code });
const codePaymentBody = cartBody.extend({ code, patronNotPresent: z.boolean().default(false) });
const conditionParams = laneParams.extend({ conditionId: z.string().regex(/^\d{1,12}$/, 'conditionId must be a number'), decision: z.enum(['accept', 'decline']) });

/** Registered inside the cashier-auth scope (see app.ts): its changes need an authorised cashier screen. */
export function laneRoutes(sales: SaleService) {
  return async function routes(app: FastifyInstance) {
    const laneOf = (request: FastifyRequest): string => {
      const { lane } = laneParams.parse(request.params);
      sales.state(lane); // 404 with the lanes that exist
      return lane;
    };

    app.post('/api/cashier/check', async () => ({ ok: true }));

    app.get('/api/lanes', async () => ({ items: sales.lanes().map(({ id, name }) => ({ id, name })) }));
    app.get('/api/catalog', async () => ({ items: sales.products() }));
    app.get('/api/lanes/:lane', async (request) => sales.state(laneOf(request)));
    app.get('/api/lanes/:lane/events', (request, reply) => streamLane(request, reply, sales, laneOf(request)));

    app.put('/api/lanes/:lane/cart', async (request) => {
      const { cart, operatorId } = cartBody.parse(request.body);
      return sales.setCart(laneOf(request), cart, operatorId);
    });
    app.post('/api/lanes/:lane/payments', async (request) => {
      const { cart, operatorId } = cartBody.parse(request.body);
      return sales.pay(laneOf(request), 'qr', cart, operatorId);
    });
    app.post('/api/lanes/:lane/connections', async (request) => {
      const { cart, operatorId } = cartBody.parse(request.body);
      return sales.pay(laneOf(request), 'connect', cart, operatorId);
    });
    app.post('/api/lanes/:lane/decode', async (request) => {
      const { code: scanned } = decodeBody.parse(request.body);
      return sales.decode(laneOf(request), scanned);
    });
    app.post('/api/lanes/:lane/code-payments', async (request) => {
      const { cart, code: scanned, patronNotPresent, operatorId } = codePaymentBody.parse(request.body);
      return sales.payByCode(laneOf(request), cart, scanned, patronNotPresent, operatorId);
    });
    app.post('/api/lanes/:lane/conditions/:conditionId/:decision', async (request) => {
      const { conditionId, decision } = conditionParams.parse(request.params);
      const { ref, operatorId } = saleBody.parse(request.body);
      return sales.decide(laneOf(request), ref, conditionId, decision, operatorId);
    });
    app.post('/api/lanes/:lane/tenders', async (request) => {
      const { ref, operatorId, ...counter } = tenderBody.parse(request.body);
      return sales.tender(laneOf(request), ref, counter, operatorId);
    });
    app.post('/api/lanes/:lane/counter', async (request) => {
      const { cart, operatorId, ...counter } = counterBody.parse(request.body);
      return sales.payAtCounter(laneOf(request), cart, counter, operatorId);
    });
    app.post('/api/lanes/:lane/cancel', async (request) => {
      const { ref, operatorId } = saleBody.parse(request.body);
      return sales.cancel(laneOf(request), ref, operatorId);
    });
    app.post('/api/lanes/:lane/refund', async (request) => {
      const { ref, operatorId } = saleBody.parse(request.body);
      return sales.refund(laneOf(request), ref, operatorId);
    });
    app.post('/api/lanes/:lane/new-sale', async (request) => {
      const { operatorId } = operatorBody.parse(request.body ?? {});
      return sales.newSale(laneOf(request), operatorId);
    });
  };
}
