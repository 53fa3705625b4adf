// The chain bench's figures (issue 19, item 7): what the Centrapay meter saw per account and per request, how long
// results took to reach a display on another instance, the takeover after a kill, the targets and the table.
import { fmt, grid, percentiles, type Percentiles } from './report';

export const CHAIN_MODES = ['webhooksOn', 'webhooksOff'] as const;
export type ChainMode = (typeof CHAIN_MODES)[number];
export const CHAIN_MODE_NAMES: Record<ChainMode, string> = { webhooksOn: 'webhooks on', webhooksOff: 'webhooks off' };

/** One call a gateway instance made to Centrapay, as the meter in front of the sandbox saw it. */
export interface UpstreamCall {
  /** When the meter received it (ms). */
  at: number;
  /** Which instance sent it (each instance has a meter port of its own). */
  instance: number;
  /** The Centrapay account its key belongs to. */
  account: string;
  method: string;
  /** Route template, `/api/payment-requests/:id` and the like. */
  route: string;
  /** The Payment Request it is about, when its path names one. */
  id: string | null;
  /** The sandbox's answer; 0 when none came. */
  status: number;
}

/** A Payment Request the gateway had to watch: from its QR on a display to the display showing how it ended. */
export interface LiveSpan {
  id: string;
  from: number;
  to: number;
}

/** One sale that ended while the bench drove the lanes. */
export interface ChainSale {
  lane: string;
  move: 'pay' | 'never' | 'cancel';
  outcome: 'paid' | 'cancelled' | 'expired' | 'failed';
  /** Still open when the mode ended: the cashier cancelled it. */
  atEnd?: boolean;
  /** Pay pressed at the lane's instance → the request on the display's stream at another instance, ms. */
  payToQrMs: number | null;
  /** The patron's pay answered → "paid" on the display's stream at another instance, ms. */
  paidToShownMs: number | null;
  /** The same for a real display page in Chromium (the few lanes that have one). */
  browserPaidToShownMs?: number | null;
  live: LiveSpan | null;
  detail?: string;
}

export interface AccountFigures {
  account: string;
  stores: number;
  lanes: number;
  calls: number;
  /** Most calls started in any 60 s (the whole window when it is shorter). */
  busiestMinute: number;
  budget: number;
  throttled: number;
}

export interface ReadFigures {
  /** Every read (GET) the instances sent, the activity feed's included. */
  reads: number;
  /** Reads of one request (`GET /api/payment-requests/:id`, its activities). */
  requestReads: number;
  feedReads: number;
  /** The requests' live time within the window, summed, s. */
  liveSeconds: number;
  perLiveSecond: number;
  requestReadsPerLiveSecond: number;
  /** Requests read by more than one instance (with no instance lost, a second watcher). */
  readByManyInstances: number;
}

export interface TakeoverFigures {
  /** The instance killed, and how many live payments it watched. */
  victim: string;
  payments: number;
  /** SIGKILL → a surviving instance holds the lease of a payment nobody paid meanwhile, ms. */
  leaseTakenMs: (number | null)[];
  /** The patron's pay (just after the kill) answered → "paid" on a display stream at a surviving instance, ms. */
  paidToShownMs: (number | null)[];
  /** SIGKILL → that "paid", ms. */
  killToShownMs: (number | null)[];
}

export interface ModeFigures {
  mode: ChainMode;
  /** `chain`: several instances on PostgreSQL; `single`: today's one process on SQLite, the same lanes. */
  topology: 'chain' | 'single';
  instances: number;
  lanes: number;
  stores: number;
  seconds: number;
  /** `atEnd`: still open when the mode ended, so cancelled by the cashier (counted among `cancelled` too). */
  sales: { completed: number; paid: number; cancelled: number; expired: number; failed: number; atEnd: number };
  /** 429s Centrapay (the sandbox) answered the instances. */
  throttled: number;
  accounts: AccountFigures[];
  reads: ReadFigures;
  paidToShown: Percentiles & { missing: number };
  payToQr: Percentiles;
  browserPaidToShown: Percentiles | null;
  webhooksAccepted: number;
  takeover: TakeoverFigures | null;
  cpu: { machine: number | null; load1: number };
}

export interface ChainTarget {
  description: string;
  value: number;
  limit: string;
  pass: boolean;
}

export interface ChainResult {
  machine: { cpus: number; node: string; loadBefore: number[] };
  plan: { lanes: number; stores: number; instances: number; seconds: number; seed: number; gapSeconds: [number, number]; accounts: { account: string; stores: number; lanes: number }[] };
  modes: ModeFigures[];
  targets: ChainTarget[];
  seconds: number;
}

/** Most events in any window of `windowMs` (events at `t` and `t + windowMs` are in different windows). */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last += 1) {
    while (sorted[last]! - sorted[first]! >= windowMs) first += 1;
    best = Math.max(best, last - first + 1);
  }
  return best;
}

/** Per account: calls, the busiest minute, 429s. */
export function accountFigures(calls: readonly UpstreamCall[], plan: readonly { account: string; stores: number; lanes: number }[], budget: number): AccountFigures[] {
  return plan.map(({ account, stores, lanes }) => {
    const own = calls.filter((call) => call.account === account);
    return {
      account, stores, lanes, budget,
      calls: own.length,
      busiestMinute: busiestWindow(own.map((call) => call.at), 60_000),
      throttled: own.filter((call) => call.status === 429).length,
    };
  });
}

/** Seconds the spans spent inside [from, to]. */
export function liveSeconds(spans: readonly LiveSpan[], from: number, to: number): number {
  return spans.reduce((sum, span) => sum + Math.max(0, Math.min(span.to, to) - Math.max(span.from, from)), 0) / 1000;
}

const REQUEST_READ = /^\/api\/payment-requests\/:id(\/activities)?$/;
const FEED_READ = '/api/payment-activities';

/** Reads within [from, to] against the requests' live time there; and requests more than one instance read. */
export function readFigures(calls: readonly UpstreamCall[], spans: readonly LiveSpan[], from: number, to: number): ReadFigures {
  const reads = calls.filter((call) => call.method === 'GET' && call.at >= from && call.at <= to);
  const requestReads = reads.filter((call) => REQUEST_READ.test(call.route));
  const readers = new Map<string, Set<number>>();
  for (const call of requestReads) if (call.id) readers.set(call.id, (readers.get(call.id) ?? new Set()).add(call.instance));
  const live = liveSeconds(spans, from, to);
  return {
    reads: reads.length,
    requestReads: requestReads.length,
    feedReads: reads.filter((call) => call.route === FEED_READ).length,
    liveSeconds: live,
    perLiveSecond: live > 0 ? reads.length / live : Number.NaN,
    requestReadsPerLiveSecond: live > 0 ? requestReads.length / live : Number.NaN,
    readByManyInstances: [...readers.values()].filter((instances) => instances.size > 1).length,
  };
}

/** A path the gateway calls, as a route template and the Payment Request it names. */
export function routeOf(path: string): { route: string; id: string | null } {
  const bare = path.split('?')[0] ?? path;
  const external = /^\/api\/payment-requests\/external-ref\/[^/]+$/.exec(bare);
  if (external) return { route: '/api/payment-requests/external-ref/:externalRef', id: null };
  const request = /^\/api\/payment-requests\/([^/]+)(\/.*)?$/.exec(bare);
  if (request) {
    const tail = (request[2] ?? '').replace(/^\/conditions\/[^/]+\//, '/conditions/:conditionId/');
    return { route: `/api/payment-requests/:id${tail}`, id: decodeURIComponent(request[1]!) };
  }
  const connection = /^\/api\/connections\/[^/]+(\/.*)?$/.exec(bare);
  if (connection) return { route: `/api/connections/:id${connection[1] ?? ''}`, id: null };
  return { route: bare, id: null };
}

/** Sales, the two latencies and the missing results of a mode's sales. */
export function chainSaleFigures(sales: readonly ChainSale[]): Pick<ModeFigures, 'sales' | 'paidToShown' | 'payToQr' | 'browserPaidToShown'> {
  const of = (outcome: ChainSale['outcome']) => sales.filter((sale) => sale.outcome === outcome).length;
  const paid = sales.filter((sale) => sale.move === 'pay' && sale.outcome === 'paid');
  const shown = (values: (number | null | undefined)[]) => values.filter((value): value is number => typeof value === 'number');
  const browser = paid.filter((sale) => sale.browserPaidToShownMs !== undefined);
  return {
    sales: {
      completed: sales.length - of('failed'), paid: of('paid'), cancelled: of('cancelled'), expired: of('expired'), failed: of('failed'),
      atEnd: sales.filter((sale) => sale.atEnd).length,
    },
    // A result never shown counts as later than any shown, so it cannot flatter a percentile.
    paidToShown: { ...percentiles(paid.map((sale) => sale.paidToShownMs ?? Infinity)), missing: paid.filter((sale) => sale.paidToShownMs === null).length },
    payToQr: percentiles(shown(sales.map((sale) => sale.payToQrMs))),
    browserPaidToShown: browser.length > 0 ? percentiles(browser.map((sale) => sale.browserPaidToShownMs ?? Infinity)) : null,
  };
}

/** Issue 5's "within 5 s" (a takeover, a result after a kill) and the bench's targets, per chain mode. */
const TAKEOVER_LIMIT_MS = 5_000;
const READS_PER_LIVE_SECOND = 1.2;
/** Item 3: a screen on one instance sees a change made at another within a second. Without webhooks, the lanes bench's 24-lane bound. */
const PAID_TO_SHOWN_P95_MS: Record<ChainMode, number> = { webhooksOn: 1_000, webhooksOff: 3_000 };

export function chainTargets(modes: readonly ModeFigures[]): ChainTarget[] {
  const targets: ChainTarget[] = [];
  for (const figures of modes.filter((mode) => mode.topology === 'chain')) {
    const name = CHAIN_MODE_NAMES[figures.mode];
    targets.push({ description: `429s from Centrapay, ${name}`, value: figures.throttled, limit: '= 0', pass: figures.throttled === 0 });
    for (const account of figures.accounts) {
      targets.push({ description: `busiest minute, ${account.account}, ${name}`, value: account.busiestMinute, limit: `<= ${account.budget} (budget)`, pass: account.busiestMinute <= account.budget });
    }
    const reads = figures.reads.perLiveSecond;
    targets.push({ description: `upstream reads per live request per second, ${name}`, value: reads, limit: `<= ${READS_PER_LIVE_SECOND}`, pass: reads <= READS_PER_LIVE_SECOND });
    targets.push({ description: `requests read by more than one instance, ${name}`, value: figures.reads.readByManyInstances, limit: '= 0', pass: figures.reads.readByManyInstances === 0 });
    const p95 = figures.paidToShown.p95;
    targets.push({ description: `paid → display at another instance, p95, ${name}, ms`, value: p95, limit: `<= ${PAID_TO_SHOWN_P95_MS[figures.mode]} ms`, pass: figures.paidToShown.n > 0 && p95 <= PAID_TO_SHOWN_P95_MS[figures.mode] });
    if (figures.takeover) targets.push(...takeoverTargets(figures.takeover, name));
  }
  return targets;
}

function takeoverTargets(takeover: TakeoverFigures, name: string): ChainTarget[] {
  const worst = (values: (number | null)[]) => (values.length === 0 ? Number.NaN : Math.max(...values.map((value) => value ?? Infinity)));
  const lease = worst(takeover.leaseTakenMs);
  const shown = worst(takeover.paidToShownMs);
  return [
    { description: `after a SIGKILL: a survivor holds the leases, slowest, ${name}, ms`, value: lease, limit: `<= ${TAKEOVER_LIMIT_MS} ms`, pass: lease <= TAKEOVER_LIMIT_MS },
    { description: `after a SIGKILL: paid → shown at a survivor, slowest, ${name}, ms`, value: shown, limit: `<= ${TAKEOVER_LIMIT_MS} ms`, pass: shown <= TAKEOVER_LIMIT_MS },
  ];
}

export function chainMissed(result: ChainResult): boolean {
  return result.targets.some((target) => !target.pass);
}

export function chainTable(r: ChainResult): string {
  const { plan } = r;
  const lines = [
    `A chain: ${plan.lanes} lanes in ${plan.stores} stores on ${plan.accounts.length} Centrapay accounts (${plan.accounts.map((a) => `${a.account}: ${a.stores} stores, ${a.lanes} lanes`).join('; ')}), ` +
      `${plan.instances} instances on one PostgreSQL, ${plan.seconds} s of sales per mode, seed ${plan.seed}; ${r.machine.cpus} CPUs, Node ${r.machine.node}, ` +
      `load ${r.machine.loadBefore.map((load) => fmt(load, 2)).join(' / ')} before, ${fmt(r.seconds)} s in all`,
    `each lane: a sale every ${plan.gapSeconds[0]}–${plan.gapSeconds[1]} s after the last; 80 % pay 2–20 s after the QR, 10 % never pay, 10 % are cancelled 3–10 s after it; ` +
      'the cashier at one instance, the display\'s event stream at another',
    '',
  ];
  const modes = r.modes;
  const column = (figures: ModeFigures) => `${figures.topology === 'chain' ? `${figures.instances} instances` : '1 process (SQLite)'}, ${CHAIN_MODE_NAMES[figures.mode]}`;
  const row = (label: string, value: (figures: ModeFigures) => string) => [label, ...modes.map(value)];
  lines.push(...grid([
    ['', ...modes.map(column)],
    row('sales: paid / cancelled (at the end) / expired (failed)', (f) =>
      `${f.sales.completed}: ${f.sales.paid} / ${f.sales.cancelled} (${f.sales.atEnd}) / ${f.sales.expired}${f.sales.failed ? ` (${f.sales.failed})` : ''}`),
    row('429s from Centrapay', (f) => fmt(f.throttled)),
    ...accountRows(modes),
    row('upstream reads per live request per second (all reads / request reads)', (f) => `${fmt(f.reads.perLiveSecond, 2)} / ${fmt(f.reads.requestReadsPerLiveSecond, 2)}`),
    row('reads: request / feed; live request-seconds', (f) => `${fmt(f.reads.requestReads)} / ${fmt(f.reads.feedReads)}; ${fmt(f.reads.liveSeconds)}`),
    row('requests read by more than one instance', (f) => fmt(f.reads.readByManyInstances)),
    row('paid → display stream p50 / p95 (n, missing)', (f) => `${late(f.paidToShown.p50)} / ${late(f.paidToShown.p95)} ms (${f.paidToShown.n}, ${f.paidToShown.missing})`),
    row('paid → display page in Chromium p50 / p95 (n)', (f) => (f.browserPaidToShown ? `${late(f.browserPaidToShown.p50)} / ${late(f.browserPaidToShown.p95)} ms (${f.browserPaidToShown.n})` : '-')),
    row('Pay → QR on the display stream p50 / p95', (f) => `${late(f.payToQr.p50)} / ${late(f.payToQr.p95)} ms`),
    row('webhooks accepted', (f) => fmt(f.webhooksAccepted)),
    row('CPU: cores busy (machine) / load', (f) => `${f.cpu.machine === null ? 'n/a' : fmt(f.cpu.machine, 2)} / ${fmt(f.cpu.load1, 1)}`),
  ]));
  for (const figures of modes) {
    const takeover = figures.takeover;
    if (!takeover) continue;
    const say = (values: (number | null)[]) => {
      const shown = values.filter((value): value is number => value !== null);
      return `${shown.length ? `${fmt(Math.min(...shown))}–${fmt(Math.max(...shown))} ms` : 'none'}${shown.length < values.length ? ` (${values.length - shown.length} never)` : ''}`;
    };
    lines.push('', `takeover, ${CHAIN_MODE_NAMES[figures.mode]}: instance ${takeover.victim} SIGKILLed while it watched ${takeover.payments} live payments; ` +
      `a survivor held the unpaid ones' leases ${say(takeover.leaseTakenMs)} after the kill; the ones paid just after the kill were shown paid at a survivor ` +
      `${say(takeover.paidToShownMs)} after paying (${say(takeover.killToShownMs)} after the kill)`);
  }
  lines.push('', 'targets (issue 19):');
  lines.push(...grid(r.targets.map((t) => [`  ${t.description}`, late(t.value, 2), t.limit, t.pass ? 'met' : 'MISSED'])));
  return lines.join('\n');
}

function accountRows(modes: readonly ModeFigures[]): string[][] {
  const accounts = [...new Set(modes.flatMap((mode) => mode.accounts.map((account) => account.account)))];
  return accounts.map((account) => [
    `busiest minute / budget, ${account}`,
    ...modes.map((mode) => {
      const figures = mode.accounts.find((a) => a.account === account);
      return figures ? `${fmt(figures.busiestMinute)} / ${fmt(figures.budget)} (${fmt(figures.calls)} calls)` : '-';
    }),
  ]);
}

function late(value: number, digits = 0): string {
  return value === Infinity ? 'never' : fmt(value, digits);
}
