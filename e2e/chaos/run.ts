// `npm run chaos [-- --json] [--operations N] [--seed S]` (`--payments N` is the same as `--operations N`): proves the
// gateway cannot lose money in any flow. Two gateways on one sandbox account drive N operations on all their lanes and
// machines at once — sales, refunds and voids of finished sales, bar tabs, pump authorisations, vends — while the run
// injects every sandbox fault on every route they use, SIGKILLs them with money in flight, locks their journals and
// fills their disks; then it lets everything settle and audits every flow against the sandbox's own records
// (audit.ts). Exits 1 on any violation, when a flow the run must drive was never driven, or if the run itself breaks.
// With --json, stdout carries exactly one JSON object; progress goes to stderr.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_CATALOG, type CatalogItem } from '../../src/domain/catalog';
import { audit, type CrashRecord, type Violation } from './audit';
import { Chaos, chaosPlan } from './chaos';
import { SmallDisk } from './disks';
import { FaultDealer, SandboxFaults } from './faults';
import { OperationDealer } from './flows';
import { driveWorker } from './operations';
import { Patrons } from './patron';
import { freePort, GatewayProcess, SandboxProcess, type Crash, type LaneSpec, type MachineConfig } from './processes';
import { createRandom, randomSeed } from './random';
import { readActivitiesOf, readHolds, readJournalWithRefunds, readStory, readUpstream, readVends } from './records';
import { buildReport, EXAMPLES_PER_KIND, renderText, type ChaosReport, type Evidence } from './report';
import { settle } from './settle';
import { createStats, log, type RunStats } from './stats';
import { Till } from './till';
import { MachinePool, SalePool, type MachineSpec } from './workplace';

const GATEWAYS = ['A', 'B'] as const;
const LANES_PER_GATEWAY = 6;
const CASHIER_CODE = 'chaos-cashier-2468';
/** Each gateway's machines: two vending machines and two pumps, with its own ids (so its own terminal ids). */
const VENDING_SKUS = ['DRINK-OJ', 'DRINK-SPW', 'COFFEE-ICED', 'FOOD-BANB', 'FOOD-CARS', 'FOOD-FRIAND'];
/** A pump's fixed authorisation: $10 (Alice's $1,000 must last the run, and what a pump holds comes back late). */
const PUMP_AUTHORISES = '1000';
/** A paid vend the machine has not confirmed within this is refunded by the gateway. */
const VEND_TIMEOUT_SECONDS = 8;
const SETTLE_BOUND_MS = 180_000;
/** Each gateway's journal disk, when one can be mounted: room for a run's journal, small enough to fill at once. */
const JOURNAL_DISK_MB = 64;

const { values: options } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    operations: { type: 'string' },
    /** The old name of --operations (when the run drove sales only). */
    payments: { type: 'string' },
    seed: { type: 'string' },
  },
});
const operationsGiven = options.operations ?? options.payments ?? '500';
const operations = Number(operationsGiven);
if (!Number.isInteger(operations) || operations < 1 || operations > 10_000) {
  process.stderr.write(`--operations (or --payments) must be a whole number from 1 to 10000, got ${operationsGiven}\n`);
  process.exit(2);
}
if (options.operations !== undefined && options.payments !== undefined && options.operations !== options.payments) {
  process.stderr.write('--operations and --payments are the same thing: give one\n');
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

/** A gateway's machines, as MACHINES configures them, and as the workers know them (with their keys). */
function machinesOf(name: string): { config: MachineConfig[]; specs: MachineSpec[] } {
  const id = name.toLowerCase();
  const config: MachineConfig[] = [
    ...[1, 2].map((n): MachineConfig => ({ id: `vend-${id}${n}`, kind: 'vending', key: `chaos-machine-key-vend-${id}${n}`, name: `Vending ${name}${n}`, products: VENDING_SKUS.map((sku) => ({ sku })) })),
    ...[1, 2].map((n): MachineConfig => ({ id: `pump-${id}${n}`, kind: 'pump', key: `chaos-machine-key-pump-${id}${n}`, name: `Pump ${name}${n}`, authoriseAmount: PUMP_AUTHORISES })),
  ];
  const specs = config.map((machine): MachineSpec => ({
    gateway: name, id: machine.id, kind: machine.kind, key: machine.key, name: machine.name,
    products: machine.products?.map((product) => product.sku) ?? [], authoriseAmount: machine.authoriseAmount ?? null,
  }));
  return { config, specs };
}

function progressLine(began: number, stats: RunStats, gateways: readonly GatewayProcess[]): string {
  const flows = Object.entries(stats.byFlow).map(([flow, figures]) => `${flow} ${figures.driven}`).join(', ');
  return `${((Date.now() - began) / 1000).toFixed(0)} s: operations ${stats.opsEnded} ended, ${stats.opsStarted} started of ${operations} (${flows}); ` +
    `faults ${stats.faults.injected}, SIGKILLs ${stats.kills.count}, locks ${stats.lockEpisodes}, disk full ${stats.diskFullEpisodes}, ` +
    `409s ${Object.values(stats.refused).reduce((a, b) => a + b, 0)}; up: ${gateways.filter((g) => g.up).map((g) => g.name).join('') || 'none'}`;
}

async function startProcesses(workDir: string, onCrash: (crash: Crash) => void): Promise<{ sandbox: SandboxProcess; gateways: GatewayProcess[]; disks: Map<string, SmallDisk>; machines: MachineSpec[] }> {
  const distDir = join(workDir, 'no-web-app');
  mkdirSync(distDir);
  const catalogFile = join(workDir, 'catalog.json');
  writeFileSync(catalogFile, JSON.stringify(chaosCatalog(), null, 2));
  const sandbox = new SandboxProcess(await freePort(), join(workDir, 'sandbox.log'), onCrash);
  const gateways: GatewayProcess[] = [];
  const disks = new Map<string, SmallDisk>();
  const machines: MachineSpec[] = [];
  await sandbox.start();
  for (const name of GATEWAYS) {
    const id = name.toLowerCase();
    const lanes: LaneSpec[] = Array.from({ length: LANES_PER_GATEWAY }, (_, i) => ({ id: `${id}${i + 1}`, terminalId: `chaos-${id}-${i + 1}`, deviceId: `chaos-${id}-dev-${i + 1}` }));
    const disk = SmallDisk.mount(join(workDir, `disk-${name}`), JOURNAL_DISK_MB);
    if (disk) disks.set(name, disk);
    const own = machinesOf(name);
    machines.push(...own.specs);
    gateways.push(new GatewayProcess({
      name, port: await freePort(), lanes, journalPath: join(disk?.dir ?? workDir, `gateway-${name}.sqlite`), logPath: join(workDir, `gateway-${name}.log`),
      distDir, catalogFile, cashierCode: CASHIER_CODE, sandboxUrl: sandbox.url, machines: own.config, vendTimeoutSeconds: VEND_TIMEOUT_SECONDS,
    }, onCrash));
  }
  for (const gateway of gateways) {
    const response = await fetch(`${sandbox.url}/_sandbox/webhooks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: gateway.webhookUrl, types: ['payment-request:paid', 'payment-request:refund-initiated', 'payment-request:refund-completed'] }),
    });
    if (!response.ok) throw new Error(`could not subscribe gateway ${gateway.name}'s webhooks: ${response.status}`);
  }
  await Promise.all(gateways.map((gateway) => gateway.start()));
  return { sandbox, gateways, disks, machines };
}

/** Every record the audit compares: the sandbox's, each journal's, and what the screens and machines were told. */
async function readRecords(sandboxUrl: string, tills: readonly Till[], stats: RunStats) {
  const upstream = await readUpstream(sandboxUrl);
  const sales = (await Promise.all(tills.map((till) => readJournalWithRefunds(till)))).flat();
  const holds = (await Promise.all(tills.map((till) => readHolds(till)))).flat();
  const vends = (await Promise.all(tills.map((till) => readVends(till, stats.records.vendDrives.filter((drive) => drive.gateway === till.gateway.name && drive.vendId).map((drive) => drive.vendId!))))).flat();
  return { upstream, sales, holds, vends, presses: stats.records.presses, holdDrives: stats.records.holdDrives, vendDrives: stats.records.vendDrives };
}

async function main(): Promise<ChaosReport> {
  const began = Date.now();
  const workDir = mkdtempSync(join(tmpdir(), 'centrapay-chaos-'));
  log(`seed ${seed}, ${operations} operations; work dir ${workDir}`);

  const crashes: Crash[] = [];
  const onCrash = (crash: Crash) => {
    crashes.push(crash);
    log(`CRASH: ${crash.process} exited by itself (code ${crash.code}, signal ${crash.signal})`);
  };
  let processes: Awaited<ReturnType<typeof startProcesses>> | undefined;
  const unmountDisks = () => {
    for (const disk of processes?.disks.values() ?? []) disk.unmount(workDir);
  };
  try {
    processes = await startProcesses(workDir, onCrash);
    const { sandbox, gateways, disks } = processes;
    log(`sandbox ${sandbox.url}; gateways ${gateways.map((g) => `${g.name} ${g.url}`).join(', ')}`);
    if (disks.size < gateways.length) log('this machine does not allow mounting a small disk: the disk episodes are read-only journals, not full ones');

    const stats = createStats();
    const random = createRandom(seed);
    const tills = new Map(gateways.map((gateway) => [gateway.name, new Till(gateway, CASHIER_CODE, stats)]));
    const { items: catalog } = await tills.get('A')!.get<{ items: CatalogItem[] }>('/api/catalog');
    const plan = chaosPlan(operations);
    const chaos = new Chaos(gateways, tills, new FaultDealer(random.fork('faults')), new SandboxFaults(sandbox.url, stats), random.fork('chaos'), stats, plan, () => stats.opsStarted / operations, disks);
    const dealer = new OperationDealer(random.fork('operations'));
    let tickets = 0;
    const place = {
      dealer, stats, chaos, catalog, patrons: new Patrons(sandbox.url, stats), sales: new SalePool(), machines: new MachinePool(processes.machines),
      takeTicket: () => (tickets < operations ? ++tickets : null),
    };
    const progress = setInterval(() => log(progressLine(began, stats, gateways)), 10_000);

    const drivingStarted = Date.now();
    chaos.start();
    try {
      await Promise.all(gateways.flatMap((gateway) => gateway.spec.lanes.map((lane) => driveWorker({ till: tills.get(gateway.name)!, lane: lane.id, random: random.fork(`lane ${lane.id}`), place }))));
    } finally {
      clearInterval(progress);
    }
    const drivingMs = Date.now() - drivingStarted;
    log(`driving done in ${(drivingMs / 1000).toFixed(1)} s; stopping the chaos and settling`);
    await chaos.stop();
    const settled = await settle([...tills.values()], random.fork('settle'), stats, SETTLE_BOUND_MS);
    log(`settled in ${(settled.ms / 1000).toFixed(1)} s${settled.problems.length ? ` with ${settled.problems.length} lane(s) still busy` : ''}; auditing`);

    const auditStarted = Date.now();
    const records = await readRecords(sandbox.url, [...tills.values()], stats);
    const gatewayLogErrors: ChaosReport['gatewayLogErrors'] = {};
    const crashRecords: CrashRecord[] = crashes.map((crash) => ({ process: crash.process, detail: `exited with code ${crash.code} signal ${crash.signal} at ${crash.at}; log tail: ${crash.logTail.slice(-1500)}` }));
    for (const gateway of gateways) {
      const errors = logErrors(gateway.log());
      gatewayLogErrors[gateway.name] = { count: errors.count, examples: errors.examples };
      for (const line of errors.crashLines) crashRecords.push({ process: `gateway ${gateway.name}`, detail: `log: ${line}` });
    }
    const result = audit({ ...records, laneProblems: settled.problems, crashes: crashRecords });
    const evidence = await gatherEvidence(result.violations, tills, sandbox.url);
    const auditMs = Date.now() - auditStarted;

    const missing = dealer.missing();
    // Kept for a person to look at: violations, flows never driven, and sales a cashier had to rescue or give up on.
    const keep = result.violations.length > 0 || missing.length > 0 || stats.rescued.length > 0 || stats.abandoned.length > 0;
    const report = buildReport({
      seed, operations, gateways: gateways.length, lanes: gateways.length * LANES_PER_GATEWAY, machines: processes.machines.length,
      durationMs: { total: Date.now() - began, driving: drivingMs, settling: settled.ms, audit: auditMs },
      stats, audit: result, evidence, gatewayLogErrors, missing, workDir: keep ? workDir : null,
    });
    if (keep) {
      writeFileSync(join(workDir, 'report.json'), JSON.stringify(report, null, 2));
      writeFileSync(join(workDir, 'audit-input.json'), JSON.stringify(records, null, 2));
    }
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await sandbox.stop();
    unmountDisks();
    if (!keep) rmSync(workDir, { recursive: true, force: true });
    return report;
  } catch (error) {
    await Promise.all((processes?.gateways ?? []).map((gateway) => gateway.stop().catch(() => undefined)));
    await processes?.sandbox.stop().catch(() => undefined);
    unmountDisks();
    (error as { workDir?: string }).workDir = workDir;
    throw error;
  }
}

/** For the first few violations of each kind: the journal's story of the subject and Centrapay's activities. */
async function gatherEvidence(violations: readonly Violation[], tills: ReadonlyMap<string, Till>, sandboxUrl: string): Promise<Map<Violation, Evidence>> {
  const evidence = new Map<Violation, Evidence>();
  const kinds = new Map<string, number>();
  for (const violation of violations) {
    const shown = kinds.get(violation.kind) ?? 0;
    if (shown >= EXAMPLES_PER_KIND) continue;
    kinds.set(violation.kind, shown + 1);
    const till = violation.gateway ? tills.get(violation.gateway) : undefined;
    const journal = violation.subject && till ? await readStory(till, violation.flow, violation.subject) : null;
    const activities: Record<string, unknown> = {};
    for (const request of violation.requests) activities[request.id] = await readActivitiesOf(sandboxUrl, request.id);
    evidence.set(violation, { subject: violation.subject, journal, activities });
  }
  return evidence;
}

main().then(
  (report) => {
    process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${renderText(report)}\n`);
    process.exit(report.ok ? 0 : 1);
  },
  (error: unknown) => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    const workDir = (error as { workDir?: string } | null)?.workDir ?? null;
    if (options.json) process.stdout.write(`${JSON.stringify({ ok: false, seed, operations, error: message, workDir })}\n`);
    else process.stderr.write(`The chaos run itself failed (seed ${seed}): ${message}\nJournals and logs in ${workDir}\n`);
    process.exit(1);
  },
);
