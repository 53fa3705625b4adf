// `npm run chaos [-- --json] [--operations N] [--seed S] [--journal sqlite|postgres] [--instances N]` (`--payments N`
// is the same as `--operations N`): proves the gateway cannot lose money in any flow. Two gateways (or --instances N)
// on SQLite journals of their own, or a chain of N instances (default 3) sharing one PostgreSQL journal
// (`--journal postgres`), on one sandbox account, drive N operations on all their lanes and machines at once — sales,
// refunds and voids of finished sales, bar tabs, pump authorisations, vends — while the run injects every sandbox
// fault on every route they use, SIGKILLs them with money in flight, and troubles their journals (SQLite: locked,
// disk full; PostgreSQL: connections dropped, rows locked, read-only); then it lets everything settle and audits every
// flow against the sandbox's own records (audit.ts). Exits 1 on any violation, when a flow the run must drive was
// never driven, or if the run itself breaks. With --json, stdout carries exactly one JSON object; progress on stderr.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CatalogItem } from '../../src/domain/catalog';
import { audit, type CrashRecord, type Violation } from './audit';
import { chainKills, chainTroubles, Takeovers } from './chain-troubles';
import { Chaos, chaosPlan, singleKills, type ChaosContext } from './chaos';
import { CASHIER_CODE, deploy, undeploy, type Deployment } from './deployment';
import { FaultDealer, SandboxFaults } from './faults';
import { OperationDealer } from './flows';
import { driveWorker } from './operations';
import { Patrons } from './patron';
import { liveUntil, pollFigures, readPolls } from './polls';
import type { Crash, GatewayProcess } from './processes';
import { createRandom, randomSeed, type Random } from './random';
import { readActivitiesOf, readHolds, readJournalWithRefunds, readStory, readUpstream, readVends } from './records';
import { buildReport, EXAMPLES_PER_KIND, renderText, type ChaosReport, type Evidence } from './report';
import { settle } from './settle';
import { sqliteTroubles } from './sqlite-troubles';
import { createStats, log, type RunStats } from './stats';
import { Till } from './till';
import { MachinePool, SalePool } from './workplace';

const SETTLE_BOUND_MS = 180_000;

const { values: options } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    operations: { type: 'string' },
    /** The old name of --operations (when the run drove sales only). */
    payments: { type: 'string' },
    seed: { type: 'string' },
    /** Lone gateways on SQLite (default 2), or a chain's instances on one PostgreSQL (default 3). */
    instances: { type: 'string' },
    journal: { type: 'string', default: 'sqlite' },
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
if (options.journal !== 'sqlite' && options.journal !== 'postgres') {
  process.stderr.write(`--journal is sqlite (each gateway its own) or postgres (one chain), got ${options.journal}\n`);
  process.exit(2);
}
const journal = options.journal;
const instances = Number(options.instances ?? (journal === 'postgres' ? '3' : '2'));
if (!Number.isInteger(instances) || instances < 1 || instances > (journal === 'postgres' ? 8 : 26) || (journal === 'postgres' && instances < 2)) {
  process.stderr.write(`--instances must be a whole number from 1 to 26 (sqlite) or 2 to 8 (postgres), got ${options.instances}\n`);
  process.exit(2);
}
const seed = options.seed === undefined ? randomSeed() : Number(options.seed);
if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
  process.stderr.write(`--seed must be a whole number from 0 to 4294967295, got ${options.seed}\n`);
  process.exit(2);
}

/** A log line's pino level and message (with its failure and event), or level 0 when it is not a log record. */
function parseLogLine(line: string): { level: number; message: string } {
  try {
    const parsed = JSON.parse(line) as { level?: number; msg?: string; err?: unknown; failure?: string; event?: string };
    const message = `${parsed.msg ?? ''}${parsed.failure ? ` [${parsed.failure}]` : ''}${parsed.event ? ` (${parsed.event})` : ''}`.trim();
    return { level: parsed.level ?? 0, message: (!parsed.msg && parsed.err ? JSON.stringify(parsed.err) : message).slice(0, 300) };
  } catch {
    return { level: 0, message: line };
  }
}

const topOf = (messages: Map<string, number>, count: number) => [...messages].sort((a, b) => b[1] - a[1]).slice(0, count).map(([message, n]) => `${n}× ${message}`);

/**
 * Error lines (pino level ≥ 50) of a log and warnings (40), each grouped by message, and any line that says something
 * went unhandled.
 */
function logErrors(text: string): { count: number; examples: string[]; warnings: number; warningExamples: string[]; crashLines: string[] } {
  const errors = new Map<string, number>();
  const warnings = new Map<string, number>();
  const crashLines: string[] = [];
  let count = 0;
  let warned = 0;
  for (const line of text.split('\n')) {
    if (/unhandled|uncaught/i.test(line)) crashLines.push(line.slice(0, 400));
    const { level, message } = parseLogLine(line);
    if (level >= 50) count += 1;
    else if (level >= 40) warned += 1;
    const into = level >= 50 ? errors : level >= 40 ? warnings : null;
    into?.set(message, (into.get(message) ?? 0) + 1);
  }
  return { count, examples: topOf(errors, 5), warnings: warned, warningExamples: topOf(warnings, 8), crashLines };
}

function progressLine(began: number, stats: RunStats, instances: readonly GatewayProcess[]): string {
  const flows = Object.entries(stats.byFlow).map(([flow, figures]) => `${flow} ${figures.driven}`).join(', ');
  const troubles = journal === 'postgres'
    ? `drops ${stats.chain.drops}, partitions ${stats.chain.partitions}, row locks ${stats.chain.rowLocks}, read-only ${stats.chain.readOnlyEpisodes}`
    : `locks ${stats.lockEpisodes}, disk full ${stats.diskFullEpisodes}`;
  return `${((Date.now() - began) / 1000).toFixed(0)} s: operations ${stats.opsEnded} ended, ${stats.opsStarted} started of ${operations} (${flows}); ` +
    `faults ${stats.faults.injected}, SIGKILLs ${stats.kills.count}, ${troubles}, ` +
    `409s ${Object.values(stats.refused).reduce((a, b) => a + b, 0)}; up: ${instances.filter((g) => g.up).map((g) => g.name).join(' ') || 'none'}`;
}

/** Every record the audit compares: the sandbox's, each journal's (a chain's once, through any instance), and what the screens and machines were told. */
async function readRecords(sandboxUrl: string, tills: readonly Till[], stats: RunStats) {
  const upstream = await readUpstream(sandboxUrl);
  const sales = (await Promise.all(tills.map((till) => readJournalWithRefunds(till)))).flat();
  const holds = (await Promise.all(tills.map((till) => readHolds(till)))).flat();
  const vends = (await Promise.all(tills.map((till) => readVends(till, stats.records.vendDrives.filter((drive) => drive.gateway === till.gateway.name && drive.vendId).map((drive) => drive.vendId!))))).flat();
  return { upstream, sales, holds, vends, presses: stats.records.presses, holdDrives: stats.records.holdDrives, vendDrives: stats.records.vendDrives };
}

/** The chaos for this deployment: a lone gateway's kills and SQLite troubles, or a chain's. */
function chaosFor(deployment: Deployment, tills: ReadonlyMap<string, Till>, stats: RunStats, random: Random): Chaos {
  const { chain } = deployment;
  const takeovers = chain ? new Takeovers(chain.db, stats.chain, (pid) => deployment.instances.find((instance) => instance.pid === pid)?.name) : null;
  return new Chaos({
    instances: deployment.instances, tills, dealer: new FaultDealer(random.fork('faults')), faults: new SandboxFaults(deployment.sandbox.url, stats),
    random: random.fork('chaos'), stats, plan: chaosPlan(operations), progress: () => stats.opsStarted / operations,
    kills: (context: ChaosContext) => (chain ? chainKills(context, chain.db, chain.front, takeovers!) : singleKills(context)),
    troubles: (context: ChaosContext) => (chain ? chainTroubles(context, chain) : sqliteTroubles(context, tills, deployment.disks)),
  });
}

/** Drives every operation on every lane of every gateway under the chaos, then stops it and lets everything settle. */
async function driveAndSettle(deployment: Deployment, tills: ReadonlyMap<string, Till>, stats: RunStats, random: Random, began: number) {
  const chaos = chaosFor(deployment, tills, stats, random);
  const { items: catalog } = await [...tills.values()][0]!.get<{ items: CatalogItem[] }>('/api/catalog');
  const dealer = new OperationDealer(random.fork('operations'));
  let tickets = 0;
  const place = {
    dealer, stats, chaos, catalog, patrons: new Patrons(deployment.sandbox.url, stats), sales: new SalePool(), machines: new MachinePool(deployment.machines),
    takeTicket: () => (tickets < operations ? ++tickets : null),
  };
  const progress = setInterval(() => log(progressLine(began, stats, deployment.instances)), 10_000);
  const drivingStarted = Date.now();
  chaos.start();
  try {
    await Promise.all([...tills.values()].flatMap((till) => till.gateway.spec.lanes.map((lane) => driveWorker({ till, lane: lane.id, random: random.fork(`lane ${lane.id}`), place }))));
  } finally {
    clearInterval(progress);
  }
  const drivingMs = Date.now() - drivingStarted;
  log(`driving done in ${(drivingMs / 1000).toFixed(1)} s; stopping the chaos and settling`);
  await chaos.stop();
  const settled = await settle([...tills.values()], random.fork('settle'), stats, SETTLE_BOUND_MS);
  log(`settled in ${(settled.ms / 1000).toFixed(1)} s${settled.problems.length ? ` with ${settled.problems.length} lane(s) still busy` : ''}; auditing`);
  return { dealer, drivingMs, settled };
}

/** Crashes, and each gateway process's log: its error lines, and any line saying something went unhandled. */
function processFailures(crashes: readonly Crash[], instances: readonly GatewayProcess[]) {
  const gatewayLogErrors: ChaosReport['gatewayLogErrors'] = {};
  const crashRecords: CrashRecord[] = crashes.map((crash) => ({ process: crash.process, detail: `exited with code ${crash.code} signal ${crash.signal} at ${crash.at}; log tail: ${crash.logTail.slice(-1500)}` }));
  for (const instance of instances) {
    const errors = logErrors(instance.log());
    gatewayLogErrors[instance.name] = { count: errors.count, examples: errors.examples, warnings: errors.warnings, warningExamples: errors.warningExamples };
    for (const line of errors.crashLines) crashRecords.push({ process: `gateway ${instance.name}`, detail: `log: ${line}` });
  }
  return { gatewayLogErrors, crashRecords };
}

async function main(): Promise<ChaosReport> {
  const began = Date.now();
  const workDir = mkdtempSync(join(tmpdir(), 'centrapay-chaos-'));
  log(`seed ${seed}, ${operations} operations, ${journal === 'postgres' ? `a chain of ${instances} instances on one PostgreSQL journal` : `${instances} gateways on SQLite journals`}; work dir ${workDir}`);
  const crashes: Crash[] = [];
  const onCrash = (crash: Crash) => {
    crashes.push(crash);
    log(`CRASH: ${crash.process} exited by itself (code ${crash.code}, signal ${crash.signal})`);
  };
  const random = createRandom(seed);
  let deployment: Deployment | undefined;
  // Interrupted: the processes, the chain's database server and the disks go with the run.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void (deployment ? undeploy(deployment, workDir) : Promise.resolve()).finally(() => process.exit(130)));
  }
  try {
    deployment = await deploy({ workDir, journal, instances, random: random.fork('balancer'), onCrash });
    const { sandbox } = deployment;
    log(`sandbox ${sandbox.url}; gateways ${deployment.instances.map((g) => `${g.name} ${g.url}`).join(', ')}`);
    if (journal === 'sqlite' && deployment.disks.size < deployment.instances.length) log('this machine does not allow mounting a small disk: the disk episodes are read-only journals, not full ones');
    const stats = createStats();
    const tills = new Map(deployment.fronts.map((front) => [front.name, new Till(front, CASHIER_CODE, stats)]));
    const { dealer, drivingMs, settled } = await driveAndSettle(deployment, tills, stats, random, began);

    const auditStarted = Date.now();
    const reads = await readPolls(sandbox.url);
    const records = await readRecords(sandbox.url, [...tills.values()], stats);
    const polls = pollFigures(reads, { instanceOf: deployment.chain?.instanceAt, liveUntil: liveUntil(records.upstream) });
    const { gatewayLogErrors, crashRecords } = processFailures(crashes, deployment.instances);
    const result = audit({ ...records, laneProblems: settled.problems, crashes: crashRecords });
    const evidence = await gatherEvidence(result.violations, tills, sandbox.url);
    const auditMs = Date.now() - auditStarted;

    const missing = dealer.missing();
    // Kept for a person to look at: violations, flows never driven, sales a cashier had to rescue or give up on, and
    // requests polled by two instances at once.
    const keep = result.violations.length > 0 || missing.length > 0 || stats.rescued.length > 0 || stats.abandoned.length > 0 || polls.interleaved.reads > 0;
    const report = buildReport({
      seed, operations, journal, gateways: deployment.fronts.length, instances: deployment.instances.length,
      lanes: deployment.fronts.reduce((sum, front) => sum + front.spec.lanes.length, 0), machines: deployment.machines.length,
      durationMs: { total: Date.now() - began, driving: drivingMs, settling: settled.ms, audit: auditMs },
      stats, audit: result, evidence, gatewayLogErrors, missing, workDir: keep ? workDir : null, polls, sentTo: deployment.chain?.front.sent ?? null,
    });
    if (keep) {
      writeFileSync(join(workDir, 'report.json'), JSON.stringify(report, null, 2));
      writeFileSync(join(workDir, 'audit-input.json'), JSON.stringify(records, null, 2));
      writeFileSync(join(workDir, 'reads.json'), JSON.stringify(reads));
    }
    await undeploy(deployment, workDir);
    if (!keep) rmSync(workDir, { recursive: true, force: true });
    return report;
  } catch (error) {
    if (deployment) await undeploy(deployment, workDir);
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
