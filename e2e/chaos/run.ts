// `npm run chaos [-- --json] [--payments N] [--seed S]`: proves the sale engine cannot lose money. Two gateways on
// one sandbox account ring up N sales on all their lanes at once while the run injects every sandbox fault on every
// route they use, SIGKILLs them with payments in flight, locks their journals and fills their disks; then it lets
// everything settle and audits every sale against the sandbox's own records (audit.ts). Exits 1 on any violation,
// or if the run itself breaks. With --json, stdout carries exactly one JSON object; progress goes to stderr.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_CATALOG, type CatalogItem } from '../../src/domain/catalog';
import { audit, type CrashRecord, type Violation } from './audit';
import { driveLane } from './cashier';
import { Chaos, chaosPlan } from './chaos';
import { SmallDisk } from './disks';
import { FaultDealer, SandboxFaults } from './faults';
import { Patrons } from './patron';
import { freePort, GatewayProcess, SandboxProcess, type Crash, type LaneSpec } from './processes';
import { createRandom, randomSeed } from './random';
import { readActivitiesOf, readJournal, readSaleStory, readUpstream } from './records';
import { buildReport, EXAMPLES_PER_KIND, renderText, type ChaosReport, type Evidence } from './report';
import { settle } from './settle';
import { createStats, log } from './stats';
import { Till } from './till';

const GATEWAYS = ['A', 'B'] as const;
const LANES_PER_GATEWAY = 4;
const CASHIER_CODE = 'chaos-cashier-2468';
const SETTLE_BOUND_MS = 180_000;
/** Each gateway's journal disk, when one can be mounted: room for a run's journal, small enough to fill at once. */
const JOURNAL_DISK_MB = 64;

const { values: options } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    payments: { type: 'string', default: '500' },
    seed: { type: 'string' },
  },
});
const payments = Number(options.payments);
if (!Number.isInteger(payments) || payments < 1 || payments > 10_000) {
  process.stderr.write(`--payments must be a whole number from 1 to 10000, got ${options.payments}\n`);
  process.exit(2);
}
const seed = options.seed === undefined ? randomSeed() : Number(options.seed);
if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
  process.stderr.write(`--seed must be a whole number from 0 to 4294967295, got ${options.seed}\n`);
  process.exit(2);
}

/**
 * The demo products at a tenth of their price: Alice holds $1,000.00 and nothing gives it back, so at demo prices a
 * 500-sale run would leave her unable to pay from about its 200th sale. Same skus and names (the rewards offer still
 * covers the coffees), same tax.
 */
function chaosCatalog(): CatalogItem[] {
  return DEMO_CATALOG.map((item) => ({ ...item, unitPrice: String(Math.max(1, Math.round(Number(item.unitPrice) / 10))) }));
}

/** Error lines (pino level ≥ 50) of a log, grouped by message, and any line that says something went unhandled. */
function logErrors(text: string): { count: number; examples: string[]; crashLines: string[] } {
  let count = 0;
  const messages = new Map<string, number>();
  const crashLines: string[] = [];
  for (const line of text.split('\n')) {
    if (/unhandled|uncaught/i.test(line)) crashLines.push(line.slice(0, 400));
    let level = 0;
    let message = line;
    try {
      const parsed = JSON.parse(line) as { level?: number; msg?: string; err?: unknown; failure?: string; event?: string };
      level = parsed.level ?? 0;
      message = `${parsed.msg ?? ''}${parsed.failure ? ` [${parsed.failure}]` : ''}${parsed.event ? ` (${parsed.event})` : ''}`.trim();
      if (!parsed.msg && parsed.err) message = JSON.stringify(parsed.err).slice(0, 300);
    } catch {
      // not a log record
    }
    if (level >= 50) {
      count += 1;
      messages.set(message.slice(0, 300), (messages.get(message.slice(0, 300)) ?? 0) + 1);
    }
  }
  const examples = [...messages].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([message, n]) => `${n}× ${message}`);
  return { count, examples, crashLines };
}

async function main(): Promise<ChaosReport> {
  const began = Date.now();
  const workDir = mkdtempSync(join(tmpdir(), 'centrapay-chaos-'));
  const distDir = join(workDir, 'no-web-app');
  mkdirSync(distDir);
  const catalogFile = join(workDir, 'catalog.json');
  writeFileSync(catalogFile, JSON.stringify(chaosCatalog(), null, 2));
  log(`seed ${seed}, ${payments} sales; work dir ${workDir}`);

  const crashes: Crash[] = [];
  const onCrash = (crash: Crash) => {
    crashes.push(crash);
    log(`CRASH: ${crash.process} exited by itself (code ${crash.code}, signal ${crash.signal})`);
  };
  const sandbox = new SandboxProcess(await freePort(), join(workDir, 'sandbox.log'), onCrash);
  const gateways: GatewayProcess[] = [];
  const disks = new Map<string, SmallDisk>();
  const unmountDisks = () => {
    for (const disk of disks.values()) disk.unmount(workDir);
  };
  try {
    await sandbox.start();
    for (const name of GATEWAYS) {
      const id = name.toLowerCase();
      const lanes: LaneSpec[] = Array.from({ length: LANES_PER_GATEWAY }, (_, i) => ({ id: `${id}${i + 1}`, terminalId: `chaos-${id}-${i + 1}`, deviceId: `chaos-${id}-dev-${i + 1}` }));
      const disk = SmallDisk.mount(join(workDir, `disk-${name}`), JOURNAL_DISK_MB);
      if (disk) disks.set(name, disk);
      gateways.push(new GatewayProcess({
        name, port: await freePort(), lanes, journalPath: join(disk?.dir ?? workDir, `gateway-${name}.sqlite`), logPath: join(workDir, `gateway-${name}.log`),
        distDir, catalogFile, cashierCode: CASHIER_CODE, sandboxUrl: sandbox.url,
      }, onCrash));
    }
    for (const gateway of gateways) {
      const response = await fetch(`${sandbox.url}/_sandbox/webhooks`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ url: gateway.webhookUrl, types: ['payment-request:paid'] }),
      });
      if (!response.ok) throw new Error(`could not subscribe gateway ${gateway.name}'s webhooks: ${response.status}`);
    }
    await Promise.all(gateways.map((gateway) => gateway.start()));
    log(`sandbox ${sandbox.url}; gateways ${gateways.map((g) => `${g.name} ${g.url}`).join(', ')}`);
    if (disks.size < gateways.length) log('this machine does not allow mounting a small disk: the disk episodes are read-only journals, not full ones');

    const stats = createStats();
    const random = createRandom(seed);
    const tills = new Map(gateways.map((gateway) => [gateway.name, new Till(gateway, CASHIER_CODE, stats)]));
    const { items: catalog } = await tills.get('A')!.get<{ items: CatalogItem[] }>('/api/catalog');
    const patrons = new Patrons(sandbox.url, stats);
    const plan = chaosPlan(payments);
    const chaos = new Chaos(gateways, tills, new FaultDealer(random.fork('faults')), new SandboxFaults(sandbox.url, stats), random.fork('chaos'), stats, plan, () => stats.salesStarted / payments, disks);

    let tickets = 0;
    const takeTicket = () => (tickets < payments ? ++tickets : null);
    const progress = setInterval(() => {
      log(`${((Date.now() - began) / 1000).toFixed(0)} s: sales ${stats.salesEnded} ended, ${stats.salesStarted} started of ${payments}; ` +
        `faults ${stats.faults.injected}, SIGKILLs ${stats.kills.count}, locks ${stats.lockEpisodes}, disk full ${stats.diskFullEpisodes}, ` +
        `409s ${Object.values(stats.refused).reduce((a, b) => a + b, 0)}; up: ${gateways.filter((g) => g.up).map((g) => g.name).join('') || 'none'}`);
    }, 10_000);

    const drivingStarted = Date.now();
    chaos.start();
    try {
      await Promise.all(gateways.flatMap((gateway) => gateway.spec.lanes.map((lane) => driveLane({
        till: tills.get(gateway.name)!, lane: lane.id, random: random.fork(`lane ${lane.id}`), patrons, stats, chaos, catalog, takeTicket,
      }))));
    } finally {
      clearInterval(progress);
    }
    const drivingMs = Date.now() - drivingStarted;
    log(`driving done in ${(drivingMs / 1000).toFixed(1)} s; stopping the chaos and settling`);
    await chaos.stop();
    const settled = await settle([...tills.values()], random.fork('settle'), stats, SETTLE_BOUND_MS);
    log(`settled in ${(settled.ms / 1000).toFixed(1)} s${settled.problems.length ? ` with ${settled.problems.length} lane(s) still busy` : ''}; auditing`);

    const auditStarted = Date.now();
    const upstream = await readUpstream(sandbox.url);
    const sales = (await Promise.all([...tills.values()].map((till) => readJournal(till)))).flat();
    const gatewayLogErrors: ChaosReport['gatewayLogErrors'] = {};
    const crashRecords: CrashRecord[] = crashes.map((crash) => ({ process: crash.process, detail: `exited with code ${crash.code} signal ${crash.signal} at ${crash.at}; log tail: ${crash.logTail.slice(-1500)}` }));
    for (const gateway of gateways) {
      const errors = logErrors(gateway.log());
      gatewayLogErrors[gateway.name] = { count: errors.count, examples: errors.examples };
      for (const line of errors.crashLines) crashRecords.push({ process: `gateway ${gateway.name}`, detail: `log: ${line}` });
    }
    const result = audit({ upstream, sales, laneProblems: settled.problems, crashes: crashRecords });

    const evidence = new Map<Violation, Evidence>();
    const kinds = new Map<string, number>();
    for (const violation of result.violations) {
      const shown = kinds.get(violation.kind) ?? 0;
      if (shown >= EXAMPLES_PER_KIND) continue;
      kinds.set(violation.kind, shown + 1);
      const till = violation.gateway ? tills.get(violation.gateway) : undefined;
      const journal = violation.saleRef && till ? await readSaleStory(till, violation.saleRef) : null;
      const activities: Record<string, unknown> = {};
      for (const request of violation.requests) activities[request.id] = await readActivitiesOf(sandbox.url, request.id);
      evidence.set(violation, { saleRef: violation.saleRef, journal, activities });
    }
    const auditMs = Date.now() - auditStarted;

    // Kept for a person to look at: violations, and sales a cashier had to rescue or give up on.
    const keep = result.violations.length > 0 || stats.rescued.length > 0 || stats.abandoned.length > 0;
    const report = buildReport({
      seed, payments, gateways: gateways.length, lanes: gateways.length * LANES_PER_GATEWAY,
      durationMs: { total: Date.now() - began, driving: drivingMs, settling: settled.ms, audit: auditMs },
      stats, audit: result, evidence, gatewayLogErrors, workDir: keep ? workDir : null,
    });
    if (keep) {
      writeFileSync(join(workDir, 'report.json'), JSON.stringify(report, null, 2));
      writeFileSync(join(workDir, 'audit-input.json'), JSON.stringify({ upstream, sales }, null, 2));
    }
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await sandbox.stop();
    unmountDisks();
    if (!keep) rmSync(workDir, { recursive: true, force: true });
    return report;
  } catch (error) {
    await Promise.all(gateways.map((gateway) => gateway.stop().catch(() => undefined)));
    await sandbox.stop().catch(() => undefined);
    unmountDisks();
    (error as { workDir?: string }).workDir = workDir;
    throw error;
  }
}

main().then(
  (report) => {
    process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${renderText(report)}\n`);
    process.exit(report.ok ? 0 : 1);
  },
  (error: unknown) => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    const workDir = (error as { workDir?: string } | null)?.workDir ?? null;
    if (options.json) process.stdout.write(`${JSON.stringify({ ok: false, seed, payments, error: message, workDir })}\n`);
    else process.stderr.write(`The chaos run itself failed (seed ${seed}): ${message}\nJournals and logs in ${workDir}\n`);
    process.exit(1);
  },
);
