// Two stores on one gateway, on two Centrapay accounts of the real sandbox: the café (its terminal key) and the other
// seeded merchant (its own key). Each store's cashier code unlocks that store only: store A's cashier can neither
// read nor change store B's lanes, tabs, pumps, machines, refunds, history, receipts or reports (403 in words,
// nothing changed, nothing sent to Centrapay), and each store's sales, tabs and vends go through its own key.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LaneState } from '../domain/lane';
import type { PumpView, VendView } from '../domain/machine';
import type { HoldView } from '../domain/pre-auth';
import { SEED } from '../domain/sandbox-seeds';
import { buildGateway, CART } from '../test-support/gateway-app';
import { alicePays as payAsAlice, AS_OTHER_TERMINAL, AS_TERMINAL, startSandbox, type SandboxHarness } from '../test-support/sandbox-harness';
// Store A is North, store B South: A and B are what their cashier screens send.
import { CASHIER_NORTH as A, CASHIER_SOUTH as B, TWO_STORES as STORES } from '../test-support/two-stores';
import { until } from '../test-support/until';

let sandbox: SandboxHarness;
let gateway: FastifyInstance;

const start = (sales: { activityFeed?: 'on' | 'off' } = {}) => buildGateway(sandbox.url, {
  stores: STORES,
  preAuth: { pollMs: 25, maxPollMs: 100 },
  afterSale: { pollMs: 50, maxPollMs: 200 },
  machines: { vendTimeoutSeconds: 60, vends: { pollMs: 25, maxPollMs: 100 } },
  sales,
});

beforeEach(async () => {
  sandbox = await startSandbox();
  gateway = await start();
});

afterEach(async () => {
  await gateway.close();
  await sandbox.close();
});

const get = (url: string, headers: Record<string, string> = {}) => gateway.inject({ method: 'GET', url, headers });
const send = (method: 'POST' | 'PUT', url: string, payload: object, headers: Record<string, string> = {}) => gateway.inject({ method, url, payload, headers });
const alicePays = (paymentRequestId: string) => payAsAlice(sandbox, paymentRequestId);
/** Money-moving calls the sandbox has had (creates, voids, refunds, payments, confirmations, releases). */
const moneyCalls = async () => Object.entries((await sandbox.call('GET', '/_sandbox/requests')).body as Record<string, Record<string, number>>)
  .filter(([route]) => route.startsWith('POST '))
  .map(([route, byStatus]) => `${route} ${JSON.stringify(byStatus)}`).sort();

/** Store B's day so far: a sale paid on its lane, a cart on the lane, a tab authorised, a pump authorised, a vend paid. */
async function storeBTrades() {
  const paying = (await send('POST', '/api/lanes/b-1/payments', { cart: CART, operatorId: 'bo' }, B)).json() as LaneState;
  await alicePays(paying.payment!.paymentRequest.id);
  const paid = await until(async () => (await get('/api/lanes/b-1')).json() as LaneState, (state) => state.payment?.outcome === 'paid');
  expect((await send('POST', '/api/lanes/b-1/new-sale', { operatorId: 'bo' }, B)).statusCode).toBe(200);
  expect((await send('PUT', '/api/lanes/b-1/cart', { cart: CART, operatorId: 'bo' }, B)).statusCode).toBe(200);
  const opened = (await send('POST', '/api/holds', { lane: 'b-1', amount: '4000', label: 'Sam', operatorId: 'bo' }, B)).json() as HoldView;
  await alicePays(opened.paymentRequestId!);
  const tab = await until(async () => (await get(`/api/holds/${opened.id}`, B)).json() as HoldView, (hold) => hold.status === 'authorized');
  const pumpOpened = (await send('POST', '/api/machines/b-pump/holds', {})).json() as PumpView;
  await alicePays((await get(`/api/holds/${pumpOpened.holdId}`, B)).json().paymentRequestId);
  const pump = await until(async () => (await get(`/api/machines/b-pump/holds/${pumpOpened.holdId}`)).json() as PumpView, (view) => view.status === 'authorized');
  const bought = (await send('POST', '/api/machines/b-vend/vends', { sku: 'DRINK-OJ' })).json() as VendView;
  await alicePays(bought.paymentRequestId!);
  const vend = await until(async () => (await get(`/api/vends/${bought.id}`)).json() as VendView, (view) => view.status === 'vending');
  return { sale: paid.order!.ref, request: paid.payment!.paymentRequest, tab, pump, vend };
}

describe('store A\'s cashier and store B', () => {
  it('cannot read or change store B\'s lanes, tabs, pumps, machines, refunds, history, receipts or reports', async () => {
    const b = await storeBTrades();
    const laneBefore = (await get('/api/lanes/b-1')).json() as LaneState;
    const tabBefore = (await get(`/api/holds/${b.tab.id}`, B)).json() as HoldView;
    const callsBefore = await moneyCalls();

    // Each as store A's cashier: [method, url, body] (a GET has no body).
    const attempts: [string, string, object?][] = [
      ['PUT', '/api/lanes/b-1/cart', { cart: [], operatorId: 'ao' }],
      ['POST', '/api/lanes/b-1/payments', { cart: CART, operatorId: 'ao' }],
      ['POST', '/api/lanes/b-1/counter', { cart: CART, method: 'cash', operatorId: 'ao' }],
      ['POST', '/api/lanes/b-1/new-sale', { operatorId: 'ao' }],
      ['POST', '/api/lanes/b-1/cancel', { ref: b.sale, operatorId: 'ao' }],
      ['POST', '/api/lanes/b-1/display-codes', {}],
      ['GET', '/api/lanes/b-1'],
      ['GET', '/api/lanes/b-1/receipt'],
      ['POST', '/api/holds', { lane: 'b-1', amount: '1000', operatorId: 'ao' }],
      ['GET', `/api/holds/${b.tab.id}`],
      ['POST', `/api/holds/${b.tab.id}/confirmations`, { key: 'press-a-0001', cart: CART, operatorId: 'ao' }],
      ['POST', `/api/holds/${b.tab.id}/release`, { operatorId: 'ao' }],
      ['POST', `/api/holds/${b.tab.id}/void`, { operatorId: 'ao', reason: 'not ours' }],
      ['POST', `/api/holds/${b.pump.holdId}/refunds`, { key: 'press-a-0002', operatorId: 'ao', reason: 'not ours' }],
      ['POST', `/api/holds/${b.pump.holdId}/close`, { operatorId: 'ao' }],
      ['GET', `/api/history/${b.sale}`],
      ['GET', `/api/history/${b.request.id}`],
      ['GET', '/api/history?lane=b-1'],
      ['GET', `/api/history/at-centrapay/${b.request.shortCode}?lane=b-1`],
      ['POST', `/api/history/at-centrapay/${b.request.shortCode}`, { lane: 'b-1', operatorId: 'ao' }],
      ['GET', `/api/sales/${b.sale}/after-sale`],
      ['POST', `/api/sales/${b.sale}/refunds`, { key: 'press-a-0003', reason: 'not ours', operatorId: 'ao' }],
      ['POST', `/api/sales/${b.sale}/void`, { key: 'press-a-0004', reason: 'not ours', operatorId: 'ao' }],
      ['GET', `/api/receipt-links/${b.sale}`],
      ['GET', '/api/reports/end-of-day?lane=b-1'],
      ['GET', '/api/holds?lane=b-1'],
    ];
    for (const [method, url, body] of attempts) {
      const response = method === 'GET' ? await get(url, A) : await send(method as 'POST' | 'PUT', url, body ?? {}, A);
      expect({ method, url, status: response.statusCode }).toEqual({ method, url, status: 403 });
      expect(response.json()).toMatchObject({ code: 'OTHER_STORE', message: expect.stringMatching(/belongs to another store\. This screen is unlocked for North, .* Nothing was done\./) });
    }

    // What store A lists holds nothing of store B's.
    expect((await get('/api/history', A)).json().items).toEqual([]);
    expect((await get(`/api/history?q=${b.request.shortCode}`, A)).json().items).toEqual([]);
    expect((await get(`/api/history/${b.request.shortCode}`, A)).statusCode).toBe(404);
    // Asked at Centrapay with store A's own key: store B's request is another account's, and nothing of it shows.
    expect((await get(`/api/history/at-centrapay/${b.request.shortCode}?lane=a-1`, A)).json()).toEqual({ statusCode: 404, code: 'NOT_AT_CENTRAPAY', message: 'No sale with that code at Centrapay.' });
    expect((await get('/api/holds', A)).json().holds).toEqual([]);
    expect((await get('/api/machine-history', A)).json()).toEqual({ vends: [], pumps: [] });
    expect((await get('/api/reports/end-of-day', A)).json()).toMatchObject({ lane: null, total: { sales: { count: 0 } } });
    expect((await get('/api/lanes', A)).json().items.map((each: { id: string }) => each.id)).toEqual(['a-1', 'a-k']);

    // Nothing changed, and nothing was sent to Centrapay.
    expect({ ...((await get('/api/lanes/b-1')).json() as LaneState), serverTime: '' }).toEqual({ ...laneBefore, serverTime: '' });
    expect((await get(`/api/holds/${b.tab.id}`, B)).json()).toEqual(tabBefore);
    expect((await get(`/api/vends/${b.vend.id}`)).json()).toMatchObject({ status: 'vending' });
    expect(await moneyCalls()).toEqual(callsBefore);

    // Store B's own cashier sees all of it.
    expect((await get('/api/history', B)).json().items.map((sale: { ref: string }) => sale.ref)).toEqual([b.sale]);
    expect((await get('/api/holds', B)).json().holds.map((hold: HoldView) => hold.id).sort()).toEqual([b.tab.id, b.pump.holdId].sort());
    expect((await get('/api/machine-history', B)).json()).toMatchObject({ vends: [{ id: b.vend.id }], pumps: [{ id: b.pump.holdId }] });
    expect((await get('/api/reports/end-of-day', B)).json()).toMatchObject({ total: { sales: { count: 1 } } });
    expect((await get(`/api/receipt-links/${b.sale}`, B)).statusCode).toBe(200);
    expect((await get(`/api/history/at-centrapay/${b.request.shortCode}?lane=b-1`, B)).json()).toMatchObject({ ref: b.sale, refusal: null });
  });

  it('knows which store a code unlocks, and offers a screen only its store\'s lanes', async () => {
    expect((await send('POST', '/api/cashier/check', {}, B)).json()).toEqual({ ok: true, store: { id: 'south', name: 'South' } });
    expect((await send('POST', '/api/cashier/check', {}, { 'x-cashier-code': 'nobody-1234' })).statusCode).toBe(401);
    expect((await get('/api/cashier/store', A)).json()).toEqual({
      id: 'north', name: 'North', lanes: [{ id: 'a-1', name: 'Lane a-1' }], kiosks: [{ id: 'a-k', name: 'Lane a-k' }],
      machines: [{ id: 'a-vend', name: 'a-vend', kind: 'vending' }, { id: 'a-pump', name: 'a-pump', kind: 'pump' }],
    });
    expect((await get('/api/cashier/store')).statusCode).toBe(401);
    // A display (no code) still reads any lane; /api/config lists every till for displays to choose from.
    expect((await get('/api/lanes/b-1')).statusCode).toBe(200);
    expect((await get('/api/config')).json()).toMatchObject({ cashier: 'code', lanes: [{ id: 'a-1' }, { id: 'b-1' }], kiosks: [{ id: 'a-k' }, { id: 'b-k' }] });
  });

  it('pairs each store\'s kiosks with that store\'s staff code only', async () => {
    const pair = (kiosk: string, staffCode: string) => send('POST', `/api/kiosk/lanes/${kiosk}/pair`, { staffCode });
    expect((await pair('a-k', 'staff-south')).json()).toMatchObject({ statusCode: 401, code: 'STAFF_CODE_WRONG' });
    expect((await pair('b-k', 'staff-north')).json()).toMatchObject({ statusCode: 401, code: 'STAFF_CODE_WRONG' });
    const token = (await pair('b-k', 'staff-south')).json().token as string;
    expect((await send('PUT', '/api/kiosk/lanes/b-k/cart', { cart: CART }, { 'x-kiosk-token': token })).statusCode).toBe(200);
    // A token of store B's kiosk opens none of store A's.
    expect((await send('PUT', '/api/kiosk/lanes/a-k/cart', { cart: CART }, { 'x-kiosk-token': token })).statusCode).toBe(401);
    expect((await send('POST', '/api/kiosk/lanes/a-k/reset', { staffCode: 'staff-south' })).statusCode).toBe(401);
  });
});

describe('two stores on two Centrapay accounts', () => {
  it('each creates, refunds and reads with its own key, and reads its own account\'s activity feed', async () => {
    await gateway.close();
    gateway = await start({ activityFeed: 'on' });
    const paid: Record<string, { ref: string; id: string }> = {};
    for (const [laneId, code] of [['a-1', A], ['b-1', B]] as const) {
      const paying = (await send('POST', `/api/lanes/${laneId}/payments`, { cart: CART, operatorId: 'op' }, code)).json() as LaneState;
      expect(paying.payment?.outcome, laneId).toBe('pending');
      // Wait for the feed of the lane's account to have been read while the request is live.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await alicePays(paying.payment!.paymentRequest.id);
      await until(async () => (await get(`/api/lanes/${laneId}`)).json() as LaneState, (state) => state.payment?.outcome === 'paid');
      paid[laneId] = { ref: paying.order!.ref, id: paying.payment!.paymentRequest.id };
    }
    // Centrapay answers a request to its own account's key only: store B's was made with the other merchant's key.
    expect((await sandbox.call('GET', `/api/payment-requests/${paid['b-1']!.id}`, AS_OTHER_TERMINAL)).body).toMatchObject({ configId: SEED.configOther, terminalId: 'till-b-1' });
    expect((await sandbox.call('GET', `/api/payment-requests/${paid['b-1']!.id}`, AS_TERMINAL)).status).toBe(403);
    expect((await sandbox.call('GET', `/api/payment-requests/${paid['a-1']!.id}`, AS_TERMINAL)).body).toMatchObject({ configId: SEED.configCafe });

    // A refund of each store's sale goes through that store's key too (the other key would be refused).
    for (const [laneId, code] of [['a-1', A], ['b-1', B]] as const) {
      const refund = await send('POST', `/api/sales/${paid[laneId]!.ref}/refunds`, { key: `refund-${laneId}-0001`, reason: 'changed mind', operatorId: 'op' }, code);
      expect(refund.json(), laneId).toMatchObject({ refunds: [expect.objectContaining({ status: expect.stringMatching(/pending|completed/) })] });
    }
    const traffic = (await sandbox.call('GET', '/_sandbox/requests')).body as Record<string, Record<string, number>>;
    expect(traffic['POST /api/payment-requests/:paymentRequestId/refund']).toEqual({ 200: 2 });
    // Each account's feed was read with its own key: never refused.
    expect(Object.keys(traffic['GET /api/payment-activities'] ?? {})).toEqual(['200']);
  });
});

describe('/metrics of a two-store gateway', () => {
  it('counts each store\'s live payments and connected screens apart', async () => {
    await gateway.listen({ port: 0, host: '127.0.0.1' });
    const stream = new AbortController();
    const address = gateway.server.address() as { port: number };
    const events = await fetch(`http://127.0.0.1:${address.port}/api/lanes/b-1/events`, { signal: stream.signal });
    expect(events.status).toBe(200);
    try {
      expect((await send('POST', '/api/lanes/a-1/payments', { cart: CART, operatorId: 'ao' }, A)).statusCode).toBe(200);
      const text = (await get('/metrics')).body;
      const sample = (name: string, store: string) => Number(new RegExp(`^${name}\\{store="${store}"\\} (\\S+)$`, 'm').exec(text)?.[1]);
      expect([sample('pos_store_live_payments', 'north'), sample('pos_store_live_payments', 'south')]).toEqual([1, 0]);
      expect([sample('pos_store_connected_screens', 'north'), sample('pos_store_connected_screens', 'south')]).toEqual([0, 1]);
      expect([sample('pos_store_unknown_payments', 'north'), sample('pos_store_unknown_payments', 'south')]).toEqual([0, 0]);
      expect(text).toMatch(/^pos_instance_info\{instance="[^"]+",journal="sqlite"\} 1$/m);
    } finally {
      stream.abort();
    }
  });
});
