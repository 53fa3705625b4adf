// `npm run soak [-- --sales N]`: the display runs for days. One display stays open in Chromium (never reloaded)
// while N sales (default 2,000) go through its lane, half paid with Centrapay by scanning (the display shows the cart,
// the QR code, the result), half in cash at the counter, and the gateway is SIGKILLed and started again on the same
// journal 10 times, evenly spread, half of them with a payment live and half with a cart rung up. After every restart
// the display must show the screen the lane's state calls for. It measures the display's JS heap (after forced
// garbage collection) and DOM nodes at sale 200 and at the end, and exits 1 if the heap grew by 5 MB or more, the DOM
// grew, the page logged an error of its own, or the display was ever on a wrong screen.
import type { Browser } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CartItem } from '../../src/domain/cart';
import type { CatalogItem } from '../../src/domain/catalog';
import type { LaneState } from '../../src/domain/lane';
import { displayScreen } from '../../src/web/ui/sale-state';
import { buildWeb } from '../bench/server';
import { launchChromium } from '../bench/screens';
import { freePort, GatewayProcess, SandboxProcess, type Crash } from '../chaos/processes';
import { SoakDisplay, type ConsoleEntry, type Measure } from './display';
import { SoakTill } from './till';

const LANE = 'soak';
const CASHIER_CODE = 'soak-cashier-2468';
const HEAP_GROWTH_LIMIT_BYTES = 5_000_000;
/** The display must show the lane's screen this soon after the gateway answers again. */
const RIGHT_SCREEN_WITHIN_MS = 10_000;
/** A long outage: "Reconnecting…" must show (after 3 s). One under SHORT_OUTAGE_MS must not show it. */
const LONG_OUTAGE_MS = 5_000;
const SHORT_OUTAGE_MS = 2_500;
/** Cheap items: Alice's $1,000.00 pays for a thousand Centrapay sales with room to spare. */
const CATALOG: CatalogItem[] = [
  { sku: 'SOAK-MINT', name: 'Mint', unitPrice: '10', tax: '15' },
  { sku: 'SOAK-GUM', name: 'Chewing gum', unitPrice: '15', tax: '15' },
  { sku: 'SOAK-LOLLY', name: 'Lolly', unitPrice: '20', tax: '15' },
  { sku: 'SOAK-BISCUIT', name: 'Biscuit', unitPrice: '25', tax: '15' },
];

const { values: options } = parseArgs({ options: { sales: { type: 'string', default: '2000' }, restarts: { type: 'string', default: '10' } } });
const sales = Number(options.sales);
const restarts = Number(options.restarts);
if (!Number.isInteger(sales) || sales < 20 || sales > 100_000) throw new Error('--sales: a whole number from 20 to 100000');
if (!Number.isInteger(restarts) || restarts < 0 || restarts >= sales / 2) throw new Error('--restarts: a whole number, fewer than half the sales');
/** Where the heap and the DOM are first measured: sale 200, or a tenth of a shorter run. */
const baselineSale = Math.min(200, Math.floor(sales / 10));
/**
 * Restart k (1…R) comes at sale round(N·k/(R+1)); odd ones with a payment live, even ones with a cart rung up; and in
 * pairs, the gateway started again at once, or held down for 5 s (the display must then say "Reconnecting…").
 */
const restartAt = new Map(Array.from({ length: restarts }, (_, i) => [
  Math.round((sales * (i + 1)) / (restarts + 1)),
  { stage: i % 2 === 0 ? 'paying' : 'cart', holdDownMs: Math.floor(i / 2) % 2 === 0 ? 0 : LONG_OUTAGE_MS },
] as const));

const log = (message: string) => process.stderr.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One to three lines, varied, so the display renders carts of different lengths. */
function cartFor(sale: number): CartItem[] {
  const lines = 1 + (sale % 3);
  return Array.from({ length: lines }, (_, line) => ({ sku: CATALOG[(sale + line) % CATALOG.length]!.sku, qty: 1 + ((sale + line) % 2) }));
}

interface Restart {
  sale: number;
  stage: 'paying' | 'cart';
  heldDown: boolean;
  downMs: number;
  rightScreenMs: number | null;
  /** From the gateway answering to the display's event stream open on it again. */
  streamBackMs: number | null;
  expected: string;
  shown: string | null;
  reconnectingShown: boolean;
}

async function main(): Promise<number> {
  const workDir = mkdtempSync(join(tmpdir(), 'centrapay-soak-'));
  const crashes: Crash[] = [];
  const catalogFile = join(workDir, 'catalog.json');
  writeFileSync(catalogFile, JSON.stringify(CATALOG));
  const distDir = join(workDir, 'dist');
  log(`building the web app into ${distDir}`);
  await buildWeb(distDir);

  const sandbox = new SandboxProcess(await freePort(), join(workDir, 'sandbox.log'), (crash) => crashes.push(crash));
  await sandbox.start();
  const gateway = new GatewayProcess({
    name: 'soak',
    port: await freePort(),
    lanes: [{ id: LANE, terminalId: 'soak-till', deviceId: 'SN-SOAK' }],
    journalPath: join(workDir, 'journal.sqlite'),
    logPath: join(workDir, 'gateway.log'),
    distDir,
    catalogFile,
    cashierCode: CASHIER_CODE,
    sandboxUrl: sandbox.url,
  }, (crash) => crashes.push(crash));
  // One lane selling as fast as it can: the account budget is not what this run measures.
  Object.assign(gateway.env, { CENTRAPAY_RATE_LIMIT: '100000', EXPIRY_SECONDS: '120', DISPLAY_RESULT_SECONDS: '1', CHAOS_CONTROL: 'off' });
  await gateway.start();
  // Paid is learned from Centrapay's webhook, as a shop with webhooks would, rather than the next read a second later.
  const subscribed = await fetch(`${sandbox.url}/_sandbox/webhooks`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: gateway.webhookUrl, types: ['payment-request:paid'] }),
  });
  if (!subscribed.ok) throw new Error(`could not subscribe the gateway to the sandbox's webhooks: ${subscribed.status}`);

  const till = new SoakTill(() => gateway.url, sandbox.url, LANE, CASHIER_CODE);
  let browser: Browser | undefined;
  const failures: string[] = [];
  const outages: { from: number; to: number }[] = [];
  const restartLog: Restart[] = [];
  let missedPayScreens = 0;
  let missedResults = 0;
  let qrSales = 0;
  let cashSales = 0;
  let baseline: Measure | undefined;
  let final: Measure | undefined;
  let settled: Measure | undefined;
  let drivenMs = 0;
  const started = Date.now();
  let display: SoakDisplay | undefined;

  /** Until the display shows what the lane's state calls for; the time it took, or null (with what it showed). */
  const rightScreen = async (ms: number) => {
    const from = Date.now();
    let expected = '';
    let shown: string | null = null;
    while (Date.now() - from < ms) {
      const state = await till.state();
      expected = displayScreen(state, Date.parse(state.serverTime));
      shown = await display!.screen();
      if (shown === expected) return { ms: Date.now() - from, expected, shown };
      await sleep(100);
    }
    return { ms: null, expected, shown };
  };

  /** Until the display's event stream is open on the gateway (its count of connected screens). */
  const streamBack = async (ms: number) => {
    const from = Date.now();
    while (Date.now() - from < ms) {
      const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
      if (/^pos_connected_screens [1-9]/m.test(metrics)) return Date.now() - from;
      await sleep(100);
    }
    return null;
  };

  const restart = async (sale: number, { stage, holdDownMs }: { stage: 'paying' | 'cart'; holdDownMs: number }) => {
    const outage = { from: Date.now(), to: Number.POSITIVE_INFINITY };
    outages.push(outage);
    await gateway.kill();
    let reconnectingShown = false;
    let watching = true;
    const watch = (async () => {
      while (watching) {
        reconnectingShown ||= await display!.reconnectingShown();
        await sleep(250);
      }
    })();
    await sleep(holdDownMs);
    await gateway.start();
    const downMs = Date.now() - outage.from;
    const right = await rightScreen(RIGHT_SCREEN_WITHIN_MS);
    const streamBackMs = await streamBack(RIGHT_SCREEN_WITHIN_MS);
    if (streamBackMs === null) failures.push(`after restart ${restartLog.length + 1} (sale ${sale}) the display did not open its event stream again`);
    watching = false;
    await watch;
    // And the notice goes as soon as the link is back.
    const cleared = Date.now();
    while ((await display!.reconnectingShown()) && Date.now() - cleared < 5_000) await sleep(100);
    if (await display!.reconnectingShown()) failures.push(`the display still said Reconnecting… 5 s after the gateway was back (restart ${restartLog.length + 1})`);
    // The browser reports its failed requests of the outage a little after it ends.
    outage.to = Date.now() + 2_000;
    if (downMs >= LONG_OUTAGE_MS && !reconnectingShown) failures.push(`the display did not say Reconnecting… while the gateway was down for ${downMs} ms`);
    if (downMs < SHORT_OUTAGE_MS && reconnectingShown) failures.push(`the display said Reconnecting… for an outage of only ${downMs} ms`);
    restartLog.push({ sale, stage, heldDown: holdDownMs > 0, downMs, rightScreenMs: right.ms, streamBackMs, expected: right.expected, shown: right.shown, reconnectingShown });
    if (right.ms === null) failures.push(`after restart ${restartLog.length} (sale ${sale}) the display showed ${right.shown}, the lane called for ${right.expected}`);
    log(`restart ${restartLog.length} at sale ${sale} (${stage}): down ${downMs} ms, right screen ${right.ms === null ? 'never' : `after ${right.ms} ms`}, stream back ${streamBackMs === null ? 'never' : `after ${streamBackMs} ms`}${reconnectingShown ? ', “Reconnecting…” shown' : ''}`);
  };

  const measureAtIdle = async () => {
    if (!(await display!.waitForScreen('idle', 10_000))) failures.push('the display did not go back to its idle screen between sales');
    await sleep(500);
    return display!.measure();
  };

  try {
    browser = await launchChromium();
    display = await SoakDisplay.open(browser, `${gateway.url}/display?lane=${LANE}`);
    log(`display open; ${sales} sales, ${restarts} restarts (at sales ${[...restartAt.keys()].join(', ')})`);
    for (let sale = 1; sale <= sales; sale += 1) {
      const planned = restartAt.get(sale);
      let ended: LaneState;
      const cart = cartFor(sale);
      await till.setCart(cart);
      if (planned?.stage === 'cart') await restart(sale, planned);
      if (sale % 2 === 1 || planned?.stage === 'paying') {
        qrSales += 1;
        const id = await till.payWithCentrapay(cart);
        if (!(await display.waitForScreen('pay', 10_000))) missedPayScreens += 1;
        if (planned?.stage === 'paying') await restart(sale, planned);
        await till.patronPays(id);
        ended = await till.paid();
      } else {
        cashSales += 1;
        ended = await till.cash(cart);
      }
      // The cashier presses New sale once the patron has seen the result and could scan the receipt.
      if (!(await display.waitForReceipt(ended.order!.ref, 10_000))) missedResults += 1;
      await till.newSale();
      if (sale === baselineSale) {
        baseline = await measureAtIdle();
        log(`sale ${sale}: heap ${(baseline.heapUsedBytes / 1e6).toFixed(2)} MB, ${baseline.domElements} elements, ${baseline.domNodes} DOM nodes`);
      }
      if (sale % 100 === 0) log(`${sale} sales, ${((sale / (Date.now() - started)) * 60_000).toFixed(0)} a minute`);
    }
    final = await measureAtIdle();
    drivenMs = Date.now() - started;
    // What a cache keeps for a while (each sale's receipt link, for 60 s) is not a leak: it is gone a minute later.
    await sleep(65_000);
    settled = await display.measure();
    const last = await rightScreen(RIGHT_SCREEN_WITHIN_MS);
    if (last.ms === null) failures.push(`at the end the display showed ${last.shown}, the lane called for ${last.expected}`);
  } catch (error) {
    failures.push(`the run broke: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  } finally {
    await browser?.close();
    await gateway.stop();
    await sandbox.stop();
  }

  // The browser logs each request that failed while the gateway was down ("Failed to load resource", an event
  // stream cut): those are the outage, not the display's errors. Anything else logged as an error fails the run.
  const duringOutage = (entry: ConsoleEntry) => outages.some(({ from, to }) => entry.at >= from && entry.at <= to);
  const networkLog = (entry: ConsoleEntry) => /Failed to load resource|net::ERR_|EventSource/.test(entry.text);
  const outageLogs = display?.errors.filter((entry) => duringOutage(entry) && networkLog(entry)) ?? [];
  const consoleErrors = display?.errors.filter((entry) => !(duringOutage(entry) && networkLog(entry))) ?? [];
  const pageErrors = display?.pageErrors ?? [];
  for (const entry of [...consoleErrors, ...pageErrors]) failures.push(`the display logged an error: ${entry.text}`);
  for (const crash of crashes) failures.push(`${crash.process} exited by itself (${crash.code ?? crash.signal}):\n${crash.logTail}`);
  if (missedPayScreens > 0) failures.push(`the display never showed the QR code of ${missedPayScreens} live payments`);
  if (baseline && final) {
    if (final.heapUsedBytes - baseline.heapUsedBytes >= HEAP_GROWTH_LIMIT_BYTES) failures.push(`the heap grew by ${((final.heapUsedBytes - baseline.heapUsedBytes) / 1e6).toFixed(2)} MB`);
    if (final.domElements > baseline.domElements) failures.push(`the document grew from ${baseline.domElements} to ${final.domElements} elements`);
    if (final.domNodes > baseline.domNodes) failures.push(`DOM nodes grew from ${baseline.domNodes} to ${final.domNodes}`);
  } else {
    failures.push('the heap and DOM were not measured');
  }

  const minutes = (drivenMs || Date.now() - started) / 60_000;
  const right = restartLog.map((each) => each.rightScreenMs).filter((ms): ms is number => ms !== null);
  const mb = (bytes: number | undefined) => (bytes === undefined ? '–' : (bytes / 1e6).toFixed(2));
  const rows: [string, string][] = [
    ['sales (Centrapay QR / cash)', `${qrSales + cashSales} (${qrSales} / ${cashSales})`],
    ['time', `${minutes.toFixed(1)} min (${(sales / minutes).toFixed(0)} sales a minute)`],
    ['gateway restarts (SIGKILL, same journal)', `${restartLog.length}: ${restartLog.filter((r) => r.stage === 'paying').length} with a payment live, ${restartLog.filter((r) => r.stage === 'cart').length} with a cart; ${restartLog.filter((r) => r.heldDown).length} held down 5 s`],
    ['gateway down (median / max)', restartLog.length ? `${median(restartLog.map((r) => r.downMs))} / ${Math.max(...restartLog.map((r) => r.downMs))} ms` : '–'],
    ['display on the right screen after a restart', `${right.length} of ${restartLog.length}; within ${right.length ? Math.max(...right) : '–'} ms of the gateway answering (median ${right.length ? median(right) : '–'} ms)`],
    ['display’s event stream open again after a restart', (() => {
      const back = restartLog.map((r) => r.streamBackMs).filter((ms): ms is number => ms !== null);
      return `${back.length} of ${restartLog.length}; within ${back.length ? Math.max(...back) : '–'} ms (median ${back.length ? median(back) : '–'} ms)`;
    })()],
    ['“Reconnecting…” shown: outages held 5 s / restarted at once', `${restartLog.filter((r) => r.heldDown && r.reconnectingShown).length} of ${restartLog.filter((r) => r.heldDown).length} / ${restartLog.filter((r) => !r.heldDown && r.reconnectingShown).length} of ${restartLog.filter((r) => !r.heldDown).length}`],
    ['live payments whose QR code the display showed', `${qrSales - missedPayScreens} of ${qrSales}`],
    ['results shown with their receipt QR code', `${sales - missedResults} of ${sales}`],
    ['console errors / page errors', `${consoleErrors.length} / ${pageErrors.length} (and ${outageLogs.length} failed requests logged by the browser while the gateway was down)`],
    [`JS heap used at sale ${baselineSale} → end (after GC)`, `${mb(baseline?.heapUsedBytes)} → ${mb(final?.heapUsedBytes)} MB (growth ${baseline && final ? mb(final.heapUsedBytes - baseline.heapUsedBytes) : '–'} MB; limit < 5 MB)`],
    ['JS heap used after a further minute idle (after GC)', `${mb(settled?.heapUsedBytes)} MB`],
    [`document elements at sale ${baselineSale} → end`, `${baseline?.domElements ?? '–'} → ${final?.domElements ?? '–'}`],
    [`DOM nodes alive at sale ${baselineSale} → end (after GC)`, `${baseline?.domNodes ?? '–'} → ${final?.domNodes ?? '–'}`],
    [`JS event listeners at sale ${baselineSale} → end`, `${baseline?.listeners ?? '–'} → ${final?.listeners ?? '–'}`],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`\nSoak run: one display, ${sales} sales, ${restarts} gateway restarts\n`);
  for (const [name, value] of rows) console.log(`  ${name.padEnd(width)}  ${value}`);
  console.log(failures.length ? `\nFAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}\n(logs kept in ${workDir})` : '\nPASSED');
  if (!failures.length) rmSync(workDir, { recursive: true, force: true });
  return failures.length ? 1 : 0;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
