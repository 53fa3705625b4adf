// Pre-auth holds through the gateway's service, against the real sandbox: a patron authorises, confirmations take what
// was used (each once, whatever is lost on the way or however often the gateway restarts), the rest is released, and
// Centrapay's refusals reach the cashier in words. What Centrapay did is read from the sandbox's own activities.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LineItem } from '../domain/centrapay';
import type { HoldView } from '../domain/pre-auth';
import { SEED } from '../domain/sandbox-seeds';
import { CentrapayClient } from './gateway/centrapay/client';
import { RateGovernor } from './gateway/centrapay/rate-governor';
import { toGatewayError } from './gateway/errors';
import { HoldService } from './gateway/hold/service';
import { SqliteJournal } from './gateway/journal/sqlite/sqlite-journal';
import { buildGateway, TEST_LANE } from '../test-support/gateway-app';
import { AS_TERMINAL, startSandbox, type SandboxHarness } from '../test-support/sandbox-harness';

const ALICE = { Authorization: SEED.aliceToken };
const quiet = { warn: () => undefined, error: () => undefined };

let sandbox: SandboxHarness;
let journal: SqliteJournal;
let governor: RateGovernor;
let client: CentrapayClient;
let service: HoldService;
let keys = 0;

/** The gateway's clock, moved forward by tests (Centrapay's is the sandbox's). */
let offsetMs = 0;
const newService = (answerWithinMs = 2_000) => {
  const centrapay = { client, governor, merchantAccountId: SEED.accountCafe, merchantId: SEED.merchantCafe };
  const made = new HoldService(journal, () => centrapay, (id) => (id === TEST_LANE.id ? TEST_LANE : undefined), {
    currency: 'NZD',
    expirySeconds: 300,
    pollMs: 25,
    maxPollMs: 100,
    answerWithinMs,
    unknownAfterMs: 3_000,
    now: () => Date.now() + offsetMs,
  }, quiet);
  void made.start();
  return made;
};

beforeEach(async () => {
  offsetMs = 0;
  sandbox = await startSandbox();
  journal = new SqliteJournal(':memory:');
  governor = new RateGovernor(100_000);
  client = new CentrapayClient({ governor, baseUrl: sandbox.url, apiKey: SEED.terminalCafeKey, timeoutMs: 400, retries: 1, minRetryDelayMs: 20 });
  service = newService();
});

afterEach(async () => {
  service.stop();
  governor.stop();
  await journal.close();
  await sandbox.close();
});

const key = () => `key-${++keys}-${Date.now()}`;
const drinks = (price: string): LineItem[] => [{ name: 'Round of drinks', sku: 'ROUND', qty: '1', price }];
const activities = async (id: string) =>
  ((await sandbox.call('GET', `/api/payment-requests/${id}/activities`, AS_TERMINAL)).body.items as Array<{ type: string; value?: { amount: string }; invoiceRef?: string; idempotencyKey?: string; lineItems?: LineItem[] }>);
const ofType = async (id: string, type: string) => (await activities(id)).filter((activity) => activity.type === type);
const upstreamPosts = async (suffix: string) => {
  const counts = (await sandbox.call('GET', '/_sandbox/requests')).body as Record<string, Record<string, number>>;
  return Object.entries(counts).filter(([route]) => route.startsWith('POST') && route.endsWith(suffix))
    .reduce((total, [, byStatus]) => total + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);
};
const waitFor = async (id: string, predicate: (hold: HoldView) => boolean, on = () => service, timeoutMs = 5_000): Promise<HoldView> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hold = await on().view(id);
    if (predicate(hold)) return hold;
    if (Date.now() > deadline) throw new Error(`the hold never got there: ${JSON.stringify(hold)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
/** What the gateway answers for a press that failed: its status, code and words. */
const refusalOf = async (work: Promise<unknown>): Promise<{ statusCode: number; code: string; message: string }> => {
  const error = await work.then(() => null, (failure: unknown) => failure);
  expect(error).toBeInstanceOf(Error);
  const answer = toGatewayError(error);
  expect(answer.code).not.toBe('INTERNAL');
  return answer;
};

/** A $100 tab on lane 1 that Alice authorises in her app. */
async function authorisedTab(amount = '10000'): Promise<HoldView> {
  const opened = await service.open({ kind: 'tab', owner: TEST_LANE.id, amount, operatorId: 'op-7' });
  expect(opened).toMatchObject({ status: 'pending', amount, url: expect.any(String), paymentRequestId: expect.any(String) });
  const paid = await sandbox.call('POST', `/api/payment-requests/${opened.paymentRequestId}/pay`, ALICE, { assetType: 'centrapay.nzd.test', assetId: SEED.aliceAsset, idempotencyKey: `a-${opened.id}` });
  expect(paid.status).toBe(200);
  service.cue(opened.paymentRequestId!);
  return waitFor(opened.id, (hold) => hold.status === 'authorized');
}

describe('a hold authorised, confirmed and released', () => {
  it('authorises, confirms $37.20 under its invoice number, and releases the rest (301.1, 301.2, 301.4, 301.6)', async () => {
    const tab = await authorisedTab();
    expect(tab).toMatchObject({ preAuthExpiresAt: expect.any(String), requestCreatedAt: expect.any(String), remaining: '10000' });
    const request = (await sandbox.call('GET', `/api/payment-requests/${tab.paymentRequestId}`, AS_TERMINAL)).body;
    expect(request).toMatchObject({ preAuth: true, status: 'paid', preAuthStatus: 'authorized', externalRef: tab.externalRef, terminalId: TEST_LANE.terminalId });

    const confirmed = await service.confirm(tab.id, { key: key(), invoiceRef: 'INV-1001', lineItems: drinks('3720'), operatorId: 'op-7' });
    expect(confirmed).toMatchObject({ confirmed: '3720', remaining: '6280' });
    expect(confirmed.confirmations).toEqual([expect.objectContaining({ invoiceRef: 'INV-1001', amount: '3720', status: 'confirmed', activityId: expect.any(String) })]);

    const released = await service.release(tab.id, 'op-7');
    expect(released.status).toBe('released');
    expect(released.returns).toEqual([expect.objectContaining({ kind: 'release', status: 'done', amount: '6280' })]);
    expect(await service.list({ open: true })).toEqual([]);

    const types = (await activities(tab.paymentRequestId!)).map((activity) => activity.type);
    expect(types).toEqual(expect.arrayContaining(['authorization', 'confirmation', 'release']));
    expect(await ofType(tab.paymentRequestId!, 'confirmation')).toEqual([expect.objectContaining({ invoiceRef: 'INV-1001', value: expect.objectContaining({ amount: '3720' }) })]);
    expect((await journal.holds.load(tab.id))!.confirmations).toEqual([expect.objectContaining({ invoiceRef: 'INV-1001', status: 'confirmed' })]);
    const events = (await service.events(tab.id)).map((row) => row.kind);
    expect(events).toEqual(['hold-opened', 'hold-created', 'hold-authorised', 'confirmation-requested', 'confirmed', 'release-requested', 'release-done']);
  });

  it('takes two rounds on one tab, each under its own key and invoice, then releases the rest', async () => {
    const tab = await authorisedTab();
    await service.confirm(tab.id, { key: key(), invoiceRef: 'INV-2001', lineItems: drinks('1800'), operatorId: 'op-7' });
    expect((await service.list({ open: true })).map((hold) => hold.id)).toEqual([tab.id]);
    const second = await service.confirm(tab.id, { key: key(), invoiceRef: 'INV-2002', lineItems: drinks('2700'), operatorId: 'op-7' });
    expect(second).toMatchObject({ confirmed: '4500', remaining: '5500' });
    const closed = await service.release(tab.id, 'op-7');
    expect(closed.returns[0]).toMatchObject({ amount: '5500' });
    expect((await ofType(tab.paymentRequestId!, 'confirmation')).map((activity) => activity.invoiceRef).sort()).toEqual(['INV-2001', 'INV-2002']);
  });

  it('refuses a confirmation over what is still authorised before asking Centrapay', async () => {
    const tab = await authorisedTab('5000');
    await service.confirm(tab.id, { key: key(), invoiceRef: 'INV-3001', lineItems: drinks('3000'), operatorId: 'op-7' });
    const before = await upstreamPosts('/confirm');
    const refusal = await refusalOf(service.confirm(tab.id, { key: key(), invoiceRef: 'INV-3002', lineItems: drinks('2500'), operatorId: 'op-7' }));
    expect(refusal).toMatchObject({ code: 'OVER_AUTHORISED', message: expect.stringContaining('$20.00 still authorised') });
    expect(await upstreamPosts('/confirm')).toBe(before);
    expect((await service.view(tab.id)).confirmations).toHaveLength(1);
  });
});

describe('answers lost on the way', () => {
  const requestsUnder = async (externalRef: string) =>
    (await sandbox.call('GET', `/api/payment-requests/external-ref/${externalRef}?merchantAccountId=${SEED.accountCafe}`, AS_TERMINAL)).body.items as unknown[];

  it('adopts the request a lost create answer made (looked up by externalRef), without creating another', async () => {
    await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'POST', path: '/api/payment-requests', mode: 'drop', phase: 'after', count: 1 });
    const opened = await service.open({ kind: 'tab', owner: TEST_LANE.id, amount: '5000', operatorId: 'op-7' });
    expect(opened).toMatchObject({ status: 'pending', paymentRequestId: expect.any(String) });
    expect(await upstreamPosts('/api/payment-requests')).toBe(1);
    expect(await requestsUnder(opened.externalRef)).toHaveLength(1);
  });

  it('never leaves a request its lost create made untracked: past unknownAfterMs it keeps looking, and adopts it once Centrapay answers', async () => {
    // The create takes effect but its answer is lost, and Centrapay's look-ups fail for longer than unknownAfterMs (3 s).
    await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'POST', path: '/api/payment-requests', mode: 'http503', phase: 'after', count: 100 });
    await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'GET', path: '/api/payment-requests/external-ref/:ref', mode: 'http503', count: 100_000 });
    const opening = await service.open({ kind: 'tab', owner: TEST_LANE.id, amount: '5000', operatorId: 'op-7' });
    expect(opening.status).toBe('opening');
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    expect((await service.view(opening.id)).status).toBe('opening');
    await sandbox.call('DELETE', '/_sandbox/faults');
    const pending = await waitFor(opening.id, (hold) => hold.status === 'pending');
    expect(await upstreamPosts('/api/payment-requests')).toBe(1);
    expect(await requestsUnder(opening.externalRef)).toEqual([expect.objectContaining({ id: pending.paymentRequestId })]);
  });

  it('fails a hold whose create never reached Centrapay only once a look-up says there is no request', async () => {
    await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'POST', path: '/api/payment-requests', mode: 'http503', count: 100_000 });
    const opening = await service.open({ kind: 'tab', owner: TEST_LANE.id, amount: '5000', operatorId: 'op-7' });
    const failed = await waitFor(opening.id, (hold) => hold.status === 'failed', () => service, 8_000);
    expect(await requestsUnder(opening.externalRef)).toEqual([]);
    expect(failed.words).toMatch(/\w/);
  });

  it('looks the request up first after a restart while it was being opened', async () => {
    await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'POST', path: '/api/payment-requests', mode: 'http503', phase: 'after', count: 100 });
    await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'GET', path: '/api/payment-requests/external-ref/:ref', mode: 'http503', count: 100_000 });
    const first = newService(200);
    const opening = await first.open({ kind: 'tab', owner: TEST_LANE.id, amount: '5000', operatorId: 'op-7' });
    expect(opening.status).toBe('opening');
    first.stop();
    service.stop();
    await sandbox.call('DELETE', '/_sandbox/faults');
    service = newService();
    const pending = await waitFor(opening.id, (hold) => hold.status === 'pending');
    expect(await upstreamPosts('/api/payment-requests')).toBe(1);
    expect(await requestsUnder(opening.externalRef)).toEqual([expect.objectContaining({ id: pending.paymentRequestId })]);
  });

  it('a release whose answer was lost is known as ours when Centrapay refuses the repeat (PRE_AUTH_RELEASED)', async () => {
    const tab = await authorisedTab();
    await service.confirm(tab.id, { key: key(), invoiceRef: 'INV-3501', lineItems: drinks('1000'), operatorId: 'op-7' });
    await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'POST', path: '/api/payment-requests/:id/release', mode: 'drop', phase: 'after', count: 1 });
    const released = await service.release(tab.id, 'op-7');
    expect(released).toMatchObject({ status: 'released' });
    // What went back is kept all the same (found among the request's activities): $90.00 of the $100.00 held.
    expect(released.returns[0]).toMatchObject({ kind: 'release', status: 'done', amount: '9000' });
    expect(await service.events(tab.id)).toContainEqual(expect.objectContaining({ kind: 'release-done', detail: expect.stringContaining('first answer was lost') }));
    expect(await ofType(tab.paymentRequestId!, 'release')).toHaveLength(1);
  });
});

describe('a confirmation whose answer is lost draws once (301.3)', () => {
  it('is sent again under the same key after Centrapay drew and the answer was lost', async () => {
    const tab = await authorisedTab();
    await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'POST', path: '/api/payment-requests/:id/confirm', mode: 'drop', phase: 'after', count: 3 });
    const confirmed = await service.confirm(tab.id, { key: key(), invoiceRef: 'INV-4001', lineItems: drinks('3720'), operatorId: 'op-7' });
    expect(confirmed.confirmations[0]).toMatchObject({ status: 'confirmed' });
    expect(await upstreamPosts('/confirm')).toBeGreaterThan(1);
    expect(await ofType(tab.paymentRequestId!, 'confirmation')).toHaveLength(1);
    expect(confirmed).toMatchObject({ confirmed: '3720', remaining: '6280' });
  });

  it('survives a restart between the confirmation and its answer: the new gateway sends the same key once more', async () => {
    const tab = await authorisedTab();
    await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'POST', path: '/api/payment-requests/:id/confirm', mode: 'http503', phase: 'after', count: 100_000 });
    const first = newService(300);
    const confirmKey = key();
    const sending = await first.confirm(tab.id, { key: confirmKey, invoiceRef: 'INV-5001', lineItems: drinks('3720'), operatorId: 'op-7' });
    expect(sending.confirmations[0]).toMatchObject({ key: confirmKey, status: 'sending' });
    expect(sending).toMatchObject({ inFlight: '3720', remaining: '6280' });
    // The gateway goes down with the confirmation unanswered; Centrapay has drawn it.
    first.stop();
    service.stop();
    expect(await ofType(tab.paymentRequestId!, 'confirmation')).toHaveLength(1);
    await sandbox.call('DELETE', '/_sandbox/faults');

    service = newService();
    const done = await waitFor(tab.id, (hold) => hold.confirmations[0]?.status === 'confirmed');
    expect(done).toMatchObject({ confirmed: '3720', inFlight: '0', remaining: '6280' });
    const drawn = await ofType(tab.paymentRequestId!, 'confirmation');
    expect(drawn).toEqual([expect.objectContaining({ idempotencyKey: confirmKey, invoiceRef: 'INV-5001' })]);
    expect((await service.release(tab.id, 'op-7')).returns[0]).toMatchObject({ amount: '6280' });
  });
});

describe('Centrapay’s refusals, in words', () => {
  it('PRE_AUTH_PENDING: a confirmation before the patron authorised is refused without a call', async () => {
    const opened = await service.open({ kind: 'tab', owner: TEST_LANE.id, amount: '5000', operatorId: 'op-7' });
    const refusal = await refusalOf(service.confirm(opened.id, { key: key(), invoiceRef: 'INV-6001', lineItems: drinks('1000'), operatorId: 'op-7' }));
    expect(refusal).toMatchObject({ code: 'PRE_AUTH_PENDING', message: 'The customer has not approved the authorisation yet.' });
    expect(await upstreamPosts('/confirm')).toBe(0);
  });

  it('PRE_AUTH_RELEASED: after release nothing more is taken; Centrapay’s own lapse shows the hold expired', async () => {
    const tab = await authorisedTab();
    await service.release(tab.id, 'op-7');
    const local = await refusalOf(service.confirm(tab.id, { key: key(), invoiceRef: 'INV-7001', lineItems: drinks('1000'), operatorId: 'op-7' }));
    expect(local).toMatchObject({ code: 'PRE_AUTH_RELEASED', message: expect.stringContaining('released or has expired') });

    // Centrapay lapses an authorisation the till still thinks is held (its clock moved past preAuthExpiresAt).
    const other = await authorisedTab();
    await sandbox.call('POST', '/_sandbox/clock', {}, { advanceSeconds: 91 * 24 * 3600 });
    const upstream = await refusalOf(service.confirm(other.id, { key: key(), invoiceRef: 'INV-7002', lineItems: drinks('1000'), operatorId: 'op-7' }));
    expect(upstream).toMatchObject({ code: 'PRE_AUTH_RELEASED', message: expect.stringContaining('Centrapay refused invoice INV-7002') });
    expect(await service.view(other.id)).toMatchObject({ status: 'expired', words: expect.stringContaining('expired') });
  });

  it('INVALID_AMOUNT: Centrapay holds less than the journal thinks (drawn elsewhere)', async () => {
    const tab = await authorisedTab();
    const elsewhere = await sandbox.call('POST', `/api/payment-requests/${tab.paymentRequestId}/confirm`, AS_TERMINAL, { idempotencyKey: 'elsewhere-1', invoiceRef: 'OTHER-1', lineItems: drinks('6000') });
    expect(elsewhere.status).toBe(200);
    const refusal = await refusalOf(service.confirm(tab.id, { key: key(), invoiceRef: 'INV-8001', lineItems: drinks('5000'), operatorId: 'op-7' }));
    expect(refusal).toMatchObject({ code: 'INVALID_AMOUNT', message: expect.stringContaining('more than Centrapay still holds') });
    expect(await service.view(tab.id)).toMatchObject({ status: 'authorized', confirmed: '0', remaining: '10000' });
  });

  it('IDEMPOTENT_OPERATION_FAILED: a key Centrapay knows with other content; and the same press with other content is refused here', async () => {
    const tab = await authorisedTab();
    const reused = key();
    expect((await sandbox.call('POST', `/api/payment-requests/${tab.paymentRequestId}/confirm`, AS_TERMINAL, { idempotencyKey: reused, invoiceRef: 'OTHER-2', lineItems: drinks('1000') })).status).toBe(200);
    const upstream = await refusalOf(service.confirm(tab.id, { key: reused, invoiceRef: 'INV-9001', lineItems: drinks('2000'), operatorId: 'op-7' }));
    expect(upstream).toMatchObject({ code: 'IDEMPOTENT_OPERATION_FAILED', message: expect.stringContaining('different confirmation under this reference') });

    const press = key();
    await service.confirm(tab.id, { key: press, invoiceRef: 'INV-9002', lineItems: drinks('1500'), operatorId: 'op-7' });
    const again = await service.confirm(tab.id, { key: press, invoiceRef: 'INV-9002', lineItems: drinks('1500'), operatorId: 'op-7' });
    expect(again.confirmations.filter((confirmation) => confirmation.key === press)).toHaveLength(1);
    const before = await upstreamPosts('/confirm');
    const local = await refusalOf(service.confirm(tab.id, { key: press, invoiceRef: 'INV-9003', lineItems: drinks('1500'), operatorId: 'op-7' }));
    expect(local).toMatchObject({ code: 'IDEMPOTENT_OPERATION_FAILED' });
    expect(await upstreamPosts('/confirm')).toBe(before);
  });
});

describe('expiry and the void window, by the clocks', () => {
  it('shows an authorisation past its preAuthExpiresAt as expired and no longer open', async () => {
    const tab = await authorisedTab();
    expect((await service.list({ open: true })).map((hold) => hold.id)).toEqual([tab.id]);
    offsetMs = 91 * 24 * 3600 * 1000;
    expect(await service.view(tab.id)).toMatchObject({ status: 'expired', words: expect.stringContaining('expired') });
    expect(await service.list({ open: true })).toEqual([]);
    const refusal = await refusalOf(service.confirm(tab.id, { key: key(), invoiceRef: 'INV-3601', lineItems: drinks('100'), operatorId: 'op-7' }));
    expect(refusal).toMatchObject({ code: 'PRE_AUTH_RELEASED' });
  });

  it('refuses a void more than 24 h after Centrapay created the request, before asking', async () => {
    const tab = await authorisedTab();
    offsetMs = 25 * 3600 * 1000;
    const refusal = await refusalOf(service.void(tab.id, 'op-7', 'too late'));
    expect(refusal).toMatchObject({ code: 'VOID_WINDOW_EXCEEDED', message: expect.stringContaining('24 hours') });
    expect(await upstreamPosts('/void')).toBe(0);
  });
});

describe('refunds and voids (301.5)', () => {
  it('refunds a confirmation by its key', async () => {
    const tab = await authorisedTab();
    const confirmKey = key();
    await service.confirm(tab.id, { key: confirmKey, invoiceRef: 'INV-10001', lineItems: drinks('3720'), operatorId: 'op-7' });
    await service.release(tab.id, 'op-7');
    const refunded = await service.refund(tab.id, { key: key(), confirmationKey: confirmKey, reason: 'spilt', operatorId: 'op-7' });
    expect(refunded.returns.find((row) => row.kind === 'refund')).toMatchObject({ amount: '3720', confirmationKey: confirmKey });
    const done = await waitFor(tab.id, (hold) => hold.returns.some((row) => row.kind === 'refund' && row.status === 'completed'));
    expect(done.returns.filter((row) => row.kind === 'refund')).toHaveLength(1);
    const refunds = await ofType(tab.paymentRequestId!, 'refund');
    // With the round's invoice and its line items (the Farmlands guide's refund requirements).
    expect(refunds).toEqual([expect.objectContaining({ value: expect.objectContaining({ amount: '3720' }), invoiceRef: 'INV-10001', lineItems: drinks('3720') })]);
    const over = await refusalOf(service.refund(tab.id, { key: key(), confirmationKey: confirmKey, amount: '100', reason: 'again', operatorId: 'op-7' }));
    expect(over).toMatchObject({ code: 'INVALID_AMOUNT' });
  });

  it('refunds the authorisation itself (what is still held)', async () => {
    const tab = await authorisedTab('5000');
    const refunded = await service.refund(tab.id, { key: key(), reason: 'changed their mind', operatorId: 'op-7' });
    expect(refunded.returns[0]).toMatchObject({ kind: 'refund', amount: '5000', confirmationKey: null });
    expect(refunded.remaining).toBe('0');
    // Invoiced as the hold itself, with its line for what went back.
    expect(await ofType(tab.paymentRequestId!, 'refund')).toEqual([expect.objectContaining({
      invoiceRef: tab.externalRef, lineItems: [expect.objectContaining({ qty: '1', price: '5000' })],
    })]);
  });

  it('voids within 24 h without confirmations, and refuses once something was confirmed', async () => {
    const tab = await authorisedTab();
    const voided = await service.void(tab.id, 'op-7', 'opened by mistake');
    expect(voided).toMatchObject({ status: 'voided' });
    expect(voided.returns[0]).toMatchObject({ kind: 'void', status: 'done', amount: '10000' });

    const other = await authorisedTab();
    await service.confirm(other.id, { key: key(), invoiceRef: 'INV-11001', lineItems: drinks('1000'), operatorId: 'op-7' });
    const before = await upstreamPosts('/void');
    const refusal = await refusalOf(service.void(other.id, 'op-7', 'too late'));
    expect(refusal).toMatchObject({ code: 'PRE_AUTH_ALREADY_CONFIRMED', message: expect.stringContaining('cannot be voided') });
    expect(await upstreamPosts('/void')).toBe(before);
  });
});

describe('the holds API', () => {
  let gateway: FastifyInstance;
  beforeEach(async () => {
    gateway = await buildGateway(sandbox.url, { preAuth: { pollMs: 25, maxPollMs: 100 } });
  });
  afterEach(async () => {
    await gateway.close();
  });

  it('opens a tab on a lane, takes a round priced from the catalog, lists it open, and closes it', async () => {
    const opened = await gateway.inject({ method: 'POST', url: '/api/holds', payload: { lane: 'lane-1', amount: '5000', operatorId: 'op-7' } });
    expect(opened.statusCode).toBe(200);
    const tab = opened.json() as HoldView;
    expect((await sandbox.call('POST', `/api/payment-requests/${tab.paymentRequestId}/pay`, ALICE, { assetType: 'centrapay.nzd.test', assetId: SEED.aliceAsset, idempotencyKey: `a-${tab.id}` })).status).toBe(200);
    const deadline = Date.now() + 5_000;
    while ((await gateway.inject({ method: 'GET', url: `/api/holds/${tab.id}` })).json().status !== 'authorized') {
      if (Date.now() > deadline) throw new Error('never authorised');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const open = (await gateway.inject({ method: 'GET', url: '/api/holds?open=1' })).json().holds as HoldView[];
    expect(open.map((hold) => hold.id)).toEqual([tab.id]);

    const round = await gateway.inject({ method: 'POST', url: `/api/holds/${tab.id}/confirmations`, payload: { key: key(), invoiceRef: 'INV-12001', cart: [{ sku: 'DRINK-BEER', qty: 2 }], idChecked: true, operatorId: 'op-7' } });
    expect(round.statusCode).toBe(200);
    expect(round.json()).toMatchObject({ confirmed: '1800', remaining: '3200' });
    expect((await gateway.inject({ method: 'POST', url: `/api/holds/${tab.id}/release`, payload: { operatorId: 'op-7' } })).json()).toMatchObject({ status: 'released' });

    const detail = (await gateway.inject({ method: 'GET', url: `/api/holds/${tab.id}` })).json();
    expect(detail.events).toContainEqual(expect.objectContaining({ kind: 'confirmed', detail: expect.stringContaining('INV-12001') }));
    expect((await gateway.inject({ method: 'GET', url: '/api/holds?open=1' })).json().holds).toEqual([]);
  });

  it('refuses bad input with words and changes nothing', async () => {
    expect((await gateway.inject({ method: 'POST', url: '/api/holds', payload: { lane: 'lane-9', amount: '5000', operatorId: 'op-7' } })).json()).toMatchObject({ code: 'UNKNOWN_OWNER' });
    expect((await gateway.inject({ method: 'POST', url: '/api/holds', payload: { lane: 'lane-1', amount: '12.50', operatorId: 'op-7' } })).json()).toMatchObject({ statusCode: 400, code: 'INVALID_REQUEST' });
    expect((await gateway.inject({ method: 'POST', url: '/api/holds/nope/release', payload: { operatorId: 'op-7' } })).json()).toMatchObject({ code: 'HOLD_NOT_FOUND' });
    expect((await gateway.inject({ method: 'GET', url: '/api/holds' })).json().holds).toEqual([]);
  });
});
