// The lanes bench (issue 13, "Many tills on one Centrapay account"): 1, 4, 12 and 24 lanes taking sales back to back
// on one account whose sandbox allows 200 requests a minute, for our gateway (its default budget, webhooks on and
// off) and for the plain approach (one 1 s poller per live request, no budget). Each step runs on a fresh server, so
// no live request, sandbox minute window or spent wallet carries over. See docs/testing.md "Benchmarks".
import type { Browser } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/server/config';
import { createRandom } from '../chaos/random';
import { driveOurLane, drivePlainLane, type LaneRun } from './lanes-drive';
import { cpuClock, histogramBetween, Sampler, scrape, total, type CpuClock, type Scrape } from './lanes-observe';
import {
  LANE_MODES,
  lanesTargets,
  MODE_NAMES,
  peakInWindow,
  saleFigures,
  waitFigures,
  type LaneMode,
  type LanesResult,
  type Sample,
  type SaleRecord,
  type StepFigures,
} from './lanes-report';
import { openStampedDisplay, type StampedDisplay } from './screens';
import { startServer, webhookSubscribed, type BenchServer } from './server';

export interface LanesOptions {
  stepSeconds: number;
  laneSteps: number[];
  seed: number;
  log: (message: string) => void;
}

/** Centrapay's limit (§1.9), which the sandbox enforces per key. */
const SANDBOX_RATE_LIMIT = 200;
/** Short-lived requests, so the patrons who never pay end within a step (the till times them out 5–10 s later). */
const EXPIRY_SECONDS = 30;
/** The gateway's budget: CENTRAPAY_RATE_LIMIT's default, which the bench leaves unset. */
const BUDGET = loadConfig({}).rateLimitPerMinute;
const WAIT_KINDS = ['money', 'cue', 'feed', 'read'] as const;
/** Displays opened at once: each loads the app, and 24 at a time would only queue on two cores. */
const OPEN_AT_ONCE = 6;
const WARNINGS_PER_STEP = 20;
const REPO = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The gateway source a step's server started from: the commit, plus a hash of what under src/ is not committed (the
 * gateway may be tuned while the bench runs, and each step starts a fresh server).
 */
function sourceVersion(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO }).toString().trim();
    const changes = execFileSync('git', ['diff', 'HEAD', '--', 'src'], { cwd: REPO, maxBuffer: 64 * 1024 * 1024 });
    return changes.length === 0 ? commit : `${commit}+${createHash('sha1').update(changes).digest('hex').slice(0, 7)}`;
  } catch {
    return 'unknown';
  }
}

/** Everything the server reads that shapes the budget or the timing is the bench's, not the caller's shell's. */
function serverEnv(): Record<string, string | undefined> {
  return {
    SANDBOX_RATE_LIMIT: String(SANDBOX_RATE_LIMIT),
    EXPIRY_SECONDS: String(EXPIRY_SECONDS),
    CENTRAPAY_RATE_LIMIT: undefined,
    ACTIVITY_FEED: undefined,
    POLL_INTERVAL_MS: undefined,
    TILL_TIMEOUT_GRACE_SECONDS: undefined,
    STATUS_UNKNOWN_AFTER_SECONDS: undefined,
  };
}

export async function runLanes(browser: Browser, distDir: string, options: LanesOptions): Promise<LanesResult> {
  const started = Date.now();
  const laneIds = Array.from({ length: Math.max(24, ...options.laneSteps) }, (_, index) => `l${index + 1}`);
  const steps: StepFigures[] = [];
  for (const mode of LANE_MODES) {
    for (const lanes of options.laneSteps) {
      options.log(`lanes: ${MODE_NAMES[mode]}, ${lanes} lane${lanes === 1 ? '' : 's'}, ${options.stepSeconds} s`);
      const source = sourceVersion();
      const step = mode === 'plain'
        ? await plainStep(distDir, lanes, options)
        : await ourStep(browser, distDir, mode, laneIds, lanes, options);
      steps.push({ ...step, source });
      options.log(`lanes: ${MODE_NAMES[mode]}, ${lanes}: ${step.sales.completed} sales, ${step.upstream.perMinuteMean.toFixed(1)}/min (peak ${step.upstream.peak}), ` +
        `${step.upstream.throttled} 429s, paid → display p95 ${Number.isFinite(step.paidToShown.p95) ? `${step.paidToShown.p95} ms` : 'never'}, ${step.moneyDelayed} creates/voids > 2 s`);
    }
  }
  return {
    machine: { cpus: availableParallelism(), node: process.versions.node, chromium: browser.version() },
    seed: options.seed,
    stepSeconds: options.stepSeconds,
    laneSteps: options.laneSteps,
    sandboxRateLimit: SANDBOX_RATE_LIMIT,
    budget: BUDGET,
    expirySeconds: EXPIRY_SECONDS,
    steps,
    targets: lanesTargets(steps, BUDGET),
    seconds: Math.round((Date.now() - started) / 1000),
  };
}

/** Ours: the gateway with 24 lanes configured, `lanes` of them taking sales, each followed by one display page. */
async function ourStep(browser: Browser, distDir: string, mode: Exclude<LaneMode, 'plain'>, laneIds: string[], lanes: number, options: LanesOptions): Promise<Omit<StepFigures, 'source'>> {
  const server = await startServer({ distDir, webhooks: mode === 'webhooksOn', lanes: laneIds, env: serverEnv() });
  const displays: StampedDisplay[] = [];
  try {
    if (mode === 'webhooksOn' && !(await webhookSubscribed(server.baseUrl))) options.log('warning: the gateway did not subscribe to the sandbox webhooks');
    const active = laneIds.slice(0, lanes);
    for (let from = 0; from < active.length; from += OPEN_AT_ONCE) {
      displays.push(...(await Promise.all(active.slice(from, from + OPEN_AT_ONCE).map((lane) => openStampedDisplay(browser, server.baseUrl, lane)))));
    }
    return await measureStep(server, mode, active, options, (run, index) => driveOurLane(run, displays[index]!));
  } finally {
    await Promise.all(displays.map((display) => display.close()));
    await server.stop();
  }
}

/** The plain approach, on a sandbox of its own (a fresh server whose gateway takes no sales, so it calls nothing). */
async function plainStep(distDir: string, lanes: number, options: LanesOptions): Promise<Omit<StepFigures, 'source'>> {
  const server = await startServer({ distDir, webhooks: false, lanes: ['idle'], env: serverEnv() });
  try {
    const active = Array.from({ length: lanes }, (_, index) => `l${index + 1}`);
    return await measureStep(server, 'plain', active, options, (run) => drivePlainLane(run, EXPIRY_SECONDS));
  } finally {
    await server.stop();
  }
}

async function measureStep(
  server: BenchServer,
  mode: LaneMode,
  lanes: string[],
  options: LanesOptions,
  drive: (run: LaneRun, index: number) => Promise<void>,
): Promise<Omit<StepFigures, 'source'>> {
  const { baseUrl } = server;
  const ours = mode !== 'plain';
  const before = await scrape(baseUrl);
  const sampler = new Sampler(baseUrl, ours);
  const cpuBefore = cpuClock();
  await sampler.start();
  const startedAt = Date.now();
  const until = startedAt + options.stepSeconds * 1000;
  // The same seed and stream per lane in every mode: the patrons make the same choices, in the same order.
  const random = createRandom(options.seed);
  const sales: SaleRecord[] = [];
  let warnings = 0;
  const warn = (message: string) => {
    warnings += 1;
    if (warnings <= WARNINGS_PER_STEP) options.log(`warning: ${MODE_NAMES[mode]}, ${lanes.length} lanes: ${message}`);
    else if (warnings === WARNINGS_PER_STEP + 1) options.log(`warning: ${MODE_NAMES[mode]}, ${lanes.length} lanes: more warnings left out`);
  };
  const label = `lanes-${mode}-${lanes.length}-${startedAt}`;
  await Promise.all(lanes.map((lane, index) => drive({ baseUrl, lane, random: random.fork(`${lanes.length}:${lane}`), until, sales, warn, label }, index)));
  const samples = await sampler.stop();
  const cpuAfter = cpuClock();
  const after = await scrape(baseUrl);
  if (sampler.failures > 0) options.log(`warning: ${sampler.failures} readings of the sandbox's counts failed`);

  const figures = saleFigures(sales);
  return {
    mode,
    lanes: lanes.length,
    seconds: options.stepSeconds,
    ...figures,
    upstream: upstream(samples, until),
    moneyDelayed: ours ? waitFigures(histogramBetween(before, after, 'centrapay_rate_wait_seconds', { kind: 'money' })).overTwoSeconds : sales.reduce((sum, sale) => sum + (sale.moneySlow ?? 0), 0),
    gateway: ours ? gatewayFigures(before, after, samples) : undefined,
    cpu: cpu(cpuBefore, cpuAfter, before, after),
  };
}

/** Calls a minute over the step (its first reading to the one at its end), the busiest 60 s, and 429s throughout. */
function upstream(samples: Sample[], until: number): StepFigures['upstream'] {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last) return { calls: 0, perMinuteMean: Number.NaN, peak: 0, peakWindowSeconds: 0, throttled: 0 };
  const atEnd = samples.filter((sample) => sample.at <= until + 500).pop() ?? last;
  const calls = atEnd.calls - first.calls;
  const peak = peakInWindow(samples, 60_000);
  return {
    calls,
    perMinuteMean: atEnd.at > first.at ? calls / ((atEnd.at - first.at) / 60_000) : Number.NaN,
    peak: peak.calls,
    peakWindowSeconds: Math.round(peak.windowMs / 1000),
    throttled: last.throttled - first.throttled,
  };
}

function gatewayFigures(before: Scrape, after: Scrape, samples: Sample[]): NonNullable<StepFigures['gateway']> {
  const readings = samples.flatMap((sample) => (sample.gateway ? [sample.gateway] : []));
  // The poll interval is 1 s by definition while nothing is live; only the readings with live requests tell.
  const intervals = readings.filter((reading) => reading.live > 0).map((reading) => reading.pollIntervalSeconds);
  const queueMax: Record<string, number> = {};
  for (const kind of WAIT_KINDS) queueMax[kind] = Math.max(0, ...readings.map((reading) => reading.queue[kind] ?? 0));
  const between = (name: string, labels: Record<string, string> = {}) => total(after, name, labels) - total(before, name, labels);
  return {
    waits: Object.fromEntries(WAIT_KINDS.map((kind) => [kind, waitFigures(histogramBetween(before, after, 'centrapay_rate_wait_seconds', { kind }))])),
    rateLimited: between('centrapay_rate_limited_total'),
    notSent: between('centrapay_upstream_requests_total', { status: 'error' }),
    queueMax,
    pollIntervalSeconds: {
      mean: intervals.length > 0 ? intervals.reduce((sum, value) => sum + value, 0) / intervals.length : Number.NaN,
      max: intervals.length > 0 ? Math.max(...intervals) : Number.NaN,
    },
    feedOnShare: readings.length > 0 ? readings.filter((reading) => reading.feedOn > 0).length / readings.length : Number.NaN,
    liveMax: Math.max(0, ...readings.map((reading) => reading.live)),
    webhooksAccepted: between('centrapay_webhook_deliveries_total', { result: 'accepted' }),
  };
}

/** Cores kept busy: the whole machine (Chromium included), the server process, and the bench's own process. */
function cpu(before: CpuClock, after: CpuClock, metricsBefore: Scrape, metricsAfter: Scrape): StepFigures['cpu'] {
  const wall = (after.at - before.at) / 1000;
  const server = total(metricsAfter, 'process_cpu_seconds_total') - total(metricsBefore, 'process_cpu_seconds_total');
  return {
    machine: before.busySeconds === null || after.busySeconds === null ? null : (after.busySeconds - before.busySeconds) / wall,
    server: metricsAfter.has('process_cpu_seconds_total') ? server / wall : null,
    bench: (after.benchSeconds - before.benchSeconds) / wall,
  };
}
