// Builds a gateway for tests, pointed at any Centrapay-compatible base URL, with an in-memory journal by default.
import Fastify, { type FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { DEMO_CATALOG } from '../domain/catalog';
import type { LaneState } from '../domain/lane';
import { SEED_CAFE } from '../domain/sandbox-seeds';
import { gatewayPlugin, type GatewayOptions } from '../server/gateway/app';

export const TEST_LANE = { id: 'lane-1', name: 'Lane 1', terminalId: 'till-1', deviceId: 'SN-1', configId: 'sbxConfigCafe' };
/** What a cashier screen sends: products and quantities. */
export const CART = [
  { sku: 'COFFEE-FW', qty: 2 },
  { sku: 'FOOD-MUF', qty: 1 },
];
/** The same cart as the gateway prices it from its catalog. */
export const PRICED_CART = [
  { sku: 'COFFEE-FW', name: 'Flat White', qty: 2, unitPrice: '550', tax: '15' },
  { sku: 'FOOD-MUF', name: 'Blueberry Muffin', qty: 1, unitPrice: '600', tax: '15' },
];

type Overrides = Omit<Partial<GatewayOptions>, 'sales'> & { sales?: Partial<GatewayOptions['sales']> };

export const TEST_SALES: GatewayOptions['sales'] = {
  expirySeconds: 120,
  timeoutGraceSeconds: 7,
  pollIntervalMs: 50,
  unknownAfterMs: 1_500,
  answerWithinMs: 3_000,
  lookupIntervalMs: 100,
  activityFeed: 'off',
  merchantAccountId: 'sbxAccountCafe',
  merchantId: 'sbxMerchantCafe',
  currency: 'NZD',
  resultSeconds: 5,
};

/** `logs` collects what the gateway logs at warn and above, one parsed line each. */
export async function buildGateway(baseUrl: string, overrides: Overrides = {}, logs?: Record<string, unknown>[]): Promise<FastifyInstance> {
  const stream = { write: (line: string) => logs?.push(JSON.parse(line) as Record<string, unknown>) };
  const app = Fastify({ logger: logs ? { level: 'warn', stream } : false, forceCloseConnections: true });
  await app.register(gatewayPlugin, {
    centrapayBaseUrl: baseUrl,
    centrapayApiKey: 'sbx-terminal-cafe',
    journalPath: ':memory:',
    lanes: [TEST_LANE],
    catalog: DEMO_CATALOG,
    publicConfig: { sandbox: true, logoUrl: '/logo.svg', merchantName: 'Sandbox Café', merchantLogoUrl: null, slides: [], displayLanguage: 'en-NZ' },
    receipts: { merchant: SEED_CAFE },
    requestTimeoutMs: 400,
    // Tests poll every 50 ms: a budget that never gets in the way unless a test sets one.
    rateLimitPerMinute: 100_000,
    ...overrides,
    sales: { ...TEST_SALES, ...overrides.sales },
  });
  await app.ready();
  return app;
}

export async function laneState(app: FastifyInstance, lane = TEST_LANE.id): Promise<LaneState> {
  const response = await app.inject({ method: 'GET', url: `/api/lanes/${lane}` });
  expect(response.statusCode).toBe(200);
  return response.json();
}

export function startPayment(app: FastifyInstance, operatorId = 'op-7', lane = TEST_LANE.id) {
  return app.inject({ method: 'POST', url: `/api/lanes/${lane}/payments`, payload: { cart: CART, operatorId } });
}

/** A cashier's press on the lane's current sale: cancel, refund, tenders. */
export function act(app: FastifyInstance, action: 'cancel' | 'refund' | 'tenders' | 'new-sale', body: Record<string, unknown>, lane = TEST_LANE.id) {
  return app.inject({ method: 'POST', url: `/api/lanes/${lane}/${action}`, payload: { operatorId: 'op-7', ...body } });
}

/** Waits until the lane reaches what the test expects (runners work on their own timers). */
export async function waitForLane(app: FastifyInstance, predicate: (state: LaneState) => boolean, timeoutMs = 5000, lane = TEST_LANE.id): Promise<LaneState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await laneState(app, lane);
    if (predicate(state)) return state;
    if (Date.now() > deadline) throw new Error(`lane never reached the expected state: ${JSON.stringify({ step: state.step, payment: state.payment, notice: state.notice })}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
