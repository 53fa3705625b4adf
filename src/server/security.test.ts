// Regressions: with no CASHIER_CODE (the default) anyone on the shop's network could mark a sale paid or set its
// prices; codes could be guessed thousands of times a second; the cashier page could be framed; index.html was
// cached for an hour after an upgrade. The whole server, as main.ts builds it.
import type { FastifyInstance } from 'fastify';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from './app';
import { loadConfig } from './config';

const distDir = mkdtempSync(join(tmpdir(), 'pos-dist-'));
mkdirSync(join(distDir, 'assets'), { recursive: true });
writeFileSync(join(distDir, 'index.html'), '<!doctype html><div id="root"></div>');
writeFileSync(join(distDir, 'assets', 'main-Ab12Cd.js'), 'console.log(1)');
writeFileSync(join(distDir, 'assets', 'main-Ab12Cd.js.map'), '{}');
writeFileSync(join(distDir, 'manifest.webmanifest'), '{}');

const SHOP_WIFI = '192.168.1.77';
/** A reverse proxy on the shop's network, in front of the till (TRUST_PROXY). */
const PROXY = '192.168.1.2';
const CODE = 'counter-2468';
const CART = [{ sku: 'COFFEE-FW', qty: 1 }];

let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function server(env: Record<string, string> = {}): Promise<FastifyInstance> {
  app = await buildApp(loadConfig({ JOURNAL_PATH: ':memory:', WEBHOOKS: 'off', ...env }), { logger: false, distDir });
  // Listening: the gateway reaches its embedded sandbox over loopback.
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

function change(method: 'POST' | 'PUT', url: string, payload: unknown, options: { from?: string; code?: string; headers?: Record<string, string> } = {}) {
  return app!.inject({
    method,
    url,
    payload: payload as object,
    remoteAddress: options.from ?? '127.0.0.1',
    headers: { host: 'localhost:8080', ...(options.code ? { 'x-cashier-code': options.code } : {}), ...options.headers },
  });
}

describe('no open doors', () => {
  it('without a cashier code, only the till’s own computer may change a lane; the shop’s network may only watch', async () => {
    await server();
    for (const [method, path, body] of [
      ['POST', 'tenders', { ref: 'x', method: 'cash' }],
      ['POST', 'payments', { cart: CART }],
      ['PUT', 'cart', { cart: CART }],
      ['POST', 'new-sale', {}],
    ] as const) {
      const response = await change(method, `/api/lanes/default/${path}`, body, { from: SHOP_WIFI });
      expect(response.statusCode, path).toBe(401);
      expect(response.json()).toMatchObject({ code: 'CASHIER_CODE_NOT_SET', message: expect.stringMatching(/set CASHIER_CODE/) });
    }
    expect((await app!.inject({ method: 'GET', url: '/api/lanes/default', remoteAddress: SHOP_WIFI, headers: { host: 'localhost:8080' } })).statusCode).toBe(200);
    expect((await app!.inject({ method: 'GET', url: '/api/config', remoteAddress: SHOP_WIFI, headers: { host: 'localhost:8080' } })).json().cashier).toBe('local-only');
    expect((await app!.inject({ method: 'GET', url: '/api/config', headers: { host: 'localhost:8080' } })).json().cashier).toBe('open');
    expect((await change('PUT', '/api/lanes/default/cart', { cart: CART })).statusCode).toBe(200);
  });

  it('the sales history is for cashier screens only, and a proxy on the till’s computer does not make everyone local', async () => {
    await server({ CASHIER_CODE: CODE });
    const read = (from: string, headers: Record<string, string> = {}) =>
      app!.inject({ method: 'GET', url: '/api/history', remoteAddress: from, headers: { host: 'localhost:8080', ...headers } });
    expect((await read(SHOP_WIFI)).statusCode).toBe(401);
    expect((await read(SHOP_WIFI, { 'x-cashier-code': CODE })).statusCode).toBe(200);
    await app!.close();

    await server();
    expect((await read(SHOP_WIFI)).json().code).toBe('CASHIER_CODE_NOT_SET');
    expect((await read('127.0.0.1')).statusCode).toBe(200);
    // Forwarded by a reverse proxy running on the till: the client is somewhere else.
    const proxied = { 'x-forwarded-for': '203.0.113.9' };
    expect((await read('127.0.0.1', proxied)).statusCode).toBe(401);
    expect((await change('PUT', '/api/lanes/default/cart', { cart: CART }, { headers: proxied })).statusCode).toBe(401);
    expect((await app!.inject({ method: 'GET', url: '/api/config', headers: { host: 'localhost:8080', ...proxied } })).json().cashier).toBe('local-only');
  });

  it('charges the catalog’s prices, whatever the screen sends, and refuses products the till does not sell', async () => {
    await server();
    const sale = await change('POST', '/api/lanes/default/payments', { cart: [{ sku: 'COFFEE-FW', qty: 2, unitPrice: '1', name: 'Free coffee' }] });
    expect(sale.statusCode).toBe(200);
    expect(sale.json().payment.paymentRequest.value).toEqual({ amount: '1100', currency: 'NZD' });
    expect(sale.json().payment.paymentRequest.lineItems).toEqual([{ name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100', tax: '15' }]);

    await change('POST', '/api/lanes/default/cancel', { ref: sale.json().order.ref });
    const unknown = await change('POST', '/api/lanes/default/payments', { cart: [{ sku: 'FREE-LUNCH', qty: 1 }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'UNKNOWN_PRODUCT', message: expect.stringMatching(/does not sell "FREE-LUNCH"/) });
    expect((await app!.inject({ method: 'GET', url: '/api/catalog', headers: { host: 'localhost:8080' } })).json().items).toContainEqual({ sku: 'COFFEE-FW', name: 'Flat White', unitPrice: '550', tax: '15', category: 'Coffee' });
  });

  it('locks a device out after a few wrong cashier codes, even if it then guesses right, and leaves other tills alone', async () => {
    await server({ CASHIER_CODE: CODE });
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect((await change('POST', '/api/cashier/check', {}, { from: SHOP_WIFI, code: `guess-${attempt}` })).statusCode).toBe(401);
    }
    const locked = await change('POST', '/api/cashier/check', {}, { from: SHOP_WIFI, code: 'guess-10' });
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', message: expect.stringMatching(/Too many wrong cashier codes from this device/) });
    expect((await change('POST', '/api/cashier/check', {}, { from: SHOP_WIFI, code: CODE })).statusCode).toBe(429);
    expect((await change('POST', '/api/cashier/check', {}, { from: '192.168.1.78', code: CODE })).statusCode).toBe(200);
    // Reads are never counted or locked out: the display on that device keeps working.
    expect((await app!.inject({ method: 'GET', url: '/api/lanes/default', remoteAddress: SHOP_WIFI, headers: { host: 'localhost:8080' } })).statusCode).toBe(200);
  });

  it('refuses TRUST_PROXY that would believe any client, or a hop count, at start, and says what to set instead', () => {
    for (const value of ['on', 'true', '2']) {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/^Configuration error: TRUST_PROXY: .*set it to the proxy’s own address or range as the gateway sees it \(e\.g\. TRUST_PROXY=127\.0\.0\.1/);
    }
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.5,proxy.local' })).toThrow('Configuration error: TRUST_PROXY: "proxy.local" is not an IP address or CIDR range');
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.5, 10.0.1.0/24,::1 ' }).trustProxy).toEqual(['10.0.0.5', '10.0.1.0/24', '::1']);
  });

  it('behind a proxy, a client’s own X-Forwarded-For dodges no lock-out; the proxy’s says who the client is', async () => {
    await server({ CASHIER_CODE: CODE, TRUST_PROXY: PROXY });
    const attempt = (from: string, forwardedFor: string, code: string) =>
      change('POST', '/api/cashier/check', {}, { from, code, headers: { 'x-forwarded-for': forwardedFor } });
    const pair = (from: string, forwardedFor: string, staffCode: string) =>
      change('POST', '/api/kiosk/lanes/kiosk-1/pair', { staffCode }, { from, headers: { 'x-forwarded-for': forwardedFor } });
    // 40 wrong codes from one device on the shop's network, each claiming to be forwarded for another address.
    const statuses = [];
    for (let attempt40 = 0; attempt40 < 40; attempt40 += 1) statuses.push((await attempt(SHOP_WIFI, `203.0.113.${attempt40}`, `guess-${attempt40}`)).statusCode);
    expect(statuses).toEqual([...Array<number>(10).fill(401), ...Array<number>(30).fill(429)]);
    expect((await attempt(SHOP_WIFI, '203.0.113.200', CODE)).statusCode).toBe(429);
    // The kiosk's staff code alike, from another device.
    const staff = [];
    for (let each = 0; each < 12; each += 1) staff.push((await pair('192.168.1.79', `203.0.113.${each}`, `wrong-${each}`)).statusCode);
    expect(staff).toEqual([...Array<number>(10).fill(401), 429, 429]);
    expect((await pair('192.168.1.79', '203.0.113.201', 'kiosk-1357')).statusCode).toBe(429);

    // Through the proxy, the address it saw is the client: the locked-out device is still locked out, another is not.
    expect((await attempt(PROXY, SHOP_WIFI, CODE)).statusCode).toBe(429);
    expect((await attempt(PROXY, '192.168.1.80', CODE)).statusCode).toBe(200);
    // What a client claims before the proxy's own entry is not believed either.
    for (let each = 0; each < 10; each += 1) expect((await attempt(PROXY, `10.9.9.${each}, 192.168.1.81`, `guess-${each}`)).statusCode).toBe(401);
    expect((await attempt(PROXY, '10.9.9.11, 192.168.1.81', 'guess-11')).statusCode).toBe(429);
    expect((await attempt(PROXY, '10.9.9.10, 192.168.1.81', CODE)).statusCode).toBe(429);
  });

  it('a change must be JSON, and from this site when the browser says where it comes from', async () => {
    await server();
    const form = await change('PUT', '/api/lanes/default/cart', 'cart=1', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.statusCode).toBe(415);
    const text = await change('PUT', '/api/lanes/default/cart', JSON.stringify({ cart: CART }), { headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(415);
    const crossSite = await change('PUT', '/api/lanes/default/cart', { cart: CART }, { headers: { origin: 'http://evil.example' } });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().code).toBe('CROSS_SITE');
    expect((await change('PUT', '/api/lanes/default/cart', { cart: CART }, { headers: { origin: 'http://localhost:8080' } })).statusCode).toBe(200);
  });

  it('answers only to its own names, so a web page elsewhere cannot reach it by DNS rebinding', async () => {
    await server({ ALLOWED_HOSTS: 'till.shop.example' });
    const foreign = await app!.inject({ method: 'GET', url: '/api/lanes/default', headers: { host: 'attacker.example' } });
    expect(foreign.statusCode).toBe(421);
    expect(foreign.json().code).toBe('UNKNOWN_HOST');
    for (const host of ['localhost:8080', '127.0.0.1:8080', '[::1]:8080', 'till.shop.example:8080']) {
      expect((await app!.inject({ method: 'GET', url: '/api/lanes/default', headers: { host } })).statusCode, host).toBe(200);
    }
  });

  it('sends security headers that forbid framing, never caches index.html, caches hashed assets for good, serves no source maps', async () => {
    await server();
    const page = await app!.inject({ method: 'GET', url: '/cashier', headers: { host: 'localhost:8080' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['strict-transport-security']).toBeUndefined();
    expect(page.headers['cache-control']).toBe('no-cache');
    const asset = await app!.inject({ method: 'GET', url: '/assets/main-Ab12Cd.js', headers: { host: 'localhost:8080' } });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await app!.inject({ method: 'GET', url: '/manifest.webmanifest', headers: { host: 'localhost:8080' } })).headers['cache-control']).toBe('no-cache');
    expect((await app!.inject({ method: 'GET', url: '/assets/main-Ab12Cd.js.map', headers: { host: 'localhost:8080' } })).statusCode).toBe(404);
    const api = await app!.inject({ method: 'GET', url: '/api/lanes/default', headers: { host: 'localhost:8080' } });
    expect(api.headers['x-frame-options']).toBe('DENY');
  });
});
