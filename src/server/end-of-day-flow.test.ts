// History and the end-of-day report over a journal filled through the real gateway and sandbox: a QR sale, a card sale
// at the counter, a split sale (cash, then the rest by QR), a wallet's offer with the rest in cash, a cancelled sale;
// then, through the after-sale routes, a refund of one line and two voids (cash parts handed back). The report must
// match the journal, and Centrapay's own records, to the cent.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LaneState } from '../domain/lane';
import { SEED } from '../domain/sandbox-seeds';
import { localDateOf } from './gateway/history/day';
import { act, buildGateway, CART, startPayment, waitForLane } from '../test-support/gateway-app';
import { AS_TERMINAL, AS_WALLET, startSandbox, type SandboxHarness } from '../test-support/sandbox-harness';

let sandbox: SandboxHarness;
let gateway: FastifyInstance;

beforeEach(async () => {
  sandbox = await startSandbox();
  // Refunds are read back from Centrapay quickly, so the test need not wait long for them to complete.
  gateway = await buildGateway(sandbox.url, { afterSale: { pollMs: 50, maxPollMs: 200 } });
});

afterEach(async () => {
  await gateway.close();
  await sandbox.close();
});

type PaidByAssets = { assetTotals: { type: string; total: { amount: string } }[] } | null | undefined;
interface SaleDetail {
  sale: { ref: string; result: string };
  requests: { id: string; paidBy: PaidByAssets }[];
}

const get = (url: string) => gateway.inject({ method: 'GET', url });
const post = (url: string, payload: object) => gateway.inject({ method: 'POST', url, payload: { operatorId: 'op-7', ...payload } });

async function alicePays(id: string): Promise<void> {
  const paid = await sandbox.call('POST', `/api/payment-requests/${id}/pay`, { Authorization: SEED.aliceToken },
    { assetType: 'centrapay.nzd.test', assetId: SEED.aliceAsset, idempotencyKey: `eod-${id}` });
  expect(paid.status).toBe(200);
}

async function newSale(): Promise<void> {
  expect((await act(gateway, 'new-sale', {})).statusCode).toBe(200);
}

/** Sales A to E, each finished on the lane; their order references. */
async function tradeADay(): Promise<Record<'qr' | 'card' | 'split' | 'offer' | 'cancelled', string>> {
  // A: Centrapay by QR.
  const qr = (await startPayment(gateway)).json() as LaneState;
  await alicePays(qr.payment!.paymentRequest.id);
  await waitForLane(gateway, (state) => state.payment?.outcome === 'paid');
  await newSale();

  // B: the whole sale by card at the counter.
  const card = await post('/api/lanes/lane-1/counter', { cart: CART, method: 'card' });
  expect(card.statusCode).toBe(200);
  await newSale();

  // C: $10 cash first (handed $20), the rest by QR.
  const part = await post('/api/lanes/lane-1/counter', { cart: CART, method: 'cash', amount: '1000', tendered: '2000' });
  expect(part.statusCode).toBe(200);
  expect((await post('/api/lanes/lane-1/payments', { cart: CART })).statusCode).toBe(200);
  const rest = await waitForLane(gateway, (state) => state.payment?.outcome === 'pending');
  expect(rest.payment!.paymentRequest.value.amount).toBe('700');
  await alicePays(rest.payment!.paymentRequest.id);
  await waitForLane(gateway, (state) => state.payment?.outcome === 'paid');
  await newSale();

  // D: a wallet connects and its offer pays $2.20 of the coffees; the rest in cash on the request.
  expect((await post('/api/lanes/lane-1/connections', { cart: CART })).statusCode).toBe(200);
  const connecting = await waitForLane(gateway, (state) => state.connection !== null);
  const connectionId = connecting.connection!.id;
  expect((await sandbox.call('POST', `/api/connections/${connectionId}/authorize`, AS_WALLET, { walletId: 'sbx-wallet-rewards' })).status).toBe(200);
  await waitForLane(gateway, (state) => state.payment?.outcome === 'pending');
  const latest = await sandbox.call('GET', `/api/connections/${connectionId}/latest-payment-request`, AS_WALLET);
  const offer = await sandbox.call('POST', `/api/payment-requests/${latest.body.id}/pay`, AS_WALLET, {
    assetType: 'sbx.rewards.test', authorization: 'offer-coffee-20', mode: 'multi-asset-payment', amount: '220', idempotencyKey: `offer-${latest.body.id}`,
  });
  expect(offer.status).toBe(200);
  await waitForLane(gateway, (state) => state.payment?.paymentRequest.remainingAmount === '1480');
  expect((await act(gateway, 'tenders', { ref: connecting.order!.ref, method: 'cash' })).statusCode).toBe(200);
  await waitForLane(gateway, (state) => state.payment?.outcome === 'paid');
  await newSale();

  // E: cancelled before anyone paid.
  const cancelled = (await startPayment(gateway)).json() as LaneState;
  expect((await act(gateway, 'cancel', { ref: cancelled.order!.ref })).statusCode).toBe(200);
  await waitForLane(gateway, (state) => state.payment?.outcome === 'cancelled');

  return { qr: qr.order!.ref, card: card.json().order.ref, split: part.json().order.ref, offer: connecting.order!.ref, cancelled: cancelled.order!.ref };
}

/** A refund or a void through the after-sale routes, waited on until Centrapay has completed it. */
async function afterSale(ref: string, press: 'refunds' | 'void', body: object = {}): Promise<void> {
  const response = await post(`/api/sales/${ref}/${press}`, { key: `${press}-${ref}`, reason: 'test', ...body });
  expect(response.statusCode, response.body).toBe(200);
  const deadline = Date.now() + 5_000;
  for (;;) {
    const sale = (await get(`/api/sales/${ref}/after-sale`)).json() as { refunds: { status: string }[] };
    if (sale.refunds.length > 0 && sale.refunds.every((refund) => refund.status === 'completed')) return;
    if (Date.now() > deadline) throw new Error(`the refunds never completed: ${JSON.stringify(sale.refunds)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('end of day over a journal the gateway filled', () => {
  it('sums every tender and asset type to the cent, matching the journal and Centrapay', async () => {
    const refs = await tradeADay();
    const details = await Promise.all(Object.values(refs).map(async (ref) => (await get(`/api/history/${ref}`)).json() as SaleDetail));
    // The muffin of the QR sale refunded; the split sale voided (its request, and the cash part handed back); the
    // offer sale voided (its request, whose cash part Centrapay returns as its external asset and the cashier hands back).
    await afterSale(refs.qr, 'refunds', { lines: [{ sku: 'FOOD-MUF', qty: 1 }] });
    await afterSale(refs.split, 'void');
    await afterSale(refs.offer, 'void');

    const today = localDateOf(new Date());
    const response = await get(`/api/reports/end-of-day?date=${today}`);
    expect(response.statusCode).toBe(200);
    const report = response.json();
    const tally = (count: number, amount: string) => ({ count, amount });
    expect(report).toMatchObject({ date: today, lane: null, currency: 'NZD' });
    expect(report.tenders).toEqual([
      { key: 'cash', label: 'Cash', sales: tally(2, '2480'), refunds: tally(2, '2480'), net: '0' },
      { key: 'card', label: 'Card (external)', sales: tally(1, '1700'), refunds: tally(0, '0'), net: '1700' },
      { key: 'centrapay', label: 'Centrapay', sales: tally(3, '2620'), refunds: tally(3, '1520'), net: '1100' },
    ]);
    expect(report.assets).toEqual([
      { key: 'centrapay.nzd.test', label: 'Centrapay NZD', sales: tally(2, '2400'), refunds: tally(2, '1300'), net: '1100' },
      { key: 'sbx.rewards.test', label: 'Sandbox Rewards', sales: tally(1, '220'), refunds: tally(1, '220'), net: '0' },
    ]);
    expect(report.total).toEqual({ key: 'total', label: 'All tenders', sales: tally(4, '6800'), refunds: tally(4, '4000'), net: '2800' });
    expect(report.pendingRefunds).toEqual({ count: 0, amount: '0', items: [] });
    expect(report.notCounted).toEqual([{ result: 'cancelled', count: 1, amount: '1700' }]);

    // The journal's own sales: the paid ones add up to the report's sales.
    const history = (await get('/api/history?limit=500')).json();
    const paidTotal = history.items.filter((sale: { result: string }) => sale.result === 'paid').reduce((sum: bigint, sale: { total: string }) => sum + BigInt(sale.total), 0n);
    expect(String(paidTotal)).toBe(report.total.sales.amount);
    // Each listed sale carries what went back of it, so the list can say "$6.00 refunded" beside "Paid".
    const refundsOf = (ref: string) => history.items.find((sale: { ref: string }) => sale.ref === ref).refunds;
    expect(refundsOf(refs.qr)).toEqual([{ method: 'centrapay', amount: '600', status: 'completed' }]);
    expect(refundsOf(refs.split).map((row: { method: string }) => row.method).sort()).toEqual(['cash', 'void']);
    expect(refundsOf(refs.card)).toEqual([]);

    // Centrapay's own word on what paid each request, less the till's external tenders, is the Centrapay tender.
    let centrapay = 0n;
    for (const detail of details) {
      if (detail.sale.result !== 'paid') continue;
      for (const request of detail.requests) {
        const upstream = await sandbox.call('GET', `/api/payment-requests/${request.id}`, AS_TERMINAL);
        for (const total of upstream.body.paidBy?.assetTotals ?? []) if (!total.type.startsWith('external.')) centrapay += BigInt(total.total.amount);
        // The journal kept what the sandbox says paid it.
        const assets = (paidBy: PaidByAssets) =>
          (paidBy?.assetTotals ?? []).map((total) => `${total.type}:${total.total.amount}`).sort();
        expect(assets(request.paidBy)).toEqual(assets(upstream.body.paidBy));
      }
    }
    expect(String(centrapay)).toBe(report.tenders.find((row: { key: string }) => row.key === 'centrapay').sales.amount);
  });

  it('gives the same figures as CSV, as a file named for the day and lane', async () => {
    await tradeADay();
    const today = localDateOf(new Date());
    const response = await get(`/api/reports/end-of-day?date=${today}&lane=lane-1&format=csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="end-of-day-${today}-lane-1.csv"`);
    const lines = response.body.split('\r\n');
    expect(lines[0]).toBe('date,lane,section,key,description,sales_count,sales_amount,refunds_count,refunds_amount,net_amount,currency');
    expect(lines).toContain(`${today},lane-1,total,total,All tenders,4,68.00,0,0.00,68.00,NZD`);
    expect(lines).toContain(`${today},lane-1,centrapay-asset,sbx.rewards.test,Sandbox Rewards,1,2.20,0,0.00,2.20,NZD`);
  });

  it('counts only the lane and day asked for, and refuses what is not a date or a lane', async () => {
    const qr = (await startPayment(gateway)).json() as LaneState;
    await alicePays(qr.payment!.paymentRequest.id);
    await waitForLane(gateway, (state) => state.payment?.outcome === 'paid');
    const today = localDateOf(new Date());
    expect((await get(`/api/reports/end-of-day?date=${today}&lane=lane-1`)).json().total.sales).toEqual({ count: 1, amount: '1700' });
    expect((await get(`/api/reports/end-of-day?date=${today}&lane=lane-2`)).json().total.sales).toEqual({ count: 0, amount: '0' });
    expect((await get('/api/reports/end-of-day?date=2001-01-01')).json().total.sales).toEqual({ count: 0, amount: '0' });
    expect((await get('/api/reports/end-of-day')).json().date).toBe(today);
    for (const query of ['date=2026-02-30', 'date=26/11/2026', 'lane=../x', 'format=pdf']) {
      const refused = await get(`/api/reports/end-of-day?${query}`);
      expect(refused.statusCode, query).toBe(400);
      expect(refused.json().code).toBe('INVALID_REQUEST');
    }
  });
});

describe('history finds a sale', () => {
  it('by short code as printed or typed, order number, amount, date, a page at a time', async () => {
    const refs: string[] = [];
    const codes: string[] = [];
    for (let sale = 0; sale < 3; sale += 1) {
      const state = (await startPayment(gateway)).json() as LaneState;
      await alicePays(state.payment!.paymentRequest.id);
      await waitForLane(gateway, (lane) => lane.payment?.outcome === 'paid');
      await newSale();
      refs.push(state.order!.ref);
      codes.push(state.payment!.paymentRequest.shortCode);
    }
    const find = async (query: string) => (await get(`/api/history?${query}`)).json();

    const typed = codes[1]!.toLowerCase().replaceAll('-', '');
    const byCode = await find(`q=${encodeURIComponent(typed)}`);
    expect(byCode.items.map((sale: { ref: string }) => sale.ref)).toEqual([refs[1]]);
    expect(byCode.search.matches).toEqual([{ by: 'short-code', shortCode: codes[1] }]);
    expect(byCode.items[0].requests[0].paidBy.assetTotals[0]).toMatchObject({ type: 'centrapay.nzd.test', total: { amount: '1700' } });

    const number = (await get(`/api/history/${refs[2]}`)).json().sale.number;
    expect((await find(`q=%23${number}`)).items.map((sale: { ref: string }) => sale.ref)).toEqual([refs[2]]);
    expect((await find(`q=${encodeURIComponent('$17')}`)).items).toHaveLength(3);
    expect((await find('q=17.01')).items).toHaveLength(0);
    expect((await find(`date=${localDateOf(new Date())}`)).items).toHaveLength(3);
    expect((await find('date=2001-01-01')).items).toHaveLength(0);

    const first = await find('limit=2');
    expect(first.items.map((sale: { ref: string }) => sale.ref)).toEqual([refs[2], refs[1]]);
    const second = await find(`limit=2&cursor=${encodeURIComponent(first.nextCursor)}`);
    expect(second.items.map((sale: { ref: string }) => sale.ref)).toEqual([refs[0]]);
    expect(second.nextCursor).toBeNull();

    // A sale's page by its short code, as on the receipt.
    const page = (await get(`/api/history/${codes[0]}`)).json();
    expect(page.sale.ref).toBe(refs[0]);
    expect(page.lineItems.map((item: { name: string }) => item.name)).toEqual(['Flat White', 'Blueberry Muffin']);

    for (const query of ['cursor=nonsense', 'date=2026-13-01', `q=${'x'.repeat(101)}`, 'limit=0']) {
      expect((await get(`/api/history?${query}`)).statusCode, query).toBe(400);
    }
  });

  it('only for an authorised cashier screen', async () => {
    const locked = await buildGateway(sandbox.url, { cashierCode: 'open-sesame-1' });
    try {
      for (const url of ['/api/history?q=CP-C7F-ZS5', '/api/history/CP-C7F-ZS5', '/api/reports/end-of-day', '/api/reports/end-of-day?format=csv']) {
        const refused = await locked.inject({ method: 'GET', url });
        expect(refused.statusCode, url).toBe(401);
        const allowed = await locked.inject({ method: 'GET', url, headers: { 'x-cashier-code': 'open-sesame-1' } });
        expect(allowed.statusCode, url).not.toBe(401);
      }
    } finally {
      await locked.close();
    }
  });
});
