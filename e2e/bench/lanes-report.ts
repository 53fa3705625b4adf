// The lanes bench's figures (issue 13): what one step measured, the targets, and the tables it prints.
import { fmt, grid, percentiles, type Percentiles } from './report';

export const LANE_MODES = ['webhooksOn', 'webhooksOff', 'plain'] as const;
export type LaneMode = (typeof LANE_MODES)[number];

export const MODE_NAMES: Record<LaneMode, string> = {
  webhooksOn: 'webhooks on',
  webhooksOff: 'webhooks off',
  plain: 'plain',
};

/** What the bench's patron did. */
export type PatronMove = 'pay' | 'never' | 'cancel';

/** One sale that ended while the bench watched. */
export interface SaleRecord {
  lane: string;
  move: PatronMove;
  outcome: 'paid' | 'cancelled' | 'expired' | 'failed';
  /** Pay pressed → QR on the display (ours), or → the create answered (plain), ms. */
  payToQrMs: number | null;
  /** The patron's pay sent (answered 200) → "Payment successful" on the display, or the plain poll that saw it, ms. */
  paidToShownMs: number | null;
  /** How long the sandbox took to answer the patron's pay, ms. */
  payCallMs: number | null;
  /** Plain only: the create, or the void, took more than 2 s (answered 429 and sent again). */
  moneySlow?: number;
  detail?: string;
}

/** One reading of the sandbox's counts (and the gateway's gauges), a second apart. */
export interface Sample {
  at: number;
  calls: number;
  throttled: number;
  gateway?: { queue: Record<string, number>; pollIntervalSeconds: number; feedOn: number; live: number };
}

/** A histogram of the gateway's, as the difference of two scrapes: cumulative counts by upper bound (s). */
export interface Histogram {
  buckets: { le: number; count: number }[];
  sum: number;
  count: number;
}

export interface WaitFigures {
  count: number;
  meanMs: number;
  /** Upper bounds read from the buckets (Infinity: above the last one). */
  p95AtMostMs: number;
  maxAtMostMs: number;
  overTwoSeconds: number;
}

export interface StepFigures {
  mode: LaneMode;
  lanes: number;
  /** The gateway source its server started from: commit, `+hash` of uncommitted changes under src/. */
  source: string;
  /** How long the lanes took new sales, s. */
  seconds: number;
  sales: { completed: number; paid: number; cancelled: number; expired: number; failed: number; payments: number };
  upstream: {
    calls: number;
    perMinuteMean: number;
    /** Most calls in any window of `peakWindowSeconds` (60, or the whole step when shorter). */
    peak: number;
    peakWindowSeconds: number;
    throttled: number;
  };
  paidToShown: Percentiles & { missing: number };
  payToQr: Percentiles;
  payCall: Percentiles;
  /** Creates and voids delayed more than 2 s: rate-queue waits (ours), or 429s sent again (plain). */
  moneyDelayed: number;
  /** Ours: the rate governor's waits by kind, and what the gateway showed each second. */
  gateway?: {
    waits: Record<string, WaitFigures>;
    rateLimited: number;
    /** Calls that took a place in the budget but never reached Centrapay (`status="error"`: abandoned, or no answer). */
    notSent: number;
    queueMax: Record<string, number>;
    pollIntervalSeconds: { mean: number; max: number };
    feedOnShare: number;
    liveMax: number;
    webhooksAccepted: number;
  };
  /** Cores busy over the step: the whole machine, the server process, the bench's own Node process. */
  cpu: { machine: number | null; server: number | null; bench: number };
}

export interface LanesTarget {
  description: string;
  value: number;
  limit: string;
  /** null: the step it is about was not run. */
  pass: boolean | null;
}

export interface LanesResult {
  machine: { cpus: number; node: string; chromium: string };
  seed: number;
  stepSeconds: number;
  laneSteps: number[];
  sandboxRateLimit: number;
  budget: number;
  expirySeconds: number;
  steps: StepFigures[];
  targets: LanesTarget[];
  seconds: number;
}

/** The most calls in any window of `windowMs`, from cumulative samples (whole step when it is shorter). */
export function peakInWindow(samples: readonly Pick<Sample, 'at' | 'calls'>[], windowMs: number): { calls: number; windowMs: number } {
  let best = 0;
  let j = 0;
  for (let i = 0; i < samples.length; i += 1) {
    j = Math.max(j, i);
    while (j + 1 < samples.length && samples[j + 1]!.at - samples[i]!.at <= windowMs) j += 1;
    best = Math.max(best, samples[j]!.calls - samples[i]!.calls);
  }
  const span = samples.length > 1 ? samples[samples.length - 1]!.at - samples[0]!.at : 0;
  return { calls: best, windowMs: Math.min(windowMs, span) };
}

/** Mean, and upper bounds of p95 and max, of a wait histogram; over 2 s = count − bucket(le=2). */
export function waitFigures(histogram: Histogram): WaitFigures {
  const { buckets, count, sum } = histogram;
  const bound = (wanted: number) => (buckets.find((bucket) => bucket.count >= wanted)?.le ?? Infinity) * 1000;
  const withinTwo = buckets.find((bucket) => bucket.le === 2)?.count ?? 0;
  return {
    count,
    meanMs: count > 0 ? (sum / count) * 1000 : Number.NaN,
    p95AtMostMs: count > 0 ? bound(Math.ceil(0.95 * count)) : Number.NaN,
    maxAtMostMs: count > 0 ? bound(count) : Number.NaN,
    overTwoSeconds: count - withinTwo,
  };
}

export function saleFigures(sales: readonly SaleRecord[]): Pick<StepFigures, 'sales' | 'paidToShown' | 'payToQr' | 'payCall'> {
  const of = (outcome: SaleRecord['outcome']) => sales.filter((sale) => sale.outcome === outcome).length;
  const payments = sales.filter((sale) => sale.move === 'pay' && sale.outcome === 'paid');
  const numbers = (values: (number | null)[]) => values.filter((value): value is number => value !== null);
  return {
    sales: { completed: sales.length - of('failed'), paid: of('paid'), cancelled: of('cancelled'), expired: of('expired'), failed: of('failed'), payments: payments.length },
    // A result never shown counts as later than any shown (Infinity; null in JSON), so it cannot flatter a percentile.
    paidToShown: { ...percentiles(payments.map((sale) => sale.paidToShownMs ?? Infinity)), missing: payments.filter((sale) => sale.paidToShownMs === null).length },
    payToQr: percentiles(numbers(sales.map((sale) => sale.payToQrMs))),
    payCall: percentiles(numbers(payments.map((sale) => sale.payCallMs))),
  };
}

/** Issue 13's targets, checked on the steps run (a target about a step not run is reported as not run). */
export function lanesTargets(steps: readonly StepFigures[], budget: number): LanesTarget[] {
  const ours = (mode: LaneMode) => steps.filter((step) => step.mode === mode);
  const at = (mode: LaneMode, lanes: number) => steps.find((step) => step.mode === mode && step.lanes === lanes);
  const targets: LanesTarget[] = [];
  for (const mode of ['webhooksOn', 'webhooksOff'] as const) {
    const run = ours(mode);
    const ran = run.length > 0;
    const lanes = run.map((step) => step.lanes).join(', ');
    const throttled = run.reduce((total, step) => total + step.upstream.throttled, 0);
    targets.push({ description: `429s received, all steps (${lanes} lanes), ${MODE_NAMES[mode]}`, value: throttled, limit: '= 0', pass: ran ? throttled === 0 : null });
    const peak = Math.max(0, ...run.map((step) => step.upstream.peak));
    targets.push({ description: `peak upstream requests in any 60 s, ${MODE_NAMES[mode]}`, value: peak, limit: `<= ${budget} (budget)`, pass: ran ? peak <= budget : null });
    const delayed = run.reduce((total, step) => total + step.moneyDelayed, 0);
    targets.push({ description: `creates and voids delayed > 2 s, ${MODE_NAMES[mode]}`, value: delayed, limit: '= 0', pass: ran ? delayed === 0 : null });
  }
  const latency = (mode: LaneMode, lanes: number, limitMs: number): LanesTarget => {
    const step = at(mode, lanes);
    const value = step ? step.paidToShown.p95 : Number.NaN;
    // A paid sale the display never showed counts as missed, whatever the percentile says.
    const pass = step ? step.paidToShown.n > 0 && value <= limitMs : null;
    return { description: `paid → "Payment successful" p95, ${MODE_NAMES[mode]}, ${lanes} lanes, ms`, value, limit: `<= ${limitMs} ms`, pass };
  };
  targets.push(latency('webhooksOn', 12, 150), latency('webhooksOff', 12, 1500), latency('webhooksOff', 24, 3000));
  return targets;
}

export function lanesTable(r: LanesResult): string {
  const lines = [
    `Many lanes on one Centrapay account: sandbox limit ${r.sandboxRateLimit}/min, gateway budget ${r.budget}/min (default CENTRAPAY_RATE_LIMIT), ` +
      `${r.stepSeconds} s per step, lanes ${r.laneSteps.join(', ')}, seed ${r.seed}; ${r.machine.cpus} CPUs, Node ${r.machine.node}, Chromium ${r.machine.chromium}, ${fmt(r.seconds)} s`,
    `patrons: 80 % pay 2–20 s after the QR shows, 10 % never pay (EXPIRY_SECONDS=${r.expirySeconds}: the till times the request out 5–10 s after it expires), ` +
      '10 % are cancelled by the cashier 3–10 s after the QR; one Long Black a sale; the next sale ~1 s after the result; each step on a fresh server',
  ];
  const sources = [...new Set(r.steps.map((step) => step.source))];
  lines.push(sources.length <= 1
    ? `gateway source: ${sources[0] ?? 'n/a'} (commit, +hash of uncommitted changes under src/)`
    : `gateway source CHANGED during the run: ${r.steps.map((step) => `${MODE_NAMES[step.mode]} ${step.lanes}: ${step.source}`).join('; ')}`);
  if (r.stepSeconds < 120) lines.push(`note: steps of ${r.stepSeconds} s are a rough run; issue 13's figures need at least 120 s a step`);
  for (const mode of LANE_MODES) {
    const steps = r.steps.filter((step) => step.mode === mode);
    if (steps.length === 0) continue;
    lines.push('', mode === 'plain'
      ? 'plain (Pay creates the request at Centrapay; one 1 s poller per live request; no budget, a 429 is retried the next second)'
      : `ours, ${MODE_NAMES[mode]} (one display page per lane in Chromium; the cashier through the gateway's API)`);
    lines.push(...grid([
      ['lanes', 'sales: paid / cancelled / expired (failed)', 'upstream/min mean / peak 60 s', '429s', 'paid → display p50 / p95 (n, missing)', 'Pay → QR p50 / p95', 'creates+voids > 2 s', 'CPU: machine / server'],
      ...steps.map((step) => [
        String(step.lanes),
        `${step.sales.completed}: ${step.sales.paid} / ${step.sales.cancelled} / ${step.sales.expired}${step.sales.failed ? ` (${step.sales.failed})` : ''}`,
        `${fmt(step.upstream.perMinuteMean, 1)} / ${fmt(step.upstream.peak)}${step.upstream.peakWindowSeconds < 60 ? ` (${fmt(step.upstream.peakWindowSeconds)} s)` : ''}`,
        fmt(step.upstream.throttled),
        `${ms(step.paidToShown)} (${step.paidToShown.n}, ${step.paidToShown.missing})`,
        ms(step.payToQr),
        fmt(step.moneyDelayed),
        `${cores(step.cpu.machine)} / ${cores(step.cpu.server)}`,
      ]),
    ]).map((line) => `  ${line}`));
    if (mode === 'plain') continue;
    lines.push('', `  where the time goes, ${MODE_NAMES[mode]}: rate-queue waits by kind (mean, p95 ≤, max ≤ from the buckets; calls), the most calls waiting, poll interval, feed; calls that took a place in the budget but were never sent; the sandbox's own answer to the patron`);
    lines.push(...grid([
      ['lanes', 'money', 'cue', 'feed', 'read', 'queue max m/c/f/r', 'poll interval mean / max', 'feed on', 'live max', '429s (gateway)', 'not sent', 'webhooks accepted', 'patron pay call p50 / p95'],
      ...steps.map((step) => {
        const g = step.gateway;
        const wait = (kind: string) => {
          const w = g?.waits[kind];
          return w && w.count > 0 ? `${fmt(w.meanMs)}, ${bound(w.p95AtMostMs)}, ${bound(w.maxAtMostMs)} ms; ${w.count}` : '-';
        };
        return [
          String(step.lanes),
          wait('money'),
          wait('cue'),
          wait('feed'),
          wait('read'),
          g ? ['money', 'cue', 'feed', 'read'].map((kind) => fmt(g.queueMax[kind] ?? 0)).join('/') : '-',
          g ? `${fmt(g.pollIntervalSeconds.mean, 1)} / ${fmt(g.pollIntervalSeconds.max, 1)} s` : '-',
          g ? `${fmt(g.feedOnShare * 100)} %` : '-',
          g ? fmt(g.liveMax) : '-',
          g ? fmt(g.rateLimited) : '-',
          g ? fmt(g.notSent) : '-',
          g ? fmt(g.webhooksAccepted) : '-',
          ms(step.payCall),
        ];
      }),
    ]).map((line) => `  ${line}`));
  }

  lines.push('', `how it grows from ${r.laneSteps[0]} to ${r.laneSteps[r.laneSteps.length - 1]} lanes (${r.laneSteps.join(' → ')}):`);
  const growth = (label: string, value: (step: StepFigures) => string) => LANE_MODES
    .filter((mode) => r.steps.some((step) => step.mode === mode))
    .map((mode) => [`  ${label}, ${MODE_NAMES[mode]}`, r.laneSteps.map((lanes) => {
      const step = r.steps.find((s) => s.mode === mode && s.lanes === lanes);
      return step ? value(step) : '-';
    }).join(' → ')]);
  lines.push(...grid([
    ...growth('upstream requests/min, mean (peak 60 s)', (step) => `${fmt(step.upstream.perMinuteMean)} (${fmt(step.upstream.peak)})`),
    ...growth('paid → display p95, ms', (step) => late(step.paidToShown.p95)),
    ...growth('429s', (step) => fmt(step.upstream.throttled)),
  ]));

  const beside = [12, 24].filter((lanes) => r.laneSteps.includes(lanes));
  if (beside.length > 0) {
    lines.push('', 'the plain approach beside ours:');
    for (const lanes of beside) {
      const step = (mode: LaneMode) => r.steps.find((s) => s.mode === mode && s.lanes === lanes);
      const say = (mode: LaneMode) => {
        const s = step(mode);
        return s ? `${MODE_NAMES[mode]} ${fmt(s.upstream.throttled)} 429s, p95 ${late(s.paidToShown.p95)} ms${s.paidToShown.missing ? ` (${s.paidToShown.missing} never shown)` : ''}, ${s.sales.completed} sales` : `${MODE_NAMES[mode]} not run`;
      };
      lines.push(`  ${lanes} lanes: ${LANE_MODES.map(say).join('; ')}`);
    }
  }

  lines.push('', 'targets (issue 13):');
  lines.push(...grid(r.targets.map((t) => [`  ${t.description}`, late(t.value), t.limit, t.pass === null ? 'not run' : t.pass ? 'met' : 'MISSED'])));
  return lines.join('\n');
}

export function lanesMissed(r: LanesResult): boolean {
  return r.targets.some((target) => target.pass === false);
}

function ms(p: Percentiles): string {
  return `${late(p.p50)} / ${late(p.p95)} ms`;
}

/** A latency; Infinity is a result that was never shown (within the bench's 30 s). */
function late(value: number): string {
  return value === Infinity ? 'never' : fmt(value);
}

function bound(value: number): string {
  return value === Infinity ? '>30000' : fmt(value);
}

function cores(value: number | null): string {
  return value === null ? 'n/a' : `${fmt(value, 2)}`;
}
