import { describe, expect, it } from 'vitest';
import { decodeResultSchema, paymentRequestSchema } from '../../domain/centrapay';
import { ASSET_TYPE, SEED, SEED_QUICK_PAY_CODES } from '../../domain/sandbox-seeds';
import { ALICE, balanceOf, freshSandboxEachTest, OTHER_TERMINAL, startWebhookReceiver, TERMINAL } from '../../test-support/sandbox-world';

const sandbox = freshSandboxEachTest({ webhooks: { retryBaseMs: 5, maxAttempts: 3, refundCompletionMs: 0 } });

const SYSTEM = 'crn::system:sandbox';
const assetOf = (barcode: string) => {
  const seed = SEED_QUICK_PAY_CODES.find((code) => code.barcode === barcode);
  if (!seed) throw new Error(`no seeded code ${barcode}`);
  return seed.assetId;
};
const poll = async (id: string, caller = TERMINAL) => sandbox.call('GET', `/api/payment-requests/${id}`, caller);
const activities = async (id: string) => (await sandbox.call('GET', `/api/payment-requests/${id}/activities`, TERMINAL)).body.items;
/** A Farmlands payment carries an invoice number and its line items (the guide's requirements), as a certified POS sends them. */
const papers = (amount: string) => ({ invoiceRef: 'INV-1', lineItems: [{ name: 'Hard Hat', sku: 'GH1234', qty: '1', price: amount, tax: '15' }] });
const withBarcode = async (barcode: string, amount: string, extra: Record<string, unknown> = {}) => {
  const created = await sandbox.createRequest({ barcode, value: { amount, currency: 'NZD' }, ...papers(amount), ...extra });
  expect(created.status).toBe(200);
  expect(created.body.status).toBe('new');
  return created.body;
};
const decode = (code: string, merchantConfigId: string = SEED.configCafe) =>
  sandbox.call('POST', '/api/decode', TERMINAL, { code, scannedBy: 'merchant', merchantConfigId });

describe('Quick Pay with the Farmlands test cards (§6.4)', () => {
  it('424242424 pays on the merchant’s first poll, without the patron', async () => {
    const pr = await withBarcode(SEED.farmlandsCard, '1250');
    expect(pr).not.toHaveProperty('patronCodeId');
    const before = balanceOf(sandbox.state, assetOf(SEED.farmlandsCard));

    const polled = await poll(pr.id);
    expect(polled.status).toBe(200);
    expect(() => paymentRequestSchema.parse(polled.body)).not.toThrow();
    expect(polled.body).toMatchObject({
      status: 'paid',
      remainingAmount: '0',
      barcode: SEED.farmlandsCard,
      paidBy: { assetTotals: [{ type: ASSET_TYPE.farmlandsTest, description: 'Farmlands', total: { amount: '1250', currency: 'NZD' } }] },
    });
    expect(BigInt(before) - BigInt(balanceOf(sandbox.state, assetOf(SEED.farmlandsCard)))).toBe(1250n);
    const items = await activities(pr.id);
    expect(items.map((activity: { type: string }) => activity.type)).toEqual(['paid', 'payment', 'request']);
    expect(items[1]).toMatchObject({ assetType: ASSET_TYPE.farmlandsTest, value: { amount: '1250' }, external: false, createdBy: SYSTEM });
    expect(items[1]).not.toHaveProperty('mode');

    // Polling again changes nothing.
    expect((await poll(pr.id)).body).toMatchObject({ status: 'paid', remainingAmount: '0' });
    expect(await activities(pr.id)).toHaveLength(3);
  });

  it('waits for the merchant’s poll: a patron’s read or another merchant’s does not pay', async () => {
    const pr = await withBarcode(SEED.farmlandsCard, '500');
    expect((await poll(pr.id, ALICE)).body.status).toBe('new');
    expect((await poll(pr.id, OTHER_TERMINAL)).status).toBe(403);
    expect((await sandbox.call('GET', `/api/payment-requests/${pr.id}/summary`)).body.status).toBe('new');
    expect((await poll(pr.id)).body.status).toBe('paid');
  });

  it.each([
    [SEED.farmlandsCardNoBalance, 'PAYMENT_DECLINED'],
    [SEED.farmlandsCardExpired, 'INACTIVE_ASSET'],
    [SEED.farmlandsCardInactive, 'INACTIVE_ASSET'],
  ])('%s cancels the request on the first poll with %s', async (barcode, reason) => {
    const pr = await withBarcode(barcode, '1000');
    const before = balanceOf(sandbox.state, assetOf(barcode));
    expect((await poll(pr.id)).body).toMatchObject({ status: 'cancelled', cancellationReason: reason, remainingAmount: '1000' });
    expect((await poll(pr.id)).body).not.toHaveProperty('paidBy');
    const items = await activities(pr.id);
    expect(items.map((activity: { type: string }) => activity.type)).toEqual(['cancellation', 'request']);
    expect(items[0]).toMatchObject({ cancellationReason: reason, createdBy: SYSTEM });
    expect(balanceOf(sandbox.state, assetOf(barcode))).toBe(before);
  });

  it('cancels with NO_AVAILABLE_PAYMENT_OPTIONS where the request does not offer the card’s asset type', async () => {
    const kiosk = await withBarcode(SEED.farmlandsCard, '1000', { configId: SEED.configKiosk });
    expect((await poll(kiosk.id)).body).toMatchObject({ status: 'cancelled', cancellationReason: 'NO_AVAILABLE_PAYMENT_OPTIONS' });
    // Pre-auth keeps only asset types that can hold funds (centrapay.nzd.*).
    const preAuth = await withBarcode(SEED.voucher20, '1000', { preAuth: true });
    expect((await poll(preAuth.id)).body).toMatchObject({ status: 'cancelled', cancellationReason: 'NO_AVAILABLE_PAYMENT_OPTIONS' });
    expect(balanceOf(sandbox.state, assetOf(SEED.voucher20))).toBe('2000');
  });

  it('leaves a request with an open condition new until the operator accepts it, then pays on the next poll', async () => {
    const lineItems = [{ name: 'Wine', sku: 'WINE-1', qty: '1', price: '1000', restricted: true }];
    const pr = await withBarcode(SEED.farmlandsCard, '1000', { lineItems, conditionsEnabled: true });
    expect((await poll(pr.id)).body).toMatchObject({ status: 'new', merchantConditions: [{ id: '1', status: 'awaiting-merchant' }] });
    expect((await sandbox.call('POST', `/api/payment-requests/${pr.id}/conditions/1/accept`, TERMINAL)).status).toBe(200);
    expect((await poll(pr.id)).body.status).toBe('paid');
  });

  it('does nothing once the request has expired', async () => {
    const pr = await withBarcode(SEED.farmlandsCard, '1000', { expirySeconds: 30 });
    await sandbox.advance(31);
    expect((await poll(pr.id)).body.status).toBe('expired');
  });
});

describe('a Farmlands payment as the Farmlands POS guide asks for it', () => {
  const hardHat = { name: 'Hard Hat', sku: 'GH1234', qty: '1', price: '4000', tax: '15', discount: '400' };
  const toolBelt = { name: 'Tool Belt', sku: 'GH5678', qty: '1', price: '6000', tax: '15', discount: '600' };

  it('keeps the invoice, purchase order and line items with their discounts, and gives them back', async () => {
    const pr = await withBarcode(SEED.farmlandsCard, '10000', { invoiceRef: 'sy8CRmo3sp3ArOpnfmb423', purchaseOrderRef: 'oF6kj1QlH5gK0y9rjRHFh2', lineItems: [hardHat, toolBelt] });
    expect(pr).toMatchObject({ invoiceRef: 'sy8CRmo3sp3ArOpnfmb423', purchaseOrderRef: 'oF6kj1QlH5gK0y9rjRHFh2', lineItems: [hardHat, toolBelt] });
    expect((await poll(pr.id)).body).toMatchObject({ status: 'paid', invoiceRef: 'sy8CRmo3sp3ArOpnfmb423', purchaseOrderRef: 'oF6kj1QlH5gK0y9rjRHFh2', lineItems: [hardHat, toolBelt] });
  });

  it('refuses a Farmlands card without an invoice number or line items, or with lines that do not add up, in words, and creates nothing', async () => {
    const before = sandbox.state.store.paymentRequests.size;
    const card = { barcode: SEED.farmlandsCard, value: { amount: '10000', currency: 'NZD' } };
    expect((await sandbox.createRequest({ ...card, lineItems: [hardHat, toolBelt] })).body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'invoiceRef is required for a Farmlands payment' });
    expect((await sandbox.createRequest({ ...card, invoiceRef: '  ', lineItems: [hardHat, toolBelt] })).body.message).toBe('invoiceRef is required for a Farmlands payment');
    expect((await sandbox.createRequest({ ...card, invoiceRef: 'INV-1' })).body).toMatchObject({ statusCode: 400, message: 'lineItems are required for a Farmlands payment' });
    expect((await sandbox.createRequest({ ...card, invoiceRef: 'INV-1', lineItems: [] })).body.message).toBe('lineItems are required for a Farmlands payment');
    expect((await sandbox.createRequest({ ...card, invoiceRef: 'INV-1', lineItems: [hardHat] })).body).toMatchObject({ statusCode: 400, message: 'LINE_ITEMS_SUM_CHECK_FAILED' });
    expect(sandbox.state.store.paymentRequests.size).toBe(before);
  });

  it('asks the same of any request on a config that accepts only Farmlands, but not of a pre-auth (its confirmations carry the invoice)', async () => {
    const onFarmlands = { configId: SEED.configFarmlands, value: { amount: '10000', currency: 'NZD' } };
    expect((await sandbox.createRequest(onFarmlands)).body.message).toBe('invoiceRef is required for a Farmlands payment');
    const created = await sandbox.createRequest({ ...onFarmlands, invoiceRef: 'INV-2', lineItems: [hardHat, toolBelt] });
    expect(created.status).toBe(200);
    expect(created.body.paymentOptions).toEqual([{ assetType: ASSET_TYPE.farmlandsTest, amount: '10000' }]);
    expect((await sandbox.call('GET', `/api/merchant-configs/${SEED.configFarmlands}`, TERMINAL)).body.paymentOptions).toEqual([{ type: ASSET_TYPE.farmlandsTest }]);
    // Where Farmlands is not accepted, a Farmlands card is not a Farmlands payment: the request is made and cancelled on its poll.
    expect((await sandbox.createRequest({ barcode: SEED.farmlandsCard, configId: SEED.configKiosk })).status).toBe(200);
    // Other requests on the café's config need neither.
    expect((await sandbox.createRequest({ barcode: SEED.voucher20 })).status).toBe(200);
  });

  it('refunds a Farmlands payment only with an invoice number and line items, and records the invoice the refund names', async () => {
    const pr = await withBarcode(SEED.farmlandsCard, '10000', { invoiceRef: 'INV-3', lineItems: [hardHat, toolBelt] });
    expect((await poll(pr.id)).body.status).toBe('paid');
    const refundOf = (body: Record<string, unknown>) => sandbox.call('POST', `/api/payment-requests/${pr.id}/refund`, TERMINAL,
      { value: { amount: '6000', currency: 'NZD' }, externalRef: 'R-1', merchantConfigId: SEED.configCafe, ...body });
    expect((await refundOf({ lineItems: [toolBelt] })).body).toMatchObject({ statusCode: 400, message: 'invoiceRef is required to refund a Farmlands payment' });
    expect((await refundOf({ invoiceRef: 'CREDIT-3' })).body).toMatchObject({ statusCode: 400, message: 'lineItems are required to refund a Farmlands payment' });
    const refund = await refundOf({ invoiceRef: 'CREDIT-3', lineItems: [toolBelt] });
    expect(refund.status).toBe(200);
    expect(refund.body).toMatchObject({ type: 'refund', assetType: ASSET_TYPE.farmlandsTest, invoiceRef: 'CREDIT-3', lineItems: [toolBelt] });
  });
});

describe('Quick Pay with the sandbox vouchers', () => {
  it('700000000011 pays up to its $20.00 and its balance goes down with each use', async () => {
    const voucher = assetOf(SEED.voucher20);
    expect(balanceOf(sandbox.state, voucher)).toBe('2000');
    const first = await withBarcode(SEED.voucher20, '1500');
    expect((await poll(first.id)).body).toMatchObject({
      status: 'paid',
      paidBy: { assetTotals: [{ type: ASSET_TYPE.voucherTest, description: 'Sandbox Voucher', total: { amount: '1500' } }] },
    });
    expect(balanceOf(sandbox.state, voucher)).toBe('500');

    // $5.00 left: a $10.00 request without partial payment is refused for insufficient funds.
    const second = await withBarcode(SEED.voucher20, '1000');
    expect((await poll(second.id)).body).toMatchObject({ status: 'cancelled', cancellationReason: 'PAYMENT_DECLINED' });
    expect(balanceOf(sandbox.state, voucher)).toBe('500');

    const third = await withBarcode(SEED.voucher20, '500');
    expect((await poll(third.id)).body.status).toBe('paid');
    expect(balanceOf(sandbox.state, voucher)).toBe('0');
  });

  it('with partialAllowed pays what it holds and leaves remainingAmount, like any partial payment', async () => {
    const receiver = await startWebhookReceiver();
    try {
      sandbox.state.webhooks.subscribe({ url: receiver.url, types: ['payment-request:paid'] });
      const pr = await withBarcode(SEED.voucher20, '3000', { partialAllowed: true, basketAmount: '4500' });
      const polled = (await poll(pr.id)).body;
      expect(polled).toMatchObject({
        status: 'paid',
        remainingAmount: '1000',
        partialAllowed: true,
        basketAmount: '4500',
        paidBy: { assetTotals: [{ type: ASSET_TYPE.voucherTest, description: 'Sandbox Voucher', total: { amount: '2000', currency: 'NZD' } }] },
      });
      expect(balanceOf(sandbox.state, assetOf(SEED.voucher20))).toBe('0');
      const [paid, payment] = await activities(pr.id);
      expect(payment).toMatchObject({ type: 'payment', mode: 'partial-payment', value: { amount: '2000' }, assetType: ASSET_TYPE.voucherTest });
      expect(paid).toMatchObject({ type: 'paid', value: { amount: '2000' }, paidBy: polled.paidBy });

      const [delivery] = await receiver.waitFor(1);
      expect(delivery?.body).toMatchObject({ type: 'payment-request:paid', accountId: SEED.accountCafe, data: { id: paid.id, type: 'paid' } });
    } finally {
      await receiver.close();
    }
  });

  it('with partialAllowed and enough on it pays in full', async () => {
    const pr = await withBarcode(SEED.voucher20, '1200', { partialAllowed: true, basketAmount: '1200' });
    expect((await poll(pr.id)).body).toMatchObject({ status: 'paid', remainingAmount: '0' });
    expect((await activities(pr.id))[1]).not.toHaveProperty('mode');
  });

  it.each([
    [SEED.voucherEmpty, {}, 'PAYMENT_DECLINED'],
    [SEED.voucherEmpty, { partialAllowed: true, basketAmount: '1000' }, 'PAYMENT_DECLINED'],
    [SEED.voucherExpired, {}, 'INACTIVE_ASSET'],
    [SEED.voucherExpired, { partialAllowed: true, basketAmount: '1000' }, 'INACTIVE_ASSET'],
  ])('%s %o cancels with %s', async (barcode, extra, reason) => {
    const pr = await withBarcode(barcode, '1000', extra);
    expect((await poll(pr.id)).body).toMatchObject({ status: 'cancelled', cancellationReason: reason });
  });

  it('gets its balance back from a refund, and from a sandbox reset', async () => {
    const voucher = assetOf(SEED.voucher20);
    const refunded = await withBarcode(SEED.voucher20, '800');
    await poll(refunded.id);
    expect(balanceOf(sandbox.state, voucher)).toBe('1200');
    const refund = await sandbox.call('POST', `/api/payment-requests/${refunded.id}/refund`, TERMINAL, {
      value: { amount: '300', currency: 'NZD' },
      externalRef: 'refund-1',
    });
    expect(refund.body).toMatchObject({ type: 'refund', assetType: ASSET_TYPE.voucherTest, strategy: { refunds: [{ assetId: voucher, amount: '300' }] } });
    expect(balanceOf(sandbox.state, voucher)).toBe('1500');

    const spent = await withBarcode(SEED.voucher20, '1500');
    await poll(spent.id);
    expect(balanceOf(sandbox.state, voucher)).toBe('0');
    expect((await sandbox.call('POST', '/_sandbox/reset')).status).toBe(200);
    expect(balanceOf(sandbox.state, voucher)).toBe('2000');
  });
});

describe('POST /api/decode of Quick Pay codes', () => {
  it.each([
    [SEED.farmlandsCard, 'farmlands', 'Farmlands'],
    [SEED.farmlandsCardNoBalance, 'farmlands', 'Farmlands'],
    [SEED.farmlandsCardExpired, 'farmlands', 'Farmlands'],
    [SEED.farmlandsCardInactive, 'farmlands', 'Farmlands'],
    [SEED.voucher20, 'sbx-voucher', 'Sandbox Voucher'],
    [SEED.voucherEmpty, 'sbx-voucher', 'Sandbox Voucher'],
    [SEED.voucherExpired, 'sbx-voucher', 'Sandbox Voucher'],
  ])('%s → %s, %s', async (code, provider, displayName) => {
    const response = await decode(code);
    expect(response.status).toBe(200);
    expect(() => decodeResultSchema.parse(response.body)).not.toThrow();
    expect(response.body).toEqual({ code, scannedBy: 'merchant', merchantConfigId: SEED.configCafe, provider, displayName });
  });

  it('answers INVALID_MERCHANT_CONFIG where the config does not take them, UNKNOWN_CODE for other codes', async () => {
    expect((await decode(SEED.farmlandsCard, SEED.configKiosk)).body).toMatchObject({ statusCode: 403, message: 'INVALID_MERCHANT_CONFIG' });
    expect((await decode(SEED.voucher20, SEED.configKiosk)).body.message).toBe('INVALID_MERCHANT_CONFIG');
    expect((await decode('414141414')).body).toMatchObject({ statusCode: 403, message: 'UNKNOWN_CODE' });
    expect((await decode('700000000045')).body.message).toBe('UNKNOWN_CODE');
  });

  it('changes nothing: decoding does not pay', async () => {
    await decode(SEED.voucher20);
    expect(balanceOf(sandbox.state, assetOf(SEED.voucher20))).toBe('2000');
  });
});
