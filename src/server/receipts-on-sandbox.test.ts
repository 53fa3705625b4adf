// Receipts end to end: sales made through the real gateway against the sandbox, then read back through the public
// receipt route from the journal; links for the display and the cashier; bad links, guessing, and who may read what.
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LaneState } from '../domain/lane';
import { receiptLinkSchema, receiptSchema } from '../domain/receipt';
import { SEED, SEED_CAFE } from '../domain/sandbox-seeds';
import { buildGateway, CART, startPayment, waitForLane } from '../test-support/gateway-app';
import { startSandbox, type SandboxHarness } from '../test-support/sandbox-harness';

let sandbox: SandboxHarness;
let gateway: FastifyInstance;
const CASHIER_CODE = 'till-code-2468';
/** A phone or a display on the shop's network: not the till's own computer. */
const PHONE = '192.168.1.50';

beforeEach(async () => {
  sandbox = await startSandbox();
});

afterEach(async () => {
  await gateway.close();
  await sandbox.close();
});

/** A QR sale the patron pays from Alice's wallet; the lane as it ends. */
async function paidSale(headers: Record<string, string> = {}): Promise<LaneState> {
  const started = await gateway.inject({ method: 'POST', url: '/api/lanes/lane-1/payments', headers, payload: { cart: CART, operatorId: 'op-7' } });
  expect(started.statusCode).toBe(200);
  const pending = await waitForLane(gateway, (state) => state.payment?.outcome === 'pending');
  const id = pending.payment!.paymentRequest.id;
  const paid = await sandbox.call('POST', `/api/payment-requests/${id}/pay`, { Authorization: SEED.aliceToken }, {
    assetType: 'centrapay.nzd.test', assetId: SEED.aliceAsset, idempotencyKey: `alice-${id}`,
  });
  expect(paid.status).toBe(200);
  return waitForLane(gateway, (state) => state.payment?.outcome === 'paid');
}

const laneLink = (remoteAddress = '127.0.0.1') => gateway.inject({ method: 'GET', url: '/api/lanes/lane-1/receipt', remoteAddress });
const receiptAt = (path: string, remoteAddress = '127.0.0.1') =>
  gateway.inject({ method: 'GET', url: `/api/receipts/${path.replace(/^\/receipt\//, '')}`, remoteAddress });

describe('the receipt of a paid sale', () => {
  it('is linked from the lane for the display, and has the merchant, order, lines, GST and what paid, from the journal', async () => {
    gateway = await buildGateway(sandbox.url);
    const done = await paidSale();
    const link = await laneLink(PHONE);
    expect(link.statusCode).toBe(200);
    const { path, url } = receiptLinkSchema.parse(link.json());
    expect(path).toMatch(new RegExp(`^/receipt/${done.order!.ref}\\.[A-Za-z0-9_-]{22}$`));
    // No PUBLIC_URL: the address the screen reached the till by.
    expect(url).toBe(`http://localhost:80${path}`);

    const before = (await sandbox.call('GET', '/_sandbox/requests')).body;
    const response = await receiptAt(path, PHONE);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const receipt = receiptSchema.parse(response.json());
    // Read from the journal: Centrapay was not asked anything for it.
    expect((await sandbox.call('GET', '/_sandbox/requests')).body).toEqual(before);

    const sale = (await gateway.inject({ method: 'GET', url: `/api/history/${done.order!.ref}` })).json().sale;
    expect(receipt.merchant).toEqual({ name: SEED_CAFE.name, gstNumber: SEED_CAFE.gstNumber });
    expect(receipt.order).toEqual({ ref: done.order!.ref, number: sale.number, date: sale.createdAt, result: 'paid', invoiceRef: done.order!.ref, purchaseOrderRef: null });
    expect(receipt.lines).toEqual([
      { name: 'Flat White', qty: '2', total: '1100', tax: '15', gst: '143' },
      { name: 'Blueberry Muffin', qty: '1', total: '600', tax: '15', gst: '78' },
    ]);
    expect(receipt).toMatchObject({ total: '1700', gst: '221', currency: 'NZD', refunds: [] });
    const { paymentRequest } = done.payment!;
    expect(paymentRequest.paidBy?.assetTotals).toHaveLength(1);
    expect(receipt.tenders).toEqual([{
      kind: 'centrapay',
      shortCode: paymentRequest.shortCode,
      amount: '1700',
      paidBy: paymentRequest.paidBy!.assetTotals.map((total) => ({ description: total.description, amount: total.total.amount })),
    }]);
  });

  it('uses PUBLIC_URL for the link a phone opens, when it is set', async () => {
    gateway = await buildGateway(sandbox.url, { receipts: { merchant: SEED_CAFE, publicUrl: 'http://192.168.1.20:8080' } });
    await paidSale();
    const { path, url } = receiptLinkSchema.parse((await laneLink()).json());
    expect(url).toBe(`http://192.168.1.20:8080${path}`);
  });

  it('shows cash taken at the counter, with no Centrapay request', async () => {
    gateway = await buildGateway(sandbox.url);
    const paid = await gateway.inject({ method: 'POST', url: '/api/lanes/lane-1/counter', payload: { cart: CART, method: 'cash', tendered: '2000', operatorId: 'op-7' } });
    expect(paid.statusCode).toBe(200);
    const receipt = receiptSchema.parse((await receiptAt(receiptLinkSchema.parse((await laneLink()).json()).path)).json());
    expect(receipt.tenders).toEqual([{ kind: 'counter', method: 'cash', amount: '1700' }]);
    expect(receipt.gst).toBe('221');
  });

  it('lists a refund made after the sale: a refund receipt', async () => {
    const journalPath = join(mkdtempSync(join(tmpdir(), 'pos-receipts-')), 'journal.sqlite');
    gateway = await buildGateway(sandbox.url, { journalPath });
    const done = await paidSale();
    const { path } = receiptLinkSchema.parse((await laneLink()).json());
    // As after-sale/ records a refund of one Flat White (schema 3's refunds table).
    const db = new Database(journalPath);
    db.prepare(`INSERT INTO refunds (id, order_ref, payment_request_id, method, amount, currency, line_items, reason, actor, status, error, asset_totals, created_at, updated_at)
      VALUES ('rf-1', ?, ?, 'centrapay', '550', 'NZD', ?, 'Spilt', 'cashier:op-7', 'completed', NULL, ?, '2026-11-26T02:00:00.000Z', '2026-11-26T02:00:00.000Z')`)
      .run(done.order!.ref, done.payment!.paymentRequest.id, JSON.stringify([{ name: 'Flat White', sku: 'COFFEE-FW', qty: '1', price: '550', tax: '15' }]),
        JSON.stringify([{ type: 'centrapay.nzd.test', amount: '550' }]));
    db.close();

    const receipt = receiptSchema.parse((await receiptAt(path)).json());
    const description = done.payment!.paymentRequest.paidBy!.assetTotals[0]!.description;
    expect(receipt.refunds).toEqual([{
      method: 'centrapay', amount: '550', status: 'completed', reason: 'Spilt', shortCode: done.payment!.paymentRequest.shortCode,
      lines: [{ name: 'Flat White', qty: '1', total: '550', tax: '15', gst: '72' }], gst: '72',
      paidBy: [{ description, amount: '550' }], at: '2026-11-26T02:00:00.000Z',
    }]);
  });
});

describe('links that are not a receipt', () => {
  it('answer 404 in words: tampered, another sale’s reference, cut short, made up', async () => {
    gateway = await buildGateway(sandbox.url);
    const done = await paidSale();
    const { path } = receiptLinkSchema.parse((await laneLink()).json());
    const token = path.replace(/^\/receipt\//, '');
    const mac = token.slice(token.lastIndexOf('.') + 1);
    const flipped = `${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;
    const otherRef = done.order!.ref.replace(/-(\d{6})-/, (_, n: string) => `-${String(Number(n) + 1).padStart(6, '0')}-`);
    for (const bad of [`${done.order!.ref}.${flipped}`, `${otherRef}.${mac}`, token.slice(0, -1), done.order!.ref, 'nothing-here', `${token}/x`]) {
      const response = await receiptAt(`/receipt/${bad}`);
      expect(response.statusCode, bad).toBe(404);
      expect(response.json(), bad).toMatchObject({ code: 'RECEIPT_NOT_FOUND', message: expect.stringContaining('no receipt at this link') });
    }
    expect((await receiptAt(path)).statusCode).toBe(200);
  });

  it('are not given for a lane with no paid sale, nor for a sale that was cancelled', async () => {
    gateway = await buildGateway(sandbox.url);
    expect((await laneLink()).json()).toMatchObject({ statusCode: 404, code: 'NO_RECEIPT' });
    expect((await startPayment(gateway)).statusCode).toBe(200);
    const pending = await waitForLane(gateway, (state) => state.payment?.outcome === 'pending');
    expect((await laneLink()).statusCode).toBe(404);
    await gateway.inject({ method: 'POST', url: '/api/lanes/lane-1/cancel', payload: { ref: pending.order!.ref, operatorId: 'op-7' } });
    await waitForLane(gateway, (state) => state.payment?.outcome === 'cancelled');
    expect((await laneLink()).statusCode).toBe(404);
    const cashier = await gateway.inject({ method: 'GET', url: `/api/receipt-links/${pending.order!.ref}` });
    expect(cashier.json()).toMatchObject({ statusCode: 404, code: 'NO_RECEIPT' });
  });
});

describe('guessing', () => {
  it('is limited to 30 receipt look-ups a minute per device; other devices are not held up', async () => {
    gateway = await buildGateway(sandbox.url);
    await paidSale();
    const { path } = receiptLinkSchema.parse((await laneLink()).json());
    for (let attempt = 0; attempt < 29; attempt += 1) expect((await receiptAt(`/receipt/guess-${attempt}.AAAAAAAAAAAAAAAAAAAAAA`, PHONE)).statusCode).toBe(404);
    expect((await receiptAt(path, PHONE)).statusCode).toBe(200);
    const refused = await receiptAt(path, PHONE);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: expect.stringContaining('Too many receipts') });
    expect((await receiptAt(path, '192.168.1.51')).statusCode).toBe(200);
  });
});

describe('who may read receipts', () => {
  it('anyone with the link, with no cashier code; the sales history and printing links still need one', async () => {
    gateway = await buildGateway(sandbox.url, { cashierCode: CASHIER_CODE });
    const done = await paidSale({ 'x-cashier-code': CASHIER_CODE });
    const ref = done.order!.ref;

    // The display (no code) reads the lane's link; the phone (no code) reads the receipt.
    const { path } = receiptLinkSchema.parse((await laneLink(PHONE)).json());
    expect((await receiptAt(path, PHONE)).statusCode).toBe(200);

    for (const url of ['/api/history', `/api/history/${ref}`, `/api/receipt-links/${ref}`]) {
      const refused = await gateway.inject({ method: 'GET', url, remoteAddress: PHONE });
      expect(refused.statusCode, url).toBe(401);
      expect(refused.json().code, url).toBe('CASHIER_CODE_REQUIRED');
    }
    const printing = await gateway.inject({ method: 'GET', url: `/api/receipt-links/${ref}`, remoteAddress: PHONE, headers: { 'x-cashier-code': CASHIER_CODE } });
    expect(printing.statusCode).toBe(200);
    expect(receiptLinkSchema.parse(printing.json()).path).toBe(path);
  });
});
