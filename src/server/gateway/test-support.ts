// Builds a gateway for tests, pointed at any Centrapay-compatible base URL, with an in-memory journal by default.
import Fastify, { type FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { LaneState } from '../../domain/lane';
import { gatewayPlugin, type GatewayOptions } from './app';
import type { PaymentServiceOptions } from './payment-service';

export const TEST_LANE = { id: 'lane-1', name: 'Lane 1', terminalId: 'till-1', deviceId: 'SN-1', configId: 'sbxConfigCafe' };
export const CART = [
  { sku: 'COFFEE-FW', name: 'Flat White', qty: 2, unitPrice: '550', tax: '15' },
  { sku: 'FOOD-MUF', name: 'Blueberry Muffin', qty: 1, unitPrice: '600', tax: '15' },
];

type Overrides = Omit<Partial<GatewayOptions>, 'payments'> & { payments?: Partial<PaymentServiceOptions> };

export async function buildGateway(baseUrl: string, overrides: Overrides = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  await app.register(gatewayPlugin, {
    centrapayBaseUrl: baseUrl,
    centrapayApiKey: 'sbx-terminal-cafe',
    journalPath: ':memory:',
    lanes: [TEST_LANE],
    resultSeconds: 5,
    publicConfig: { sandbox: true, logoUrl: '/logo.svg' },
    requestTimeoutMs: 400,
    retries: 1,
    ...overrides,
    payments: {
      expirySeconds: 120,
      timeoutGraceSeconds: 7,
      pollIntervalMs: 50,
      unknownAfterMs: 600,
      merchantAccountId: 'sbxAccountCafe',
      merchantId: 'sbxMerchantCafe',
      currency: 'NZD',
      ...overrides.payments,
    },
  });
  await app.ready();
  return app;
}

export async function laneState(app: FastifyInstance, lane = TEST_LANE.id): Promise<LaneState> {
  const response = await app.inject({ method: 'GET', url: `/api/lanes/${lane}` });
  expect(response.statusCode).toBe(200);
  return response.json();
}

export async function startPayment(app: FastifyInstance, operatorId = 'op-7') {
  return app.inject({ method: 'POST', url: `/api/lanes/${TEST_LANE.id}/payments`, payload: { cart: CART, operatorId } });
}

/** Waits until the lane reaches what the test expects (the watcher works on its own timer). */
export async function waitForLane(app: FastifyInstance, predicate: (state: LaneState) => boolean, timeoutMs = 5000): Promise<LaneState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await laneState(app);
    if (predicate(state)) return state;
    if (Date.now() > deadline) throw new Error(`lane never reached the expected state: ${JSON.stringify(state.payment)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
