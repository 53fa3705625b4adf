// Unattended machines through the gateway's API against the real sandbox, acting as the patron (their phone), the
// machine (with its key) and someone on the shop's Wi-Fi (without it): vends paid and vended, jammed and refunded,
// a machine's failure refunded, a restart mid-vend, a busy machine, bad input in words; a pump authorised, confirmed
// for what it dispensed and the rest released. What Centrapay did is read from the sandbox's own activities.
import type { FastifyInstance } from 'fastify';
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../domain/catalog';
import type { PumpView, VendView } from '../domain/machine';
import { SEED } from '../domain/sandbox-seeds';
import { DEMO_MACHINES, resolveMachines } from './gateway/machines/machines';
import { buildGateway } from '../test-support/gateway-app';
import { AS_TERMINAL, startSandbox, type SandboxHarness } from '../test-support/sandbox-harness';
import { until } from '../test-support/until';

const ALICE = { Authorization: SEED.aliceToken };
const MACHINES = resolveMachines(DEMO_MACHINES, DEMO_CATALOG, { configId: SEED.configCafe, deviceIdOf: (id) => `test-${id}` });
const VEND_KEY = { 'x-machine-key': 'sandbox-machine-vend-1' };
const PUMP_KEY = { 'x-machine-key': 'sandbox-machine-pump-1' };

let sandbox: SandboxHarness;
let gateway: FastifyInstance;
let journalPath: string;

/** How patrons' phones reach the machines' pages (PUBLIC_URL): the sandbox harness's own, so its configs allow it. */
const PUBLIC_URL = 'http://pos.test';

/** `publicUrl` null: no public address. */
const start = (vendTimeoutSeconds = 30, publicUrl: string | null = PUBLIC_URL, logs?: Record<string, unknown>[]) => buildGateway(sandbox.url, {
  journalPath,
  machines: { list: MACHINES, vendTimeoutSeconds, vends: { pollMs: 25, maxPollMs: 100 }, publicUrl: publicUrl ?? undefined },
  preAuth: { pollMs: 25, maxPollMs: 100 },
}, logs);

beforeEach(async () => {
  sandbox = await startSandbox();
  journalPath = `/tmp/machines-test-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.sqlite`;
  gateway = await start();
});

afterEach(async () => {
  await gateway.close();
  await sandbox.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${journalPath}${suffix}`, { force: true });
});

const post = (url: string, payload: unknown = {}, headers: Record<string, string> = {}) => gateway.inject({ method: 'POST', url, payload: payload as object, headers });
const get = (url: string, headers: Record<string, string> = {}) => gateway.inject({ method: 'GET', url, headers });
const activities = async (id: string) => ((await sandbox.call('GET', `/api/payment-requests/${id}/activities`, AS_TERMINAL)).body.items as Array<{ type: string; externalRef?: string; invoiceRef?: string; value?: { amount: string } }>);
const pay = async (paymentRequestId: string) => {
  const paid = await sandbox.call('POST', `/api/payment-requests/${paymentRequestId}/pay`, ALICE, { assetType: 'centrapay.nzd.test', assetId: SEED.aliceAsset, idempotencyKey: `alice-${paymentRequestId}` });
  expect(paid.status).toBe(200);
};
const vendOf = async (id: string) => (await get(`/api/vends/${id}`)).json() as VendView;
/** The Payment Request as Centrapay keeps it, read back with the terminal's key. */
const requestOf = async (id: string) => (await sandbox.call('GET', `/api/payment-requests/${id}`, AS_TERMINAL)).body;

/** Alice scans vend-1's sticker, picks Orange Juice and pays; the machine is told to vend. */
async function paidVend(): Promise<VendView> {
  const bought = await post('/api/machines/vend-1/vends', { sku: 'DRINK-OJ' });
  expect(bought.statusCode).toBe(200);
  const vend = bought.json() as VendView;
  expect(vend).toMatchObject({ status: 'pending', amount: '450', url: expect.stringContaining('/sandbox/pay/') });
  const request = (await sandbox.call('GET', `/api/payment-requests/${vend.paymentRequestId}`, AS_TERMINAL)).body;
  expect(request).toMatchObject({ externalRef: vend.id, invoiceRef: vend.id, terminalId: 'machine-vend-1', deviceId: 'test-vend-1', lineItems: [expect.objectContaining({ sku: 'DRINK-OJ', price: '450' })] });
  await pay(vend.paymentRequestId!);
  return until(() => vendOf(vend.id), (current) => current.status === 'vending');
}

describe('vending by static QR', () => {
  it('paid → the machine is told to vend → vended; journaled', async () => {
    const vend = await paidVend();
    const job = (await get('/api/machines/vend-1/job', VEND_KEY)).json();
    expect(job.vend).toMatchObject({ vendId: vend.id, sku: 'DRINK-OJ', name: 'Orange Juice' });
    const vended = await post(`/api/machines/vend-1/vends/${vend.id}/vended`, {}, VEND_KEY);
    expect(vended.json()).toMatchObject({ status: 'vended' });
    expect((await get('/api/machines/vend-1/job', VEND_KEY)).json().vend).toBeNull();
    // Sent again (the machine's answer was lost): the same answer, nothing refunded.
    expect((await post(`/api/machines/vend-1/vends/${vend.id}/vended`, {}, VEND_KEY)).json()).toMatchObject({ status: 'vended' });
    expect((await activities(vend.paymentRequestId!)).filter((activity) => activity.type === 'refund')).toEqual([]);
    const history = (await get('/api/machine-history')).json();
    expect(history.vends).toEqual([expect.objectContaining({ id: vend.id, status: 'vended', amount: '450' })]);
  });

  it('a jammed machine that never confirms: refunded once, with the reason journaled; its late confirmation refused', async () => {
    await gateway.close();
    gateway = await start(1);
    const vend = await paidVend();
    const refunded = await until(() => vendOf(vend.id), (current) => current.status === 'refunded');
    expect(refunded.reason).toContain('did not confirm the vend within 1 s');
    const refunds = (await activities(vend.paymentRequestId!)).filter((activity) => activity.type === 'refund');
    expect(refunds).toEqual([expect.objectContaining({ externalRef: `${vend.id}-R`, invoiceRef: vend.id, value: expect.objectContaining({ amount: '450' }) })]);
    const late = await post(`/api/machines/vend-1/vends/${vend.id}/vended`, {}, VEND_KEY);
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'VEND_REFUNDED', message: expect.stringContaining('refunded') });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await activities(vend.paymentRequestId!)).filter((activity) => activity.type === 'refund')).toHaveLength(1);
  });

  it('a machine that reports a failure: refunded, the reason in the journal and the history', async () => {
    const vend = await paidVend();
    const failed = await post(`/api/machines/vend-1/vends/${vend.id}/failed`, { reason: 'coil 3 jammed' }, VEND_KEY);
    expect(failed.statusCode).toBe(200);
    const refunded = await until(() => vendOf(vend.id), (current) => current.status === 'refunded');
    expect(refunded.reason).toBe('The machine reported a failure: coil 3 jammed');
    expect((await activities(vend.paymentRequestId!)).filter((activity) => activity.type === 'refund')).toHaveLength(1);
    expect((await get('/api/machine-history')).json().vends[0]).toMatchObject({ status: 'refunded', reason: expect.stringContaining('coil 3') });
  });

  it('a restart mid-vend: the paid vend never confirmed still ends refunded', async () => {
    const vend = await paidVend();
    await gateway.close();
    gateway = await start(1);
    const refunded = await until(() => vendOf(vend.id), (current) => current.status === 'refunded');
    expect(refunded.reason).toContain('did not confirm');
    expect((await activities(vend.paymentRequestId!)).filter((activity) => activity.type === 'refund')).toHaveLength(1);
  });

  it('a restart while the patron pays: followed again, then vended', async () => {
    const bought = (await post('/api/machines/vend-1/vends', { sku: 'FOOD-BANB' })).json() as VendView;
    await gateway.close();
    await pay(bought.paymentRequestId!);
    gateway = await start();
    await until(() => vendOf(bought.id), (current) => current.status === 'vending');
    expect((await post(`/api/machines/vend-1/vends/${bought.id}/vended`, {}, VEND_KEY)).json()).toMatchObject({ status: 'vended' });
  });

  it('asks Centrapay to send the patron back to the machine’s page for the vend, after paying or cancelling', async () => {
    const vend = (await post('/api/machines/vend-1/vends', { sku: 'DRINK-OJ' })).json() as VendView;
    const back = `${PUBLIC_URL}/machines/vend-1/pay?vend=${vend.id}`;
    expect(await requestOf(vend.paymentRequestId!)).toMatchObject({ externalRef: vend.id, redirectPaidUrl: back, redirectCancelUrl: back });
  });

  it('with no public address (a real Centrapay without PUBLIC_URL) asks for no redirects', async () => {
    await gateway.close();
    gateway = await start(30, null);
    const vend = (await post('/api/machines/vend-1/vends', { sku: 'DRINK-OJ' })).json() as VendView;
    const request = await requestOf(vend.paymentRequestId!);
    expect(request).toMatchObject({ externalRef: vend.id });
    expect(request).not.toHaveProperty('redirectPaidUrl');
    expect(request).not.toHaveProperty('redirectCancelUrl');
  });

  it('a config that does not allow PUBLIC_URL (403 REDIRECT_URL_INVALID) still sells: made without redirects, and the log says what to ask Centrapay', async () => {
    await gateway.close();
    const logs: Record<string, unknown>[] = [];
    gateway = await start(30, 'https://shop.example', logs);
    const bought = await post('/api/machines/vend-1/vends', { sku: 'DRINK-OJ' });
    expect(bought.statusCode).toBe(200);
    const vend = bought.json() as VendView;
    expect(vend).toMatchObject({ status: 'pending' });
    expect(await requestOf(vend.paymentRequestId!)).not.toHaveProperty('redirectPaidUrl');
    expect((await sandbox.call('GET', `/api/payment-requests/external-ref/${vend.id}?merchantAccountId=sbxAccountCafe`, AS_TERMINAL)).body.items).toHaveLength(1);
    expect(logs).toContainEqual(expect.objectContaining({ externalRef: vend.id, redirectPaidUrl: `https://shop.example/machines/vend-1/pay?vend=${vend.id}`, msg: expect.stringContaining('allowedRedirectUrls') }));
    await pay(vend.paymentRequestId!);
    await until(() => vendOf(vend.id), (current) => current.status === 'vending');
  });

  it('a create whose answer was lost is found by its externalRef, not created twice', async () => {
    await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'POST', path: '/api/payment-requests', mode: 'drop', phase: 'after', count: 1 });
    const vend = (await post('/api/machines/vend-1/vends', { sku: 'DRINK-OJ' })).json() as VendView;
    expect(vend).toMatchObject({ status: 'pending', paymentRequestId: expect.any(String) });
    const found = await sandbox.call('GET', `/api/payment-requests/external-ref/${vend.id}?merchantAccountId=sbxAccountCafe`, AS_TERMINAL);
    expect(found.body.items).toHaveLength(1);
  });

  it('a refund whose answer was lost is sent again under the same reference and made once', async () => {
    const vend = await paidVend();
    await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'POST', path: '/api/payment-requests/:id/refund', mode: 'drop', phase: 'after', count: 2 });
    await post(`/api/machines/vend-1/vends/${vend.id}/failed`, { reason: 'no change in the hopper' }, VEND_KEY);
    await until(() => vendOf(vend.id), (current) => current.status === 'refunded');
    expect((await activities(vend.paymentRequestId!)).filter((activity) => activity.type === 'refund')).toEqual([expect.objectContaining({ externalRef: `${vend.id}-R` })]);
  });

  it('serves one patron at a time: the second is told the machine is busy', async () => {
    const first = await post('/api/machines/vend-1/vends', { sku: 'DRINK-OJ' });
    expect(first.statusCode).toBe(200);
    const second = await post('/api/machines/vend-1/vends', { sku: 'DRINK-SPW' });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'MACHINE_BUSY', message: 'Machine busy, try again in a moment.' });
  });

  it('refuses bad input in words and changes nothing', async () => {
    expect((await get('/api/machines/vend-9')).json()).toMatchObject({ statusCode: 404, code: 'UNKNOWN_MACHINE', message: expect.stringContaining('no machine "vend-9"') });
    expect((await post('/api/machines/vend-9/vends', { sku: 'DRINK-OJ' })).json()).toMatchObject({ code: 'UNKNOWN_MACHINE' });
    expect((await post('/api/machines/vend-1/vends', { sku: 'COFFEE-FW' })).json()).toMatchObject({ statusCode: 404, code: 'PRODUCT_NOT_SOLD', message: expect.stringContaining('does not sell') });
    expect((await post('/api/machines/vend-1/vends', {})).json()).toMatchObject({ statusCode: 400, code: 'INVALID_REQUEST' });

    const unpaid = (await post('/api/machines/vend-1/vends', { sku: 'DRINK-OJ' })).json() as VendView;
    const early = await post(`/api/machines/vend-1/vends/${unpaid.id}/vended`, {}, VEND_KEY);
    expect(early.json()).toMatchObject({ statusCode: 409, code: 'VEND_NOT_PAID', message: expect.stringContaining('was not paid') });

    // Someone on the shop's Wi-Fi (or the patron) cannot confirm or fail a vend, nor read the machine's work.
    for (const response of [
      await post(`/api/machines/vend-1/vends/${unpaid.id}/vended`),
      await post(`/api/machines/vend-1/vends/${unpaid.id}/failed`, { reason: 'x' }, { 'x-machine-key': 'sandbox-machine-pump-1' }),
      await get('/api/machines/vend-1/job', { 'x-machine-key': 'guess-guess-guess-guess' }),
    ]) {
      expect(response.json()).toMatchObject({ statusCode: 401, code: 'MACHINE_KEY_REQUIRED', message: expect.stringContaining('Only the machine itself') });
    }
    expect(await vendOf(unpaid.id)).toMatchObject({ status: 'pending' });
    expect((await get('/api/machines/vend-1/sandbox-key')).json()).toEqual({ key: 'sandbox-machine-vend-1' });
    expect((await get('/api/vends/nope')).json()).toMatchObject({ statusCode: 404, code: 'VEND_NOT_FOUND' });
  });
});

describe('a pump on pre-auth', () => {
  const pumpOf = async (holdId: string) => (await get(`/api/machines/pump-1/holds/${holdId}`)).json() as PumpView;

  it('authorises $100, confirms exactly the $37.20 dispensed under its invoice number, and releases the rest', async () => {
    const opened = await post('/api/machines/pump-1/holds');
    expect(opened.statusCode).toBe(200);
    const pump = opened.json() as PumpView;
    expect(pump).toMatchObject({ status: 'pending', authorised: '10000', url: expect.any(String) });
    expect((await post('/api/machines/pump-1/holds')).json()).toMatchObject({ code: 'MACHINE_BUSY' });
    const paymentRequestId = /\/sandbox\/pay\/([^/?#]+)/.exec(pump.url!)![1]!;
    // Once authorised (or cancelled), Centrapay sends the patron back to the pump's page for this authorisation.
    const back = `${PUBLIC_URL}/machines/pump-1/pay?hold=${pump.holdId}`;
    expect(await requestOf(paymentRequestId)).toMatchObject({ preAuth: true, redirectPaidUrl: back, redirectCancelUrl: back });
    await pay(paymentRequestId);
    await until(() => get('/api/machines/pump-1/job', PUMP_KEY).then((response) => response.json()), (job) => job.pump?.status === 'authorized');

    expect((await post(`/api/machines/pump-1/holds/${pump.holdId}/finish`, { amount: '10001' }, PUMP_KEY)).json()).toMatchObject({ statusCode: 422, code: 'OVER_AUTHORISED' });
    expect((await post(`/api/machines/pump-1/holds/${pump.holdId}/finish`, { amount: '3720' })).json()).toMatchObject({ statusCode: 401 });
    const finished = await post(`/api/machines/pump-1/holds/${pump.holdId}/finish`, { amount: '3720' }, PUMP_KEY);
    expect(finished.statusCode).toBe(200);
    expect(finished.json()).toMatchObject({ status: 'released', confirmed: '3720', released: '6280', invoiceRef: 'PUMP-1-000001', finished: true });
    expect(await pumpOf(pump.holdId)).toMatchObject({ confirmed: '3720', finished: true });
    expect((await get('/api/machines/pump-1/job', PUMP_KEY)).json().pump).toBeNull();

    const types = (await activities(paymentRequestId)).map((activity) => activity.type);
    expect(types).toEqual(expect.arrayContaining(['authorization', 'confirmation', 'release']));
    expect((await activities(paymentRequestId)).find((activity) => activity.type === 'confirmation')).toMatchObject({ invoiceRef: 'PUMP-1-000001', value: expect.objectContaining({ amount: '3720' }) });
    expect((await get('/api/machine-history')).json().pumps).toEqual([expect.objectContaining({ id: pump.holdId, status: 'released', confirmed: '3720' })]);
  });

  it('refuses a vend at a pump and a pump at a vending machine, in words', async () => {
    expect((await post('/api/machines/pump-1/vends', { sku: 'DRINK-OJ' })).json()).toMatchObject({ statusCode: 409, code: 'WRONG_MACHINE_KIND', message: 'Pump 1 is a pump, not a vending machine.' });
    expect((await post('/api/machines/vend-1/holds')).json()).toMatchObject({ statusCode: 409, code: 'WRONG_MACHINE_KIND' });
  });
});

describe('with a real Centrapay', () => {
  it('hands no machine key to anyone: the simulator’s route does not exist', async () => {
    const real = await buildGateway(sandbox.url, {
      machines: { list: MACHINES, vendTimeoutSeconds: 30 },
      publicConfig: { sandbox: false, logoUrl: '/logo.svg', merchantName: null, merchantLogoUrl: null, slides: [], displayLanguage: 'en-NZ' },
    });
    expect((await real.inject({ method: 'GET', url: '/api/machines/vend-1/sandbox-key' })).statusCode).toBe(404);
    expect((await real.inject({ method: 'GET', url: '/api/machines/vend-1' })).statusCode).toBe(200);
    await real.close();
  });
});
