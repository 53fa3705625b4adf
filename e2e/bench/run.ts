// `npm run bench [-- --json] [--payments N] [--heap-payments N]`: how fast a payment's result reaches the displays
// and what that costs Centrapay, for this product (webhooks on and off) and for the plain approach (every screen
// polls Centrapay every second), in one run on the production build and the embedded sandbox. Then the lanes bench
// (lanes.ts, issue 13): many lanes on one rate-limited account; `--lanes` runs it alone, `--step-seconds N` and
// `--lane-steps 1,4,12,24` shape it. `--chain` runs the chain bench instead (chain.ts, issue 19): `--chain-lanes`,
// `--stores`, `--instances`, `--seconds`, `--gap`, `--takeover`, `--browsers`, `--skip-single` and `--keep` shape it. See
// docs/testing.md "Benchmarks". Exits 1 when a target of issue 5, 13, 19 or 20 is missed.
import type { Browser } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { runChain, type ChainOptions } from './chain';
import { chainMissed, chainTable } from './chain-report';
import { runLanes } from './lanes';
import { lanesMissed, lanesTable } from './lanes-report';
import { percentiles, ratios, table, targets, type BenchResult } from './report';
import {
  displayScripts,
  launchChromium,
  openHeapDisplay,
  openLane,
  openPlainScreens,
  plainScreensDone,
  ringUpAndPay,
  stampAfter,
  startNewSale,
  tellPlainScreens,
} from './screens';
import {
  buildWeb,
  createPaymentRequestDirectly,
  metricTotal,
  patronPays,
  resetSandbox,
  sandboxCounts,
  startServer,
  upstreamCalls,
  webhookSubscribed,
  type RequestCounts,
} from './server';

const { values: options } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    payments: { type: 'string', default: '30' },
    'heap-payments': { type: 'string', default: '500' },
    lanes: { type: 'boolean', default: false },
    'step-seconds': { type: 'string', default: '120' },
    'lane-steps': { type: 'string', default: '1,4,12,24' },
    seed: { type: 'string', default: '13' },
    chain: { type: 'boolean', default: false },
    'chain-lanes': { type: 'string', default: '200' },
    stores: { type: 'string', default: '20' },
    instances: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '60' },
    gap: { type: 'string', default: '30-90' },
    takeover: { type: 'string', default: '10' },
    browsers: { type: 'string', default: '6' },
    'skip-single': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const PAYMENTS = z.coerce.number().int().min(2).max(500).parse(options.payments);
const HEAP_PAYMENTS = z.coerce.number().int().min(100).max(5000).parse(options['heap-payments']);
const STEP_SECONDS = z.coerce.number().int().min(10).max(3600).parse(options['step-seconds']);
const LANE_STEPS = z.array(z.coerce.number().int().min(1).max(48)).min(1).parse(options['lane-steps'].split(',').map((step) => step.trim()));
const SEED = z.coerce.number().int().min(0).max(2 ** 32 - 1).parse(options.seed);


function chainOptions(): Omit<ChainOptions, 'log'> {
  const whole = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
  const gap = z.tuple([whole(0, 3600), whole(1, 3600)]).refine(([min, max]) => min <= max, 'the gap is min-max').parse(options.gap.split('-'));
  return {
    lanes: whole(1, 1000).parse(options['chain-lanes']),
    stores: whole(1, 100).parse(options.stores),
    instances: whole(1, 9).parse(options.instances),
    seconds: whole(10, 3600).parse(options.seconds),
    seed: SEED,
    gapSeconds: gap,
    takeoverPayments: whole(0, 100).parse(options.takeover),
    single: !options['skip-single'],
    browsers: whole(0, 50).parse(options.browsers),
    keep: options.keep,
  };
}

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Run {
  payToQr: number[];
  paidToScreen: number[];
  upstreamPerPayment: number;
}

/**
 * How long the patron takes after the QR shows: 0.5–1.5 s, spread evenly (a golden-ratio sequence) so that the
 * payments land at every phase of a 1 s poll, even in a short run. Ours and plain get the same sequence for the same
 * number of displays, so they hold their requests open as long; 1- and 3-display runs take different stretches.
 */
function dwellMs(displays: number, payment: number): number {
  const step = (displays * 1000 + payment) * 0.6180339887498949;
  return 500 + Math.round((step - Math.floor(step)) * 1000);
}

/** Payments 1..n are measured; payment 0 warms up the pages, the server and the JIT. */
async function measured(n: number, label: string, payment: (index: number) => Promise<{ payToQr: number[]; paidToScreen: number[] }>, counts: () => Promise<RequestCounts>, settle: () => Promise<void>): Promise<Run> {
  const run: Run = { payToQr: [], paidToScreen: [], upstreamPerPayment: 0 };
  let before: RequestCounts | undefined;
  for (let index = 0; index <= n; index += 1) {
    if (index === 1) before = await counts();
    const sample = await payment(index);
    if (index > 0) {
      run.payToQr.push(...sample.payToQr);
      run.paidToScreen.push(...sample.paidToScreen);
    }
    if (index % 5 === 0) log(`${label}: ${index}/${n}`);
  }
  await settle();
  run.upstreamPerPayment = upstreamCalls(before ?? {}, await counts()) / n;
  return run;
}

/** This product: the real cashier page presses Pay, the displays follow the lane, the patron pays from the wallet. */
async function ours(browser: Browser, baseUrl: string, lane: string, displays: number, label: string): Promise<Run> {
  await resetSandbox(baseUrl);
  const screens = await openLane(browser, baseUrl, lane, displays);
  try {
    return await measured(PAYMENTS, label, async (index) => {
      const clickedAt = await ringUpAndPay(screens.cashier);
      const qrs = await Promise.all(screens.displays.map((display) => stampAfter(display, 'qr', clickedAt)));
      const paymentRequestId = paymentRequestIdFrom(qrs[0]?.detail ?? '');
      await sleep(dwellMs(displays, index));
      const paidAt = Date.now();
      await patronPays(baseUrl, paymentRequestId);
      const shown = await Promise.all(screens.displays.map((display) => stampAfter(display, 'paid', paidAt)));
      await startNewSale(screens.cashier);
      return { payToQr: qrs.map((qr) => qr.at - clickedAt), paidToScreen: shown.map((paid) => paid.at - paidAt) };
    }, () => sandboxCounts(baseUrl), () => gatewayIdle(baseUrl));
  } finally {
    await screens.close();
  }
}

/** The plain approach: Pay creates the request; each screen (the cashier's and every display) polls it every 1 s. */
async function plain(browser: Browser, baseUrl: string, displays: number, label: string): Promise<Run> {
  await resetSandbox(baseUrl);
  const { screens, close } = await openPlainScreens(browser, baseUrl, 1 + displays);
  const displayScreens = screens.slice(1);
  try {
    return await measured(PAYMENTS, label, async (index) => {
      const clickedAt = Date.now();
      const paymentRequest = await createPaymentRequestDirectly(baseUrl, `bench-plain-${displays}-${index}-${clickedAt}`);
      await tellPlainScreens(screens, paymentRequest.id);
      const seen = await Promise.all(displayScreens.map((screen) => stampAfter(screen, 'seen', clickedAt)));
      await sleep(dwellMs(displays, index));
      const paidAt = Date.now();
      await patronPays(baseUrl, paymentRequest.id);
      const shown = await Promise.all(displayScreens.map((screen) => stampAfter(screen, 'paid', paidAt)));
      await plainScreensDone(screens);
      return { payToQr: seen.map((stamp) => stamp.at - clickedAt), paidToScreen: shown.map((stamp) => stamp.at - paidAt) };
    }, () => sandboxCounts(baseUrl), async () => undefined);
  } finally {
    await close();
  }
}

const laneStateSchema = z.object({
  payment: z.object({ outcome: z.string(), paymentRequest: z.object({ id: z.string() }) }).nullable(),
});
/** What a screen sends: products and quantities; the gateway prices them from its catalog. */
const BENCH_CART = [{ sku: 'COFFEE-FW', qty: 1 }];

/** (e): payments driven quickly through the gateway's API while one display follows the lane. */
async function heapRun(browser: Browser, baseUrl: string, lane: string): Promise<BenchResult['displayHeap']> {
  const display = await openHeapDisplay(browser, baseUrl, lane);
  const lanePath = `${baseUrl}/api/lanes/${lane}`;
  const heap = new Map<number, number>();
  try {
    for (let payment = 1; payment <= HEAP_PAYMENTS; payment += 1) {
      // Alice's wallet holds $1000: refill it now and then (nothing is live between two payments).
      if (payment % 150 === 1) await resetSandbox(baseUrl);
      // The last sale is paid: the lane takes a new cart only after New sale.
      await gateway('POST', `${lanePath}/new-sale`, { operatorId: 'bench' });
      await gateway('PUT', `${lanePath}/cart`, { cart: BENCH_CART, operatorId: 'bench' });
      const started = laneStateSchema.parse(await gateway('POST', `${lanePath}/payments`, { cart: BENCH_CART, operatorId: 'bench' }));
      if (!started.payment) throw new Error('the gateway started no payment');
      await patronPays(baseUrl, started.payment.paymentRequest.id);
      while (laneStateSchema.parse(await gateway('GET', lanePath)).payment?.outcome !== 'paid') await sleep(5);
      if (payment === 1 || payment === 100 || payment === HEAP_PAYMENTS) {
        // Let the display show the result and go back to idle (DISPLAY_RESULT_SECONDS=1) before weighing it.
        await sleep(1_500);
        heap.set(payment, await display.heapUsed());
      }
      if (payment % 50 === 0) log(`heap: ${payment}/${HEAP_PAYMENTS}`);
    }
  } finally {
    await display.close();
  }
  const at = (payment: number) => heap.get(payment) ?? Number.NaN;
  return { after1: at(1), after100: at(100), after500: at(HEAP_PAYMENTS), growth100to500: at(HEAP_PAYMENTS) - at(100), payments: HEAP_PAYMENTS };
}

async function gateway(method: 'GET' | 'PUT' | 'POST', url: string, body?: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** The gateway's pollers have all finished (so the upstream count is complete). */
async function gatewayIdle(baseUrl: string): Promise<void> {
  for (let tries = 0; (await metricTotal(baseUrl, 'pos_live_payments')) > 0; tries += 1) {
    if (tries > 500) throw new Error('the gateway kept watching a payment after it was paid');
    await sleep(10);
  }
}

type RunPair = readonly [displays1: Run, displays3: Run];

/** (a) and (b) over every display of the 1- and 3-display runs. */
function pooled(runs: Record<'webhooksOn' | 'webhooksOff' | 'plain', RunPair>, key: 'payToQr' | 'paidToScreen') {
  const of = ([one, three]: RunPair) => percentiles([...one[key], ...three[key]]);
  return { webhooksOn: of(runs.webhooksOn), webhooksOff: of(runs.webhooksOff), plain: of(runs.plain) };
}

function perPayment([one, three]: RunPair) {
  return { displays1: one.upstreamPerPayment, displays3: three.upstreamPerPayment };
}

function paymentRequestIdFrom(url: string): string {
  const id = /\/pay\/([^/?#]+)/.exec(url)?.[1];
  if (!id) throw new Error(`no Payment Request id in the QR code's URL "${url}"`);
  return decodeURIComponent(id);
}

/** `--chain`: the chain bench alone; Chromium and the production build only when some displays are pages. */
async function chainMain(): Promise<void> {
  const settings = chainOptions();
  const distDir = settings.browsers > 0 ? await mkdtemp(join(tmpdir(), 'centrapay-pos-bench-')) : undefined;
  const browser = distDir ? await launchChromium() : undefined;
  try {
    if (distDir) {
      log('building the web app (production)');
      await buildWeb(distDir);
    }
    const chain = await runChain({ ...settings, log }, browser, distDir);
    process.stdout.write(`${options.json ? JSON.stringify({ chain }) : chainTable(chain)}\n`);
    if (chainMissed(chain)) process.exitCode = 1;
  } finally {
    await browser?.close();
    if (distDir) await rm(distDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (options.chain) return chainMain();
  const started = Date.now();
  const distDir = await mkdtemp(join(tmpdir(), 'centrapay-pos-bench-'));
  const browser = await launchChromium();
  try {
    log('building the web app (production)');
    await buildWeb(distDir);
    const result = options.lanes ? undefined : await saleBench(browser, distDir, started);
    const lanes = await runLanes(browser, distDir, { stepSeconds: STEP_SECONDS, laneSteps: LANE_STEPS, seed: SEED, log });
    process.stdout.write(`${options.json ? JSON.stringify(result ? { ...result, lanes } : { lanes }) : [result && table(result), lanesTable(lanes)].filter(Boolean).join('\n\n')}\n`);
    if (result?.targets.some((target) => !target.pass) || lanesMissed(lanes)) process.exitCode = 1;
  } finally {
    await browser.close();
    await rm(distDir, { recursive: true, force: true });
  }
}

/** The sale-engine bench (issue 5): its figures, taken before the lanes bench starts. */
async function saleBench(browser: Browser, distDir: string, started: number): Promise<BenchResult> {
  log('webhooks on: starting the server');
  const on = await startServer({ distDir, webhooks: true, lanes: ['bench-1', 'bench-3', 'bench-heap'] });
  if (!(await webhookSubscribed(on.baseUrl))) log('warning: the gateway did not subscribe to the sandbox webhooks');
  let on1: Run, on3: Run, accepted: number, displayJs: BenchResult['displayJs'], displayHeap: BenchResult['displayHeap'];
  try {
    on1 = await ours(browser, on.baseUrl, 'bench-1', 1, 'webhooks on, 1 display');
    on3 = await ours(browser, on.baseUrl, 'bench-3', 3, 'webhooks on, 3 displays');
    accepted = await metricTotal(on.baseUrl, 'centrapay_webhook_deliveries_total', { result: 'accepted' });
    if (accepted === 0) log('warning: no webhook reached the gateway; the "webhooks on" figures are polling figures');
    displayJs = await displayScripts(browser, on.baseUrl, 'bench-heap', distDir);
    displayHeap = await heapRun(browser, on.baseUrl, 'bench-heap');
  } finally {
    await on.stop();
  }

  log('webhooks off: starting the server');
  const off = await startServer({ distDir, webhooks: false, lanes: ['bench-1', 'bench-3'] });
  let off1: Run, off3: Run, plain1: Run, plain3: Run;
  try {
    off1 = await ours(browser, off.baseUrl, 'bench-1', 1, 'webhooks off, 1 display');
    off3 = await ours(browser, off.baseUrl, 'bench-3', 3, 'webhooks off, 3 displays');
    plain1 = await plain(browser, off.baseUrl, 1, 'plain, 1 display');
    plain3 = await plain(browser, off.baseUrl, 3, 'plain, 3 displays');
  } finally {
    await off.stop();
  }

  const runs = { webhooksOn: [on1, on3], webhooksOff: [off1, off3], plain: [plain1, plain3] } as const;
  const figures = {
    machine: { cpus: availableParallelism(), node: process.versions.node, chromium: browser.version() },
    paymentsPerRun: PAYMENTS,
    payToQr: pooled(runs, 'payToQr'),
    paidToScreen: pooled(runs, 'paidToScreen'),
    upstreamPerPayment: {
      webhooksOn: perPayment(runs.webhooksOn),
      webhooksOff: perPayment(runs.webhooksOff),
      plain: perPayment(runs.plain),
    },
    displayJs,
    displayHeap,
    webhookDeliveriesAccepted: accepted,
  };
  return { ...figures, ratios: ratios(figures), targets: targets(figures), seconds: Math.round((Date.now() - started) / 1000) };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(2);
});
