import { describe, expect, it } from 'vitest';
import { paymentActivitySchema } from '../../domain/centrapay';
import { ASSET_TYPE, SEED } from '../../domain/sandbox-seeds';
import { ALICE, balanceOf, OTHER_TERMINAL, freshSandboxEachTest, TERMINAL, uniqueKey } from '../../test-support/sandbox-world';

const sandbox = freshSandboxEachTest();

const DAY = 24 * 60 * 60;
const fuel = (price: string) => [{ name: 'Diesel', sku: 'FUEL-D', qty: '40', price }];
const createPreAuth = async (amount = '10000') =>
  (await sandbox.createRequest({ preAuth: true, value: { amount, currency: 'NZD' }, lineItems: fuel(amount) })).body;
const authorise = (id: string) => sandbox.payAsAlice(id);
const confirm = (id: string, amount: string, idempotencyKey = uniqueKey('confirm'), extra: Record<string, unknown> = {}, caller = TERMINAL) =>
  sandbox.call('POST', `/api/payment-requests/${id}/confirm`, caller, { idempotencyKey, invoiceRef: `INV-${idempotencyKey}`, lineItems: fuel(amount), ...extra });
const release = (id: string, caller = TERMINAL) => sandbox.call('POST', `/api/payment-requests/${id}/release`, caller);
const refund = (id: string, amount: string, extra: Record<string, unknown> = {}) =>
  sandbox.call('POST', `/api/payment-requests/${id}/refund`, TERMINAL, { value: { amount, currency: 'NZD' }, externalRef: uniqueKey('refund'), ...extra });
const get = async (id: string) => (await sandbox.call('GET', `/api/payment-requests/${id}`, TERMINAL)).body;
const activityTypes = async (id: string) =>
  (await sandbox.call('GET', `/api/payment-requests/${id}/activities`, TERMINAL)).body.items.map((a: { type: string }) => a.type);

describe('pre-auth', () => {
  it('is created with a preAuthRequest activity and authorised by the patron’s pay', async () => {
    const pr = await createPreAuth();
    expect(pr).toMatchObject({ status: 'new', preAuth: true });
    expect(pr).not.toHaveProperty('preAuthStatus');
    const authorization = await authorise(pr.id);
    expect(authorization.status).toBe(200);
    expect(() => paymentActivitySchema.parse(authorization.body)).not.toThrow();
    expect(authorization.body).toMatchObject({ type: 'authorization', preAuth: true, value: { amount: '10000' }, assetType: ASSET_TYPE.nzdTest });
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('90000');

    const authorised = await get(pr.id);
    expect(authorised).toMatchObject({ status: 'paid', preAuthStatus: 'authorized', remainingAmount: '0' });
    expect(Date.parse(authorised.preAuthExpiresAt) - Date.parse(authorization.body.createdAt)).toBe(90 * DAY * 1000);
    expect(await activityTypes(pr.id)).toEqual(['authorization', 'preAuthRequest']);
  });

  it('is authorised in full by one asset: modes and part amounts are declined', async () => {
    const pr = await createPreAuth();
    expect((await sandbox.payAsAlice(pr.id, { mode: 'multi-asset-payment', amount: '5000' })).body.message).toBe('PAYMENT_DECLINED');
    expect((await sandbox.payAsAlice(pr.id, { amount: '5000' })).body.message).toBe('PAYMENT_DECLINED');
    const cash = await sandbox.pay(pr.id, TERMINAL, { assetType: ASSET_TYPE.externalTest, amount: '10000' });
    expect(cash.body.message).toBe('INVALID_ASSET_TYPE');
    expect((await sandbox.payAsAlice(pr.id, { amount: '10000' })).status).toBe(200);
  });

  it('confirms in parts up to the authorised value, then INVALID_AMOUNT', async () => {
    const pr = await createPreAuth();
    await authorise(pr.id);
    const first = await confirm(pr.id, '4000', 'c-1');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      type: 'confirmation',
      preAuth: true,
      value: { amount: '4000', currency: 'NZD' },
      idempotencyKey: 'c-1',
      invoiceRef: 'INV-c-1',
      lineItems: fuel('4000'),
      createdByAccountId: SEED.accountCafe,
      createdByAccountName: 'Sandbox Café',
      shortCode: `${pr.shortCode}-03`,
    });
    expect(first.body.updatedAt).toBe(first.body.createdAt);
    expect((await confirm(pr.id, '6001')).body).toMatchObject({ statusCode: 403, message: 'INVALID_AMOUNT' });
    expect((await confirm(pr.id, '6000')).status).toBe(200);
    expect((await confirm(pr.id, '1')).body.message).toBe('INVALID_AMOUNT');
    // Nothing moved back to the patron: confirmed funds stay with the merchant.
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('90000');
  });

  it('answers a repeated confirmation with the first response and never draws twice', async () => {
    const pr = await createPreAuth();
    await authorise(pr.id);
    const [one, two] = await Promise.all([confirm(pr.id, '7000', 'same'), confirm(pr.id, '7000', 'same')]);
    expect(one?.status).toBe(200);
    expect(two?.body).toEqual(one?.body);
    expect((await confirm(pr.id, '7000', 'same')).body).toEqual(one?.body);
    expect((await confirm(pr.id, '3000')).status).toBe(200);
    expect((await confirm(pr.id, '7000', 'same', { invoiceRef: 'OTHER' })).body).toMatchObject({ statusCode: 403, message: 'IDEMPOTENT_OPERATION_FAILED' });
    expect((await activityTypes(pr.id)).filter((type: string) => type === 'confirmation')).toHaveLength(2);
  });

  it('validates confirmations', async () => {
    const pr = await createPreAuth();
    await authorise(pr.id);
    const path = `/api/payment-requests/${pr.id}/confirm`;
    expect((await sandbox.call('POST', path, TERMINAL, { invoiceRef: 'I', lineItems: fuel('1') })).body.message).toBe('idempotencyKey is required');
    expect((await sandbox.call('POST', path, TERMINAL, { idempotencyKey: 'k', lineItems: fuel('1') })).body.message).toBe('invoiceRef is required');
    expect((await sandbox.call('POST', path, TERMINAL, { idempotencyKey: 'k', invoiceRef: 'I' })).body.message).toBe('lineItems is required');
    expect((await confirm(pr.id, '100', 'k', { invoiceRef: 'x'.repeat(129) })).status).toBe(400);
    expect((await confirm(pr.id, '100', 'k', { value: { amount: '200', currency: 'NZD' } })).body).toMatchObject({
      statusCode: 400,
      message: 'LINE_ITEMS_SUM_CHECK_FAILED',
    });
    expect((await confirm(pr.id, '100', 'k', { value: { amount: '100', currency: 'NZD' } })).status).toBe(200);
  });

  it('answers the documented confirm errors for each state', async () => {
    const plain = (await sandbox.createRequest()).body;
    await sandbox.payAsAlice(plain.id);
    expect((await confirm(plain.id, '100')).body).toMatchObject({ statusCode: 403, message: 'INVALID_PAYMENT_REQUEST_TYPE' });

    const pending = await createPreAuth();
    expect((await confirm(pending.id, '100')).body.message).toBe('PRE_AUTH_PENDING');
    await sandbox.call('POST', `/api/payment-requests/${pending.id}/void`, TERMINAL);
    expect((await confirm(pending.id, '100')).body.message).toBe('REQUEST_CANCELLED');

    const released = await createPreAuth();
    await authorise(released.id);
    await release(released.id);
    expect((await confirm(released.id, '100')).body.message).toBe('PRE_AUTH_RELEASED');

    expect((await confirm(released.id, '100', uniqueKey(), {}, OTHER_TERMINAL)).body.message).toBe('Forbidden');
    expect((await confirm(released.id, '100', uniqueKey(), {}, ALICE)).body.message).toBe('Forbidden');
  });

  it('release returns what is not confirmed and finishes the pre-auth', async () => {
    const pr = await createPreAuth();
    await authorise(pr.id);
    await confirm(pr.id, '2500');
    const released = await release(pr.id);
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ type: 'release', preAuth: true, value: { amount: '7500' }, assetType: ASSET_TYPE.nzdTest });
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('97500');
    expect(await get(pr.id)).toMatchObject({ status: 'paid', preAuthStatus: 'released' });
    expect((await release(pr.id)).body).toMatchObject({ statusCode: 403, message: 'PRE_AUTH_RELEASED' });
  });

  it('release of a never-authorised pre-auth cancels it', async () => {
    const pr = await createPreAuth();
    const released = await release(pr.id);
    expect(released.body).toMatchObject({ type: 'cancellation', cancellationReason: 'CANCELLED_BY_MERCHANT' });
    expect((await get(pr.id)).status).toBe('cancelled');
    expect((await release(pr.id)).body.message).toBe('REQUEST_CANCELLED');
  });

  it('release answers INVALID_PAYMENT_REQUEST_TYPE off pre-auth, and INVALID_AMOUNT with nothing left', async () => {
    const plain = (await sandbox.createRequest()).body;
    expect((await release(plain.id)).body.message).toBe('INVALID_PAYMENT_REQUEST_TYPE');
    const pr = await createPreAuth();
    await authorise(pr.id);
    await confirm(pr.id, '10000');
    expect((await release(pr.id)).body).toMatchObject({ statusCode: 403, message: 'INVALID_AMOUNT' });
  });

  it('lapses after preAuthExpiresAt: the rest is released by the sandbox', async () => {
    const pr = await createPreAuth();
    await authorise(pr.id);
    await confirm(pr.id, '1000');
    await sandbox.advance(90 * DAY);
    expect(await get(pr.id)).toMatchObject({ preAuthStatus: 'released' });
    const items = (await sandbox.call('GET', `/api/payment-requests/${pr.id}/activities`, TERMINAL)).body.items;
    expect(items[0]).toMatchObject({ type: 'release', value: { amount: '9000' }, createdBy: 'crn::system:sandbox' });
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('99000');
    expect((await confirm(pr.id, '100')).body.message).toBe('PRE_AUTH_RELEASED');
    expect((await release(pr.id)).body.message).toBe('PRE_AUTH_RELEASED');
  });

  it('refunds a confirmation by its idempotency key, and held funds without one', async () => {
    const pr = await createPreAuth();
    expect((await refund(pr.id, '100')).body.message).toBe('PRE_AUTH_PENDING');
    await authorise(pr.id);
    await confirm(pr.id, '3000', 'c-1');
    expect((await refund(pr.id, '100', { confirmationIdempotencyKey: 'nope' })).body).toMatchObject({ statusCode: 403, message: 'CONFIRMATION_NOT_FOUND' });
    expect((await refund(pr.id, '3001', { confirmationIdempotencyKey: 'c-1' })).body.message).toBe('INVALID_AMOUNT');

    const confirmed = await refund(pr.id, '1000', { confirmationIdempotencyKey: 'c-1' });
    expect(confirmed.body).toMatchObject({ type: 'refund', confirmationIdempotencyKey: 'c-1', value: { amount: '1000' }, preAuth: true });
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('91000');

    // Without a key only what is still held (7000) can be refunded.
    expect((await refund(pr.id, '7001')).body.message).toBe('INVALID_AMOUNT');
    expect((await refund(pr.id, '7000')).status).toBe(200);
    expect((await refund(pr.id, '1')).body.message).toBe('ALREADY_REFUNDED');
    expect((await confirm(pr.id, '1')).body.message).toBe('INVALID_AMOUNT');
    expect((await refund(pr.id, '2000', { confirmationIdempotencyKey: 'c-1' })).status).toBe(200);
    expect((await refund(pr.id, '1', { confirmationIdempotencyKey: 'c-1' })).body.message).toBe('ALREADY_REFUNDED');
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('100000');
  });

  it('voids only without confirmations', async () => {
    const unconfirmed = await createPreAuth();
    await authorise(unconfirmed.id);
    const voided = await sandbox.call('POST', `/api/payment-requests/${unconfirmed.id}/void`, TERMINAL);
    expect(voided.body).toMatchObject({ type: 'refund', value: { amount: '10000' } });
    expect(await get(unconfirmed.id)).toMatchObject({ status: 'paid', preAuthStatus: 'released' });
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('100000');

    const confirmed = await createPreAuth();
    await authorise(confirmed.id);
    await confirm(confirmed.id, '100');
    const refused = await sandbox.call('POST', `/api/payment-requests/${confirmed.id}/void`, TERMINAL);
    expect(refused.body).toMatchObject({ statusCode: 403, message: 'PRE_AUTH_ALREADY_CONFIRMED' });
  });
});
