// Regressions: requests left `new` at Centrapay with nothing watching or voiding them (a gateway killed mid-create,
// a lost create answer whose look-up also failed), unknown outcomes never rechecked, and a lane removed from the
// configuration with a live payment. Intent is journaled before Centrapay is called, so a restart picks it all up.
import type { FastifyInstance } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AS_TERMINAL, startSandbox, type SandboxHarness } from '../../../test-support/sandbox-harness';
import { act, buildGateway, laneState, startPayment, TEST_LANE, waitForLane } from '../../../test-support/gateway-app';

let sandbox: SandboxHarness;
let gateway: FastifyInstance | undefined;
let journalPath: string;

beforeEach(async () => {
  sandbox = await startSandbox();
  journalPath = join(mkdtempSync(join(tmpdir(), 'pos-journal-')), 'journal.sqlite');
});

afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
  await sandbox.close();
});

const fault = (input: Record<string, unknown>) => sandbox.call('POST', '/_sandbox/faults', {}, input);
const upstream = async (id: string) => (await sandbox.call('GET', `/api/payment-requests/${id}`, AS_TERMINAL)).body;
const byRef = async (ref: string) =>
  (await sandbox.call('GET', `/api/payment-requests/external-ref/${ref}?merchantAccountId=sbxAccountCafe`, AS_TERMINAL)).body.items as { id: string; status: string }[];
const history = async (app: FastifyInstance, ref: string) => (await app.inject({ method: 'GET', url: `/api/history/${ref}` })).json();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a gateway stopped in the middle of a create', () => {
  it('finds the request its create made when it starts again, and carries on with it', async () => {
    gateway = await buildGateway(sandbox.url, { journalPath, requestTimeoutMs: 5_000, sales: { answerWithinMs: 100 } });
    // The create reaches Centrapay and takes effect; its answer is still on its way when the gateway stops.
    await fault({ method: 'POST', path: '/api/payment-requests', mode: 'slow', phase: 'after', delayMs: 2_000, count: 1 });
    const { order } = (await startPayment(gateway)).json();
    expect(order.ref).toBeTruthy();
    await gateway.close();
    const made = await byRef(order.ref);
    expect(made).toHaveLength(1);

    gateway = await buildGateway(sandbox.url, { journalPath });
    const state = await waitForLane(gateway, (s) => s.payment !== null);
    expect(state.payment?.paymentRequest.id).toBe(made[0]!.id);
    expect(state.step).toBeNull();
    expect(await byRef(order.ref)).toHaveLength(1);
  });

  it('creates the request when the last process never got it to Centrapay', async () => {
    gateway = await buildGateway(sandbox.url, { journalPath, requestTimeoutMs: 5_000, sales: { answerWithinMs: 100 } });
    // Held without an answer, and never made: the 'timeout' fault drops the call before Centrapay handles it.
    await fault({ method: 'POST', path: '/api/payment-requests', mode: 'timeout', count: 1 });
    const { order } = (await startPayment(gateway)).json();
    await gateway.close();
    expect(await byRef(order.ref)).toHaveLength(0);

    gateway = await buildGateway(sandbox.url, { journalPath });
    const state = await waitForLane(gateway, (s) => s.payment !== null);
    expect(state.order?.ref).toBe(order.ref);
    expect(state.payment?.outcome).toBe('pending');
    expect((await byRef(order.ref)).map((request) => request.id)).toEqual([state.payment!.paymentRequest.id]);
  });
});

describe('a create whose answer was lost and whose look-up failed too', () => {
  it('is not reported as "nothing was charged" and left live: the till keeps looking and voids what it finds', async () => {
    gateway = await buildGateway(sandbox.url, { journalPath });
    await fault({ method: 'POST', path: '/api/payment-requests', mode: 'drop', phase: 'after', count: 1 });
    await fault({ method: 'GET', path: '/api/payment-requests/external-ref/:ref', mode: 'http503', count: 8 });
    const { order } = (await startPayment(gateway)).json();
    const gaveUp = await waitForLane(gateway, (s) => s.step === null);
    expect(gaveUp.payment).toBeNull();
    expect(gaveUp.notice).toMatch(/did not answer.*If Centrapay created it anyway, the till cancels it by itself/);
    // What Centrapay made, found the way an auditor would: the merchant's activity feed.
    const feed = await sandbox.call('GET', '/api/payment-activities?merchantId=sbxMerchantCafe', AS_TERMINAL);
    const made = { id: (feed.body.items as { type: string; paymentRequestId: string }[]).find((activity) => activity.type === 'request')!.paymentRequestId };
    for (let i = 0; i < 100 && (await upstream(made!.id)).status === 'new'; i += 1) await sleep(50);
    expect(await upstream(made!.id)).toMatchObject({ status: 'cancelled', cancellationReason: 'CANCELLED_BY_MERCHANT' });
    await waitForLane(gateway, (s) => s.followUps === 0);
    const sale = await history(gateway, order.ref);
    expect(sale.sale.result).toBe('cancelled');
    expect(sale.events.map((event: { kind: string }) => event.kind)).toEqual(expect.arrayContaining(['create-gave-up', 'stray-found', 'void']));
  });
});

describe('an outcome that could not be determined', () => {
  it('is voided in the background, across a restart, until Centrapay confirms it', async () => {
    gateway = await buildGateway(sandbox.url, { journalPath });
    const { order, payment } = (await startPayment(gateway)).json();
    const id = payment.paymentRequest.id;
    // Centrapay answers neither reads nor voids for a while: the lane lets the cashier go on, the void carries on.
    await fault({ method: 'GET', path: '/api/payment-requests/:id', mode: 'http503', count: 1000 });
    await fault({ method: 'POST', path: '/api/payment-requests/:id/void', mode: 'http502', count: 1000 });
    const unknown = await waitForLane(gateway, (s) => s.payment?.outcome === 'unknown', 10_000);
    expect(unknown.payment?.notice).toMatch(/keeps cancelling this payment in the background/);
    expect(unknown.followUps).toBe(1);
    expect((await history(gateway, order.ref)).sale.result).toBe('unknown');
    // The patron paid meanwhile: the void must refund it, not leave the money with a sale the till shows unpaid.
    await sandbox.call('POST', `/api/payment-requests/${id}/pay`, { Authorization: 'sbx-patron-alice' },
      { assetType: 'centrapay.nzd.test', assetId: 'sbxAssetAliceNzd', idempotencyKey: 'paid-while-unknown' });
    // The cashier moves on to the next sale.
    expect((await act(gateway, 'new-sale', {})).statusCode).toBe(200);
    await gateway.close();

    await sandbox.call('DELETE', '/_sandbox/faults', {});
    gateway = await buildGateway(sandbox.url, { journalPath });
    const settled = await waitForLane(gateway, (s) => s.followUps === 0);
    expect(settled.payment).toBeNull();
    const activities = (await sandbox.call('GET', `/api/payment-requests/${id}/activities`, AS_TERMINAL)).body.items as { type: string }[];
    expect(activities.map((activity) => activity.type)).toContain('refund');
    expect((await history(gateway, order.ref)).sale.result).toBe('refunded');
  });
});

describe('a lane removed from the configuration with a live payment', () => {
  it('is voided at start-up and journaled, and is no longer served', async () => {
    const second = { ...TEST_LANE, id: 'lane-2', name: 'Lane 2', terminalId: 'till-2', deviceId: 'SN-2' };
    gateway = await buildGateway(sandbox.url, { journalPath, lanes: [TEST_LANE, second] });
    const { order, payment } = (await startPayment(gateway, 'op-7', 'lane-2')).json();
    await gateway.close();

    gateway = await buildGateway(sandbox.url, { journalPath, lanes: [TEST_LANE] });
    for (let i = 0; i < 100 && (await upstream(payment.paymentRequest.id)).status === 'new'; i += 1) await sleep(50);
    expect((await upstream(payment.paymentRequest.id)).status).toBe('cancelled');
    expect((await gateway.inject({ method: 'GET', url: '/api/lanes/lane-2' })).statusCode).toBe(404);
    expect((await laneState(gateway)).lane.id).toBe('lane-1');
    for (let i = 0; i < 100 && (await history(gateway, order.ref)).sale.result !== 'cancelled'; i += 1) await sleep(50);
    const sale = await history(gateway, order.ref);
    expect(sale.sale.result).toBe('cancelled');
    expect(sale.events).toContainEqual(expect.objectContaining({ kind: 'void', actor: 'system:lane-removed' }));
    expect(sale.events).toContainEqual(expect.objectContaining({ kind: 'lane-removed' }));
  });
});
