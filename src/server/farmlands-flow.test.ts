// Farmlands Card Partners as Centrapay's Farmlands POS guide asks, through the gateway against the real sandbox: every
// request and refund names its invoice (the order's reference, or the store's own number) and carries its line items;
// a Farmlands card gets the store's Card Partner discount in the lines only when it pays the whole sale; a card that
// cannot pay leaves the sale at full price; the till's button is called "Farmlands" where the config takes nothing else.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LaneState } from '../domain/lane';
import { discountShown } from '../domain/sale';
import { SEED } from '../domain/sandbox-seeds';
import { afterSaleCalls, allCompleted } from '../test-support/after-sale-calls';
import { buildGateway, CART, TEST_LANE, waitForLane } from '../test-support/gateway-app';
import { alicePays, AS_TERMINAL, startSandbox, type SandboxHarness } from '../test-support/sandbox-harness';

let sandbox: SandboxHarness;
let gateway: FastifyInstance;

/** The café's lane, with a 10% Card Partner discount; and a lane of a Farmlands Card Partner's config (Farmlands only). */
const CAFE = { ...TEST_LANE, cardPartnerPercent: '10' };
const FARMLANDS_ONLY = { id: 'lane-f', name: 'Farmlands', terminalId: 'till-f', deviceId: 'SN-F', configId: SEED.configFarmlands, cardPartnerPercent: '10' };

/** CART (2 × Flat White $5.50, 1 × Blueberry Muffin $6.00 = $17.00) with 10% off each unit, tax included. */
const DISCOUNTED_LINES = [
  { name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '990', tax: '15', discount: '96' },
  { name: 'Blueberry Muffin', sku: 'FOOD-MUF', qty: '1', price: '540', tax: '15', discount: '52' },
];
const FULL_LINES = [
  { name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100', tax: '15' },
  { name: 'Blueberry Muffin', sku: 'FOOD-MUF', qty: '1', price: '600', tax: '15' },
];

beforeEach(async () => {
  sandbox = await startSandbox();
  gateway = await buildGateway(sandbox.url, { lanes: [CAFE, FARMLANDS_ONLY], afterSale: { pollMs: 50, maxPollMs: 200 } });
});

afterEach(async () => {
  await gateway.close();
  await sandbox.close();
});

const press = (path: string, payload: Record<string, unknown>, lane = CAFE.id) =>
  gateway.inject({ method: 'POST', url: `/api/lanes/${lane}/${path}`, payload: { cart: CART, operatorId: 'op-7', ...payload } });
const atCentrapay = async (id: string) => (await sandbox.call('GET', `/api/payment-requests/${id}`, AS_TERMINAL)).body;
const { refund, waitForAfterSale, refundsAt } = afterSaleCalls(() => gateway, () => sandbox);

/** A Farmlands card charged for CART: the lane once its request is settled one way or the other. */
async function chargeCard(card: string, extra: Record<string, unknown> = {}): Promise<LaneState> {
  const decoded = await gateway.inject({ method: 'POST', url: `/api/lanes/${CAFE.id}/decode`, payload: { code: card } });
  expect(decoded.json()).toMatchObject({ provider: 'farmlands', displayName: 'Farmlands', cardPartnerPercent: '10' });
  expect((await press('code-payments', { code: card, ...extra })).statusCode).toBe(200);
  return waitForLane(gateway, (state) => state.payment !== null && state.payment.outcome !== 'pending');
}

describe('a sale a Farmlands card pays', () => {
  it('carries the store’s invoice number, its purchase order and the Card Partner discount in its line items at Centrapay', async () => {
    const paid = await chargeCard(SEED.farmlandsCard, { invoiceRef: ' INV-2026-0042 ', purchaseOrderRef: 'PO-77' });
    expect(paid.payment!.outcome).toBe('paid');
    expect(paid.order).toMatchObject({ total: '1530', invoiceRef: 'INV-2026-0042', purchaseOrderRef: 'PO-77', discount: { provider: 'farmlands', percent: '10', amount: '170' } });
    expect(discountShown(paid)).toEqual(paid.order!.discount);

    const request = await atCentrapay(paid.payment!.paymentRequest.id);
    expect(request).toMatchObject({
      status: 'paid', value: { amount: '1530', currency: 'NZD' }, invoiceRef: 'INV-2026-0042', purchaseOrderRef: 'PO-77', externalRef: paid.order!.ref,
      barcode: SEED.farmlandsCard, conditionsEnabled: true, lineItems: DISCOUNTED_LINES,
      paidBy: { assetTotals: [expect.objectContaining({ type: 'farmlands.nzd.test', total: { amount: '1530', currency: 'NZD' } })] },
    });
    // At the Card Partner price only if the card pays all of it: no part payment.
    expect(request).not.toHaveProperty('partialAllowed');

    // Journaled with the sale: the history and the receipt say the invoice, the purchase order and the discount.
    const detail = (await gateway.inject({ method: 'GET', url: `/api/history/${paid.order!.ref}` })).json();
    expect(detail.sale).toMatchObject({ total: '1530', invoiceRef: 'INV-2026-0042', purchaseOrderRef: 'PO-77', discount: { percent: '10', amount: '170' } });
    expect(detail.lineItems).toEqual(DISCOUNTED_LINES);
    expect(detail.events).toContainEqual(expect.objectContaining({ kind: 'discount-applied', detail: 'Farmlands Card Partner discount (10%): $1.70 off, if the card pays' }));
    const link = (await gateway.inject({ method: 'GET', url: `/api/receipt-links/${paid.order!.ref}` })).json() as { path: string };
    const receipt = (await gateway.inject({ method: 'GET', url: `/api/receipts/${link.path.replace('/receipt/', '')}` })).json();
    expect(receipt).toMatchObject({
      order: { invoiceRef: 'INV-2026-0042', purchaseOrderRef: 'PO-77' }, total: '1530', discount: { percent: '10', amount: '170' },
      // GST follows the price paid: 990 × 15/115 = 129, 540 × 15/115 = 70.
      lines: [{ name: 'Flat White', total: '990', gst: '129' }, { name: 'Blueberry Muffin', total: '540', gst: '70' }], gst: '199',
    });
  });

  it('refunds a line with the sale’s invoice and the line as it was sold, its discount included', async () => {
    const paid = await chargeCard(SEED.farmlandsCard);
    const ref = paid.order!.ref;
    // No number keyed: the order's reference is the invoice.
    expect(await atCentrapay(paid.payment!.paymentRequest.id)).toMatchObject({ invoiceRef: ref });
    expect(paid.order!.invoiceRef).toBe(ref);

    expect((await refund(ref, { lines: [{ sku: 'FOOD-MUF', qty: 1 }] })).statusCode).toBe(200);
    await waitForAfterSale(ref, allCompleted);
    // The sandbox refuses a Farmlands refund without an invoice or line items: this one went with both.
    const [activity, ...more] = await refundsAt(paid.payment!.paymentRequest.id);
    expect(more).toEqual([]);
    expect(activity).toMatchObject({ value: { amount: '540' }, invoiceRef: ref, lineItems: [DISCOUNTED_LINES[1]] });

    // The rest of the sale: what is left of each line, with its share of the discount.
    expect((await refund(ref)).statusCode).toBe(200);
    await waitForAfterSale(ref, (sale) => sale.refundState === 'whole' && allCompleted(sale));
    const whole = (await refundsAt(paid.payment!.paymentRequest.id)).find((candidate) => candidate.value.amount === '990');
    expect(whole).toMatchObject({ invoiceRef: ref, lineItems: [DISCOUNTED_LINES[0]] });
  });
});

describe('a Farmlands card that cannot pay', () => {
  it.each([
    [SEED.farmlandsCardNoBalance, 'PAYMENT_DECLINED'],
    [SEED.farmlandsCardExpired, 'INACTIVE_ASSET'],
  ])('%s leaves the sale at full price: the next payment of it asks for all of it, without the discount', async (card, reason) => {
    const failed = await chargeCard(card);
    expect(failed.payment!.outcome).toBe('cancelled');
    expect(await atCentrapay(failed.payment!.paymentRequest.id)).toMatchObject({ status: 'cancelled', cancellationReason: reason, value: { amount: '1530' } });
    // The screens show the cart at full price again.
    expect(discountShown(failed)).toBeNull();
    expect(failed.total).toBe('1700');

    // The cashier goes back to the QR: the whole price, the full lines, the same kind of invoice.
    expect((await press('payments', {})).statusCode).toBe(200);
    const qr = await waitForLane(gateway, (state) => state.payment?.outcome === 'pending' && state.order?.kind === 'qr');
    expect(qr.order).toMatchObject({ total: '1700', discount: null });
    const request = await atCentrapay(qr.payment!.paymentRequest.id);
    expect(request).toMatchObject({ value: { amount: '1700' }, lineItems: FULL_LINES, invoiceRef: qr.order!.ref });
    await alicePays(sandbox, qr.payment!.paymentRequest.id);
    const paid = await waitForLane(gateway, (state) => state.payment?.outcome === 'paid');
    expect(discountShown(paid)).toBeNull();
  });

  it('refuses cash on the Farmlands request while it waits: the Card Partner price is the card’s alone', async () => {
    // An ID check holds the request open (Quick Pay waits for the cashier's answer).
    const started = await press('code-payments', { code: SEED.farmlandsCard, cart: [{ sku: 'DRINK-BEER', qty: 1 }] });
    expect(started.statusCode).toBe(200);
    const waiting = await waitForLane(gateway, (state) => state.payment?.paymentRequest.merchantConditions.some((condition) => condition.status === 'awaiting-merchant') === true);
    const cash = await gateway.inject({ method: 'POST', url: `/api/lanes/${CAFE.id}/tenders`, payload: { ref: waiting.order!.ref, method: 'cash', operatorId: 'op-7' } });
    expect(cash.statusCode).toBe(409);
    expect(cash.json()).toMatchObject({ code: 'CARD_PARTNER_PRICE', message: expect.stringContaining('Cancel it to take payment another way at full price') });
  });
});

describe('invoices on every request and refund', () => {
  it('names the order’s reference by default, the store’s number when keyed, and refuses a number Centrapay cannot keep, in words', async () => {
    expect((await press('payments', { invoiceRef: 'x'.repeat(129) })).json()).toMatchObject({ statusCode: 400, code: 'INVALID_REQUEST', message: 'invoiceRef: must be at most 128 characters' });
    expect((await press('payments', { purchaseOrderRef: 'line\nbreak' })).json()).toMatchObject({ statusCode: 400, message: expect.stringMatching(/^purchaseOrderRef: /) });
    expect((await press('payments', { invoiceRef: '   ' })).json()).toMatchObject({ statusCode: 400, message: 'invoiceRef: must not be empty' });

    expect((await press('payments', {})).statusCode).toBe(200);
    const qr = await waitForLane(gateway, (state) => state.payment?.outcome === 'pending');
    expect(await atCentrapay(qr.payment!.paymentRequest.id)).toMatchObject({ invoiceRef: qr.order!.ref, lineItems: FULL_LINES });
    expect(await atCentrapay(qr.payment!.paymentRequest.id)).not.toHaveProperty('purchaseOrderRef');
  });

  it('refunds a part payment the rest of which could not be paid with the sale’s invoice and its share of the lines', async () => {
    // $28.00: the $20 voucher pays what it holds; the customer cannot pay the rest, and the voucher is refunded.
    const cart = [{ sku: 'COFFEE-FW', qty: 4 }, { sku: 'FOOD-MUF', qty: 1 }];
    expect((await press('code-payments', { cart, code: SEED.voucher20, invoiceRef: 'INV-9' })).statusCode).toBe(200);
    const owed = await waitForLane(gateway, (state) => state.payment?.outcome === 'paid' && state.payment.paymentRequest.remainingAmount === '800');
    expect((await gateway.inject({ method: 'POST', url: `/api/lanes/${CAFE.id}/refund`, payload: { ref: owed.order!.ref, operatorId: 'op-7' } })).statusCode).toBe(200);
    await waitForLane(gateway, (state) => state.step === null && state.notice !== null);
    const [activity] = await refundsAt(owed.payment!.paymentRequest.id);
    expect(activity).toMatchObject({
      value: { amount: '2000' }, invoiceRef: 'INV-9',
      lineItems: [{ name: 'Flat White', sku: 'COFFEE-FW', qty: '4', price: '2000', tax: '15' }],
    });
  });
});

describe('a Farmlands sale of another till, found at Centrapay by its short code', () => {
  it('is refunded under the invoice it was sold with, with its lines as sold', async () => {
    // Another till's Farmlands sale, made straight at Centrapay and paid by the card on its first poll.
    const created = await sandbox.call('POST', '/api/payment-requests', AS_TERMINAL, {
      configId: SEED.configCafe, value: { amount: '1530', currency: 'NZD' }, barcode: SEED.farmlandsCard, invoiceRef: 'OTHER-TILL-INV-9',
      lineItems: DISCOUNTED_LINES, externalRef: 'till-9-000042-QWERTY', terminalId: 'till-9', deviceId: 'SN-9', conditionsEnabled: true,
    });
    expect(created.status).toBe(200);
    expect((await atCentrapay(created.body.id)).status).toBe('paid');
    const journaled = await gateway.inject({ method: 'POST', url: `/api/history/at-centrapay/${created.body.shortCode}`, payload: { lane: CAFE.id, operatorId: 'op-7' } });
    expect(journaled.statusCode).toBe(200);
    const ref = journaled.json().ref as string;
    expect((await gateway.inject({ method: 'GET', url: `/api/history/${ref}` })).json().sale).toMatchObject({ invoiceRef: 'OTHER-TILL-INV-9' });

    expect((await refund(ref, { lines: [{ sku: 'COFFEE-FW', qty: 1 }] })).statusCode).toBe(200);
    await waitForAfterSale(ref, allCompleted);
    expect(await refundsAt(created.body.id)).toEqual([expect.objectContaining({
      value: { amount: '495', currency: 'NZD' }, invoiceRef: 'OTHER-TILL-INV-9',
      lineItems: [{ name: 'Flat White', sku: 'COFFEE-FW', qty: '1', price: '495', tax: '15', discount: '48' }],
    })]);
  });
});

describe('the name of Centrapay’s tender at the till (checklist 101.3)', () => {
  it('is "Farmlands" on a lane whose merchant config accepts only Farmlands, "Centrapay" where it accepts more', async () => {
    const tender = (lane: string) => gateway.inject({ method: 'GET', url: `/api/lanes/${lane}/tender` });
    expect((await tender(FARMLANDS_ONLY.id)).json()).toEqual({ name: 'Farmlands', assetTypes: ['farmlands.nzd.test'] });
    expect((await tender(CAFE.id)).json()).toMatchObject({ name: 'Centrapay', assetTypes: expect.arrayContaining(['centrapay.nzd.test', 'farmlands.nzd.test']) });
  });

  it('takes a Farmlands card on the Farmlands lane with its invoice and discount', async () => {
    expect((await press('code-payments', { code: SEED.farmlandsCard }, FARMLANDS_ONLY.id)).statusCode).toBe(200);
    const paid = await waitForLane(gateway, (state) => state.payment?.outcome === 'paid', 5_000, FARMLANDS_ONLY.id);
    expect(await atCentrapay(paid.payment!.paymentRequest.id)).toMatchObject({ configId: SEED.configFarmlands, value: { amount: '1530' }, invoiceRef: paid.order!.ref, lineItems: DISCOUNTED_LINES });
  });
});
