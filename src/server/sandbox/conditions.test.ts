import { describe, expect, it } from 'vitest';
import { paymentRequestSchema } from '../../domain/centrapay';
import { SEED } from '../../domain/sandbox-seeds';
import { ALICE, balanceOf, CRN, freshSandboxEachTest, OTHER_TERMINAL, REWARDS, TERMINAL } from '../../test-support/sandbox-world';

const sandbox = freshSandboxEachTest();

const wine = [
  { name: 'Pinot Noir', sku: 'WINE-PN', qty: '1', price: '3000', restricted: true },
  { name: 'Cheese board', sku: 'FOOD-CB', qty: '1', price: '2000' },
];
const createRestricted = (extra: Record<string, unknown> = {}) =>
  sandbox.createRequest({ value: { amount: '5000', currency: 'NZD' }, lineItems: wine, conditionsEnabled: true, ...extra });
const get = async (id: string) => (await sandbox.call('GET', `/api/payment-requests/${id}`, TERMINAL)).body;
const decide = (id: string, conditionId: string, decision: 'accept' | 'decline', caller = TERMINAL) =>
  sandbox.call('POST', `/api/payment-requests/${id}/conditions/${conditionId}/${decision}`, caller);
const activityTypes = async (id: string) =>
  (await sandbox.call('GET', `/api/payment-requests/${id}/activities`, TERMINAL)).body.items.map((a: { type: string }) => a.type);

describe('payment conditions', () => {
  it('a restricted line item raises a photo-ID check for the merchant', async () => {
    const pr = (await createRestricted()).body;
    expect(() => paymentRequestSchema.parse(pr)).not.toThrow();
    expect(pr).toMatchObject({
      status: 'new',
      merchantConditions: [{ id: '1', name: 'photo-id-check', message: 'Please check ID', status: 'awaiting-merchant' }],
    });
    expect((await sandbox.createRequest()).body.merchantConditions).toEqual([]);
  });

  it('cancels the request instead when the integration did not enable conditions', async () => {
    const pr = (await createRestricted({ conditionsEnabled: undefined })).body;
    expect(pr).toMatchObject({ status: 'cancelled', cancellationReason: 'PAYMENT_DECLINED' });
    expect(pr.merchantConditions).toEqual([expect.objectContaining({ name: 'photo-id-check', status: 'void' })]);
    expect(await activityTypes(pr.id)).toEqual(['cancellation', 'request']);
  });

  it('holds payment until the merchant accepts, then lets the patron pay', async () => {
    const pr = (await createRestricted()).body;
    const early = await sandbox.payAsAlice(pr.id);
    expect(early.body).toMatchObject({ statusCode: 403, message: 'PAYMENT_DECLINED' });
    expect(balanceOf(sandbox.state, SEED.aliceAsset)).toBe('100000');

    const accepted = await decide(pr.id, '1', 'accept');
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      type: 'accept-condition',
      conditionId: 1,
      value: { amount: '5000', currency: 'NZD' },
      activityNumber: '2',
      createdBy: CRN.terminal,
    });
    expect((await get(pr.id)).merchantConditions[0].status).toBe('accepted');
    expect((await sandbox.payAsAlice(pr.id)).status).toBe(200);
    expect((await get(pr.id)).status).toBe('paid');
    expect((await decide(pr.id, '1', 'decline')).body).toMatchObject({ statusCode: 403, message: 'CONDITION_ALREADY_SET' });
  });

  it('declining cancels the request with DECLINED_BY_MERCHANT', async () => {
    const pr = (await createRestricted()).body;
    const declined = await decide(pr.id, '1', 'decline');
    expect(declined.body).toMatchObject({ type: 'decline-condition', conditionId: 1 });
    expect(await get(pr.id)).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'DECLINED_BY_MERCHANT',
      merchantConditions: [expect.objectContaining({ status: 'declined' })],
    });
    expect(await activityTypes(pr.id)).toEqual(['cancellation', 'decline-condition', 'request']);
    expect((await decide(pr.id, '1', 'accept')).body.message).toBe('CONDITION_ALREADY_SET');
  });

  it('with the patron not present, the patron confirms in their app instead', async () => {
    const pr = (await createRestricted({ patronNotPresent: true })).body;
    expect(pr.merchantConditions).toEqual([expect.objectContaining({ id: '1', name: 'patron-age-confirmation', status: 'awaiting-patron' })]);
    expect((await decide(pr.id, '1', 'accept')).body).toMatchObject({ statusCode: 403, message: 'MERCHANT_NOT_AUTHORIZED' });
    const declined = await decide(pr.id, '1', 'decline', ALICE);
    expect(declined.body).toMatchObject({ type: 'decline-condition', createdBy: CRN.alice });
    expect(await get(pr.id)).toMatchObject({ status: 'cancelled', cancellationReason: 'DECLINED_BY_PATRON' });
  });

  it('answers PATRON_NOT_AUTHORIZED to a patron acting on a merchant condition', async () => {
    const pr = (await createRestricted()).body;
    expect((await decide(pr.id, '1', 'accept', ALICE)).body).toMatchObject({ statusCode: 403, message: 'PATRON_NOT_AUTHORIZED' });
  });

  it('refuses other merchants, wallets, unknown conditions and unknown requests', async () => {
    const pr = (await createRestricted()).body;
    expect((await decide(pr.id, '1', 'accept', OTHER_TERMINAL)).body.message).toBe('Forbidden');
    expect((await decide(pr.id, '1', 'accept', REWARDS)).body.message).toBe('Forbidden');
    expect((await decide(pr.id, '2', 'accept')).body.message).toBe('Forbidden');
    expect((await decide('MhocUmpxxmgdHjr7DgKoKw', '1', 'accept')).status).toBe(403);
    expect((await decide(pr.id, '1', 'accept', {})).status).toBe(401);
  });

  it('voids open conditions when the request ends; acting on one answers CONDITION_ALREADY_SET', async () => {
    const expiring = (await createRestricted({ expirySeconds: 30 })).body;
    await sandbox.advance(30);
    expect((await get(expiring.id)).merchantConditions[0].status).toBe('void');
    expect((await decide(expiring.id, '1', 'accept')).body.message).toBe('CONDITION_ALREADY_SET');

    const voided = (await createRestricted()).body;
    await sandbox.call('POST', `/api/payment-requests/${voided.id}/void`, TERMINAL);
    expect((await get(voided.id)).merchantConditions[0].status).toBe('void');
  });

  it('a patron code with the photo-ID test scenario forces the check', async () => {
    const code = (await sandbox.call('POST', '/api/patron-codes', ALICE, { testScenarioName: 'force-condition-check-photo-id' })).body;
    const pr = (await sandbox.createRequest({ barcode: code.barcode, conditionsEnabled: true })).body;
    expect(pr.merchantConditions).toEqual([expect.objectContaining({ name: 'photo-id-check', status: 'awaiting-merchant' })]);
    expect(pr.patronCodeId).toBe(code.id);
  });
});
