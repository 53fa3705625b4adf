// `npx tsx e2e/chaos/repro.ts <finding>`: the smallest reproduction of each gateway violation the chaos run found,
// through the gateway's HTTP API against the standalone sandbox (one gateway, one fault at most, no chaos), judged
// by the same audit. Prints what the journal and Centrapay hold, and REPRODUCED (exit 1) or "not reproduced" (exit
// 0: the gateway no longer does it). `npx tsx e2e/chaos/repro.ts` lists the findings.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_CATALOG } from '../../src/domain/catalog';
import type { HoldView } from '../../src/domain/pre-auth';
import { SEED } from '../../src/domain/sandbox-seeds';
import { audit } from './audit';
import { createStats, sleep } from './stats';
import { freePort, GatewayProcess, SandboxProcess, type Crash } from './processes';
import { readHolds, readJournalWithRefunds, readUpstream, readVends } from './records';
import { Till } from './till';

const CASHIER_CODE = 'repro-cashier-2468';
const ALICE = { Authorization: SEED.aliceToken, 'Content-Type': 'application/json' };
const PUMP = { id: 'pump-r1', kind: 'pump' as const, key: 'repro-machine-key-pump-r1', name: 'Pump R1', authoriseAmount: '1000' };

interface World {
  sandbox: SandboxProcess;
  till: Till;
}

async function fault(world: World, body: object): Promise<void> {
  const response = await fetch(`${world.sandbox.url}/_sandbox/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`fault refused: ${response.status}`);
}

async function alicePays(world: World, requestId: string): Promise<void> {
  const response = await fetch(`${world.sandbox.url}/api/payment-requests/${requestId}/pay`, {
    method: 'POST', headers: ALICE, body: JSON.stringify({ assetType: 'centrapay.nzd.test', assetId: SEED.aliceAsset, idempotencyKey: `alice-${requestId}` }),
  });
  if (!response.ok) throw new Error(`Alice could not pay: ${response.status} ${await response.text()}`);
}

async function holdUntil(world: World, id: string, done: (hold: HoldView) => boolean): Promise<HoldView> {
  for (let i = 0; i < 200; i += 1) {
    const hold = await world.till.get<HoldView>(`/api/holds/${id}`);
    if (done(hold)) return hold;
    await sleep(100);
  }
  throw new Error(`hold ${id} never got there`);
}

async function openAuthorisedTab(world: World): Promise<HoldView> {
  const opened = await world.till.call<HoldView>('POST', '/api/holds', { lane: 'r1', amount: '1000', label: 'Repro', operatorId: 'repro' });
  if (opened.status !== 200 || !opened.body) throw new Error(`open: ${opened.status} ${opened.code}`);
  await alicePays(world, opened.body.paymentRequestId!);
  return holdUntil(world, opened.body.id, (hold) => hold.status === 'authorized');
}

const FINDINGS: Record<string, { what: string; run: (world: World) => Promise<void> }> = {
  'release-amount': {
    what: 'a release whose answer was lost (dropped after Centrapay released) is journaled done without its amount; the tab and the pump page then show nothing went back',
    run: async (world) => {
      const tab = await openAuthorisedTab(world);
      const round = await world.till.call<HoldView>('POST', `/api/holds/${tab.id}/confirmations`, { key: 'repro-round-1', cart: [{ sku: 'COFFEE-FW', qty: 1 }], operatorId: 'repro' });
      if (round.status !== 200) throw new Error(`round: ${round.status} ${round.code}`);
      await fault(world, { method: 'POST', path: '/api/payment-requests/:id/release', mode: 'drop', phase: 'after', count: 1 });
      const closed = await world.till.call<HoldView>('POST', `/api/holds/${tab.id}/close`, { operatorId: 'repro' });
      console.log(`close answered ${closed.status}`);
      await holdUntil(world, tab.id, (hold) => hold.status === 'released');
    },
  },
  'pump-release-amount': {
    what: 'the same at a pump: the finish is answered "released 0" while Centrapay returned the rest',
    run: async (world) => {
      const opened = await world.till.call<{ holdId: string; url: string }>('POST', `/api/machines/${PUMP.id}/holds`, {}, { cashier: false });
      if (!opened.body) throw new Error(`authorise: ${opened.status} ${opened.code}`);
      await alicePays(world, /\/pay\/([^/?#]+)/.exec(opened.body.url)![1]!);
      await holdUntil(world, opened.body.holdId, (hold) => hold.status === 'authorized');
      await fault(world, { method: 'POST', path: '/api/payment-requests/:id/release', mode: 'drop', phase: 'after', count: 1 });
      const finished = await world.till.call<{ released: string | null; confirmed: string }>('POST', `/api/machines/${PUMP.id}/holds/${opened.body.holdId}/finish`, { amount: '372' }, { machineKey: PUMP.key });
      console.log(`finish answered ${finished.status}: ${JSON.stringify(finished.body)}`);
      await holdUntil(world, opened.body.holdId, (hold) => hold.status === 'released');
      const view = await world.till.call<{ released: string | null }>('GET', `/api/machines/${PUMP.id}/holds/${opened.body.holdId}`, undefined, { cashier: false });
      console.log(`the pump page says released: ${view.body?.released}`);
    },
  },
  'void-journaled-expired': {
    what: 'a tab voided just after the patron authorised it (before the gateway next read the request) is journaled "expired": the follow runner overwrites "voided"',
    run: async (world) => {
      const opened = await world.till.call<HoldView>('POST', '/api/holds', { lane: 'r1', amount: '1000', label: 'Repro', operatorId: 'repro' });
      if (!opened.body) throw new Error(`open: ${opened.status} ${opened.code}`);
      // No webhook: the runner reads with backoff (1, 2, 4, then every 5 s); authorise and void inside one wait.
      await sleep(7_500);
      await alicePays(world, opened.body.paymentRequestId!);
      const voided = await world.till.call<HoldView>('POST', `/api/holds/${opened.body.id}/void`, { operatorId: 'repro', reason: 'customer left' });
      console.log(`void answered ${voided.status}: status ${voided.body?.status}`);
      await sleep(6_000);
    },
  },
};

async function main(): Promise<number> {
  const name = process.argv[2];
  const finding = name ? FINDINGS[name] : undefined;
  if (!finding) {
    console.log(`usage: npx tsx e2e/chaos/repro.ts <finding>\n${Object.entries(FINDINGS).map(([key, value]) => `  ${key}: ${value.what}`).join('\n')}`);
    return 2;
  }
  console.log(`${name}: ${finding.what}`);
  const workDir = mkdtempSync(join(tmpdir(), 'centrapay-repro-'));
  const crashes: Crash[] = [];
  const sandbox = new SandboxProcess(await freePort(), join(workDir, 'sandbox.log'), (crash) => crashes.push(crash));
  const catalogFile = join(workDir, 'catalog.json');
  writeFileSync(catalogFile, JSON.stringify(DEMO_CATALOG));
  await sandbox.start();
  const gateway = new GatewayProcess({
    name: 'R', port: await freePort(), lanes: [{ id: 'r1', terminalId: 'repro-1', deviceId: 'repro-dev-1' }], journalPath: join(workDir, 'journal.sqlite'),
    logPath: join(workDir, 'gateway.log'), distDir: workDir, catalogFile, cashierCode: CASHIER_CODE, sandboxUrl: sandbox.url, machines: [PUMP],
  }, (crash) => crashes.push(crash));
  try {
    await gateway.start();
    const till = new Till(gateway, CASHIER_CODE, createStats());
    await finding.run({ sandbox, till });
    const result = audit({
      upstream: await readUpstream(sandbox.url), sales: await readJournalWithRefunds(till), holds: await readHolds(till), vends: await readVends(till, []),
    });
    for (const hold of await readHolds(till)) console.log(`journal: ${hold.kind} ${hold.id} ${hold.status}; confirmations ${JSON.stringify(hold.confirmations)}; returns ${JSON.stringify(hold.returns)}`);
    for (const found of result.violations) console.log(`[${found.kind}] ${found.rule}: ${found.detail}`);
    console.log(result.violations.length ? `REPRODUCED (${result.violations.length} violation(s))` : 'not reproduced: the audit finds nothing');
    return result.violations.length ? 1 : 0;
  } finally {
    await gateway.stop();
    await sandbox.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(error);
  process.exit(3);
});
