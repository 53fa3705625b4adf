// Two gateway processes on one PostgreSQL journal, one SIGKILLed mid-payment: the other takes the watching over within
// the lease's time, and the patron who pays meanwhile is shown "paid" by the surviving instance within 5 s of paying;
// the killed one, restarted, shows the same. Nothing was created twice. And with many payments in flight at once, each
// shown paid within 5 s of paying too: what the webhooks said while nobody watched is taken at the takeover.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../src/domain/catalog';
import { freshDatabase } from '../../src/test-support/postgres-database';
import { startSandbox, type SandboxHarness } from '../../src/test-support/sandbox-harness';
import { freePort, GatewayProcess, type Crash } from './processes';

const CODE = 'chain-cashier-1';
let sandbox: SandboxHarness | undefined;
let gateways: GatewayProcess[] = [];

afterEach(async () => {
  for (const gateway of gateways) await gateway.stop();
  gateways = [];
  await sandbox?.close();
});

async function instance(name: string, journalUrl: string, dir: string, crashes: Crash[], lanes = 1): Promise<GatewayProcess> {
  const gateway = new GatewayProcess({
    name, port: await freePort(), lanes: Array.from({ length: lanes }, (_, i) => ({ id: `lane-${i + 1}`, terminalId: `till-${i + 1}`, deviceId: `SN-${i + 1}` })),
    journalPath: join(dir, `${name}.sqlite`), journalUrl,
    logPath: join(dir, `${name}.log`), distDir: join(dir, 'no-dist'), catalogFile: join(dir, 'catalog.json'), cashierCode: CODE, sandboxUrl: sandbox!.url,
  }, (crash) => crashes.push(crash));
  gateways.push(gateway);
  await gateway.start();
  return gateway;
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

it('many payments in flight on a killed instance: each is shown paid at the other within 5 s of paying', { timeout: 120_000 }, async () => {
  const LANES = 12;
  sandbox = await startSandbox();
  const dir = mkdtempSync(join(tmpdir(), 'pos-chain-kill-many-'));
  writeFileSync(join(dir, 'catalog.json'), JSON.stringify(DEMO_CATALOG));
  const journalUrl = await freshDatabase();
  const crashes: Crash[] = [];
  const one = await instance('one', journalUrl, dir, crashes, LANES);
  const two = await instance('two', journalUrl, dir, crashes, LANES);
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
