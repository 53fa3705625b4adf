// Builds a gateway for tests, pointed at any Centrapay-compatible base URL, with an in-memory journal by default.
import Fastify, { type FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { DEMO_CATALOG } from '../domain/catalog';
import type { LaneState } from '../domain/lane';
import { SEED, SEED_CAFE } from '../domain/sandbox-seeds';
import { gatewayPlugin, type GatewayOptions } from '../server/gateway/app';
import type { Machine } from '../server/gateway/machines/machines';
import type { Merchant } from '../server/gateway/receipts/receipt';
import type { LaneConfig } from '../server/gateway/sale/service';
import { DEFAULT_STORE_ID, type Store } from '../server/gateway/stores/stores';

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

/**
 * What a test may set: anything of the gateway's options, or (most tests, one store) the `default` store's lanes,
 * codes, machines, key and merchant as the single-store variables would give them.
 */
type Overrides = Omit<Partial<GatewayOptions>, 'sales' | 'kiosk' | 'machines' | 'receipts'> & {
  sales?: Partial<GatewayOptions['sales']>;
  lanes?: readonly LaneConfig[];
  cashierCode?: string;
  centrapayApiKey?: string;
  kiosk?: { staffCode?: string; idleSeconds: number };
  machines?: GatewayOptions['machines'] & { list?: readonly Machine[] };
  receipts?: GatewayOptions['receipts'] & { merchant?: Merchant };
};

export const TEST_SALES: GatewayOptions['sales'] = {
  expirySeconds: 120,
  timeoutGraceSeconds: 7,
  pollIntervalMs: 50,
  unknownAfterMs: 1_500,
  answerWithinMs: 3_000,
  lookupIntervalMs: 100,
  activityFeed: 'off',
  currency: 'NZD',
  resultSeconds: 5,
};

/** `logs` collects what the gateway logs at warn and above, one parsed line each. */
export async function buildGateway(baseUrl: string, overrides: Overrides = {}, logs?: Record<string, unknown>[]): Promise<FastifyInstance> {
  const stream = { write: (line: string) => logs?.push(JSON.parse(line) as Record<string, unknown>) };
  const app = Fastify({ logger: logs ? { level: 'warn', stream } : false, forceCloseConnections: true });
  const { lanes, cashierCode, centrapayApiKey, kiosk, machines, receipts, ...options } = overrides;
  await app.register(gatewayPlugin, {
    centrapayBaseUrl: baseUrl,
    journalPath: ':memory:',
    stores: [testStore({ lanes, cashierCode, apiKey: centrapayApiKey, kioskStaffCode: kiosk?.staffCode, machines: machines?.list, merchant: receipts?.merchant })],
    catalog: DEMO_CATALOG,
    publicConfig: { sandbox: true, logoUrl: '/logo.svg', merchantName: 'Sandbox Café', merchantLogoUrl: null, slides: [], displayLanguage: 'en-NZ' },
    receipts: { publicUrl: receipts?.publicUrl },
    requestTimeoutMs: 400,
    // Tests poll every 50 ms: a budget that never gets in the way unless a test sets one.
    rateLimitPerMinute: 100_000,
    ...(kiosk ? { kiosk: { idleSeconds: kiosk.idleSeconds } } : {}),
    ...(machines ? { machines: { vendTimeoutSeconds: machines.vendTimeoutSeconds, vends: machines.vends, publicUrl: machines.publicUrl } } : {}),
    ...options,
    sales: { ...TEST_SALES, ...overrides.sales },
  });
  await app.ready();
  return app;
}

/** The one store of a test that sets none: the sandbox café's account, TEST_LANE, and what the test gives. */
export function testStore(given: { lanes?: readonly LaneConfig[]; cashierCode?: string; apiKey?: string; kioskStaffCode?: string; machines?: readonly Machine[]; merchant?: Merchant } = {}): Store {
  return {
    id: DEFAULT_STORE_ID,
    name: SEED_CAFE.name,
    centrapay: { apiKey: given.apiKey ?? SEED.terminalCafeKey, merchantAccountId: SEED.accountCafe, merchantId: SEED.merchantCafe },
    lanes: given.lanes ?? [TEST_LANE],
    machines: given.machines ?? [],
    cashierCode: given.cashierCode,
    kioskStaffCode: given.kioskStaffCode,
    merchant: given.merchant ?? SEED_CAFE,
  };
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
