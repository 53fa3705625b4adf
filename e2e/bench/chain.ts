// The chain bench (issue 19, item 7): `npm run bench -- --chain`. Many lanes in many stores across several gateway
// instances on one PostgreSQL (started here unless PG_URL is given; a fresh database per mode), with webhooks on and
// then off; the same lanes on today's one process (SQLite) beside them. Each mode starts from nothing: a fresh
// standalone sandbox (Centrapay's 200 calls a minute per key), a meter in front of it per instance, a webhook balancer,
// the instances. Then a takeover: one instance SIGKILLed while it watches live payments. See docs/testing.md.
import type { Browser } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PAYMENT_NOTIFICATION_TYPES } from '../../src/domain/centrapay';
import { asAdminOf, createDatabase, startPostgres, type PostgresServer } from '../../src/test-support/postgres-server';
import { freePort, GatewayProcess, SandboxProcess, WEBHOOK_PATH } from '../chaos/processes';
import { createRandom } from '../chaos/random';
import { CentrapayMeter, WebhookBalancer } from './chain-network';
import { CHAIN_ITEM, driveChainLane, type ChainLaneRun } from './chain-drive';
import {
  accountFigures,
  CHAIN_MODE_NAMES,
  chainSaleFigures,
  chainTargets,
  readFigures,
  type ChainMode,
  type ChainResult,
  type ChainSale,
  type ModeFigures,
} from './chain-report';
import { ACCOUNT_OF_KEY, accountPlan, chainStores, storesSetting, type BenchStore } from './chain-stores';
import { LaneStream } from './chain-streams';
import { measureTakeover } from './chain-takeover';
import { cpuClock } from './lanes-observe';
import { openStampedDisplay, type StampedDisplay } from './screens';

export interface ChainOptions {
  lanes: number;
  stores: number;
  instances: number;
  /** How long the lanes take new sales in each mode. */
  seconds: number;
  seed: number;
  /** Idle time between a lane's sales, s. */
  gapSeconds: [number, number];
  /** Live payments the killed instance watches in the takeover (0: no takeover). */
  takeoverPayments: number;
  /** Also run today's one process on SQLite with the same lanes. */
  single: boolean;
  /** Lanes whose display is also a page in Chromium (the browser and build given). */
  browsers: number;
  /** Keep the work folder: each mode's gateway logs, and the meter's calls and the sales as JSON. */
  keep: boolean;
  log: (message: string) => void;
}

/** Centrapay's limit per key (§1.9), which the sandbox enforces; the gateway's budget is its default (180). */
const SANDBOX_RATE_LIMIT = 200;
const BUDGET = 180;
const OPEN_AT_ONCE = 25;
const WARNINGS = 20;

interface Place {
  options: ChainOptions;
  stores: BenchStore[];
  workDir: string;
  catalogFile: string;
  distDir: string;
  pgServerUrl: string;
  browser: Browser | undefined;
}

export async function runChain(options: ChainOptions, browser?: Browser, distDir?: string): Promise<ChainResult> {
  const started = Date.now();
  const loadBefore = loadavg();
  const stores = chainStores(options.lanes, options.stores);
  const workDir = mkdtempSync(join(tmpdir(), 'centrapay-chain-bench-'));
  const catalogFile = join(workDir, 'catalog.json');
  writeFileSync(catalogFile, JSON.stringify([CHAIN_ITEM]));
  let server: PostgresServer | undefined;
  try {
    const pgServerUrl = process.env.PG_URL ?? (server = await startPostgres()).url;
    const place: Place = { options, stores, workDir, catalogFile, distDir: distDir ?? join(workDir, 'no-web-app'), pgServerUrl, browser: distDir ? browser : undefined };
    const modes: ModeFigures[] = [];
    const topologies = options.single ? (['chain', 'single'] as const) : (['chain'] as const);
    for (const topology of topologies) {
      for (const mode of ['webhooksOn', 'webhooksOff'] as const) modes.push(await runMode(place, topology, mode));
    }
    return {
      machine: { cpus: availableParallelism(), node: process.versions.node, loadBefore },
      plan: { lanes: options.lanes, stores: options.stores, instances: options.instances, seconds: options.seconds, seed: options.seed, gapSeconds: options.gapSeconds, accounts: accountPlan(stores) },
      modes,
      targets: chainTargets(modes),
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await server?.destroy();
    if (options.keep) options.log(`chain: logs, calls and sales kept in ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await asAdminOf(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`));
}

interface Processes {
  sandbox: SandboxProcess;
  meter: CentrapayMeter;
  balancer: WebhookBalancer | undefined;
  gateways: GatewayProcess[];
  journalUrl: string | undefined;
  database: string | undefined;
  crashes: string[];
}

async function startProcesses(place: Place, topology: 'chain' | 'single', mode: ChainMode, label: string): Promise<Processes> {
  const { options, workDir } = place;
  const instances = topology === 'chain' ? options.instances : 1;
  const crashes: string[] = [];
  const onCrash = (crash: { process: string; code: number | null; signal: string | null; logTail: string }) => {
    crashes.push(`${crash.process} exited (${crash.code ?? crash.signal}): ${crash.logTail.slice(-600)}`);
    options.log(`CRASH: ${crash.process} exited by itself (${crash.code ?? crash.signal})`);
  };
  const sandbox = new SandboxProcess(await freePort(), join(workDir, `${label}-sandbox.log`), onCrash, SANDBOX_RATE_LIMIT);
  await sandbox.start();
  const meter = await CentrapayMeter.start(sandbox.url, instances, ACCOUNT_OF_KEY);
  const gateways: GatewayProcess[] = [];
  const balancer = mode === 'webhooksOn' ? await WebhookBalancer.start(WEBHOOK_PATH, () => gateways.filter((g) => g.up).map((g) => g.url)) : undefined;
  if (balancer) await subscribe(sandbox.url, balancer.url);
  const database = topology === 'chain' ? `bench_chain_${label.replace(/\W/g, '_')}` : undefined;
  const journalUrl = database ? await createDatabase(place.pgServerUrl, database) : undefined;
  for (let index = 0; index < instances; index += 1) {
    const name = String.fromCharCode(65 + index);
    gateways.push(new GatewayProcess({
      name, port: await freePort(), lanes: [], journalPath: join(workDir, `${label}-${name}.sqlite`), journalUrl,
      logPath: join(workDir, `${label}-${name}.log`), distDir: place.distDir, catalogFile: place.catalogFile, cashierCode: 'unused', sandboxUrl: sandbox.url,
      env: gatewayEnv(place.stores, meter.urls[index]!, balancer?.url),
    }, onCrash));
  }
  await Promise.all(gateways.map((gateway) => gateway.start()));
  return { sandbox, meter, balancer, gateways, journalUrl, database, crashes };
}

/** Every instance the same configuration, each with its own meter port as Centrapay; the gateway's own defaults for the budget and polling. */
function gatewayEnv(stores: readonly BenchStore[], centrapayUrl: string, webhookUrl: string | undefined): Record<string, string | undefined> {
  return {
    STORES: storesSetting(stores),
    LANES: undefined, CASHIER_CODE: undefined, CENTRAPAY_CONFIG_ID: undefined, CENTRAPAY_MERCHANT_ACCOUNT_ID: undefined, CENTRAPAY_MERCHANT_ID: undefined,
    CENTRAPAY_BASE_URL: centrapayUrl,
    CHAOS_CONTROL: 'off',
    WEBHOOKS: webhookUrl ? 'on' : 'off',
    WEBHOOK_AUDIENCE: webhookUrl,
    TILL_TIMEOUT_GRACE_SECONDS: undefined, STATUS_UNKNOWN_AFTER_SECONDS: undefined,
    CENTRAPAY_RATE_LIMIT: String(BUDGET), ACTIVITY_FEED: undefined, POLL_INTERVAL_MS: undefined,
  };
}

async function subscribe(sandboxUrl: string, url: string): Promise<void> {
  const response = await fetch(`${sandboxUrl}/_sandbox/webhooks`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ url, types: [...PAYMENT_NOTIFICATION_TYPES] }),
  });
  if (!response.ok) throw new Error(`could not subscribe the webhook balancer: ${response.status}`);
}

async function stopProcesses(place: Place, processes: Processes): Promise<void> {
  await Promise.all(processes.gateways.map((gateway) => gateway.stop()));
  await processes.balancer?.stop();
  await processes.meter.stop();
  await processes.sandbox.stop();
  if (processes.database) await dropDatabase(place.pgServerUrl, processes.database);
}

/** Each lane's cashier at instance `i mod n`, its display's stream at the next one (the first one up, if that is down). */
function laneRuns(place: Place, processes: Processes, until: number, label: string, sales: ChainSale[], warn: (message: string) => void): ChainLaneRun[] {
  const { gateways } = processes;
  const random = createRandom(place.options.seed);
  const gapMs = [place.options.gapSeconds[0] * 1000, place.options.gapSeconds[1] * 1000] as const;
  return place.stores.flatMap((store) => store.lanes).map((lane, index) => {
    const store = place.stores.find((s) => s.lanes.includes(lane))!;
    const home = gateways[index % gateways.length]!;
    const display = gateways[(index + 1) % gateways.length]!;
    const pick = () => (display.up ? display.url : (gateways.find((g) => g.up && g !== home) ?? gateways.find((g) => g.up) ?? display).url);
    return {
      lane, cashierCode: store.cashierCode, home: home.url, stream: new LaneStream(lane, pick), sandboxUrl: processes.sandbox.url,
      random: random.fork(lane), until, gapMs, sales, warn, label,
    };
  });
}

async function openDisplays(place: Place, runs: ChainLaneRun[]): Promise<StampedDisplay[]> {
  for (let from = 0; from < runs.length; from += OPEN_AT_ONCE) await Promise.all(runs.slice(from, from + OPEN_AT_ONCE).map((run) => run.stream.open()));
  const pages: StampedDisplay[] = [];
  if (!place.browser) return pages;
  for (const run of runs.slice(0, place.options.browsers)) {
    run.browser = await openStampedDisplay(place.browser, run.stream.instance, run.lane);
    pages.push(run.browser);
  }
  return pages;
}

async function runMode(place: Place, topology: 'chain' | 'single', mode: ChainMode): Promise<ModeFigures> {
  const { options } = place;
  const label = `${topology}-${mode}-${Date.now()}`;
  const what = `${topology === 'chain' ? `${options.instances} instances` : 'one process'}, ${CHAIN_MODE_NAMES[mode]}`;
  options.log(`chain: ${what}: starting`);
  const processes = await startProcesses(place, topology, mode, label);
  let warnings = 0;
  const warn = (message: string) => {
    warnings += 1;
    if (warnings <= WARNINGS) options.log(`warning: ${what}: ${message}`);
    else if (warnings === WARNINGS + 1) options.log(`warning: ${what}: more warnings left out`);
  };
  const sales: ChainSale[] = [];
  const runs = laneRuns(place, processes, Number.POSITIVE_INFINITY, label, sales, warn);
  let pages: StampedDisplay[] = [];
  try {
    pages = await openDisplays(place, runs);
    options.log(`chain: ${what}: ${runs.length} displays open; ${options.seconds} s of sales`);
    const measured = await drive(runs, options.seconds);
    const takeover = topology === 'chain' && options.takeoverPayments > 0 ? await takeoverOf(processes, runs, options.takeoverPayments, label) : null;
    const figures = modeFigures(place, processes, { topology, mode, sales, ...measured, takeover });
    if (options.keep) writeFileSync(join(place.workDir, `${label}.json`), JSON.stringify({ window: [measured.from, measured.to], calls: processes.meter.calls, sales, figures }));
    options.log(`chain: ${what}: ${figures.sales.completed} sales, ${figures.throttled} 429s, busiest minutes ${figures.accounts.map((a) => a.busiestMinute).join('/')}, ` +
      `reads per live request-second ${figures.reads.perLiveSecond.toFixed(2)}, paid → display p95 ${figures.paidToShown.p95} ms`);
    return figures;
  } finally {
    for (const run of runs) run.stream.close();
    await Promise.all(pages.map((page) => page.close()));
    await stopProcesses(place, processes);
    if (processes.crashes.length > 0) options.log(`warning: ${what}: ${processes.crashes.length} crashes:\n${processes.crashes.join('\n')}`);
  }
}

/** The lanes take sales for `seconds`; the machine's load is read meanwhile. */
async function drive(runs: ChainLaneRun[], seconds: number): Promise<{ from: number; to: number; cpu: ModeFigures['cpu'] }> {
  const from = Date.now();
  const to = from + seconds * 1000;
  for (const run of runs) run.until = to;
  const loads: number[] = [];
  const timer = setInterval(() => loads.push(loadavg()[0]!), 5_000);
  const before = cpuClock();
  try {
    await Promise.all(runs.map((run) => driveChainLane(run)));
  } finally {
    clearInterval(timer);
  }
  const after = cpuClock();
  const machine = before.busySeconds === null || after.busySeconds === null ? null : (after.busySeconds - before.busySeconds) / ((after.at - before.at) / 1000);
  return { from, to, cpu: { machine, load1: loads.length > 0 ? loads.reduce((a, b) => a + b, 0) / loads.length : loadavg()[0]! } };
}

async function takeoverOf(processes: Processes, runs: ChainLaneRun[], payments: number, label: string) {
  const victim = processes.gateways[0]!;
  const lanes = runs.filter((run) => run.home === victim.url).slice(0, payments);
  return measureTakeover(victim, lanes, processes.journalUrl!, label);
}

function modeFigures(
  place: Place,
  processes: Processes,
  run: { topology: 'chain' | 'single'; mode: ChainMode; sales: ChainSale[]; from: number; to: number; cpu: ModeFigures['cpu']; takeover: ModeFigures['takeover'] },
): ModeFigures {
  // 429s and the busiest minute over the whole mode (the takeover and the last sales' tail too); reads in the window.
  const calls = processes.meter.calls;
  const spans = run.sales.flatMap((sale) => (sale.live ? [sale.live] : []));
  return {
    mode: run.mode,
    topology: run.topology,
    instances: processes.gateways.length,
    lanes: place.options.lanes,
    stores: place.options.stores,
    seconds: place.options.seconds,
    ...chainSaleFigures(run.sales),
    throttled: calls.filter((call) => call.status === 429).length,
    accounts: accountFigures(calls, accountPlan(place.stores), BUDGET),
    reads: readFigures(calls, spans, run.from, run.to),
    webhooksAccepted: processes.balancer?.answered[202] ?? 0,
    takeover: run.takeover,
    cpu: run.cpu,
  };
}

