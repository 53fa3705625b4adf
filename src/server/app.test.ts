// The whole server as main.ts builds it: which pieces are mounted for the sandbox and for a real Centrapay.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEED } from '../domain/sandbox-seeds';
import { buildApp } from './app';
import { loadConfig } from './config';

const distDir = mkdtempSync(join(tmpdir(), 'pos-dist-'));
mkdirSync(distDir, { recursive: true });
writeFileSync(join(distDir, 'index.html'), '<!doctype html><div id="root"></div>');

const REAL_CENTRAPAY = {
  CENTRAPAY_BASE_URL: 'https://centrapay.invalid',
  CENTRAPAY_API_KEY: 'live-key-that-must-stay-secret',
  CENTRAPAY_CONFIG_ID: 'mc_5efbe2fb96c08357bb2b9242',
  CENTRAPAY_MERCHANT_ID: 'merchant-1',
  CENTRAPAY_MERCHANT_ACCOUNT_ID: 'account-1',
  CASHIER_CODE: 'till-code-1234',
  JOURNAL_PATH: ':memory:',
  WEBHOOKS: 'off',
};

describe('server set-up', () => {
  it('with a real Centrapay, mounts no sandbox, no control endpoints and no wallet simulator', async () => {
    const app = await buildApp(loadConfig(REAL_CENTRAPAY), { logger: false, distDir });
    for (const url of ['/sandbox/_sandbox/requests', '/sandbox/_sandbox/waiting', '/sandbox/api/payment-requests/x', '/sandbox/pay/abc', '/sandbox/connect/cn_abc', '/sandbox/codes', '/sandbox/wallet',
      '/sandbox/.well-known/jwks.json']) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    }
    expect((await app.inject({ method: 'POST', url: '/sandbox/_sandbox/reset' })).statusCode).toBe(404);
    const config = await app.inject({ method: 'GET', url: '/api/config' });
    expect(config.json()).toMatchObject({ sandbox: false });
    // The key never reaches a screen.
    expect(config.body).not.toContain(REAL_CENTRAPAY.CENTRAPAY_API_KEY);
    expect((await app.inject({ method: 'GET', url: '/api/lanes/default' })).body).not.toContain(REAL_CENTRAPAY.CENTRAPAY_API_KEY);
    await app.close();
  });

  it('on the embedded sandbox, serves the sandbox API, its control endpoints and the wallet pages', async () => {
    const app = await buildApp(loadConfig({ JOURNAL_PATH: ':memory:', WEBHOOKS: 'off' }), { logger: false, distDir });
    expect((await app.inject({ method: 'GET', url: '/sandbox/_sandbox/requests' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/sandbox/pay/abc' })).body).toContain('id="root"');
    expect((await app.inject({ method: 'GET', url: '/sandbox/codes?patron=bob' })).body).toContain('id="root"');
    expect((await app.inject({ method: 'GET', url: '/sandbox/wallet' })).body).toContain('id="root"');
    expect((await app.inject({ method: 'GET', url: '/sandbox/_sandbox/waiting' })).json()).toEqual({ paymentRequests: [], connections: [] });
    // The home page lists the machines: their patron pages and stickers, never their keys.
    const config = await app.inject({ method: 'GET', url: '/api/config' });
    expect(config.json()).toMatchObject({ sandbox: true, machines: [{ id: 'vend-1', name: 'Drinks and snacks', kind: 'vending' }, { id: 'pump-1', name: 'Pump 1', kind: 'pump' }] });
    expect(config.body).not.toContain('sandbox-machine-');
    expect((await app.inject({ method: 'GET', url: '/sandbox/api/payment-requests/x' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/display' })).body).toContain('id="root"');
    await app.close();
  });

  it('sends a vending machine’s patron back to the machine’s page at PUBLIC_URL, which the embedded sandbox allows', async () => {
    const publicUrl = 'http://192.168.1.20:8080';
    const app = await buildApp(loadConfig({ JOURNAL_PATH: ':memory:', WEBHOOKS: 'off', PUBLIC_URL: publicUrl }), { logger: false, distDir });
    // The gateway reaches the embedded sandbox over HTTP, as it would Centrapay.
    await app.listen({ port: 0, host: '127.0.0.1' });
    const bought = await app.inject({ method: 'POST', url: '/api/machines/vend-1/vends', payload: { sku: 'DRINK-OJ' } });
    expect(bought.statusCode).toBe(200);
    const vend = bought.json();
    const request = await app.inject({ method: 'GET', url: `/sandbox/api/payment-requests/${vend.paymentRequestId}`, headers: { 'X-Api-Key': SEED.terminalCafeKey } });
    const back = `${publicUrl}/machines/vend-1/pay?vend=${vend.id}`;
    expect(request.json()).toMatchObject({ url: `${publicUrl}/sandbox/pay/${vend.paymentRequestId}`, redirectPaidUrl: back, redirectCancelUrl: back });
    await app.close();
  });

  it('tells the displays the store’s language (DISPLAY_LANGUAGE, English by default) and refuses one it has no words for', async () => {
    const english = await buildApp(loadConfig({ JOURNAL_PATH: ':memory:', WEBHOOKS: 'off' }), { logger: false, distDir });
    expect((await english.inject({ method: 'GET', url: '/api/config' })).json()).toMatchObject({ displayLanguage: 'en-NZ' });
    await english.close();
    const maori = await buildApp(loadConfig({ JOURNAL_PATH: ':memory:', WEBHOOKS: 'off', DISPLAY_LANGUAGE: 'mi-NZ' }), { logger: false, distDir });
    expect((await maori.inject({ method: 'GET', url: '/api/config' })).json()).toMatchObject({ displayLanguage: 'mi-NZ' });
    await maori.close();
    expect(() => loadConfig({ DISPLAY_LANGUAGE: 'fr-FR' })).toThrow(/DISPLAY_LANGUAGE/);
  });

  it('refuses to start half-configured for a real Centrapay', () => {
    expect(() => loadConfig({ CENTRAPAY_BASE_URL: 'https://centrapay.invalid' })).toThrow(/CENTRAPAY_API_KEY/);
    // Real money: no screen on the shop's network may ring up without the cashier code.
    expect(() => loadConfig({ ...REAL_CENTRAPAY, CASHIER_CODE: undefined })).toThrow(/CASHIER_CODE is required/);
    expect(() => loadConfig({ ...REAL_CENTRAPAY, CHAOS_CONTROL: 'on' })).toThrow(/CHAOS_CONTROL/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ EVENT_STREAMS_PER_CLIENT: '0' })).toThrow('Configuration error: EVENT_STREAMS_PER_CLIENT: Too small: expected number to be >=1');
    expect(loadConfig({ EVENT_STREAMS_PER_CLIENT: '50' }).eventStreamsPerClient).toBe(50);
    expect(() => loadConfig({ LANES: '[{"id":"a b"}]' })).toThrow(/lanes/);
  });

  it('keeps the embedded sandbox’s state beside the journal, in memory where the journal is', async () => {
    expect(loadConfig({}).sandboxStatePath).toBe(join('data', 'sandbox.sqlite'));
    expect(loadConfig({ JOURNAL_PATH: '/var/lib/pos/journal.sqlite' }).sandboxStatePath).toBe('/var/lib/pos/sandbox.sqlite');
    expect(loadConfig({ JOURNAL_PATH: ':memory:' }).sandboxStatePath).toBe(':memory:');
    expect(loadConfig({ JOURNAL_PATH: ':memory:', SANDBOX_STATE_PATH: '/tmp/sbx.sqlite' }).sandboxStatePath).toBe('/tmp/sbx.sqlite');

    // npm start on a data directory: a request made before a restart is there after it.
    const dir = mkdtempSync(join(tmpdir(), 'pos-data-'));
    const env = { JOURNAL_PATH: join(dir, 'journal.sqlite'), WEBHOOKS: 'off' };
    const create = { method: 'POST' as const, url: '/sandbox/api/payment-requests', headers: { 'x-api-key': SEED.terminalCafeKey }, payload: { configId: SEED.configCafe, value: { amount: '500', currency: 'NZD' } } };
    const before = await buildApp(loadConfig(env), { logger: false, distDir });
    const { id } = (await before.inject(create)).json();
    await before.close();
    const after = await buildApp(loadConfig(env), { logger: false, distDir });
    const read = await after.inject({ method: 'GET', url: `/sandbox/api/payment-requests/${id}`, headers: { 'x-api-key': SEED.terminalCafeKey } });
    expect(read.json()).toMatchObject({ id, status: 'new' });
    await after.close();
  });

  it('sells from the merchant’s own catalog (CATALOG_FILE), checked at start with the file named in the error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pos-catalog-'));
    const good = join(dir, 'catalog.json');
    writeFileSync(good, JSON.stringify([{ sku: 'BAGEL', name: 'Bagel', unitPrice: '450', tax: '15' }]));
    const app = await buildApp(loadConfig({ JOURNAL_PATH: ':memory:', WEBHOOKS: 'off', CATALOG_FILE: good }), { logger: false, distDir });
    expect((await app.inject({ method: 'GET', url: '/api/catalog' })).json().items).toEqual([{ sku: 'BAGEL', name: 'Bagel', unitPrice: '450', tax: '15' }]);
    await app.close();

    const duplicate = join(dir, 'duplicate.json');
    writeFileSync(duplicate, JSON.stringify([{ sku: 'A', name: 'A', unitPrice: '1', tax: '15' }, { sku: 'A', name: 'B', unitPrice: '2', tax: '15' }]));
    expect(() => loadConfig({ CATALOG_FILE: duplicate })).toThrow(`CATALOG_FILE ${duplicate}: catalog: every sku must be unique`);
    const badPrice = join(dir, 'bad-price.json');
    writeFileSync(badPrice, JSON.stringify([{ sku: 'A', name: 'A', unitPrice: '4.50', tax: '15' }]));
    expect(() => loadConfig({ CATALOG_FILE: badPrice })).toThrow(/bad-price.json: 0.unitPrice: unitPrice must be whole cents/);
    expect(() => loadConfig({ CATALOG_FILE: join(dir, 'missing.json') })).toThrow(/missing.json could not be read/);
  });
});
