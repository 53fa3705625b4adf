// The gateway's payment flow end to end against the real sandbox over HTTP, including its fault modes, on each journal
// backend (SQLite and PostgreSQL).
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, buildGateway, laneState, PRICED_CART, startPayment, TEST_LANE, waitForLane } from '../test-support/gateway-app';
import { JOURNAL_BACKENDS } from '../test-support/journal-backends';
import { AS_TERMINAL as asTerminal, startSandbox, type SandboxHarness } from '../test-support/sandbox-harness';

let sandbox: SandboxHarness;
let sandboxUrl: string;
let gateway: FastifyInstance | undefined;
const sandboxCall: SandboxHarness['call'] = (...args) => sandbox.call(...args);

beforeEach(async () => {
  sandbox = await startSandbox();
  sandboxUrl = sandbox.url;
});

afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
  await sandbox.close();
});
const aliceKey = () => `alice-${Math.random()}`;

function patronPays(id: string) {
  return sandboxCall('POST', `/api/payment-requests/${id}/pay`, { Authorization: 'sbx-patron-alice' },
    { assetType: 'centrapay.nzd.test', assetId: 'sbxAssetAliceNzd', idempotencyKey: aliceKey() });
}

function fault(input: Record<string, unknown>) {
  return sandboxCall('POST', '/_sandbox/faults', {}, input);
}

async function createCount(): Promise<number> {
  const { body } = await sandboxCall('GET', '/_sandbox/requests', {});
  return Object.values((body as Record<string, Record<string, number>>)['POST /api/payment-requests'] ?? {}).reduce((a, b) => a + b, 0);
}

describe.each(JOURNAL_BACKENDS)('QR payment flow through the gateway, on a $name journal', (backend) => {
  it('creates a request from the cart with the lane ids, sees it paid, and journals it', async () => {
    gateway = await buildGateway(sandboxUrl, await backend.journal());
    const response = await startPayment(gateway);
    expect(response.statusCode).toBe(200);
    const { payment, order } = response.json();
    expect(payment.outcome).toBe('pending');
    const sent = {
      value: { amount: '1700', currency: 'NZD' },
      externalRef: order.ref,
      lineItems: [
        { name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100', tax: '15' },
        { name: 'Blueberry Muffin', sku: 'FOOD-MUF', qty: '1', price: '600', tax: '15' },
      ],
    };
    expect(payment.paymentRequest).toMatchObject(sent);
    // The lane's ids go to Centrapay; the screens' view of the request leaves them out (issue 21's doors).
    const atCentrapay = (await sandboxCall('GET', `/api/payment-requests/${payment.paymentRequest.id}`, asTerminal)).body;
    expect(atCentrapay).toMatchObject({ ...sent, terminalId: TEST_LANE.terminalId, deviceId: TEST_LANE.deviceId, operatorId: 'op-7' });
    expect(payment.paymentRequest).not.toHaveProperty('terminalId');
    expect(order.ref).toMatch(/^till-1-\d{6}-[0-9A-Z]{6}$/);

    expect((await patronPays(payment.paymentRequest.id)).status).toBe(200);
    const paid = await waitForLane(gateway, (state) => state.payment?.outcome === 'paid');
    expect(paid.payment?.paymentRequest.paidBy?.assetTotals[0]?.total.amount).toBe('1700');
    expect(paid.payment?.finishedAt).not.toBeNull();

    const history = (await gateway.inject({ method: 'GET', url: `/api/history/${payment.paymentRequest.id}` })).json();
    expect(history.sale).toMatchObject({ ref: order.ref, result: 'paid', lane: 'lane-1', operatorId: 'op-7', total: '1700' });
    expect(history.requests).toEqual([expect.objectContaining({ id: payment.paymentRequest.id, shortCode: payment.paymentRequest.shortCode, status: 'paid' })]);
    expect(history.events.map((e: { kind: string; status: string | null }) => `${e.kind}:${e.status}`)).toEqual(['pay-pressed:null', 'created:null', 'status:paid']);
  });

  it('creates one request for two Pay presses at once', async () => {
    gateway = await buildGateway(sandboxUrl, await backend.journal());
    const before = await createCount();
    const [a, b] = await Promise.all([startPayment(gateway), startPayment(gateway)]);
    expect(a.json().payment.paymentRequest.id).toBe(b.json().payment.paymentRequest.id);
    const again = await startPayment(gateway);
    expect(again.json().payment.paymentRequest.id).toBe(a.json().payment.paymentRequest.id);
    expect(await createCount()).toBe(before + 1);
  });

  it('voids at once when the cashier cancels, and journals who asked', async () => {
    gateway = await buildGateway(sandboxUrl, await backend.journal());
    const { payment, order } = (await startPayment(gateway)).json();
    const id = payment.paymentRequest.id;
    const cancel = await act(gateway, 'cancel', { ref: order.ref, operatorId: 'op-9' });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json().payment.outcome).toBe('cancelled');
    const upstream = await sandboxCall('GET', `/api/payment-requests/${id}`, asTerminal);
    expect(upstream.body).toMatchObject({ status: 'cancelled', cancellationReason: 'CANCELLED_BY_MERCHANT' });
    const history = (await gateway.inject({ method: 'GET', url: `/api/history/${id}` })).json();
    expect(history.events).toContainEqual(expect.objectContaining({ kind: 'void', actor: 'cashier:op-9' }));
    expect(history.sale.result).toBe('cancelled');
  });

  it('keeps the cart while a payment is in flight', async () => {
    gateway = await buildGateway(sandboxUrl, await backend.journal());
    await startPayment(gateway);
    const put = await gateway.inject({ method: 'PUT', url: '/api/lanes/lane-1/cart', payload: { cart: [] } });
    expect(put.statusCode).toBe(409);
    expect(put.json()).toMatchObject({ code: 'PAYMENT_IN_PROGRESS' });
    expect((await laneState(gateway)).cart).toEqual(PRICED_CART);
  });

  it('reconciles a create whose answer was lost, leaving exactly one live request', async () => {
    gateway = await buildGateway(sandboxUrl, await backend.journal());
    await fault({ method: 'POST', path: '/api/payment-requests', mode: 'drop', count: 1, phase: 'after' });
    const response = await startPayment(gateway);
    expect(response.statusCode).toBe(200);
    const { payment, order } = response.json();
    const listed = await sandboxCall('GET', `/api/payment-requests/external-ref/${order.ref}?merchantAccountId=sbxAccountCafe`, asTerminal);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0].id).toBe(payment.paymentRequest.id);
  });

  it('tells the cashier when Centrapay cannot be reached and leaves the cart as it was', async () => {
    gateway = await buildGateway(sandboxUrl, await backend.journal());
    await fault({ method: 'POST', path: '/api/payment-requests', mode: 'http503', count: 100 });
    const response = await startPayment(gateway);
    expect(response.statusCode).toBe(200);
    const state = await waitForLane(gateway, (s) => s.step === null);
    expect(state.notice).toMatch(/Centrapay did not answer, so the payment did not start/);
    expect(state.payment).toBeNull();
    expect(state.cart).toEqual(PRICED_CART);
    // Pay can be pressed again once Centrapay is back.
    await sandboxCall('DELETE', '/_sandbox/faults', {});
    expect((await startPayment(gateway)).json().payment.outcome).toBe('pending');
  });

  it.each(['http500', 'html', 'malformed-json', 'drop', 'empty'])('survives a %s answer while polling', async (mode) => {
    gateway = await buildGateway(sandboxUrl, await backend.journal());
    const id = (await startPayment(gateway)).json().payment.paymentRequest.id;
    await fault({ method: 'GET', path: '/api/payment-requests/:id', mode, count: 2 });
    await patronPays(id);
    const state = await waitForLane(gateway, (s) => s.payment?.outcome !== 'pending');
    expect(state.payment?.outcome).toBe('paid');
  });

  it('voids a request whose status stays unknown, and journals it', async () => {
    gateway = await buildGateway(sandboxUrl, await backend.journal());
    const id = (await startPayment(gateway)).json().payment.paymentRequest.id;
    await fault({ method: 'GET', path: '/api/payment-requests/:id', mode: 'http503', count: 1000 });
    const state = await waitForLane(gateway, (s) => s.payment?.outcome !== 'pending');
    expect(state.payment?.outcome).toBe('cancelled');
    await sandboxCall('DELETE', '/_sandbox/faults', {});
    expect((await sandboxCall('GET', `/api/payment-requests/${id}`, asTerminal)).body.status).toBe('cancelled');
    const history = (await gateway.inject({ method: 'GET', url: `/api/history/${id}` })).json();
    expect(history.events).toContainEqual(expect.objectContaining({ kind: 'void', actor: 'system:status-unknown' }));
  });

  it('shows an expired request as expired', async () => {
    gateway = await buildGateway(sandboxUrl, await backend.journal());
    await startPayment(gateway);
    await sandboxCall('POST', '/_sandbox/clock', {}, { advanceSeconds: 121 });
    const state = await waitForLane(gateway, (s) => s.payment?.outcome !== 'pending');
    expect(state.payment?.outcome).toBe('expired');
  });

  it('resumes a payment in flight after a restart of the gateway', async () => {
    const journal = await backend.journal();
    gateway = await buildGateway(sandboxUrl, journal);
    const id = (await startPayment(gateway)).json().payment.paymentRequest.id;
    await gateway.close();

    await patronPays(id);
    gateway = await buildGateway(sandboxUrl, journal);
    expect((await laneState(gateway)).payment?.paymentRequest.id).toBe(id);
    const state = await waitForLane(gateway, (s) => s.payment?.outcome === 'paid');
    expect(state.cart).toEqual(PRICED_CART);
  });

  it('rejects bad input with a clear message and changes nothing', async () => {
    gateway = await buildGateway(sandboxUrl, await backend.journal());
    const unknownLane = await gateway.inject({ method: 'GET', url: '/api/lanes/nope' });
    expect(unknownLane.statusCode).toBe(404);
    expect(unknownLane.json()).toMatchObject({ code: 'UNKNOWN_LANE' });
    const badCart = await gateway.inject({ method: 'POST', url: '/api/lanes/lane-1/payments', payload: { cart: [{ sku: 'COFFEE-FW', qty: -1 }] } });
    expect(badCart.statusCode).toBe(400);
    expect(badCart.json().message).toMatch(/qty/);
    const notJson = await gateway.inject({ method: 'POST', url: '/api/lanes/lane-1/payments', headers: { 'content-type': 'application/json' }, payload: '{"cart": [' });
    expect(notJson.statusCode).toBe(400);
    const empty = await gateway.inject({ method: 'POST', url: '/api/lanes/lane-1/payments', payload: { cart: [] } });
    expect(empty.json()).toMatchObject({ code: 'EMPTY_CART' });
    expect((await laneState(gateway)).payment).toBeNull();
  });
});

describe('cashier code', () => {
  it('lets only a screen with the code change a lane; reads stay open to displays', async () => {
    gateway = await buildGateway(sandboxUrl, { cashierCode: 'open-sesame' });
    const refused = await startPayment(gateway);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'CASHIER_CODE_REQUIRED' });
    const wrong = await gateway.inject({ method: 'PUT', url: '/api/lanes/lane-1/cart', headers: { 'x-cashier-code': 'guess' }, payload: { cart: [{ sku: 'COFFEE-FW', qty: 1 }] } });
    expect(wrong.statusCode).toBe(401);
    expect((await laneState(gateway)).cart).toEqual([]);
    expect((await gateway.inject({ method: 'GET', url: '/api/config' })).json()).toMatchObject({ cashier: 'code' });

    const allowed = await gateway.inject({
      method: 'POST', url: '/api/lanes/lane-1/payments', headers: { 'x-cashier-code': 'open-sesame' }, payload: { cart: [{ sku: 'COFFEE-FW', qty: 1 }], operatorId: 'op-1' },
    });
    expect(allowed.statusCode).toBe(200);
    expect((await gateway.inject({ method: 'POST', url: '/api/cashier/check', headers: { 'x-cashier-code': 'open-sesame' }, payload: {} })).json()).toEqual({ ok: true, store: { id: 'default', name: 'Sandbox Café' } });
    expect((await laneState(gateway)).payment?.outcome).toBe('pending');
  });
});
