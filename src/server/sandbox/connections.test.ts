import { describe, expect, it } from 'vitest';
import { connectionSchema } from '../../domain/centrapay';
import { ASSET_TYPE, SEED } from '../../domain/sandbox-seeds';
import { ALICE, CRN, freshSandboxEachTest, OTHER_TERMINAL, PUBLIC_URL, REWARDS, TERMINAL } from '../../test-support/sandbox-world';

const sandbox = freshSandboxEachTest();

const createConnection = (caller = TERMINAL, merchantId: string = SEED.merchantCafe) =>
  sandbox.call('POST', '/api/connections', caller, { merchantId });
const authorize = (id: string, caller = REWARDS, walletId: string = SEED.rewardsWalletId) =>
  sandbox.call('POST', `/api/connections/${id}/authorize`, caller, { walletId });

describe('connections', () => {
  it('are created by the merchant with a patron-facing url', async () => {
    const response = await createConnection();
    expect(response.status).toBe(200);
    const connection = response.body;
    expect(() => connectionSchema.parse(connection)).not.toThrow();
    expect(connection).toMatchObject({
      status: 'created',
      url: `${PUBLIC_URL}/sandbox/connect/${connection.id}`,
      merchantId: SEED.merchantCafe,
      createdBy: CRN.terminal,
      createdByAccountName: 'Sandbox Café',
      test: true,
    });
    expect(connection.id).toMatch(/^cn_/);
  });

  it('refuse other merchants and non-merchants', async () => {
    expect((await createConnection(OTHER_TERMINAL)).status).toBe(403);
    expect((await createConnection(ALICE)).status).toBe(403);
    expect((await createConnection(TERMINAL, 'nope')).status).toBe(403);
    expect((await sandbox.call('POST', '/api/connections', TERMINAL, {})).body.message).toBe('merchantId is required');
  });

  it('are authorised by the wallet’s own key, once', async () => {
    const connection = (await createConnection()).body;
    expect((await authorize(connection.id, TERMINAL)).status).toBe(403);
    expect((await authorize(connection.id, REWARDS, 'another-wallet')).status).toBe(403);
    const authorized = await authorize(connection.id);
    expect(authorized.status).toBe(200);
    expect(authorized.body).toMatchObject({ status: 'authorized', walletId: SEED.rewardsWalletId, walletName: 'Sandbox Rewards' });
    // A second authorise is refused even for the same wallet (centrapay-api.md §5.1), and changes nothing.
    const again = await authorize(connection.id);
    expect(again.status).toBe(403);
    expect(again.body).toMatchObject({ message: 'Forbidden', reason: 'the connection is already authorized' });
    expect((await sandbox.call('GET', `/api/connections/${connection.id}/summary`)).body).toMatchObject({ status: 'authorized', walletId: SEED.rewardsWalletId });
    expect((await authorize('cn_unknown')).status).toBe(403);
  });

  it('have a summary without authentication', async () => {
    const connection = (await createConnection()).body;
    const summary = await sandbox.call('GET', `/api/connections/${connection.id}/summary`);
    expect(summary.body).toEqual({
      id: connection.id,
      status: 'created',
      url: connection.url,
      merchantId: SEED.merchantCafe,
      createdByAccountName: 'Sandbox Café',
      createdAt: connection.createdAt,
    });
  });

  it('link Payment Requests, which report the connection status', async () => {
    const connection = (await createConnection()).body;
    const pr = (await sandbox.createRequest({ connectionId: connection.id })).body;
    expect(pr).toMatchObject({ connectionId: connection.id, connectionStatus: 'created' });
    await authorize(connection.id);
    expect((await sandbox.call('GET', `/api/payment-requests/${pr.id}`, TERMINAL)).body.connectionStatus).toBe('authorized');
  });

  it('refuse unknown, foreign or someone else’s connections on create', async () => {
    expect((await sandbox.createRequest({ connectionId: 'cn_missing' })).body.message).toBe('CONNECTION_NOT_FOUND');
    const foreign = (await createConnection(OTHER_TERMINAL, SEED.merchantOther)).body;
    expect((await sandbox.createRequest({ connectionId: foreign.id })).body.message).toBe('CONNECTION_MERCHANT_MISMATCH');
    const mine = (await createConnection()).body;
    sandbox.state.store.apiKeys.set('sbx-terminal-cafe-2', {
      secret: 'sbx-terminal-cafe-2',
      name: 'cafe-terminal-2',
      accountId: SEED.accountCafe,
      role: 'merchant-terminal',
      enabled: true,
    });
    expect((await sandbox.createRequest({ connectionId: mine.id }, { key: 'sbx-terminal-cafe-2' })).body.message).toBe('CONNECTION_CREATED_BY_MISMATCH');
  });

  it('give the authorising wallet the latest Payment Request, and nobody else', async () => {
    const connection = (await createConnection()).body;
    const latestPath = `/api/connections/${connection.id}/latest-payment-request`;
    await authorize(connection.id);
    expect((await sandbox.call('GET', latestPath, REWARDS)).status).toBe(403);
    await sandbox.createRequest({ connectionId: connection.id });
    const second = (await sandbox.createRequest({ connectionId: connection.id })).body;
    const latest = await sandbox.call('GET', latestPath, REWARDS);
    expect(latest.status).toBe(200);
    expect(latest.body).toMatchObject({ id: second.id, connectionId: connection.id, connectionStatus: 'authorized' });
    expect((await sandbox.call('GET', latestPath, TERMINAL)).status).toBe(403);
    expect((await sandbox.call('GET', latestPath, ALICE)).status).toBe(403);
  });

  it('carry the whole connect flow: offer, then the terminal’s external remainder', async () => {
    const connection = (await createConnection()).body;
    await authorize(connection.id);
    const lineItems = [
      { name: 'Long Black', sku: 'COFFEE-LB', qty: '1', price: '500' },
      { name: 'Scone', sku: 'FOOD-SC', qty: '1', price: '650' },
    ];
    const pr = (await sandbox.createRequest({ connectionId: connection.id, value: { amount: '1150', currency: 'NZD' }, lineItems, externalRef: 'ORDER-9' })).body;
    const seen = (await sandbox.call('GET', `/api/connections/${connection.id}/latest-payment-request`, REWARDS)).body;
    expect(seen.lineItems).toEqual(lineItems);
    expect((await sandbox.pay(pr.id, REWARDS, { assetType: ASSET_TYPE.rewardsTest, authorization: 'offer-7', mode: 'multi-asset-payment', amount: '100' })).status).toBe(200);
    const discounted = (await sandbox.call('GET', `/api/payment-requests/${pr.id}`, TERMINAL)).body;
    expect(discounted).toMatchObject({ status: 'new', remainingAmount: '1050', lineItems });
    expect(
      (await sandbox.pay(pr.id, TERMINAL, { assetType: ASSET_TYPE.externalTest, mode: 'multi-asset-payment', amount: '1050', externalPaymentRef: 'till-1' })).status,
    ).toBe(200);
    const done = (await sandbox.call('GET', `/api/payment-requests/${pr.id}`, TERMINAL)).body;
    expect(done).toMatchObject({ status: 'paid', remainingAmount: '0' });
    expect(done.paidBy.assetTotals.map((total: { type: string }) => total.type)).toEqual([ASSET_TYPE.rewardsTest, ASSET_TYPE.externalTest]);
  });
});

describe('reversing a connect-flow payment', () => {
  const lineItems = [
    { name: 'Flat White', sku: 'COFFEE-FW', qty: '1', price: '500' },
    { name: 'Scone', sku: 'FOOD-SC', qty: '1', price: '500' },
  ];
  async function withOffer() {
    const connection = (await createConnection()).body;
    await authorize(connection.id);
    const pr = (await sandbox.createRequest({ connectionId: connection.id, value: { amount: '1000', currency: 'NZD' }, lineItems })).body;
    const offer = (await sandbox.pay(pr.id, REWARDS, { assetType: ASSET_TYPE.rewardsTest, authorization: 'offer-1', amount: '100' })).body;
    return { pr, offer };
  }

  it('a void of the unfinished request gives the wallet its payment back', async () => {
    const { pr, offer } = await withOffer();
    const voided = await sandbox.call('POST', `/api/payment-requests/${pr.id}/void`, TERMINAL);
    expect(voided.body.type).toBe('cancellation');
    const items = (await sandbox.call('GET', `/api/payment-requests/${pr.id}/activities`, TERMINAL)).body.items;
    expect(items[1]).toMatchObject({
      type: 'refund',
      assetType: ASSET_TYPE.rewardsTest,
      strategy: { refunds: [{ assetType: ASSET_TYPE.rewardsTest, completedPaymentId: offer.id, amount: '100' }] },
    });
  });

  it('a refund of the finished request reaches the wallet’s leg after the till’s', async () => {
    const { pr, offer } = await withOffer();
    const cash = (await sandbox.pay(pr.id, TERMINAL, { assetType: ASSET_TYPE.externalTest, amount: '900' })).body;
    const refund = await sandbox.call('POST', `/api/payment-requests/${pr.id}/refund`, TERMINAL, { value: { amount: '1000', currency: 'NZD' }, externalRef: 'R-1' });
    expect(refund.body.strategy.refunds).toEqual([
      { assetType: ASSET_TYPE.externalTest, completedPaymentId: cash.id, amount: '900' },
      { assetType: ASSET_TYPE.rewardsTest, completedPaymentId: offer.id, amount: '100' },
    ]);
  });
});
