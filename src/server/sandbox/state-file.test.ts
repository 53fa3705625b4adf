// A sandbox restarted on the same state file carries on where it was (issue 20): its requests and their activities,
// balances, what idempotency keys and refund references answered, patron codes, connections, its clock and the
// webhook deliveries it still owed. Each "restart" closes the sandbox and its file, then opens a new one on the file.
import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ASSET_TYPE, SEED } from '../../domain/sandbox-seeds';
import { createSandboxState } from './app';
import {
  ALICE,
  balanceOf,
  BOB,
  REWARDS,
  startSandbox,
  startWebhookReceiver,
  TERMINAL,
  type TestSandbox,
  type WebhookReceiver,
} from '../../test-support/sandbox-world';
import type { WebhookOptions } from './webhooks';

let path: string;
let open: TestSandbox[] = [];
let receiver: WebhookReceiver | undefined;

beforeEach(() => {
  path = join(mkdtempSync(join(tmpdir(), 'sandbox-state-')), 'sandbox.sqlite');
});
afterEach(async () => {
  for (const sandbox of open) await stop(sandbox);
  open = [];
  await receiver?.close();
  receiver = undefined;
});

/** A sandbox on the test's state file, as `npm start` or `npm run sandbox` opens it. */
async function start(webhooks?: WebhookOptions): Promise<TestSandbox> {
  const sandbox = await startSandbox({ state: createSandboxState({ path, webhooks }) });
  open.push(sandbox);
  return sandbox;
}

async function stop(sandbox: TestSandbox): Promise<void> {
  open = open.filter((other) => other !== sandbox);
  await sandbox.app.close();
  sandbox.state.close();
}

async function restart(sandbox: TestSandbox, webhooks?: WebhookOptions): Promise<TestSandbox> {
  await stop(sandbox);
  return start(webhooks);
}

const get = (s: TestSandbox, id: string) => s.call('GET', `/api/payment-requests/${id}`, TERMINAL);
const refund = (s: TestSandbox, id: string, amount: string, externalRef: string) =>
  s.call('POST', `/api/payment-requests/${id}/refund`, TERMINAL, { value: { amount, currency: 'NZD' }, externalRef });
const payAsBob = (s: TestSandbox, id: string, idempotencyKey: string) =>
  s.pay(id, BOB, { assetType: ASSET_TYPE.nzdTest, assetId: SEED.bobAsset, idempotencyKey });

describe('a sandbox restarted on its state file', () => {
  it('still has a live request, which the patron then pays', async () => {
    const before = await start();
    const live = (await before.createRequest({ externalRef: 'ORDER-1', value: { amount: '1250', currency: 'NZD' } })).body;

    const after = await restart(before);
    const read = await get(after, live.id);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(live);
    const found = await after.call('GET', `/api/payment-requests/external-ref/ORDER-1?merchantAccountId=${SEED.accountCafe}`, TERMINAL);
    expect(found.body.items.map((pr: { id: string }) => pr.id)).toEqual([live.id]);
    expect((await after.call('GET', `/api/payment-requests/${live.id}/summary`)).status).toBe(200);

    expect((await after.payAsAlice(live.id)).status).toBe(200);
    expect((await get(after, live.id)).body).toMatchObject({ status: 'paid', remainingAmount: '0' });
    expect(balanceOf(after.state, SEED.aliceAsset)).toBe('98750');
  });

  it('keeps statuses, activities and balances, and answers a repeated pay or refund as it did before', async () => {
    const before = await start();
    const paid = (await before.createRequest({ value: { amount: '400', currency: 'NZD' } })).body;
    const payment = await payAsBob(before, paid.id, 'bob-pays-1');
    expect(payment.status).toBe(200);
    const refunded = await refund(before, paid.id, '150', 'REFUND-1');
    expect(refunded.status).toBe(200);
    const cancelled = (await before.createRequest()).body;
    await before.call('POST', `/api/payment-requests/${cancelled.id}/void`, TERMINAL);
    const wasPaid = (await get(before, paid.id)).body;
    const activities = (await before.call('GET', `/api/payment-requests/${paid.id}/activities`, TERMINAL)).body;

    const after = await restart(before);
    expect((await get(after, paid.id)).body).toEqual(wasPaid);
    expect((await get(after, cancelled.id)).body).toMatchObject({ status: 'cancelled', cancellationReason: 'CANCELLED_BY_MERCHANT' });
    expect((await after.call('GET', `/api/payment-requests/${paid.id}/activities`, TERMINAL)).body).toEqual(activities);
    // Bob had 500, paid 400 and got 150 back.
    expect(balanceOf(after.state, SEED.bobAsset)).toBe('250');

    // The same idempotency key answers the first payment and takes nothing more; the same refund reference likewise.
    const again = await payAsBob(after, paid.id, 'bob-pays-1');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(payment.body);
    expect((await refund(after, paid.id, '150', 'REFUND-1')).body).toEqual(refunded.body);
    expect((await refund(after, paid.id, '100', 'REFUND-1')).body.message).toBe('REPEAT_REFERENCE');
    expect(balanceOf(after.state, SEED.bobAsset)).toBe('250');
    // A new request comes after the old ones.
    const newer = (await after.createRequest()).body;
    expect(after.state.store.paymentRequests.get(newer.id)!.seq).toBeGreaterThan(after.state.store.paymentRequests.get(cancelled.id)!.seq);
  });

  it('keeps its clock, patron codes and connections, and every record as it was in memory', async () => {
    const before = await start();
    await before.advance(3600);
    const code = (await before.call('POST', '/api/patron-codes', ALICE, {})).body;
    const connection = (await before.call('POST', '/api/connections', TERMINAL, { merchantId: SEED.merchantCafe })).body;
    await before.call('POST', `/api/connections/${connection.id}/authorize`, REWARDS, { walletId: 'sbx-wallet-rewards' });
    const byCode = (await before.createRequest({ barcode: code.barcode })).body;
    const voucher = (await before.createRequest({ barcode: '700000000011', value: { amount: '500', currency: 'NZD' } })).body;
    await get(before, voucher.id);
    const expiring = (await before.createRequest({ expirySeconds: 60 })).body;
    const { store } = before.state;

    const after = await restart(before);
    const now = Date.parse((await after.call('GET', '/_sandbox/clock')).body.now);
    expect(now - Date.now()).toBeGreaterThan(3590_000);
    expect((await after.call('GET', `/api/patron-codes/barcode/${code.barcode}`, TERMINAL)).body).toEqual(code);
    expect((await after.call('GET', `/api/payment-requests/${byCode.id}`, TERMINAL)).body.patronCodeId).toBe(code.id);
    expect((await after.call('GET', `/api/connections/${connection.id}/summary`)).body).toMatchObject({ status: 'authorized', walletId: 'sbx-wallet-rewards' });
    // Every record the calls changed is back exactly: nothing a call changed was left out of the file.
    for (const kind of ['paymentRequests', 'assets', 'patronCodes', 'connections'] as const) {
      expect(after.state.store[kind]).toEqual(store[kind]);
    }
    expect([after.state.store.nextSeq, after.state.store.seededAt]).toEqual([store.nextSeq, store.seededAt]);

    // Time carries on from where it was: the request expires 60 s after it was made on that clock.
    await after.advance(61);
    expect((await get(after, expiring.id)).body.status).toBe('expired');
  });

  it('delivers after the restart the webhooks it still owed: a retry, and a refund completion not yet sent', async () => {
    // The receiver refuses the first delivery; the sandbox is stopped well before its retry is due.
    receiver = await startWebhookReceiver([500]);
    const before = await start({ retryBaseMs: 3000, refundCompletionMs: 3000 });
    await before.call('POST', '/_sandbox/webhooks', {}, { url: receiver.url });
    const pr = (await before.createRequest()).body;
    await before.payAsAlice(pr.id);
    await receiver.waitFor(1);
    expect(await refund(before, pr.id, '1000', 'REFUND-ALL').then((r) => r.status)).toBe(200);
    await receiver.waitFor(2);
    expect(receiver.received.map((delivery) => delivery.body.type)).toEqual(['payment-request:paid', 'payment-request:refund-initiated']);
    const paidNotification = receiver.received[0]!.body.id;
    // Stopped once the sandbox has heard both answers (stopped sooner, it would deliver again what it never heard taken).
    await expect.poll(() => before.state.webhooks.deliveries().map(({ type, status, lastStatusCode }) => ({ type, status, lastStatusCode }))).toEqual([
      { type: 'payment-request:refund-completed', status: 'pending' },
      { type: 'payment-request:refund-initiated', status: 'delivered', lastStatusCode: 200 },
      { type: 'payment-request:paid', status: 'pending', lastStatusCode: 500 },
    ]);

    const after = await restart(before);
    const delivered = await receiver.waitFor(4, 10_000);
    expect(delivered.slice(2).map((delivery) => delivery.body.type).sort()).toEqual(['payment-request:paid', 'payment-request:refund-completed']);
    // The same notification, retried, not a new one.
    expect(delivered.find((delivery, index) => index >= 2 && delivery.body.type === 'payment-request:paid')?.body.id).toBe(paidNotification);
    await expect.poll(() => after.state.webhooks.deliveries().map((delivery) => delivery.status)).toEqual(['delivered', 'delivered']);

    // Delivered, they are not delivered again after another restart.
    await restart(after);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(receiver.received).toHaveLength(4);
  });

  it('forgets everything on reset, in the file too', async () => {
    const before = await start();
    const pr = (await before.createRequest({ value: { amount: '400', currency: 'NZD' } })).body;
    await payAsBob(before, pr.id, 'bob-pays-1');
    await before.advance(600);
    expect((await before.call('POST', '/_sandbox/reset')).status).toBe(200);

    const after = await restart(before);
    expect((await get(after, pr.id)).status).toBe(403);
    expect(balanceOf(after.state, SEED.bobAsset)).toBe('500');
    const now = Date.parse((await after.call('GET', '/_sandbox/clock')).body.now);
    expect(Math.abs(now - Date.now())).toBeLessThan(5_000);
  });
});

describe('the state file', () => {
  it('belongs to one sandbox at a time', async () => {
    await start();
    expect(() => createSandboxState({ path })).toThrow(/is in use by another process: is another npm start or npm run sandbox running/);
  });

  it('is refused in words when it is not the sandbox’s, or from another version', async () => {
    writeFileSync(path, 'not a database at all, just text that is long enough to look like a header');
    expect(() => createSandboxState({ path })).toThrow(/is not a SQLite file\. Delete the file/);

    const other = join(mkdtempSync(join(tmpdir(), 'sandbox-state-')), 'sandbox.sqlite');
    createSandboxState({ path: other }).close();
    const db = new Database(other);
    db.pragma('user_version = 99');
    db.close();
    expect(() => createSandboxState({ path: other })).toThrow(/written by another version of centrapay-pos \(file version 99/);
  });

  it('is refused in words when a record in it is damaged', async () => {
    const before = await start();
    const pr = (await before.createRequest()).body;
    await stop(before);
    const db = new Database(path);
    db.prepare("UPDATE records SET doc = json_set(doc, '$.remainingAmount', 'lots') WHERE key = ?").run(pr.id);
    db.close();
    expect(() => createSandboxState({ path })).toThrow(`is damaged (paymentRequests ${pr.id}: remainingAmount: must be whole cents)`);
  });
});
