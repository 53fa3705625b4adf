// The screens, in real Chromium: a cashier page and display pages of a lane, with a probe in each page that stamps
// when something became visible (wall clock, the one clock every process here shares), and the plain approach's
// screens, each polling Centrapay by itself every second.
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { TERMINAL_KEY } from './server';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export interface Stamp {
  kind: 'pay-click' | 'qr' | 'paid' | 'seen';
  detail: string;
  /** Date.now() in the frame that shows it. */
  at: number;
}

interface ProbeWindow {
  __bench: { stamps: Stamp[] };
  __plain: { current: { id: string; seen: boolean; done: boolean; busy: boolean } | null };
}

/** Runs in every page before the app: stamps the Pay click, each new QR code, and each "Payment successful". */
function probe(): void {
  const w = window as unknown as ProbeWindow;
  w.__bench = { stamps: [] };
  // The time of the next animation frame: the frame that paints the change.
  const stamp = (kind: Stamp['kind'], detail: string) => requestAnimationFrame(() => w.__bench.stamps.push({ kind, detail, at: Date.now() }));
  let shownQr: string | null = null;
  let shownPaid = false;
  const look = () => {
    const qr = document.querySelector('[role="img"][data-url*="/pay/"]')?.getAttribute('data-url') ?? null;
    if (qr && qr !== shownQr) stamp('qr', qr);
    shownQr = qr;
    const paid = [...document.querySelectorAll('h1, h2')].some((heading) => heading.textContent?.trim() === 'Payment successful');
    if (paid && !shownPaid) stamp('paid', '');
    shownPaid = paid;
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-url'] });
  document.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest('button');
    if (button?.textContent?.includes('Pay with Centrapay')) w.__bench.stamps.push({ kind: 'pay-click', detail: '', at: Date.now() });
  }, true);
}

/** Probed contexts stamp what their pages show. */
async function probed(context: BrowserContext): Promise<BrowserContext> {
  // tsx keeps function names by wrapping functions in __name(), which a page does not have.
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  await context.addInitScript(probe);
  return context;
}

/** The first stamp of `kind` at or after `after` (waits for it). */
export async function stampAfter(page: Page, kind: Stamp['kind'], after: number, timeoutMs = 15_000): Promise<Stamp> {
  const handle = await page.waitForFunction(
    ([wanted, since]) => (window as unknown as ProbeWindow).__bench.stamps.find((s) => s.kind === wanted && s.at >= since),
    [kind, after] as const,
    { polling: 10, timeout: timeoutMs },
  );
  return (await handle.jsonValue()) as Stamp;
}

export interface LaneScreens {
  cashier: Page;
  displays: Page[];
  close(): Promise<void>;
}

/** A cashier and `displays` displays of a lane, each in its own browser context as on its own device. */
export async function openLane(browser: Browser, baseUrl: string, lane: string, displays: number): Promise<LaneScreens> {
  const contexts: BrowserContext[] = [];
  const page = async (path: string) => {
    const context = await probed(await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } }));
    contexts.push(context);
    const opened = await context.newPage();
    await opened.goto(path);
    return opened;
  };
  const cashier = await page(`/cashier?lane=${lane}`);
  const shown = await Promise.all(Array.from({ length: displays }, () => page(`/display?lane=${lane}`)));
  await Promise.all(shown.map((display) => display.getByRole('heading', { name: 'Welcome' }).waitFor()));
  return { cashier, displays: shown, close: async () => void (await Promise.all(contexts.map((context) => context.close()))) };
}

/**
 * Runs in a page after (or before) the probe: hands each stamp to the bench as it is made, through the
 * `__benchStamp` binding, so the bench can wait on dozens of pages without polling each of them.
 */
function forwardStamps(): void {
  const w = window as unknown as ProbeWindow & { __benchStamp?: (stamp: Stamp) => void };
  const forward = (bench: ProbeWindow['__bench']) => {
    const push = bench.stamps.push.bind(bench.stamps);
    bench.stamps.push = (...stamps: Stamp[]) => {
      for (const stamp of stamps) void w.__benchStamp?.(stamp);
      return push(...stamps);
    };
  };
  // Playwright does not say in which order init scripts run: catch the probe's `__bench` as it is set, if it is not yet.
  if (w.__bench) forward(w.__bench);
  else {
    let bench: ProbeWindow['__bench'] | undefined;
    Object.defineProperty(w, '__bench', {
      configurable: true,
      get: () => bench,
      set: (value: ProbeWindow['__bench']) => {
        bench = value;
        forward(value);
      },
    });
  }
}

/** The stamps one page has made, and waits for the next of a kind. */
class StampBook {
  private readonly stamps: Stamp[] = [];
  private readonly waiters = new Set<{ kind: Stamp['kind']; after: number; resolve: (stamp: Stamp) => void }>();

  add(stamp: Stamp): void {
    this.stamps.push(stamp);
    for (const waiter of [...this.waiters]) {
      if (stamp.kind === waiter.kind && stamp.at >= waiter.after) {
        this.waiters.delete(waiter);
        waiter.resolve(stamp);
      }
    }
  }

  /** The first stamp of `kind` at or after `after`; null if none comes within `timeoutMs`. */
  next(kind: Stamp['kind'], after: number, timeoutMs: number): Promise<Stamp | null> {
    const made = this.stamps.find((stamp) => stamp.kind === kind && stamp.at >= after);
    if (made) return Promise.resolve(made);
    return new Promise((resolve) => {
      const waiter = {
        kind,
        after,
        resolve: (stamp: Stamp) => {
          clearTimeout(timer);
          resolve(stamp);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(null);
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }
}

export interface StampedDisplay {
  lane: string;
  /** The first stamp of `kind` at or after `after` (wall clock); null if none comes within `timeoutMs`. */
  next(kind: Stamp['kind'], after: number, timeoutMs: number): Promise<Stamp | null>;
  close(): Promise<void>;
}

/** One display of a lane, in its own browser context (its own device, its own connections), probed like the others. */
export async function openStampedDisplay(browser: Browser, baseUrl: string, lane: string): Promise<StampedDisplay> {
  const book = new StampBook();
  const context = await probed(await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } }));
  await context.exposeBinding('__benchStamp', (_source, stamp: Stamp) => book.add(stamp));
  await context.addInitScript(forwardStamps);
  const page = await context.newPage();
  await page.goto(`/display?lane=${lane}`);
  await page.getByRole('heading', { name: 'Welcome' }).waitFor({ timeout: 60_000 });
  return { lane, next: (kind, after, timeoutMs) => book.next(kind, after, timeoutMs), close: () => context.close() };
}

/** Our cashier: adds a Flat White and presses Pay; returns when the click happened (the page's own stamp). */
export async function ringUpAndPay(cashier: Page): Promise<number> {
  const clickedAfter = Date.now();
  await cashier.getByRole('button', { name: 'Add Flat White' }).click();
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  return (await stampAfter(cashier, 'pay-click', clickedAfter)).at;
}

export async function startNewSale(cashier: Page): Promise<void> {
  await cashier.getByRole('button', { name: 'New sale' }).click();
  await cashier.getByRole('button', { name: 'Add Flat White' }).and(cashier.locator(':enabled')).waitFor();
}

/** The plain approach's screen: every second, if it knows of a live Payment Request, it asks Centrapay about it. */
function plainPoller(terminalKey: string): void {
  const w = window as unknown as ProbeWindow;
  w.__plain = { current: null };
  setInterval(() => {
    const current = w.__plain.current;
    if (!current || current.done || current.busy) return;
    if (!current.seen) {
      current.seen = true;
      w.__bench.stamps.push({ kind: 'seen', detail: current.id, at: Date.now() });
    }
    current.busy = true;
    void fetch(`/sandbox/api/payment-requests/${encodeURIComponent(current.id)}`, { headers: { 'X-Api-Key': terminalKey } })
      .then((response) => response.json() as Promise<{ status?: string }>)
      .then(({ status }) => {
        if (status && status !== 'new') {
          current.done = true;
          if (status === 'paid') w.__bench.stamps.push({ kind: 'paid', detail: current.id, at: Date.now() });
        }
      })
      .catch(() => undefined)
      .finally(() => {
        current.busy = false;
      });
  }, 1000);
}

/** `count` screens of the plain approach (a cashier and displays alike), each with its own poll loop. */
export async function openPlainScreens(browser: Browser, baseUrl: string, count: number): Promise<{ screens: Page[]; close(): Promise<void> }> {
  const contexts = await Promise.all(Array.from({ length: count }, async () => probed(await browser.newContext({ baseURL: baseUrl }))));
  const screens = await Promise.all(contexts.map(async (context) => {
    const page = await context.newPage();
    // Any page of the origin will do: the loop is the screen.
    await page.goto('/api/config');
    await page.evaluate(plainPoller, TERMINAL_KEY);
    return page;
  }));
  return { screens, close: async () => void (await Promise.all(contexts.map((context) => context.close()))) };
}

/** The plain screens learn of the new request (in a real set-up, from their own backend) at their next tick. */
export async function tellPlainScreens(screens: Page[], paymentRequestId: string): Promise<void> {
  await Promise.all(screens.map((screen) => screen.evaluate((id) => {
    (window as unknown as ProbeWindow).__plain.current = { id, seen: false, done: false, busy: false };
  }, paymentRequestId)));
}

export async function plainScreensDone(screens: Page[]): Promise<void> {
  await Promise.all(screens.map((screen) => screen.waitForFunction(() => (window as unknown as ProbeWindow).__plain.current?.done === true, undefined, { polling: 20 })));
}

/** The JS a display loads, as its requests show, sized from the build: raw and gzipped (zlib default level). */
export async function displayScripts(browser: Browser, baseUrl: string, lane: string, distDir: string) {
  const context = await browser.newContext({ baseURL: baseUrl });
  const page = await context.newPage();
  const scripts = new Set<string>();
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.endsWith('.js')) scripts.add(pathname);
  });
  await page.goto(`/display?lane=${lane}`);
  await page.getByRole('heading', { name: 'Welcome' }).waitFor();
  await page.waitForLoadState('networkidle');
  await context.close();
  const files = await Promise.all([...scripts].sort().map(async (path) => {
    const code = await readFile(join(distDir, path));
    return { path, bytes: code.length, gzipBytes: gzipSync(code).length };
  }));
  return { files, bytes: sum(files.map((file) => file.bytes)), gzipBytes: sum(files.map((file) => file.gzipBytes)) };
}

/** A display for the heap run: no probe in it, so nothing of the bench's grows in the heap being measured. */
export async function openHeapDisplay(browser: Browser, baseUrl: string, lane: string) {
  const context = await browser.newContext({ baseURL: baseUrl });
  const page = await context.newPage();
  await page.goto(`/display?lane=${lane}`);
  await page.getByRole('heading', { name: 'Welcome' }).waitFor();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return {
    page,
    /** JS heap in use after garbage collection, bytes. */
    async heapUsed(): Promise<number> {
      for (let i = 0; i < 3; i += 1) await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const used = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value;
      if (used === undefined) throw new Error('Chromium reported no JSHeapUsedSize');
      return used;
    },
    close: () => context.close(),
  };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
