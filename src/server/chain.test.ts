// A chain's gateway instances on one PostgreSQL, in one process for speed (chain-kill.test.ts kills real ones): a
// command at one instance is seen at every other within a second, a screen's event stream at one instance carries
// every change made at another, two Pay presses at two instances make one Payment Request, and a stopping instance
// hands its watching over at once.
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LaneState } from '../domain/lane';
import { buildGateway, laneState, startPayment, TEST_LANE, waitForLane } from '../test-support/gateway-app';
import { asAdmin, freshDatabase } from '../test-support/postgres-database';
import { startSandbox, type SandboxHarness } from '../test-support/sandbox-harness';

let sandbox: SandboxHarness;
let instances: FastifyInstance[] = [];
/** What the instances logged at warn and above: shown when a test fails. */
let logs: Record<string, unknown>[] = [];

beforeEach(async () => {
  // No rate limit in the way: these tests read the activity feed as fast as the gateway's test settings allow.
  sandbox = await startSandbox({ rateLimitPerMinute: 1_000_000 });
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') console.error(JSON.stringify(logs, null, 1));
  logs = [];
  for (const instance of instances) await instance.close();
  instances = [];
  await sandbox.close();
});

/** `count` gateway instances sharing one new PostgreSQL journal. */
async function chainOf(count: number, options: Parameters<typeof buildGateway>[1] = {}): Promise<FastifyInstance[]> {
  const journalUrl = await freshDatabase();
  for (let i = 0; i < count; i += 1) await instanceOn(journalUrl, options);
  return instances;
}

/** One more instance on the journal. */
async function instanceOn(journalUrl: string, options: Parameters<typeof buildGateway>[1] = {}): Promise<FastifyInstance> {
  const instance = await buildGateway(sandbox.url, { journalUrl, ...options }, logs);
  instances.push(instance);
  return instance;
}

/** The sandbox's answers so far to routes matching `route` (`GET /api/payment-requests/:id`, …). */
async function calls(route: RegExp): Promise<number> {
  const { body } = await sandbox.call('GET', '/_sandbox/requests', {});
  return Object.entries(body as Record<string, Record<string, number>>).filter(([name]) => route.test(name))
    .reduce((sum, [, byStatus]) => sum + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);
}
const READS = /^GET \/api\/payment-requests\/:[A-Za-z]+$/;
const FEED_READS = /^GET \/api\/payment-activities$/;
const LANES = [TEST_LANE, { ...TEST_LANE, id: 'lane-2', terminalId: 'till-2', deviceId: 'SN-2' }];

async function listening(instance: FastifyInstance): Promise<string> {
  await instance.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(instance.server.address() as AddressInfo).port}`;
}

async function metric(instance: FastifyInstance, name: string): Promise<number> {
  const text = (await instance.inject({ method: 'GET', url: '/metrics' })).body;
  return Number(/^(\S+) (\S+)$/m.exec(text.split('\n').find((line) => line.startsWith(`${name} `)) ?? '')?.[2]);
}

function patronPays(id: string) {
  return sandbox.call('POST', `/api/payment-requests/${id}/pay`, { Authorization: 'sbx-patron-alice' },
    { assetType: 'centrapay.nzd.test', assetId: 'sbxAssetAliceNzd', idempotencyKey: `alice-${Math.random()}` });
}

async function createCount(): Promise<number> {
  const { body } = await sandbox.call('GET', '/_sandbox/requests', {});
  return Object.values((body as Record<string, Record<string, number>>)['POST /api/payment-requests'] ?? {}).reduce((a, b) => a + b, 0);
}

/** A screen's event stream of the lane at `instance`: every state it is sent, in order. */
async function watchLane(instance: FastifyInstance, lastEventId?: number): Promise<{ states: LaneState[]; close: () => void }> {
  if (!instance.server.listening) await instance.listen({ port: 0, host: '127.0.0.1' });
  const controller = new AbortController();
  const response = await fetch(`http://127.0.0.1:${(instance.server.address() as AddressInfo).port}/api/lanes/lane-1/events`, {
    signal: controller.signal, headers: lastEventId === undefined ? {} : { 'Last-Event-ID': String(lastEventId) },
  });
  const states: LaneState[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body!) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const data = buffer.slice(0, end).split('\n').find((line) => line.startsWith('data: {'));
          buffer = buffer.slice(end + 2);
          if (data) states.push(JSON.parse(data.slice('data: '.length)) as LaneState);
        }
      }
    } catch {
      // closed
    }
  })();
  return { states, close: () => controller.abort() };
}

async function until<T>(check: () => T | undefined, withinMs: number, what: string): Promise<T> {
  const end = Date.now() + withinMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`not within ${withinMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('a chain of gateway instances on one PostgreSQL', () => {
  it('shows a sale rung up at one instance on a screen at another within a second, paid included, versions only rising', async () => {
    const [one, two] = await chainOf(2);
    const screen = await watchLane(two!);
    const started = Date.now();
    const pressed = await startPayment(one!);
    expect(pressed.statusCode).toBe(200);
    const id = pressed.json().payment.paymentRequest.id as string;
    await until(() => screen.states.find((state) => state.payment?.paymentRequest.id === id), 1_000, 'the other instance’s screen shows the QR');
    expect(Date.now() - started).toBeLessThan(1_500);
    expect((await laneState(two!)).payment?.paymentRequest.id).toBe(id);

    expect((await patronPays(id)).status).toBe(200);
    const paidAt = Date.now();
    await until(() => screen.states.find((state) => state.payment?.outcome === 'paid'), 3_000, 'the other instance’s screen shows it paid');
    expect(Date.now() - paidAt).toBeLessThan(3_000);
    const versions = screen.states.map((state) => state.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    screen.close();
  });

  it('sends a screen reconnecting at another instance what it missed since its Last-Event-ID, and nothing when it missed nothing', async () => {
    const [one, two] = await chainOf(2);
    const before = await laneState(two!);
    const pressed = await startPayment(one!);
    const id = pressed.json().payment.paymentRequest.id as string;
    await waitForLane(two!, (state) => state.payment?.paymentRequest.id === id);
    const behind = await watchLane(two!, before.version);
    const caughtUp = await until(() => behind.states[0], 1_000, 'the state it missed');
    expect(caughtUp.payment?.paymentRequest.id).toBe(id);
    expect(caughtUp.version).toBeGreaterThan(before.version);
    behind.close();
    const current = await watchLane(two!, caughtUp.version);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(current.states).toEqual([]);
    current.close();
  });

  it('catches a screen up on what was committed while its instance could not hear the others (its LISTEN connection dropped)', async () => {
    const journalUrl = await freshDatabase();
    const one = await instanceOn(journalUrl);
    const two = await instanceOn(journalUrl);
    const screen = await watchLane(two);
    await until(() => screen.states[0], 1_000, 'the first state');
    // Every instance's listening connection is cut; the sale is rung up at once, while they connect again.
    await asAdmin((admin) => admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'LISTEN%'", [new URL(journalUrl).pathname.slice(1)]));
    // One change, and nothing after it that would be heard once they listen again: only catching up shows it.
    const cart = await one.inject({ method: 'PUT', url: '/api/lanes/lane-1/cart', payload: { cart: [{ sku: 'COFFEE-FW', qty: 3 }], operatorId: 'op-7' } });
    expect(cart.statusCode).toBe(200);
    await until(() => screen.states.find((state) => state.cart?.[0]?.qty === 3), 2_000, 'the screen at the other instance shows the cart');
    screen.close();
  });

  it('makes one Payment Request for two Pay presses at once at two instances', async () => {
    const [one, two] = await chainOf(2);
    const before = await createCount();
    const [a, b] = await Promise.all([startPayment(one!), startPayment(two!)]);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(a.json().order.ref).toBe(b.json().order.ref);
    await waitForLane(one!, (state) => state.payment?.paymentRequest.id !== undefined);
    await waitForLane(two!, (state) => state.payment?.paymentRequest.id !== undefined);
    expect((await laneState(one!)).payment?.paymentRequest.id).toBe((await laneState(two!)).payment?.paymentRequest.id);
    expect(await createCount()).toBe(before + 1);
  });

  it('reads an account’s activity feed at one instance at a time, and at another once that one stops', { timeout: 40_000 }, async () => {
    const journalUrl = await freshDatabase();
    const one = await instanceOn(journalUrl, { sales: { activityFeed: 'on' } });
    // The feed is read while a request is live.
    expect((await startPayment(one)).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    let before = await calls(FEED_READS);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const alone = (await calls(FEED_READS)) - before;
    expect(alone).toBeGreaterThan(0);
    const two = await instanceOn(journalUrl, { sales: { activityFeed: 'on' } });
    const three = await instanceOn(journalUrl, { sales: { activityFeed: 'on' } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    before = await calls(FEED_READS);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    // Three instances read it about as often as one does (three reading it each would be three times as often).
    expect((await calls(FEED_READS)) - before).toBeLessThanOrEqual(alone * 1.5 + 2);
    await one.close();
    instances = [two, three];
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    before = await calls(FEED_READS);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = (await calls(FEED_READS)) - before;
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThanOrEqual(alone * 1.5 + 2);
  });

  it('paces each instance’s reads by the live requests of the whole account, the other instances’ too', async () => {
    const lanes = LANES;
    // 60 a minute: reads may take three quarters, less what the two creates took; each live request its share of that.
    const [one, two] = await chainOf(2, { lanes, rateLimitPerMinute: 60 });
    expect((await startPayment(one!, 'op-1', 'lane-1')).statusCode).toBe(200);
    expect((await startPayment(two!, 'op-2', 'lane-2')).statusCode).toBe(200);
    for (const instance of [one!, two!]) {
      for (const lane of ['lane-1', 'lane-2']) await waitForLane(instance, (state) => state.payment?.outcome === 'pending', 5_000, lane);
    }
    // Two live requests on the account: about 2.8 s between reads of each (one watched here alone would be 1.4 s).
    expect(await metric(two!, 'pos_poll_interval_seconds')).toBeGreaterThan(2.5);
    expect(await metric(one!, 'pos_poll_interval_seconds')).toBeGreaterThan(2.5);
  });

  it('passes what a webhook at one instance says to the instance watching the request, which shows it paid without a read', async () => {
    let origin = '';
    const webhooks = { jwksUrl: `${sandbox.url}/.well-known/jwks.json`, audience: () => `${origin}/api/webhooks/centrapay` };
    // Routine reads a minute apart: only a cue, or what it carried, can show the payment in time.
    const [one, two] = await chainOf(2, { webhooks, sales: { pollIntervalMs: 60_000 } });
    origin = await listening(two!);
    expect((await sandbox.call('POST', '/_sandbox/webhooks', {}, { url: `${origin}/api/webhooks/centrapay`, types: ['payment-request:paid'] })).status).toBe(200);
    const id = (await startPayment(one!)).json().payment.paymentRequest.id as string;
    await waitForLane(two!, (state) => state.payment?.paymentRequest.id === id);
    const readsBefore = await calls(READS);
    expect((await patronPays(id)).status).toBe(200);
    await waitForLane(one!, (state) => state.payment?.outcome === 'paid', 2_000);
    expect(await calls(READS)).toBe(readsBefore);
  });

  it('has one instance read the account’s activity feed, and passes what it shows to the instance watching each request', async () => {
    // The feed read every second whatever the count of live requests; requests' own reads failing, so only the feed can tell.
    const options = { lanes: LANES, sales: { activityFeed: 'on' as const, pollIntervalMs: 1_000, unknownAfterMs: 30_000 } };
    const journalUrl = await freshDatabase();
    const reader = await instanceOn(journalUrl, options);
    expect((await startPayment(reader, 'op-2', 'lane-2')).statusCode).toBe(200);
    await expect.poll(() => calls(FEED_READS), { interval: 50, timeout: 3_000 }).toBeGreaterThan(0);
    const watcher = await instanceOn(journalUrl, options);
    const id = (await startPayment(watcher, 'op-1', 'lane-1')).json().payment.paymentRequest.id as string;
    await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'GET', path: '/api/payment-requests/:id', mode: 'http503', count: 1_000 });

    const feedBefore = await calls(FEED_READS);
    const started = Date.now();
    expect((await patronPays(id)).status).toBe(200);
    await waitForLane(watcher, (state) => state.payment?.outcome === 'paid', 4_000, 'lane-1');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 3_000 - (Date.now() - started))));
    // About one read a second by one instance (two would read about six times in 3 s).
    expect(await calls(FEED_READS) - feedBefore).toBeLessThanOrEqual(4);
    await sandbox.call('DELETE', '/_sandbox/faults', {});
  });

  it('hands a live payment’s watching to another instance when one stops, and the payment still ends paid everywhere', async () => {
    const [one, two] = await chainOf(2);
    const pressed = await startPayment(one!);
    const id = pressed.json().payment.paymentRequest.id as string;
    await waitForLane(two!, (state) => state.payment?.paymentRequest.id === id);
    // Each instance's /metrics says what it watches and that it hears the others.
    expect([await metric(one!, 'pos_chain_leases_held{engine="sale"}'), await metric(two!, 'pos_chain_leases_held{engine="sale"}')]).toEqual([1, 0]);
    expect([await metric(one!, 'pos_chain_listening'), await metric(two!, 'pos_chain_listening')]).toEqual([1, 1]);
    await one!.close();
    instances = [two!];
    await expect.poll(() => metric(two!, 'pos_chain_leases_held{engine="sale"}'), { timeout: 3_000 }).toBe(1);
    expect((await patronPays(id)).status).toBe(200);
    const paid = await waitForLane(two!, (state) => state.payment?.outcome === 'paid', 5_000);
    expect(paid.payment?.paymentRequest.id).toBe(id);
  });
});
