// Two gateway processes on one PostgreSQL journal, one SIGKILLed mid-payment: the other takes the watching over within
// the lease's time, and the patron who pays meanwhile is shown "paid" by the surviving instance within 5 s of paying;
// the killed one, restarted, shows the same. Nothing was created twice. With many payments in flight at once, each
// shown paid within 5 s of paying too: what the webhooks said while nobody watched is taken at the takeover. And two
// found by the chaos run: an instance cut off from the database stops watching before another takes over (the request
// is never polled by both), and one that was cut off while a tab was opened elsewhere still takes that tab over when
// its watcher is killed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../src/domain/catalog';
import { freshDatabase } from '../../src/test-support/postgres-database';
import { startSandbox, type SandboxHarness } from '../../src/test-support/sandbox-harness';
import { pollFigures, type RequestReadAt } from './polls';
import { freePort, GatewayProcess, type Crash } from './processes';
import { TcpRelay } from './tcp-relay';

const CODE = 'chain-cashier-1';
let sandbox: SandboxHarness | undefined;
let gateways: GatewayProcess[] = [];
let relays: TcpRelay[] = [];

afterEach(async () => {
  for (const gateway of gateways) await gateway.stop();
  gateways = [];
  for (const relay of relays) await relay.stop();
  relays = [];
  await sandbox?.close();
});

async function instance(name: string, journalUrl: string, dir: string, crashes: Crash[], { sandboxUrl = sandbox!.url, lanes = 1 } = {}): Promise<GatewayProcess> {
  const gateway = new GatewayProcess({
    name, port: await freePort(), lanes: Array.from({ length: lanes }, (_, i) => ({ id: `lane-${i + 1}`, terminalId: `till-${i + 1}`, deviceId: `SN-${i + 1}` })),
    journalPath: join(dir, `${name}.sqlite`), journalUrl,
    logPath: join(dir, `${name}.log`), distDir: join(dir, 'no-dist'), catalogFile: join(dir, 'catalog.json'), cashierCode: CODE, sandboxUrl,
  }, (crash) => crashes.push(crash));
  gateways.push(gateway);
  await gateway.start();
  return gateway;
}

/** Instance `n` reaching Centrapay from 127.0.0.(10 + n) and PostgreSQL through a relay the test can cut. */
async function instanceBehindRelays(n: number, journalUrl: string, dir: string, crashes: Crash[]): Promise<{ gateway: GatewayProcess; database: TcpRelay }> {
  const api = await TcpRelay.start({ host: '127.0.0.1', port: Number(new URL(sandbox!.url).port) }, `127.0.0.${10 + n}`);
  const url = new URL(journalUrl);
  const database = await TcpRelay.start({ host: url.hostname, port: Number(url.port) });
  relays.push(api, database);
  url.host = `127.0.0.1:${database.port}`;
  url.searchParams.set('application_name', `instance-${n}`);
  return { gateway: await instance(`instance-${n}`, url.toString(), dir, crashes, { sandboxUrl: `http://127.0.0.1:${api.port}` }), database };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, withinMs: number, what: string): Promise<T> {
  const end = Date.now() + withinMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`not within ${withinMs} ms: ${what}`);
    await sleep(100);
  }
}

/** A sandbox, a fresh database, and two instances on it, each behind its relays. */
async function chainBehindRelays() {
  sandbox = await startSandbox();
  const dir = mkdtempSync(join(tmpdir(), 'pos-chain-kill-'));
  writeFileSync(join(dir, 'catalog.json'), JSON.stringify(DEMO_CATALOG));
  const crashes: Crash[] = [];
  const journalUrl = await freshDatabase();
  const one = await instanceBehindRelays(1, journalUrl, dir, crashes);
  const two = await instanceBehindRelays(2, journalUrl, dir, crashes);
  return { journalUrl, crashes, one, two };
}

async function lane(gateway: GatewayProcess, id = 'lane-1'): Promise<{ payment?: { outcome: string; paymentRequest: { id: string } } }> {
  return (await fetch(`${gateway.url}/api/lanes/${id}`)).json() as Promise<{ payment?: { outcome: string; paymentRequest: { id: string } } }>;
}

async function watcherOf(journalUrl: string, name: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: journalUrl });
  await client.connect();
  try {
    return (await client.query<{ owner: string }>('SELECT owner FROM leases WHERE name = $1', [name])).rows[0]?.owner;
  } finally {
    await client.end();
  }
}

function press(gateway: GatewayProcess, id = 'lane-1'): Promise<Response> {
  return fetch(`${gateway.url}/api/lanes/${id}/payments`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Cashier-Code': CODE }, body: JSON.stringify({ cart: [{ sku: 'COFFEE-FW', qty: 1 }], operatorId: 'op-1' }),
  });
}

function alicePays(id: string) {
  return sandbox!.call('POST', `/api/payment-requests/${id}/pay`, { Authorization: 'sbx-patron-alice' },
    { assetType: 'centrapay.nzd.test', assetId: 'sbxAssetAliceNzd', idempotencyKey: `alice-${Math.random()}` });
}

it('an instance killed mid-payment: another watches it within the lease time, and shows it paid within 5 s of paying', { timeout: 90_000 }, async () => {
  sandbox = await startSandbox();
  const dir = mkdtempSync(join(tmpdir(), 'pos-chain-kill-'));
  writeFileSync(join(dir, 'catalog.json'), JSON.stringify(DEMO_CATALOG));
  const journalUrl = await freshDatabase();
  const crashes: Crash[] = [];
  const one = await instance('one', journalUrl, dir, crashes);
  const two = await instance('two', journalUrl, dir, crashes);

  const pressed = await press(one);
  expect(pressed.status).toBe(200);
  const id = ((await pressed.json()) as { payment: { paymentRequest: { id: string } } }).payment.paymentRequest.id;
  expect(await watcherOf(journalUrl, 'sale:lane-1')).toContain(`-${one.pid}-`);

  await one.kill();
  const paying = await alicePays(id);
  expect(paying.status).toBe(200);
  const paidAt = Date.now();
  for (;;) {
    if ((await lane(two)).payment?.outcome === 'paid') break;
    expect(Date.now() - paidAt, 'the surviving instance shows it paid within 5 s of paying').toBeLessThan(5_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(await watcherOf(journalUrl, 'sale:lane-1')).toBeUndefined(); // paid: nothing left to watch, the lease given up
  await one.start();
  expect((await lane(one)).payment).toMatchObject({ outcome: 'paid', paymentRequest: { id } });
  const { body } = await sandbox.call('GET', '/_sandbox/requests', {});
  expect(Object.values((body as Record<string, Record<string, number>>)['POST /api/payment-requests'] ?? {}).reduce((a, b) => a + b, 0)).toBe(1);
  expect(crashes).toEqual([]);
});

it('an instance cut off from the database stops polling before another takes its watching over: never two pollers at once', { timeout: 90_000 }, async () => {
  const { journalUrl, crashes, one, two } = await chainBehindRelays();
  const pressed = await press(one.gateway);
  expect(pressed.status).toBe(200);
  const id = ((await pressed.json()) as { payment: { paymentRequest: { id: string } } }).payment.paymentRequest.id;
  expect(await watcherOf(journalUrl, 'sale:lane-1')).toContain(`-${one.gateway.pid}-`);

  // Cut off for longer than a lease lasts, while it still reaches Centrapay: the other takes the watching over.
  one.database.partition(true);
  await until(() => watcherOf(journalUrl, 'sale:lane-1'), (owner) => owner?.includes(`-${two.gateway.pid}-`) === true, 8_000, 'the other instance watches the payment');
  await sleep(3_000);
  one.database.partition(false);

  const { body } = await sandbox!.call('GET', '/_sandbox/requests/reads', {});
  const reads = (body as { items: RequestReadAt[] }).items.filter((read) => read.id === id);
  const figures = pollFigures(reads, { instanceOf: (from) => ({ '127.0.0.11': 'one', '127.0.0.12': 'two' })[from] });
  expect(figures.byInstance.one).toBeGreaterThan(0);
  expect(figures.byInstance.two).toBeGreaterThan(0);
  expect(figures.interleaved.reads, 'reads of the request alternating between the two instances').toBe(0);
  expect(crashes).toEqual([]);
});

it('an instance that was cut off while a tab was opened at another still takes the tab over when that one is killed', { timeout: 90_000 }, async () => {
  const { journalUrl, crashes, one, two } = await chainBehindRelays();

  // The other instance hears nothing while the tab is opened and its request made.
  two.database.partition(true);
  const opened = await fetch(`${one.gateway.url}/api/holds`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Cashier-Code': CODE }, body: JSON.stringify({ lane: 'lane-1', amount: '1000', label: 'Aroha', operatorId: 'op-1' }),
  });
  expect(opened.status).toBe(200);
  const holdId = ((await opened.json()) as { id: string }).id;
  const readHold = async () => (await (await fetch(`${one.gateway.url}/api/holds/${holdId}`, { headers: { 'X-Cashier-Code': CODE } })).json()) as { paymentRequestId: string | null; status: string };
  const pending = await until(readHold, (hold) => hold.paymentRequestId !== null, 10_000, 'the tab’s request is made');
  expect(await watcherOf(journalUrl, `hold:${holdId}`)).toContain(`-${one.gateway.pid}-`);
  two.database.partition(false);
  await until(() => listening(journalUrl, 'instance-2'), (yes) => yes, 15_000, 'the other instance listens again');
  await sleep(1_000);

  await one.gateway.kill();
  await until(() => watcherOf(journalUrl, `hold:${holdId}`), (owner) => owner?.includes(`-${two.gateway.pid}-`) === true, 8_000, 'the other instance watches the tab');
  const paying = await sandbox!.call('POST', `/api/payment-requests/${pending.paymentRequestId}/pay`, { Authorization: 'sbx-patron-alice' },
    { assetType: 'centrapay.nzd.test', assetId: 'sbxAssetAliceNzd', idempotencyKey: `alice-${Math.random()}` });
  expect(paying.status).toBe(200);
  const readAtTwo = async () => (await (await fetch(`${two.gateway.url}/api/holds/${holdId}`, { headers: { 'X-Cashier-Code': CODE } })).json()) as { status: string };
  await until(readAtTwo, (hold) => hold.status === 'authorized', 10_000, 'the tab shown authorised by the other instance');
  expect(crashes).toEqual([]);
});

/** Whether the instance's LISTEN connection is up. */
async function listening(journalUrl: string, applicationName: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: journalUrl });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%'", [applicationName]);
    return rows.length > 0;
  } finally {
    await client.end();
  }
}

it('many payments in flight on a killed instance: each is shown paid at the other within 5 s of paying', { timeout: 120_000 }, async () => {
  const LANES = 12;
  sandbox = await startSandbox();
  const dir = mkdtempSync(join(tmpdir(), 'pos-chain-kill-many-'));
  writeFileSync(join(dir, 'catalog.json'), JSON.stringify(DEMO_CATALOG));
  const journalUrl = await freshDatabase();
  const crashes: Crash[] = [];
  const one = await instance('one', journalUrl, dir, crashes, { lanes: LANES });
  const two = await instance('two', journalUrl, dir, crashes, { lanes: LANES });
  // Centrapay's webhooks reach the surviving instance only (as a load balancer would send them once one is lost).
  expect((await sandbox.call('POST', '/_sandbox/webhooks', {}, { url: two.webhookUrl, types: ['payment-request:paid'] })).status).toBe(200);

  const lanes = Array.from({ length: LANES }, (_, i) => `lane-${i + 1}`);
  const ids = await Promise.all(lanes.map(async (id) => {
    const pressed = await press(one, id);
    expect(pressed.status).toBe(200);
    return ((await pressed.json()) as { payment: { paymentRequest: { id: string } } }).payment.paymentRequest.id;
  }));
  for (const id of lanes) expect(await watcherOf(journalUrl, `sale:${id}`)).toContain(`-${one.pid}-`);

  await one.kill();
  const paidAt = await Promise.all(ids.map(async (id) => {
    expect((await alicePays(id)).status).toBe(200);
    return Date.now();
  }));
  // Taken over at once, they would be read a few at a time (the budget's pace): the webhooks already said they are paid.
  const shownAfter = await Promise.all(lanes.map(async (id, i) => {
    for (;;) {
      if ((await lane(two, id)).payment?.outcome === 'paid') return Date.now() - paidAt[i]!;
      if (Date.now() - paidAt[i]! > 15_000) return Infinity;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }));
  expect(Math.max(...shownAfter)).toBeLessThan(5_000);
  expect(crashes).toEqual([]);
});
