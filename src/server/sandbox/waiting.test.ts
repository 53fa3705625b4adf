// GET /_sandbox/waiting: what the wallet simulator looks out for, answered 200 whether or not there is anything, so a
// patron who is only waiting meets no refusals (Centrapay's look-ups answer 403 until there is something to find).
import { describe, expect, it } from 'vitest';
import { SEED } from '../../domain/sandbox-seeds';
import { REWARDS, TERMINAL, freshSandboxEachTest } from '../../test-support/sandbox-world';

const sandbox = freshSandboxEachTest();
const look = async () => {
  const response = await sandbox.call('GET', '/_sandbox/waiting');
  expect(response.status).toBe(200);
  return response.body;
};

describe('GET /_sandbox/waiting', () => {
  it('answers with nothing waiting, not a refusal', async () => {
    expect(await look()).toEqual({ paymentRequests: [], connections: [] });
  });

  it('lists every request still new, newest first, with the patron whose code made it; a paid or expired one no longer', async () => {
    const byCode = (await sandbox.createRequest({ barcode: SEED.aliceBarcode })).body;
    const byQr = (await sandbox.createRequest({ value: { amount: '250', currency: 'NZD' } })).body;
    expect((await look()).paymentRequests).toEqual([
      { id: byQr.id, shortCode: byQr.shortCode, merchantName: 'Sandbox Café', value: { amount: '250', currency: 'NZD' }, remainingAmount: '250',
        expiresAt: byQr.expiresAt, preAuth: false, connectionId: null, patronAccountId: null },
      expect.objectContaining({ id: byCode.id, patronAccountId: SEED.accountAlice }),
    ]);
    await sandbox.payAsAlice(byQr.id);
    expect((await look()).paymentRequests.map((pr: { id: string }) => pr.id)).toEqual([byCode.id]);
    await sandbox.advance(121);
    expect((await look()).paymentRequests).toEqual([]);
  });

  it('lists a connection until it is authorised, then its request by the connection', async () => {
    const connection = (await sandbox.call('POST', '/api/connections', TERMINAL, { merchantId: SEED.merchantCafe })).body;
    expect((await look()).connections).toEqual([{ id: connection.id, merchantName: 'Sandbox Café', createdAt: connection.createdAt }]);
    await sandbox.call('POST', `/api/connections/${connection.id}/authorize`, REWARDS, { walletId: SEED.rewardsWalletId });
    expect(await look()).toEqual({ paymentRequests: [], connections: [] });
    const pr = (await sandbox.createRequest({ connectionId: connection.id, partialAllowed: true, basketAmount: '1000' })).body;
    expect((await look()).paymentRequests).toEqual([expect.objectContaining({ id: pr.id, connectionId: connection.id })]);
  });

  it('forgets a connection nobody authorised within 15 minutes', async () => {
    await sandbox.call('POST', '/api/connections', TERMINAL, { merchantId: SEED.merchantCafe });
    await sandbox.advance(15 * 60 + 1);
    expect((await look()).connections).toEqual([]);
  });
});
