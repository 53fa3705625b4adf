// Self-checkout kiosks on the whole server (main.ts's app on its embedded sandbox): a kiosk paired with the staff code
// drives its own lane with the patron's commands and nothing else; nobody else on the shop's network can, and a
// kiosk's credential opens no till lane and no cashier function.
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { SEED } from '../domain/sandbox-seeds';
import { buildApp } from './app';
import { loadConfig } from './config';

const SHOP_WIFI = '192.168.1.77';
const CASHIER_CODE = 'counter-2468';
const STAFF_CODE = 'staff-9753';
const CART = [{ sku: 'COFFEE-FW', qty: 2 }];
const LANES = JSON.stringify([{ id: 'till-1' }, { id: 'kiosk-a', kind: 'kiosk' }, { id: 'kiosk-b', kind: 'kiosk' }]);

let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function server(env: Record<string, string> = {}): Promise<FastifyInstance> {
  app = await buildApp(loadConfig({ JOURNAL_PATH: ':memory:', WEBHOOKS: 'off', LANES, CASHIER_CODE, KIOSK_STAFF_CODE: STAFF_CODE, ...env }), { logger: false, distDir: '/nonexistent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

/** A screen on the shop's Wi-Fi (not the till's own computer) sending a change. */
function send(method: 'POST' | 'PUT', url: string, payload: object, headers: Record<string, string> = {}) {
  return app!.inject({ method, url, payload, remoteAddress: SHOP_WIFI, headers: { host: 'localhost:8080', ...headers } });
}

async function pair(lane: string): Promise<Record<string, string>> {
  const paired = await send('POST', `/api/kiosk/lanes/${lane}/pair`, { staffCode: STAFF_CODE });
  expect(paired.statusCode).toBe(200);
  return { 'x-kiosk-token': paired.json().token };
}

describe('a self-checkout kiosk', () => {
  it('is set up once with the staff code, then builds a cart, pays by QR and starts over (the request voided) on its own lane', async () => {
    await server();
    const noToken = await send('PUT', '/api/kiosk/lanes/kiosk-a/cart', { cart: CART });
    expect(noToken.statusCode).toBe(401);
    expect(noToken.json()).toMatchObject({ code: 'KIOSK_NOT_SET_UP', message: expect.stringMatching(/not set up as this kiosk/) });
    expect((await send('PUT', '/api/kiosk/lanes/kiosk-a/cart', { cart: CART }, { 'x-kiosk-token': 'guess' })).statusCode).toBe(401);
    const wrong = await send('POST', '/api/kiosk/lanes/kiosk-a/pair', { staffCode: CASHIER_CODE });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().message).toBe('That is not the staff code.');

    const kiosk = await pair('kiosk-a');
    const cart = await send('PUT', '/api/kiosk/lanes/kiosk-a/cart', { cart: CART }, kiosk);
    expect(cart.statusCode).toBe(200);
    expect(cart.json()).toMatchObject({ total: '1100', cart: [{ sku: 'COFFEE-FW', qty: 2 }] });
    const paying = await send('POST', '/api/kiosk/lanes/kiosk-a/payments', { cart: CART }, kiosk);
    expect(paying.statusCode).toBe(200);
    const request = paying.json().payment.paymentRequest;
    expect(request.status).toBe('new');

    const over = await send('POST', '/api/kiosk/lanes/kiosk-a/start-over', {}, kiosk);
    expect(over.statusCode).toBe(200);
    expect(over.json()).toMatchObject({ cart: [], order: null, payment: null, step: null });
    const upstream = await app!.inject({ method: 'GET', url: `/sandbox/api/payment-requests/${request.id}`, headers: { host: 'localhost:8080', 'x-api-key': SEED.terminalCafeKey } });
    expect(upstream.json().status).toBe('cancelled');
  });

  it('starting over after a voucher paid part refunds that part before clearing the sale', async () => {
    await server();
    const kiosk = await pair('kiosk-a');
    // $58.00 of bagels; the $20.00 voucher pays what it holds and $38.00 is still owed.
    const partPaid = await send('POST', '/api/kiosk/lanes/kiosk-a/code-payments', { cart: [{ sku: 'FOOD-BAGEL', qty: 4 }], code: '700000000011' }, kiosk);
    expect(partPaid.statusCode).toBe(200);
    let lane = partPaid.json();
    for (let i = 0; i < 50 && lane.payment?.outcome !== 'paid'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      lane = (await app!.inject({ method: 'GET', url: '/api/lanes/kiosk-a', headers: { host: 'localhost:8080' } })).json();
    }
    expect(lane.payment.paymentRequest.remainingAmount).toBe('3800');
    const request = lane.payment.paymentRequest.id;

    const over = await send('POST', '/api/kiosk/lanes/kiosk-a/start-over', {}, kiosk);
    expect(over.statusCode).toBe(200);
    expect(over.json()).toMatchObject({ cart: [], order: null, payment: null, parts: [] });
    const activities = await app!.inject({ method: 'GET', url: `/sandbox/api/payment-requests/${request}/activities`, headers: { host: 'localhost:8080', 'x-api-key': SEED.terminalCafeKey } });
    expect(activities.json().items.filter((activity: { type: string }) => activity.type === 'refund')).toHaveLength(1);
  });

  it('cannot change a till lane, another kiosk, or do what only a cashier may', async () => {
    await server();
    const kiosk = await pair('kiosk-a');
    const till = await send('PUT', '/api/kiosk/lanes/till-1/cart', { cart: CART }, kiosk);
    expect(till.statusCode).toBe(403);
    expect(till.json()).toMatchObject({ code: 'NOT_A_KIOSK', message: expect.stringMatching(/only its cashier screen/) });
    expect((await send('POST', '/api/kiosk/lanes/till-1/pair', { staffCode: STAFF_CODE })).statusCode).toBe(403);
    expect((await send('PUT', '/api/kiosk/lanes/kiosk-b/cart', { cart: CART }, kiosk)).statusCode).toBe(401);

    // The cashier's commands, on the kiosk's own lane or a till, with the kiosk's token: refused.
    for (const [method, url, body] of [
      ['POST', '/api/lanes/kiosk-a/counter', { cart: CART, method: 'cash' }],
      ['POST', '/api/lanes/kiosk-a/tenders', { ref: 'x', method: 'card' }],
      ['POST', '/api/lanes/kiosk-a/refund', { ref: 'x' }],
      ['PUT', '/api/lanes/till-1/cart', { cart: CART }],
      ['POST', '/api/lanes/till-1/payments', { cart: CART }],
    ] as const) {
      const response = await send(method, url, body, kiosk);
      expect(response.statusCode, url).toBe(401);
      expect(response.json().code, url).toBe('CASHIER_CODE_REQUIRED');
    }
    const history = await app!.inject({ method: 'GET', url: '/api/history?lane=kiosk-a', remoteAddress: SHOP_WIFI, headers: { host: 'localhost:8080', ...kiosk } });
    expect(history.statusCode).toBe(401);
    // Nobody at a kiosk can check an ID: age-restricted products are sold at the counter.
    const beer = await send('PUT', '/api/kiosk/lanes/kiosk-a/cart', { cart: [{ sku: 'DRINK-BEER', qty: 1 }] }, kiosk);
    expect(beer.statusCode).toBe(400);
    expect(beer.json().message).toBe('Craft Beer needs an ID check: it is sold at the counter only.');
    // And a kiosk command must be this site's JSON, like every change.
    expect((await send('PUT', '/api/kiosk/lanes/kiosk-a/cart', { cart: CART }, { ...kiosk, origin: 'http://evil.example' })).statusCode).toBe(403);
  });

  it('locks a device out after ten wrong staff codes, even with the right one', async () => {
    await server();
    for (let i = 0; i < 10; i += 1) expect((await send('POST', '/api/kiosk/lanes/kiosk-a/pair', { staffCode: `wrong-${i}` })).statusCode).toBe(401);
    const locked = await send('POST', '/api/kiosk/lanes/kiosk-a/pair', { staffCode: STAFF_CODE });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().message).toMatch(/Too many wrong staff codes/);
  });

  it('staff reset needs the staff code; the screens learn which lanes are kiosks', async () => {
    await server();
    const kiosk = await pair('kiosk-b');
    await send('PUT', '/api/kiosk/lanes/kiosk-b/cart', { cart: CART }, kiosk);
    expect((await send('POST', '/api/kiosk/lanes/kiosk-b/reset', { staffCode: 'nope-nope' })).statusCode).toBe(401);
    expect((await app!.inject({ method: 'GET', url: '/api/lanes/kiosk-b', headers: { host: 'localhost:8080' } })).json().cart).toHaveLength(1);
    const reset = await send('POST', '/api/kiosk/lanes/kiosk-b/reset', { staffCode: STAFF_CODE });
    expect(reset.json().cart).toEqual([]);
    const config = (await app!.inject({ method: 'GET', url: '/api/config', headers: { host: 'localhost:8080' } })).json();
    expect(config.lanes.map((lane: { id: string }) => lane.id)).toEqual(['till-1']);
    expect(config.kiosks.map((lane: { id: string }) => lane.id)).toEqual(['kiosk-a', 'kiosk-b']);
    expect(config.kioskIdleSeconds).toBe(90);
  });
});

describe('kiosk configuration', () => {
  const REAL = { CENTRAPAY_BASE_URL: 'https://service.centrapay.com', CENTRAPAY_API_KEY: 'k', CENTRAPAY_CONFIG_ID: 'c', CENTRAPAY_MERCHANT_ACCOUNT_ID: 'a', CENTRAPAY_MERCHANT_ID: 'm', CASHIER_CODE };
  it('needs a staff code with a real Centrapay, one that is not the cashier code', () => {
    expect(() => loadConfig({ ...REAL, LANES })).toThrow(/KIOSK_STAFF_CODE is required/);
    expect(() => loadConfig({ ...REAL, LANES, KIOSK_STAFF_CODE: CASHIER_CODE })).toThrow(/must differ/);
    expect(loadConfig({ ...REAL, LANES, KIOSK_STAFF_CODE: STAFF_CODE }).lanes.map((lane) => lane.kind)).toEqual(['till', 'kiosk', 'kiosk']);
  });
  it('on the sandbox with no lanes set, a demo kiosk stands beside the till', () => {
    const config = loadConfig({});
    expect(config.lanes.map(({ id, kind }) => `${id}:${kind}`)).toEqual(['default:till', 'kiosk-1:kiosk']);
    expect(config.stores[0]?.kioskStaffCode).toBeTruthy();
    expect(() => loadConfig({ KIOSK_IDLE_SECONDS: '2' })).toThrow(/KIOSK_IDLE_SECONDS/);
  });
});
