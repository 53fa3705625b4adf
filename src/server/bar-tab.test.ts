// A bar tab through the gateway's API, against the real sandbox, as the till and the display use it: opened with a
// name, shown on the lane's display until the patron authorises it, rounds priced from the catalog and numbered by the
// till, a round over what is left refused before anything is sent, closed (released, or just closed when nothing is
// left), and found again in the history by a round's invoice number.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LaneState } from '../domain/lane';
import { laneTabShown } from '../domain/lane-tab';
import type { HoldView } from '../domain/pre-auth';
import { SEED } from '../domain/sandbox-seeds';
import { buildGateway, CART, startPayment } from '../test-support/gateway-app';
import { AS_TERMINAL, startSandbox, type SandboxHarness } from '../test-support/sandbox-harness';
import { until as untilDone } from '../test-support/until';

const ALICE = { Authorization: SEED.aliceToken };

let sandbox: SandboxHarness;
let gateway: FastifyInstance;
let offsetMs = 0;
let presses = 0;

beforeEach(async () => {
  offsetMs = 0;
  sandbox = await startSandbox();
  gateway = await buildGateway(sandbox.url, { preAuth: { pollMs: 25, maxPollMs: 100, now: () => Date.now() + offsetMs } });
});

afterEach(async () => {
  await gateway.close();
  await sandbox.close();
});

const press = () => `press-${++presses}-${Date.now()}`;
const post = (url: string, payload: object) => gateway.inject({ method: 'POST', url, payload });
const get = (url: string) => gateway.inject({ method: 'GET', url });
const activities = async (id: string) =>
  ((await sandbox.call('GET', `/api/payment-requests/${id}/activities`, AS_TERMINAL)).body.items as Array<{ type: string; value?: { amount: string }; invoiceRef?: string }>);
const confirmCalls = async () => {
  const counts = (await sandbox.call('GET', '/_sandbox/requests')).body as Record<string, Record<string, number>>;
  return Object.entries(counts).filter(([route]) => route.startsWith('POST') && route.endsWith('/confirm'))
    .reduce((total, [, byStatus]) => total + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);
};

/** A hold once `done` holds (runners work on their own timers). */
const until = (read: () => Promise<HoldView>, done: (hold: HoldView) => boolean) => untilDone(read, done, 5_000, 20);

/** The cashier opens a tab for Sam; Alice authorises it in her app. */
async function openTab(amount = '5000'): Promise<HoldView> {
  const opened = await post('/api/holds', { lane: 'lane-1', amount, label: 'Sam', operatorId: 'op-7' });
  expect(opened.statusCode).toBe(200);
  const tab = opened.json() as HoldView;
  expect(tab).toMatchObject({ status: 'pending', label: 'Bar tab: Sam' });
  const paid = await sandbox.call('POST', `/api/payment-requests/${tab.paymentRequestId}/pay`, ALICE, { assetType: 'centrapay.nzd.test', assetId: SEED.aliceAsset, idempotencyKey: `a-${tab.id}` });
  expect(paid.status).toBe(200);
  return until(async () => (await get(`/api/holds/${tab.id}`)).json(), (hold) => hold.status === 'authorized');
}

describe('a bar tab at the till', () => {
  it('shows the display the QR while it waits, one tab at a time, then "open" for a moment: all in the lane’s one state', async () => {
    const laneTab = async () => (await get('/api/lanes/lane-1')).json() as LaneState;
    const idle = await laneTab();
    expect(idle.tab).toBeNull();
    const opened = (await post('/api/holds', { lane: 'lane-1', amount: '10000', label: 'Sam', operatorId: 'op-7' })).json() as HoldView;
    const request = (await sandbox.call('GET', `/api/payment-requests/${opened.paymentRequestId}`, AS_TERMINAL)).body;
    expect(request).toMatchObject({ preAuth: true, lineItems: [expect.objectContaining({ name: 'Bar tab: Sam', price: '10000' })] });
    const waiting = await laneTab();
    expect(waiting.tab).toEqual({ id: opened.id, name: 'Sam', amount: '10000', currency: 'NZD', stage: 'waiting', url: opened.url, since: expect.any(String) });
    // A change of the tab is a change of the lane: its screens are pushed a newer state.
    expect(waiting.version).toBeGreaterThan(idle.version);

    const second = await post('/api/holds', { lane: 'lane-1', amount: '5000', operatorId: 'op-7' });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'TAB_AWAITING_APPROVAL', message: expect.stringContaining('waiting for its customer') });

    await sandbox.call('POST', `/api/payment-requests/${opened.paymentRequestId}/pay`, ALICE, { assetType: 'centrapay.nzd.test', assetId: SEED.aliceAsset, idempotencyKey: `a-${opened.id}` });
    await until(async () => (await get(`/api/holds/${opened.id}`)).json(), (hold) => hold.status === 'authorized');
    const open = await laneTab();
    expect(open.tab).toMatchObject({ stage: 'open', name: 'Sam' });
    // The display shows it for the lane's result time, then goes back to what the lane shows.
    const since = Date.parse(open.tab!.since);
    expect(laneTabShown(open.tab, since + 1_000, open.resultSeconds)).not.toBeNull();
    expect(laneTabShown(open.tab, since + open.resultSeconds * 1000, open.resultSeconds)).toBeNull();
    // The first round: nothing more for the patron at the display.
    await post(`/api/holds/${opened.id}/confirmations`, { key: press(), cart: [{ sku: 'DRINK-OJ', qty: 1 }], operatorId: 'op-7' });
    expect((await laneTab()).tab).toBeNull();
  });

  it('numbers each round, confirms it at once, refuses one over what is left before sending, and releases the rest on close', async () => {
    const tab = await openTab('5000');
    const key = press();
    const first = await post(`/api/holds/${tab.id}/confirmations`, { key, cart: [{ sku: 'DRINK-BEER', qty: 2 }], idChecked: true, operatorId: 'op-7' });
    expect(first.statusCode).toBe(200);
    expect(first.json().confirmations).toEqual([expect.objectContaining({ invoiceRef: `${tab.id}-R1`, amount: '1800', status: 'confirmed' })]);
    // The same press again (its answer lost): the same round, the same number.
    const again = await post(`/api/holds/${tab.id}/confirmations`, { key, cart: [{ sku: 'DRINK-BEER', qty: 2 }], idChecked: true, operatorId: 'op-7' });
    expect(again.json().confirmations).toHaveLength(1);
    const second = await post(`/api/holds/${tab.id}/confirmations`, { key: press(), cart: [{ sku: 'DRINK-OJ', qty: 1 }], operatorId: 'op-7' });
    expect(second.json()).toMatchObject({ confirmed: '2250', remaining: '2750' });
    expect(second.json().confirmations[1]).toMatchObject({ invoiceRef: `${tab.id}-R2`, amount: '450' });

    const before = await confirmCalls();
    const over = await post(`/api/holds/${tab.id}/confirmations`, { key: press(), cart: [{ sku: 'FOOD-BAGEL', qty: 2 }], operatorId: 'op-7' });
    expect(over.statusCode).toBe(422);
    expect(over.json()).toMatchObject({ code: 'OVER_AUTHORISED', message: '$29.00 is more than the $27.50 still authorised. Nothing was taken: take the difference another way.' });
    expect(await confirmCalls()).toBe(before);

    const closed = await post(`/api/holds/${tab.id}/close`, { operatorId: 'op-7' });
    expect(closed.json()).toMatchObject({ status: 'released', confirmed: '2250' });
    const drawn = await activities(tab.paymentRequestId!);
    expect(drawn.filter((activity) => activity.type === 'confirmation').map((activity) => activity.invoiceRef).sort()).toEqual([`${tab.id}-R1`, `${tab.id}-R2`]);
    expect(drawn.find((activity) => activity.type === 'release')).toMatchObject({ value: { amount: '2750' } });
    expect((await get('/api/holds?open=1&kind=tab')).json().holds).toEqual([]);
  });

  it('takes a round with age-restricted items only once the cashier says the ID was checked, and journals it', async () => {
    const tab = await openTab('5000');
    const before = await confirmCalls();
    const unchecked = await post(`/api/holds/${tab.id}/confirmations`, { key: press(), cart: [{ sku: 'DRINK-BEER', qty: 1 }, { sku: 'DRINK-OJ', qty: 1 }], operatorId: 'op-7' });
    expect(unchecked.statusCode).toBe(422);
    expect(unchecked.json()).toMatchObject({ code: 'ID_CHECK_REQUIRED', message: "This round has age-restricted items (Craft Beer): check the customer's ID first." });
    expect(await confirmCalls()).toBe(before);

    const checked = await post(`/api/holds/${tab.id}/confirmations`, { key: press(), cart: [{ sku: 'DRINK-BEER', qty: 1 }, { sku: 'DRINK-OJ', qty: 1 }], idChecked: true, operatorId: 'op-7' });
    expect(checked.statusCode).toBe(200);
    const { events } = (await get(`/api/holds/${tab.id}`)).json() as { events: { detail: string }[] };
    expect(events.map((event) => event.detail)).toContainEqual(expect.stringContaining('ID checked by the cashier for Craft Beer'));
  });

  it('closes a tab drawn to the last cent without asking Centrapay to release nothing', async () => {
    const tab = await openTab('900');
    await post(`/api/holds/${tab.id}/confirmations`, { key: press(), cart: [{ sku: 'DRINK-BEER', qty: 1 }], idChecked: true, operatorId: 'op-7' });
    const closed = await post(`/api/holds/${tab.id}/close`, { operatorId: 'op-7' });
    expect(closed.json()).toMatchObject({ status: 'released', remaining: '0', returns: [] });
    expect((await activities(tab.paymentRequestId!)).filter((activity) => activity.type === 'release')).toEqual([]);
    const detail = (await get(`/api/holds/${tab.id}`)).json();
    expect(detail.events).toContainEqual(expect.objectContaining({ kind: 'hold-closed', detail: expect.stringContaining('nothing to release') }));
  });

  it('is found in the history by a round’s invoice number, its name or short code, and by the day it was opened', async () => {
    const tab = await openTab();
    await post(`/api/holds/${tab.id}/confirmations`, { key: press(), cart: [{ sku: 'DRINK-OJ', qty: 1 }], operatorId: 'op-7' });
    const find = async (query: string) => ((await get(`/api/holds?${query}`)).json().holds as HoldView[]).map((hold) => hold.id);
    expect(await find(`q=${tab.id.toLowerCase()}-r1`)).toEqual([tab.id]);
    expect(await find('q=sam')).toEqual([tab.id]);
    expect(await find(`q=${tab.shortCode!.replaceAll('-', '')}`)).toEqual([tab.id]);
    expect(await find('q=nobody')).toEqual([]);
    expect(await find('kind=pump')).toEqual([]);
    expect(await find('date=2001-01-01')).toEqual([]);
    expect((await get('/api/holds?date=2001-02-30')).statusCode).toBe(400);
  });

  it('refuses a round from a lane whose cart a sale is paying for, before anything is sent', async () => {
    const tab = await openTab();
    expect((await startPayment(gateway)).statusCode).toBe(200);
    const before = await confirmCalls();
    const round = await post(`/api/holds/${tab.id}/confirmations`, { key: press(), lane: 'lane-1', cart: CART, operatorId: 'op-7' });
    expect(round.statusCode).toBe(409);
    expect(round.json()).toMatchObject({ code: 'CART_IN_SALE', message: expect.stringContaining('This cart cannot go on a tab now.') });
    expect(await confirmCalls()).toBe(before);
    expect((await get(`/api/holds/${tab.id}`)).json().confirmations).toEqual([]);
  });

  it('refuses a name that is too long, in words', async () => {
    const response = await post('/api/holds', { lane: 'lane-1', amount: '5000', label: 'x'.repeat(41), operatorId: 'op-7' });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('at most 40 characters');
  });
});

describe('open tabs survive a restart of the till, and lapse', () => {
  it('lists the open tab from the journal after a restart, and takes the next round on it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bar-tab-'));
    try {
      await gateway.close();
      const journalPath = join(dir, 'journal.sqlite');
      gateway = await buildGateway(sandbox.url, { journalPath, preAuth: { pollMs: 25, maxPollMs: 100 } });
      const tab = await openTab('5000');
      await post(`/api/holds/${tab.id}/confirmations`, { key: press(), cart: [{ sku: 'DRINK-OJ', qty: 1 }], operatorId: 'op-7' });
      await gateway.close();

      gateway = await buildGateway(sandbox.url, { journalPath, preAuth: { pollMs: 25, maxPollMs: 100 } });
      const open = (await get('/api/holds?open=1&kind=tab')).json().holds as HoldView[];
      expect(open).toEqual([expect.objectContaining({ id: tab.id, label: 'Bar tab: Sam', status: 'authorized', confirmed: '450', remaining: '4550' })]);
      const next = await post(`/api/holds/${tab.id}/confirmations`, { key: press(), cart: [{ sku: 'DRINK-OJ', qty: 2 }], operatorId: 'op-7' });
      expect(next.json().confirmations.map((round: { invoiceRef: string }) => round.invoiceRef)).toEqual([`${tab.id}-R1`, `${tab.id}-R2`]);
    } finally {
      await gateway.close();
      gateway = await buildGateway(sandbox.url);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows an authorisation past its expiry as expired, no longer open, and refuses a round on it in words', async () => {
    const tab = await openTab();
    offsetMs = 91 * 24 * 3600 * 1000;
    expect((await get(`/api/holds/${tab.id}`)).json()).toMatchObject({ status: 'expired', words: expect.stringContaining('expired') });
    expect((await get('/api/holds?open=1&kind=tab')).json().holds).toEqual([]);
    const round = await post(`/api/holds/${tab.id}/confirmations`, { key: press(), cart: [{ sku: 'DRINK-OJ', qty: 1 }], operatorId: 'op-7' });
    expect(round.statusCode).toBe(409);
    expect(round.json()).toMatchObject({ code: 'PRE_AUTH_RELEASED', message: expect.stringContaining('released or has expired') });
  });
});
