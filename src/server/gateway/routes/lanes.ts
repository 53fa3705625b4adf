// The lane API. Reads (state, events) are what displays use; the POSTs and PUTs are the cashier's.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { cartSchema, type CartLine } from '../../../domain/cart';
import { LANE_ID_PATTERN, tenderMethodSchema, type LaneState } from '../../../domain/lane';
import { GatewayHttpError } from '../errors';
import type { PaymentService } from '../payment-service';

const laneParams = z.object({ lane: z.string().regex(LANE_ID_PATTERN, 'lane must be letters, digits, - or _') });
const idParams = laneParams.extend({ id: z.string().min(1).max(64) });
const operatorSchema = z.string().trim().min(1).max(64).default('cashier');
const cartBody = z.object({ cart: cartSchema });
const startBody = z.object({ cart: cartSchema, operatorId: operatorSchema });
const cancelBody = z.object({ operatorId: operatorSchema }).default({ operatorId: 'cashier' });
const HEARTBEAT_MS = 15_000;
const tenderBody = z.object({ method: tenderMethodSchema, operatorId: operatorSchema });

export function laneRoutes(payments: PaymentService, options: { cashierCode?: string } = {}) {
  const { hub } = payments;
  const expected = options.cashierCode ? digest(options.cashierCode) : undefined;

  /** With a cashier code configured, only screens that know it may change a lane; displays only read. */
  function requireCashier(request: FastifyRequest): void {
    if (!expected) return;
    const given = request.headers['x-cashier-code'];
    if (typeof given !== 'string' || !timingSafeEqual(digest(given), expected)) {
      throw new GatewayHttpError(401, 'CASHIER_CODE_REQUIRED', 'This screen may not take payments. Enter the cashier code.');
    }
  }

  function laneOf(request: FastifyRequest): string {
    const { lane } = laneParams.parse(request.params);
    if (!hub.config(lane)) throw new GatewayHttpError(404, 'UNKNOWN_LANE', `There is no lane "${lane}". Check the lane in the address.`);
    return lane;
  }

  return async function routes(app: FastifyInstance) {
    app.addHook('onRequest', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') requireCashier(request);
    });

    app.post('/api/cashier/check', async () => ({ ok: true }));

    app.get('/api/lanes', async () => ({ items: hub.all().map(({ id, name }) => ({ id, name })) }));

    app.get('/api/lanes/:lane', async (request) => hub.get(laneOf(request)));

    app.get('/api/lanes/:lane/events', (request, reply) => streamLane(request, reply, laneOf(request)));

    app.put('/api/lanes/:lane/cart', async (request) => {
      const lane = laneOf(request);
      return payments.updateCart(lane, cartBody.parse(request.body).cart);
    });

    /** A sale started from the cart the cashier sends: the QR flow or the Connect flow. */
    const startsSale = (path: string, start: (lane: string, cart: CartLine[], operatorId: string) => Promise<LaneState>) =>
      app.post(path, async (request) => {
        const lane = laneOf(request);
        const { cart, operatorId } = startBody.parse(request.body);
        return start(lane, cart, operatorId);
      });
    /** An action on the lane's Payment Request or Connection, named by id so a stale screen cannot hit another one. */
    const actsOn = (path: string, act: (lane: string, id: string, operatorId: string) => LaneState | Promise<LaneState>) =>
      app.post(path, async (request) => {
        const lane = laneOf(request);
        const { id } = idParams.parse(request.params);
        const { operatorId } = cancelBody.parse(request.body ?? undefined);
        return act(lane, id, operatorId);
      });

    startsSale('/api/lanes/:lane/payments', (lane, cart, operatorId) => payments.start(lane, cart, operatorId));
    startsSale('/api/lanes/:lane/connections', (lane, cart, operatorId) => payments.connect(lane, cart, operatorId));
    actsOn('/api/lanes/:lane/payments/:id/cancel', (lane, id, operatorId) => payments.cancel(lane, id, operatorId));
    actsOn('/api/lanes/:lane/payments/:id/refund', (lane, id, operatorId) => payments.refundPartial(lane, id, operatorId));
    actsOn('/api/lanes/:lane/connections/:id/cancel', (lane, id, operatorId) => payments.cancelConnection(lane, id, operatorId));

    app.post('/api/lanes/:lane/tenders', async (request) => {
      const lane = laneOf(request);
      const { method, operatorId } = tenderBody.parse(request.body);
      return payments.tender(lane, method, operatorId);
    });
  };

  /** Server-Sent Events: the lane's whole state on connect and after every change. */
  function streamLane(request: FastifyRequest, reply: FastifyReply, lane: string): void {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    raw.write('retry: 1000\n\n');
    const send = (state: unknown) => raw.write(`event: lane\ndata: ${JSON.stringify(state)}\n\n`);
    send(hub.get(lane));
    const unsubscribe = hub.subscribe(lane, send);
    // A visible event, so a screen can tell a silently dead connection from a quiet lane.
    const heartbeat = setInterval(() => raw.write(`event: ping\ndata: ${Date.now()}\n\n`), HEARTBEAT_MS);
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
