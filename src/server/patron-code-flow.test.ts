// The barcode flow (§6.3), payment conditions (§6.9) and patron not present (§6.8) through the gateway, against the
// real sandbox: what the cashier sends, what Centrapay is asked, what the lane shows and what the journal keeps.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LaneState } from '../domain/lane';
import { SEED } from '../domain/sandbox-seeds';
import { act, buildGateway, CART, laneState, waitForLane } from '../test-support/gateway-app';
import { AS_TERMINAL, startSandbox, type SandboxHarness } from '../test-support/sandbox-harness';

let sandbox: SandboxHarness;
let gateway: FastifyInstance;
const ALICE = { Authorization: SEED.aliceToken };
const BEER_CART = [{ sku: 'DRINK-BEER', qty: 1 }, { sku: 'COFFEE-FW', qty: 1 }];

beforeEach(async () => {
  sandbox = await startSandbox();
  gateway = await buildGateway(sandbox.url);
});

afterEach(async () => {
  await gateway.close();
  await sandbox.close();
});

const decode = (code: string) => gateway.inject({ method: 'POST', url: '/api/lanes/lane-1/decode', payload: { code } });
const payByCode = (code: string, cart: unknown = CART, patronNotPresent = false) =>
  gateway.inject({ method: 'POST', url: '/api/lanes/lane-1/code-payments', payload: { cart, code, patronNotPresent, operatorId: 'op-7' } });
const payByQr = (cart: unknown) => gateway.inject({ method: 'POST', url: '/api/lanes/lane-1/payments', payload: { cart, operatorId: 'op-7' } });
const answer = (state: LaneState, conditionId: string, decision: 'accept' | 'decline') =>
  gateway.inject({ method: 'POST', url: `/api/lanes/lane-1/conditions/${conditionId}/${decision}`, payload: { ref: state.order!.ref, operatorId: 'op-7' } });
const creates = async () => ((await sandbox.call('GET', '/_sandbox/requests')).body['POST /api/payment-requests'] ?? {}) as Record<string, number>;
const events = async (ref: string) =>
  ((await gateway.inject({ method: 'GET', url: `/api/history/${ref}` })).json().events as Array<{ kind: string; actor: string; detail: string | null }>);

async function alicePays(): Promise<void> {
  const pending = await sandbox.call('GET', '/api/me/patron-code-payment-request', ALICE);
  expect(pending.status).toBe(200);
  const paid = await sandbox.call('POST', `/api/payment-requests/${pending.body.id}/pay`, ALICE, {
    assetType: 'centrapay.nzd.test', assetId: SEED.aliceAsset, idempotencyKey: `alice-${pending.body.id}`,
  });
  expect(paid.status).toBe(200);
}

describe('a code the patron presents', () => {
  it('is decoded into the provider’s name before anything is charged, and the whole code is never shown', async () => {
    const response = await decode(SEED.aliceBarcode);
    expect(response.statusCode).toBe(200);
    // A Centrapay patron code gets no Card Partner discount (that is a Farmlands card's).
    expect(response.json()).toEqual({ masked: '•••• 0019', provider: 'centrapay', displayName: 'Centrapay', cardPartnerPercent: null });
    expect(await creates()).toEqual({});
    expect((await laneState(gateway)).order).toBeNull();
  });

  it.each([
    ['letters', '99900010000000ab', 'digits only'],
    ['17 digits', '99900010000000190', 'at most 16 digits'],
    ['a wrong check digit', SEED.badChecksumBarcode, 'check digit is wrong'],
    ['nothing', '', 'Scan or type'],
  ])('refuses %s in words and sends nothing to Centrapay', async (_, code, words) => {
    for (const response of [await decode(code), await payByCode(code)]) {
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'INVALID_CODE', message: expect.stringContaining(words) });
    }
    const upstream = (await sandbox.call('GET', '/_sandbox/requests')).body as Record<string, unknown>;
    expect(Object.keys(upstream).filter((route) => route.startsWith('POST'))).toEqual([]);
    expect((await laneState(gateway)).order).toBeNull();
  });

  it('refuses an expired code in words, creates nothing and leaves the lane open', async () => {
    const response = await payByCode(SEED.expiredBarcode);
    expect(response.statusCode).toBe(422);
    expect(response.json().message).toMatch(/Nothing was charged/);
    expect(await creates()).toEqual({});
    const state = await laneState(gateway);
    expect(state.order).toBeNull();
    expect(state.cart).toEqual([]);
  });

  it('says Centrapay is not answering when the decode fails, and charges nothing', async () => {
    await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'POST', path: '/api/decode', mode: 'http503', count: 10 });
    const response = await payByCode(SEED.aliceBarcode);
    expect(response.statusCode).toBe(502);
    expect(response.json()).toMatchObject({ code: 'CENTRAPAY_UNAVAILABLE', message: expect.stringContaining('Nothing was charged') });
    expect(await creates()).toEqual({});
  });

  it('creates the request with the code and the cart, waits for the patron to approve in the app, and shows paid', async () => {
    const started = await payByCode(`${SEED.aliceBarcode.slice(0, 8)} ${SEED.aliceBarcode.slice(8)}`);
    expect(started.statusCode).toBe(200);
    const pending = await waitForLane(gateway, (state) => state.payment?.outcome === 'pending');
    expect(pending.order).toMatchObject({ kind: 'code', code: { masked: '•••• 0019', displayName: 'Centrapay' }, patronNotPresent: false });
    expect(pending.payment?.paymentRequest).toMatchObject({
      barcode: SEED.aliceBarcode, patronCodeId: SEED.alicePatronCode, conditionsEnabled: true, partialAllowed: true, basketAmount: '1700',
      externalRef: pending.order!.ref,
    });
    // The lane's ids go to Centrapay; the screens' view of the request leaves them out.
    expect((await sandbox.call('GET', `/api/payment-requests/${pending.payment!.paymentRequest.id}`, AS_TERMINAL)).body)
      .toMatchObject({ terminalId: 'till-1', deviceId: 'SN-1', operatorId: 'op-7' });
    expect(pending.payment?.paymentRequest.lineItems?.map((item) => item.sku)).toEqual(['COFFEE-FW', 'FOOD-MUF']);
    // Nothing the screens receive carries the whole code but the request Centrapay returned (the cashier's own).
    expect(JSON.stringify({ ...pending, payment: null })).not.toContain(SEED.aliceBarcode);

    await alicePays();
    await waitForLane(gateway, (state) => state.payment?.outcome === 'paid');
    const journal = await events(pending.order!.ref);
    const presented = journal.find((event) => event.kind === 'code-presented');
    expect(presented).toMatchObject({ actor: 'cashier:op-7', detail: '•••• 0019, decoded as Centrapay (centrapay)' });
    expect(JSON.stringify(journal)).not.toContain(SEED.aliceBarcode);
  });

  it('cancels a code payment the patron has not approved: voided at Centrapay', async () => {
    await payByCode(SEED.bobBarcode);
    const pending = await waitForLane(gateway, (state) => state.payment?.outcome === 'pending');
    expect((await act(gateway, 'cancel', { ref: pending.order!.ref })).statusCode).toBe(200);
    await waitForLane(gateway, (state) => state.payment?.outcome === 'cancelled');
    const upstream = await sandbox.call('GET', `/api/payment-requests/${pending.payment!.paymentRequest.id}`, { 'X-Api-Key': SEED.terminalCafeKey });
    expect(upstream.body).toMatchObject({ status: 'cancelled' });
  });
});

describe('the rest of a sale a code paid in part (§6.7)', () => {
  it('is asked for by another request under the same sale, and the sale ends paid with both parts', async () => {
    await payByCode(SEED.aliceBarcode);
    const first = await waitForLane(gateway, (state) => state.payment?.outcome === 'pending');
    const firstId = first.payment!.paymentRequest.id;
    const part = await sandbox.call('POST', `/api/payment-requests/${firstId}/pay`, ALICE, {
      assetType: 'centrapay.nzd.test', assetId: SEED.aliceAsset, idempotencyKey: `part-${firstId}`, mode: 'partial-payment', amount: '1000',
    });
    expect(part.status).toBe(200);
    const owed = await waitForLane(gateway, (state) => state.payment?.paymentRequest.remainingAmount === '700');
    expect(owed.order?.ref).toBe(first.order!.ref);

    // The rest by QR: the same sale, a request for what is owed, the whole sale as its basket.
    expect((await payByQr(CART)).statusCode).toBe(200);
    const rest = await waitForLane(gateway, (state) => state.payment?.outcome === 'pending');
    expect(rest.order).toMatchObject({ ref: first.order!.ref, kind: 'qr' });
    expect(rest.parts.map((p) => p.paymentRequest.id)).toEqual([firstId]);
    expect(rest.payment?.paymentRequest).toMatchObject({ value: { amount: '700' }, partialAllowed: true, basketAmount: '1700', externalRef: first.order!.ref });
    const restId = rest.payment!.paymentRequest.id;
    expect(restId).not.toBe(firstId);

    const paid = await sandbox.call('POST', `/api/payment-requests/${restId}/pay`, ALICE, { assetType: 'centrapay.nzd.test', assetId: SEED.aliceAsset, idempotencyKey: `rest-${restId}` });
    expect(paid.status).toBe(200);
    const done = await waitForLane(gateway, (state) => state.payment?.outcome === 'paid' && state.payment.paymentRequest.id === restId);
    expect(done.parts).toHaveLength(1);
    const history = (await gateway.inject({ method: 'GET', url: `/api/history/${first.order!.ref}` })).json();
    expect(history.sale).toMatchObject({ result: 'paid', total: '1700' });
    expect(history.requests.map((request: { id: string }) => request.id).sort()).toEqual([firstId, restId].sort());
    // Nothing was numbered twice: the next sale gets the next number.
    expect((await act(gateway, 'new-sale', {})).statusCode).toBe(200);
  });

  it('refunds both parts when the customer cannot pay the rest', async () => {
    await payByCode(SEED.aliceBarcode);
    const first = await waitForLane(gateway, (state) => state.payment?.outcome === 'pending');
    const firstId = first.payment!.paymentRequest.id;
    await sandbox.call('POST', `/api/payment-requests/${firstId}/pay`, ALICE, {
      assetType: 'centrapay.nzd.test', assetId: SEED.aliceAsset, idempotencyKey: `p1-${firstId}`, mode: 'partial-payment', amount: '1000',
    });
    await waitForLane(gateway, (state) => state.payment?.paymentRequest.remainingAmount === '700');
    await payByCode(SEED.aliceBarcode);
    const rest = await waitForLane(gateway, (state) => state.payment?.outcome === 'pending' && state.parts.length === 1);
    const restId = rest.payment!.paymentRequest.id;
    await sandbox.call('POST', `/api/payment-requests/${restId}/pay`, ALICE, {
      assetType: 'centrapay.nzd.test', assetId: SEED.aliceAsset, idempotencyKey: `p2-${restId}`, mode: 'partial-payment', amount: '300',
    });
    await waitForLane(gateway, (state) => state.payment?.paymentRequest.remainingAmount === '400');
    expect((await act(gateway, 'refund', { ref: first.order!.ref })).statusCode).toBe(200);
    const refunded = await waitForLane(gateway, (state) => state.step === null && state.parts.length === 0 && state.payment?.outcome === 'cancelled');
    expect(refunded.payment?.notice).toMatch(/refunded/);
    for (const id of [firstId, restId]) {
      const activities = await sandbox.call('GET', `/api/payment-requests/${id}/activities`, { 'X-Api-Key': SEED.terminalCafeKey });
      expect(activities.body.items.filter((activity: { type: string }) => activity.type === 'refund')).toHaveLength(1);
    }
    const history = (await gateway.inject({ method: 'GET', url: `/api/history/${first.order!.ref}` })).json();
    expect(history.sale.result).toBe('refunded');
  });
});

describe('payment conditions', () => {
  async function idCheck(): Promise<LaneState> {
    expect((await payByQr(BEER_CART)).statusCode).toBe(200);
    return waitForLane(gateway, (state) => state.payment?.paymentRequest.merchantConditions.some((c) => c.status === 'awaiting-merchant') === true);
  }

  it('asks the cashier about an age-restricted item instead of cancelling; accepted, the patron pays', async () => {
    const waiting = await idCheck();
    const [condition] = waiting.payment!.paymentRequest.merchantConditions;
    expect(condition).toMatchObject({ status: 'awaiting-merchant', message: expect.any(String) });
    expect(waiting.payment?.paymentRequest.lineItems?.find((item) => item.sku === 'DRINK-BEER')).toMatchObject({ restricted: true });

    const accepted = await answer(waiting, condition!.id, 'accept');
    expect(accepted.statusCode).toBe(200);
    const after = await waitForLane(gateway, (state) => state.payment?.paymentRequest.merchantConditions[0]?.status === 'accepted');
    expect(after.step).toBeNull();
    // A second press of Accept (the other cashier screen) is refused: the check is no longer waiting.
    expect((await answer(waiting, condition!.id, 'accept')).json()).toMatchObject({ code: 'CONDITION_NOT_WAITING' });

    const id = after.payment!.paymentRequest.id;
    const paid = await sandbox.call('POST', `/api/payment-requests/${id}/pay`, ALICE, { assetType: 'centrapay.nzd.test', assetId: SEED.aliceAsset, idempotencyKey: `a-${id}` });
    expect(paid.status).toBe(200);
    await waitForLane(gateway, (state) => state.payment?.outcome === 'paid');
    const journal = await events(waiting.order!.ref);
    expect(journal).toContainEqual(expect.objectContaining({ kind: 'condition-awaiting-merchant', actor: 'centrapay' }));
    expect(journal).toContainEqual(expect.objectContaining({ kind: 'condition-accepted', actor: 'cashier:op-7', detail: condition!.message }));
  });

  it('declined, the sale is cancelled on Centrapay and on the lane, and who declined is journaled', async () => {
    const waiting = await idCheck();
    const [condition] = waiting.payment!.paymentRequest.merchantConditions;
    expect((await answer(waiting, condition!.id, 'decline')).statusCode).toBe(200);
    const cancelled = await waitForLane(gateway, (state) => state.payment?.outcome === 'cancelled');
    expect(cancelled.payment?.paymentRequest.cancellationReason).toBe('DECLINED_BY_MERCHANT');
    expect(await events(waiting.order!.ref)).toContainEqual(expect.objectContaining({ kind: 'condition-declined', actor: 'cashier:op-7' }));
  });

  it('refuses an answer to a check that does not exist, and answers that come while nothing is waiting', async () => {
    const waiting = await idCheck();
    expect((await answer(waiting, '99', 'accept')).json()).toMatchObject({ statusCode: 409, code: 'CONDITION_NOT_WAITING' });
    await act(gateway, 'cancel', { ref: waiting.order!.ref });
    await waitForLane(gateway, (state) => state.payment?.outcome === 'cancelled');
    expect((await answer(waiting, '1', 'accept')).statusCode).toBe(409);
  });

  it('raises the photo-ID check of the documented test scenario in the barcode flow', async () => {
    const code = await sandbox.call('POST', '/api/patron-codes', ALICE, { testScenarioName: 'force-condition-check-photo-id' });
    expect(code.status).toBe(200);
    expect((await payByCode(code.body.barcode)).statusCode).toBe(200);
    const waiting = await waitForLane(gateway, (state) => state.payment?.paymentRequest.merchantConditions[0]?.status === 'awaiting-merchant');
    expect(waiting.order?.kind).toBe('code');
  });
});

describe('patron not present', () => {
  it('sends patronNotPresent with the code; the age check becomes the patron’s, shown as information', async () => {
    expect((await payByCode(SEED.aliceBarcode, BEER_CART, true)).statusCode).toBe(200);
    const pending = await waitForLane(gateway, (state) => state.payment?.outcome === 'pending');
    expect(pending.order).toMatchObject({ patronNotPresent: true });
    expect(pending.payment?.paymentRequest).toMatchObject({ patronNotPresent: true });
    expect(pending.payment?.paymentRequest.merchantConditions).toEqual([expect.objectContaining({ status: 'awaiting-patron' })]);
    expect((await events(pending.order!.ref)).find((event) => event.kind === 'code-presented')?.detail).toMatch(/customer not present/);
  });
});
