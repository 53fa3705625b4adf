import { describe, expect, it } from 'vitest';
import { paymentActivitySchema } from '../../domain/centrapay';
import { ASSET_TYPE, SEED } from '../../domain/sandbox-seeds';
import { ALICE, balanceOf, BOB, CAROL, CRN, freshSandboxEachTest, OTHER_TERMINAL, REWARDS, TERMINAL, uniqueKey } from '../../test-support/sandbox-world';

const sandbox = freshSandboxEachTest();

const get = async (id: string) => (await sandbox.call('GET', `/api/payment-requests/${id}`, TERMINAL)).body;
const activityTypes = async (id: string) =>
  (await sandbox.call('GET', `/api/payment-requests/${id}/activities`, TERMINAL)).body.items.map((a: { type: string }) => a.type);
/** When the sandbox expects a payment made at `iso` to settle: the next midnight UTC. */
const settlementDate = (iso: string) => `${new Date(Date.parse(iso) + 24 * 60 * 60 * 1000).toISOString().slice(0, 10)}T00:00:00.000Z`;
const voidRequest = (id: string, caller = TERMINAL) => sandbox.call('POST', `/api/payment-requests/${id}/void`, caller);
const refund = (id: string, amount: string, externalRef = uniqueKey('refund'), extra: Record<string, unknown> = {}, caller = TERMINAL) =>
  sandbox.call('POST', `/api/payment-requests/${id}/refund`, caller, { value: { amount, currency: 'NZD' }, externalRef, ...extra });

describe('POST /api/payment-requests/{id}/pay', () => {
  it('pays in full with a patron wallet: payment activity, paid status, paidBy, balance debited', async () => {
    const pr = (await sandbox.createRequest({ value: { amount: '1250', currency: 'NZD' } })).body;
    const response = await sandbox.payAsAlice(pr.id, { idempotencyKey: 'alice-1' });
    expect(response.status).toBe(200);
    expect(() => paymentActivitySchema.parse(response.body)).not.toThrow();
    expect(response.body).toMatchObject({
      type: 'payment',
      activityNumber: '2',
      paymentRequestId: pr.id,
      shortCode: `${pr.shortCode}-02`,
      value: { amount: '1250', currency: 'NZD' },
      assetType: ASSET_TYPE.nzdTest,
      idempotencyKey: 'alice-1',
      external: false,
      createdBy: CRN.alice,
      paymentRequestCreatedBy: CRN.terminal,
    });
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('98750');

    const paid = await get(pr.id);
    expect(paid).toMatchObject({
      status: 'paid',
      remainingAmount: '0',
      paidBy: { assetTotals: [{ type: ASSET_TYPE.nzdTest, description: 'Centrapay NZD', total: { amount: '1250', currency: 'NZD' } }] },
    });
    expect(await activityTypes(pr.id)).toEqual(['paid', 'payment', 'request']);
    const paidActivity = (await sandbox.call('GET', `/api/payment-requests/${pr.id}/activities`, TERMINAL)).body.items[0];
    expect(paidActivity).toMatchObject({ type: 'paid', value: { amount: '1250' }, paidBy: paid.paidBy });
  });

  it('refuses when the balance is short and leaves the request new', async () => {
    const pr = (await sandbox.createRequest({ value: { amount: '501', currency: 'NZD' } })).body;
    const response = await sandbox.pay(pr.id, BOB, { assetType: ASSET_TYPE.nzdTest, assetId: SEED.bobAsset });
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'INSUFFICIENT_ASSET_VALUE' });
    expect(balanceOf(sandbox.state, SEED.bobAsset)).toBe('500');
    expect(await get(pr.id)).toMatchObject({ status: 'new', remainingAmount: '501' });
    expect(await activityTypes(pr.id)).toEqual(['request']);
  });

  it('refuses an inactive asset with INACTIVE_ASSET', async () => {
    const pr = (await sandbox.createRequest()).body;
    const response = await sandbox.pay(pr.id, CAROL, { assetType: ASSET_TYPE.nzdTest, assetId: SEED.carolAsset });
    expect(response.body).toMatchObject({ statusCode: 403, message: 'INACTIVE_ASSET' });
    expect((await get(pr.id)).status).toBe('new');
  });

  it('refuses asset types the request does not offer with INVALID_ASSET_TYPE', async () => {
    const kiosk = (await sandbox.createRequest({ configId: SEED.configKiosk })).body;
    for (const assetType of [ASSET_TYPE.rewardsTest, ASSET_TYPE.nzdMain, 'nonsense.test', ASSET_TYPE.tokenTest]) {
      const response = await sandbox.pay(kiosk.id, ALICE, { assetType, assetId: SEED.aliceAsset });
      expect(response.body).toMatchObject({ statusCode: 403, message: 'INVALID_ASSET_TYPE' });
    }
    // External tenders are for the merchant to record, not for patrons.
    const external = await sandbox.pay(kiosk.id, ALICE, { assetType: ASSET_TYPE.externalTest, amount: '100' });
    expect(external.body.message).toBe('INVALID_ASSET_TYPE');
  });

  it('refuses someone else’s asset and requires an assetId', async () => {
    const pr = (await sandbox.createRequest()).body;
    expect((await sandbox.pay(pr.id, BOB, { assetType: ASSET_TYPE.nzdTest, assetId: SEED.aliceAsset })).body.message).toBe('Forbidden');
    expect((await sandbox.pay(pr.id, BOB, { assetType: ASSET_TYPE.nzdTest })).body).toMatchObject({ statusCode: 400, message: 'assetId is required' });
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('100000');
  });

  it('requires an idempotencyKey and an assetType', async () => {
    const pr = (await sandbox.createRequest()).body;
    const missingKey = await sandbox.call('POST', `/api/payment-requests/${pr.id}/pay`, ALICE, { assetType: ASSET_TYPE.nzdTest, assetId: SEED.aliceAsset });
    expect(missingKey.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'idempotencyKey is required' });
    const missingType = await sandbox.call('POST', `/api/payment-requests/${pr.id}/pay`, ALICE, { idempotencyKey: 'k', assetId: SEED.aliceAsset });
    expect(missingType.body.message).toBe('assetType is required');
  });

  it('answers REQUEST_PAID, REQUEST_CANCELLED and REQUEST_EXPIRED for finished requests', async () => {
    const paid = (await sandbox.createRequest()).body;
    await sandbox.payAsAlice(paid.id);
    expect((await sandbox.payAsAlice(paid.id)).body).toMatchObject({ statusCode: 403, message: 'REQUEST_PAID' });

    const cancelled = (await sandbox.createRequest()).body;
    await voidRequest(cancelled.id);
    expect((await sandbox.payAsAlice(cancelled.id)).body.message).toBe('REQUEST_CANCELLED');

    const expiring = (await sandbox.createRequest({ expirySeconds: 10 })).body;
    await sandbox.advance(10);
    expect((await sandbox.payAsAlice(expiring.id)).body.message).toBe('REQUEST_EXPIRED');
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('99000');
  });

  it('answers 403 Forbidden for an unknown request', async () => {
    expect((await sandbox.payAsAlice('MhocUmpxxmgdHjr7DgKoKw')).body).toMatchObject({ statusCode: 403, message: 'Forbidden' });
  });

  it('returns the stored activity for a repeated idempotency key without paying twice', async () => {
    const pr = (await sandbox.createRequest()).body;
    const body = { assetType: ASSET_TYPE.nzdTest, assetId: SEED.aliceAsset, idempotencyKey: 'retry-me' };
    const first = await sandbox.call('POST', `/api/payment-requests/${pr.id}/pay`, ALICE, body);
    const second = await sandbox.call('POST', `/api/payment-requests/${pr.id}/pay`, ALICE, body);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('99000');
    expect(await activityTypes(pr.id)).toEqual(['paid', 'payment', 'request']);
    // Same key, different content: refused rather than guessed at.
    const changed = await sandbox.call('POST', `/api/payment-requests/${pr.id}/pay`, ALICE, { ...body, externalPaymentRef: 'x' });
    expect(changed.body).toMatchObject({ statusCode: 403, message: 'IDEMPOTENT_OPERATION_FAILED' });
  });

  it('does not store failed attempts against the key', async () => {
    const pr = (await sandbox.createRequest({ value: { amount: '600', currency: 'NZD' } })).body;
    const body = { assetType: ASSET_TYPE.nzdTest, assetId: SEED.bobAsset, idempotencyKey: 'bob-1' };
    expect((await sandbox.call('POST', `/api/payment-requests/${pr.id}/pay`, BOB, body)).body.message).toBe('INSUFFICIENT_ASSET_VALUE');
    const bobAsset = sandbox.state.store.assets.get(SEED.bobAsset);
    if (!bobAsset) throw new Error('Bob has no asset');
    bobAsset.balance = '1000';
    expect((await sandbox.call('POST', `/api/payment-requests/${pr.id}/pay`, BOB, body)).status).toBe(200);
  });

  it('lets exactly one of two concurrent pays win; the other gets REQUEST_PAID', async () => {
    const pr = (await sandbox.createRequest({ value: { amount: '400', currency: 'NZD' } })).body;
    const [alice, bob] = await Promise.all([
      sandbox.payAsAlice(pr.id),
      sandbox.pay(pr.id, BOB, { assetType: ASSET_TYPE.nzdTest, assetId: SEED.bobAsset }),
    ]);
    const statuses = [alice.status, bob.status].sort();
    expect(statuses).toEqual([200, 403]);
    const loser = alice.status === 403 ? alice : bob;
    expect(loser.body.message).toBe('REQUEST_PAID');
    const total = BigInt(balanceOf(sandbox.state, SEED.aliceAsset)) + BigInt(balanceOf(sandbox.state, SEED.bobAsset));
    expect(total).toBe(100_500n - 400n);
    expect((await get(pr.id)).paidBy.assetTotals).toHaveLength(1);
  });

  it('partial payment completes a partialAllowed request with a remainder', async () => {
    const pr = (await sandbox.createRequest({ value: { amount: '2000', currency: 'NZD' }, partialAllowed: true, basketAmount: '2000' })).body;
    const response = await sandbox.payAsAlice(pr.id, { mode: 'partial-payment', amount: '1500' });
    expect(response.body).toMatchObject({ type: 'payment', mode: 'partial-payment', value: { amount: '1500' } });
    expect(await get(pr.id)).toMatchObject({ status: 'paid', remainingAmount: '500' });
    expect(await activityTypes(pr.id)).toEqual(['paid', 'payment', 'request']);
  });

  it('refuses partial payment where it is not allowed, and amounts above the remainder', async () => {
    const pr = (await sandbox.createRequest({ value: { amount: '2000', currency: 'NZD' } })).body;
    expect((await sandbox.payAsAlice(pr.id, { mode: 'partial-payment', amount: '1500' })).body.message).toBe('PAYMENT_DECLINED');
    expect((await sandbox.payAsAlice(pr.id, { mode: 'multi-asset-payment', amount: '2001' })).body.message).toBe('PAYMENT_DECLINED');
    expect((await sandbox.payAsAlice(pr.id, { amount: '0' })).status).toBe(400);
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('100000');
  });

  it('multi-asset payments keep the request new until the remainder is covered by the terminal’s external tender', async () => {
    const pr = (await sandbox.createRequest({ value: { amount: '3000', currency: 'NZD' } })).body;
    const wallet = await sandbox.payAsAlice(pr.id, { mode: 'multi-asset-payment', amount: '1000' });
    expect(wallet.status).toBe(200);
    expect(await get(pr.id)).toMatchObject({ status: 'new', remainingAmount: '2000' });

    const cash = await sandbox.pay(pr.id, TERMINAL, {
      assetType: ASSET_TYPE.externalTest,
      mode: 'multi-asset-payment',
      amount: '2000',
      externalPaymentRef: 'till-42',
    });
    expect(cash.status).toBe(200);
    expect(cash.body).toMatchObject({ assetType: ASSET_TYPE.externalTest, external: true, externalPaymentRef: 'till-42', createdBy: CRN.terminal });
    const paid = await get(pr.id);
    expect(paid).toMatchObject({ status: 'paid', remainingAmount: '0' });
    // Each total names who paid it and when it settles, like the paidBy of Centrapay's Payment Request example.
    expect(paid.paidBy.assetTotals).toEqual([
      {
        type: ASSET_TYPE.nzdTest,
        description: 'Centrapay NZD',
        settlementDate: settlementDate(wallet.body.createdAt),
        total: { amount: '1000', currency: 'NZD' },
        payerAccountId: SEED.accountAlice,
      },
      {
        type: ASSET_TYPE.externalTest,
        description: 'External',
        settlementDate: settlementDate(cash.body.createdAt),
        total: { amount: '2000', currency: 'NZD' },
        payerAccountId: SEED.accountCafe,
      },
    ]);
    expect(await activityTypes(pr.id)).toEqual(['paid', 'payment', 'payment', 'request']);
  });

  it('treats an amount without mode as a multi-asset payment', async () => {
    const pr = (await sandbox.createRequest({ value: { amount: '3000', currency: 'NZD' } })).body;
    expect((await sandbox.payAsAlice(pr.id, { amount: '1000' })).body.mode).toBe('multi-asset-payment');
    expect((await get(pr.id)).status).toBe('new');
  });

  it('lets only the request’s own merchant record external tenders', async () => {
    const pr = (await sandbox.createRequest()).body;
    expect((await sandbox.pay(pr.id, OTHER_TERMINAL, { assetType: ASSET_TYPE.externalTest })).body.message).toBe('Forbidden');
    expect((await sandbox.pay(pr.id, TERMINAL, { assetType: ASSET_TYPE.externalMain })).body.message).toBe('INVALID_ASSET_TYPE');
    expect((await sandbox.pay(pr.id, TERMINAL, { assetType: ASSET_TYPE.externalTest })).status).toBe(200);
    expect((await get(pr.id)).status).toBe('paid');
  });

  it('lets the rewards wallet apply its offer on COFFEE items, up to 20%', async () => {
    const lineItems = [
      { name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100' },
      { name: 'Muffin', sku: 'FOOD-MUF', qty: '1', price: '450' },
    ];
    const pr = (await sandbox.createRequest({ value: { amount: '1550', currency: 'NZD' }, lineItems })).body;
    const pay = (amount: string, caller = REWARDS) =>
      sandbox.pay(pr.id, caller, { assetType: ASSET_TYPE.rewardsTest, authorization: 'offer-1', mode: 'multi-asset-payment', amount });
    expect((await pay('221')).body.message).toBe('ASSET_REDEMPTION_DENIED');
    expect((await pay('220', ALICE)).body.message).toBe('ASSET_REDEMPTION_DENIED');
    expect((await sandbox.pay(pr.id, REWARDS, { assetType: ASSET_TYPE.rewardsTest, amount: '220' })).body.message).toBe('authorization is required');
    const applied = await pay('220');
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ assetType: ASSET_TYPE.rewardsTest, external: false, createdBy: CRN.rewards });
    expect((await pay('1')).body.message).toBe('ASSET_REDEMPTION_DENIED');
    const after = await get(pr.id);
    expect(after).toMatchObject({ status: 'new', remainingAmount: '1330', lineItems });
    expect(after.paidBy.assetTotals).toEqual([
      {
        type: ASSET_TYPE.rewardsTest,
        description: 'Sandbox Rewards',
        settlementDate: settlementDate(applied.body.createdAt),
        total: { amount: '220', currency: 'NZD' },
        payerAccountId: SEED.accountRewards,
        lineItems: [lineItems[0]],
      },
    ]);
  });
});

describe('POST /api/payment-requests/{id}/void', () => {
  it('cancels a new request with CANCELLED_BY_MERCHANT', async () => {
    const pr = (await sandbox.createRequest()).body;
    const response = await voidRequest(pr.id);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ type: 'cancellation', cancellationReason: 'CANCELLED_BY_MERCHANT', value: pr.value });
    expect(await get(pr.id)).toMatchObject({ status: 'cancelled', cancellationReason: 'CANCELLED_BY_MERCHANT' });
  });

  it('refunds partial payments of a new request before cancelling it', async () => {
    const pr = (await sandbox.createRequest({ value: { amount: '3000', currency: 'NZD' } })).body;
    await sandbox.payAsAlice(pr.id, { amount: '1200' });
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('98800');
    const response = await voidRequest(pr.id);
    expect(response.body.type).toBe('cancellation');
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('100000');
    expect(await activityTypes(pr.id)).toEqual(['cancellation', 'refund', 'payment', 'request']);
  });

  it('refunds a paid request in full; the status stays paid', async () => {
    const pr = (await sandbox.createRequest({ value: { amount: '700', currency: 'NZD' } })).body;
    const payment = (await sandbox.payAsAlice(pr.id)).body;
    const response = await voidRequest(pr.id);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      type: 'refund',
      value: { amount: '700', currency: 'NZD' },
      assetType: ASSET_TYPE.nzdTest,
      strategy: { refunds: [{ assetId: SEED.aliceAsset, assetType: ASSET_TYPE.nzdTest, completedPaymentId: payment.id, amount: '700' }] },
    });
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('100000');
    expect((await get(pr.id)).status).toBe('paid');
    // Repeating the void answers the same, and refunds nothing more.
    expect((await voidRequest(pr.id)).body).toEqual(response.body);
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('100000');
  });

  it('answers 200 with the existing cancellation when already cancelled', async () => {
    const pr = (await sandbox.createRequest()).body;
    const first = await voidRequest(pr.id);
    const second = await voidRequest(pr.id);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(await activityTypes(pr.id)).toEqual(['cancellation', 'request']);
  });

  it('answers REQUEST_EXPIRED for an expired request', async () => {
    const pr = (await sandbox.createRequest({ expirySeconds: 5 })).body;
    await sandbox.advance(6);
    expect((await voidRequest(pr.id)).body).toMatchObject({ statusCode: 403, message: 'REQUEST_EXPIRED' });
  });

  it('answers VOID_WINDOW_EXCEEDED more than 24 h after creation', async () => {
    const pr = (await sandbox.createRequest()).body;
    await sandbox.payAsAlice(pr.id);
    await sandbox.advance(24 * 3600 + 1);
    expect((await voidRequest(pr.id)).body).toMatchObject({ statusCode: 403, message: 'VOID_WINDOW_EXCEEDED' });
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('99000');
  });

  it('answers ALREADY_REFUNDED when a refund already returned everything', async () => {
    const pr = (await sandbox.createRequest()).body;
    await sandbox.payAsAlice(pr.id);
    await refund(pr.id, '1000');
    expect((await voidRequest(pr.id)).body.message).toBe('ALREADY_REFUNDED');
  });

  it('is for the owning merchant only', async () => {
    const pr = (await sandbox.createRequest()).body;
    expect((await voidRequest(pr.id, OTHER_TERMINAL)).body).toMatchObject({ statusCode: 403, message: 'Forbidden' });
    expect((await voidRequest(pr.id, ALICE)).status).toBe(403);
    expect((await get(pr.id)).status).toBe('new');
  });
});

describe('POST /api/payment-requests/{id}/refund', () => {
  it('refunds in parts up to what was paid, then INVALID_AMOUNT and ALREADY_REFUNDED', async () => {
    const pr = (await sandbox.createRequest({ value: { amount: '1000', currency: 'NZD' } })).body;
    await sandbox.payAsAlice(pr.id);
    const first = await refund(pr.id, '300', 'R-1', { invoiceRef: 'CN-1' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ type: 'refund', value: { amount: '300' }, externalRef: 'R-1', invoiceRef: 'CN-1', assetType: ASSET_TYPE.nzdTest });
    expect(first.body.shortCode).not.toBe(pr.shortCode);
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('99300');
    expect((await refund(pr.id, '701', 'R-2')).body).toMatchObject({ statusCode: 403, message: 'INVALID_AMOUNT' });
    expect((await refund(pr.id, '700', 'R-2')).status).toBe(200);
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('100000');
    expect((await refund(pr.id, '1', 'R-3')).body.message).toBe('ALREADY_REFUNDED');
    // Refunds leave the status and the remaining amount alone.
    expect(await get(pr.id)).toMatchObject({ status: 'paid', remainingAmount: '0' });
  });

  it('is idempotent on externalRef: same amount answers the first refund, another amount REPEAT_REFERENCE', async () => {
    const pr = (await sandbox.createRequest()).body;
    await sandbox.payAsAlice(pr.id);
    const first = await refund(pr.id, '400', 'R-9');
    const again = await refund(pr.id, '400', 'R-9');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('99400');
    expect((await refund(pr.id, '500', 'R-9')).body).toMatchObject({ statusCode: 403, message: 'REPEAT_REFERENCE' });
  });

  it('answers NOT_PAID unless the request is paid', async () => {
    const pr = (await sandbox.createRequest()).body;
    expect((await refund(pr.id, '100')).body).toMatchObject({ statusCode: 403, message: 'NOT_PAID' });
    await voidRequest(pr.id);
    expect((await refund(pr.id, '100')).body.message).toBe('NOT_PAID');
  });

  it('answers REFUND_WINDOW_EXCEEDED 30 days after payment', async () => {
    const pr = (await sandbox.createRequest()).body;
    await sandbox.payAsAlice(pr.id);
    await sandbox.advance(30 * 24 * 3600 - 60);
    expect((await refund(pr.id, '100')).status).toBe(200);
    await sandbox.advance(120);
    expect((await refund(pr.id, '100')).body).toMatchObject({ statusCode: 403, message: 'REFUND_WINDOW_EXCEEDED' });
  });

  it('validates value, externalRef and line items', async () => {
    const pr = (await sandbox.createRequest()).body;
    await sandbox.payAsAlice(pr.id);
    expect((await sandbox.call('POST', `/api/payment-requests/${pr.id}/refund`, TERMINAL, { value: { amount: '100', currency: 'NZD' } })).body.message).toBe(
      'externalRef is required',
    );
    expect((await refund(pr.id, '0')).status).toBe(400);
    expect((await refund(pr.id, '100000000')).status).toBe(400);
    expect((await refund(pr.id, '100', 'R-L', { lineItems: [{ name: 'Tea', qty: '1', price: '90' }] })).body).toMatchObject({
      statusCode: 400,
      message: 'LINE_ITEMS_SUM_CHECK_FAILED',
    });
    expect((await refund(pr.id, '100', 'R-L', { lineItems: [{ name: 'Tea', qty: '1', price: '100' }] })).body.lineItems).toHaveLength(1);
  });

  it('is for the owning merchant only', async () => {
    const pr = (await sandbox.createRequest()).body;
    await sandbox.payAsAlice(pr.id);
    expect((await refund(pr.id, '100', 'R-X', {}, OTHER_TERMINAL)).body).toMatchObject({ statusCode: 403, message: 'Forbidden' });
    expect((await refund(pr.id, '100', 'R-X', {}, ALICE)).status).toBe(403);
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('99000');
  });

  it('refunds the newest payments first across assets', async () => {
    const pr = (await sandbox.createRequest({ value: { amount: '1000', currency: 'NZD' } })).body;
    await sandbox.payAsAlice(pr.id, { amount: '600' });
    const cash = (await sandbox.pay(pr.id, TERMINAL, { assetType: ASSET_TYPE.externalTest, amount: '400' })).body;
    const response = await refund(pr.id, '500');
    expect(response.body).not.toHaveProperty('assetType');
    expect(response.body.strategy.refunds).toEqual([
      { assetType: ASSET_TYPE.externalTest, completedPaymentId: cash.id, amount: '400' },
      expect.objectContaining({ assetId: SEED.aliceAsset, assetType: ASSET_TYPE.nzdTest, amount: '100' }),
    ]);
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('99500');
  });
});

describe('refunds the paying asset cannot take', () => {
  const setAssetType = (type: string, refunds: 'full-only' | 'none') => {
    const info = sandbox.state.store.assetTypes.get(type);
    if (info) info.refunds = refunds;
  };

  it('answers REFUND_NOT_SUPPORTED, and changes nothing', async () => {
    const pr = (await sandbox.createRequest()).body;
    await sandbox.payAsAlice(pr.id);
    setAssetType(ASSET_TYPE.nzdTest, 'none');
    expect((await refund(pr.id, '1000')).body).toMatchObject({ statusCode: 403, message: 'REFUND_NOT_SUPPORTED' });
    expect((await voidRequest(pr.id)).body.message).toBe('REFUND_NOT_SUPPORTED');
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('99000');
    expect(await activityTypes(pr.id)).toEqual(['paid', 'payment', 'request']);
  });

  it('answers PARTIAL_REFUNDS_NOT_ALLOWED for part of a full-only payment', async () => {
    const pr = (await sandbox.createRequest()).body;
    await sandbox.payAsAlice(pr.id);
    setAssetType(ASSET_TYPE.nzdTest, 'full-only');
    expect((await refund(pr.id, '999')).body).toMatchObject({ statusCode: 403, message: 'PARTIAL_REFUNDS_NOT_ALLOWED' });
    expect((await refund(pr.id, '1000')).status).toBe(200);
  });

  it('answers INACTIVE_ASSET when the wallet that paid can no longer receive', async () => {
    const pr = (await sandbox.createRequest()).body;
    await sandbox.payAsAlice(pr.id);
    const asset = sandbox.state.store.assets.get(SEED.aliceAsset);
    if (asset) asset.active = false;
    expect((await refund(pr.id, '1000')).body).toMatchObject({ statusCode: 403, message: 'INACTIVE_ASSET' });
    expect((await voidRequest(pr.id)).body.message).toBe('INACTIVE_ASSET');
  });
});

describe('POST /api/payment-requests/{id}/cancel (patron decline, sandbox extension)', () => {
  it('lets a patron cancel a new request with CANCELLED_BY_PATRON', async () => {
    const pr = (await sandbox.createRequest({ value: { amount: '3000', currency: 'NZD' } })).body;
    await sandbox.payAsAlice(pr.id, { amount: '1000' });
    const cancelled = await sandbox.call('POST', `/api/payment-requests/${pr.id}/cancel`, ALICE);
    expect(cancelled.body).toMatchObject({ type: 'cancellation', cancellationReason: 'CANCELLED_BY_PATRON', createdBy: CRN.alice });
    expect(await get(pr.id)).toMatchObject({ status: 'cancelled', cancellationReason: 'CANCELLED_BY_PATRON' });
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('100000');
    expect((await sandbox.call('POST', `/api/payment-requests/${pr.id}/cancel`, ALICE)).body.message).toBe('REQUEST_CANCELLED');
  });

  it('does not exist for API keys', async () => {
    const pr = (await sandbox.createRequest()).body;
    for (const caller of [TERMINAL, REWARDS]) {
      expect((await sandbox.call('POST', `/api/payment-requests/${pr.id}/cancel`, caller)).body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Not Found' });
    }
    expect((await get(pr.id)).status).toBe('new');
  });
});

describe('expiry with money on the request', () => {
  it('returns multi-asset payments when an unfinished request expires', async () => {
    const pr = (await sandbox.createRequest({ value: { amount: '3000', currency: 'NZD' }, expirySeconds: 60 })).body;
    await sandbox.payAsAlice(pr.id, { amount: '1000' });
    await sandbox.advance(60);
    expect((await get(pr.id)).status).toBe('expired');
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('100000');
    expect(await activityTypes(pr.id)).toEqual(['expiry', 'refund', 'payment', 'request']);
  });
});
