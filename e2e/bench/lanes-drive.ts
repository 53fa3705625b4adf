// One lane taking sales back to back until the step ends, for the lanes bench: our till (the cashier through the
// gateway's API, a display page in Chromium), or the plain approach (straight at Centrapay, one 1 s poller per live
// request, no budget). The patron's choices come from a seeded stream per lane, the same for every mode.
import { z } from 'zod';
import type { Random } from '../chaos/random';
import type { PatronMove, SaleRecord } from './lanes-report';
import type { StampedDisplay } from './screens';
import { createPaymentRequestAt, patronPay, TERMINAL_KEY } from './server';

/** A Long Black ($4.80): Alice's $1,000 lasts a step of 24 lanes, and nothing refills it (each step is a fresh server). */
export const ITEM = { name: 'Long Black', sku: 'COFFEE-LB', price: '480' } as const;
const CART = [{ sku: ITEM.sku, qty: 1 }];
/** How long the bench waits for the display to show what it waits for (QR, result) before calling it missing. */
const SHOW_WITHIN_MS = 30_000;

export interface SalePlan {
  move: PatronMove;
  /** After the QR shows: when the patron pays, or the cashier cancels. */
  afterMs: number;
}

/** 80 % pay 2–20 s after the QR, 10 % never pay, 10 % are cancelled by the cashier 3–10 s after it. */
export function drawSale(random: Random): SalePlan {
  const move = random.weighted({ pay: 80, never: 10, cancel: 10 });
  const afterMs = move === 'pay' ? random.between(2_000, 20_000) : move === 'cancel' ? random.between(3_000, 10_000) : 0;
  return { move, afterMs: Math.round(afterMs) };
}

export interface LaneRun {
  baseUrl: string;
  lane: string;
  random: Random;
  /** The step's end: no sale starts, no patron pays and no cashier cancels after it. */
  until: number;
  /** Sales that ended are added here as they end. */
  sales: SaleRecord[];
  /** Something the bench itself could not do (reported on stderr, not a figure). */
  warn: (message: string) => void;
  /** Names the patron's idempotency keys and the plain approach's order references. */
  label: string;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Sleeps until `at`; false (at once) when that is past the step's end. */
export async function waitUntil(at: number, until: number): Promise<boolean> {
  if (at > until) return false;
  await sleep(at - Date.now());
  return true;
}

/** First sale at a seeded moment of the first 10 s (tills do not all press Pay in the same instant), then back to back. */
async function backToBack(run: LaneRun, sale: (plan: SalePlan, index: number) => Promise<SaleRecord | null>): Promise<void> {
  await sleep(run.random.between(0, 10_000));
  for (let index = 0; Date.now() < run.until; index += 1) {
    const record = await sale(drawSale(run.random), index);
    if (!record) return;
    run.sales.push(record);
    await sleep(run.random.between(800, 1_200));
  }
}

/** The patron pays in full; a 429 (Alice's own limit) is paid again a second later. Null when it never went through. */
function patronPays(run: LaneRun, paymentRequestId: string, key: string): Promise<{ sentAt: number; ms: number } | null> {
  return payUntilThrough(() => patronPay(run.baseUrl, paymentRequestId, key), (problem) => run.warn(`${run.lane}: the patron could not pay ${paymentRequestId}: ${problem}`));
}

/** Sends the patron's `pay` until it answers 200, again a second after a 429; null (and `warn`) when it never does. */
export async function payUntilThrough(pay: () => Promise<Response>, warn: (problem: string) => void): Promise<{ sentAt: number; ms: number } | null> {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const sentAt = Date.now();
    const response = await pay();
    const ms = Date.now() - sentAt;
    if (response.ok) return { sentAt, ms };
    const text = await response.text();
    if (response.status !== 429) {
      warn(`${response.status} ${text}`);
      return null;
    }
    await sleep(1_000);
  }
  return null;
}

// Ours.

const laneSchema = z.object({
  order: z.object({ ref: z.string() }).nullable(),
  step: z.object({ kind: z.string() }).nullable(),
  payment: z.object({ outcome: z.string(), paymentRequest: z.object({ id: z.string() }) }).nullable(),
});
type Lane = z.infer<typeof laneSchema>;

async function command(run: LaneRun, method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<{ status: number; lane: Lane | null; text: string }> {
  const response = await fetch(`${run.baseUrl}/api/lanes/${run.lane}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, lane: response.ok ? laneSchema.parse(JSON.parse(text)) : null, text };
}

/** Reads the lane every half second until its payment is no longer pending and nothing is under way; null at `until`. */
async function laneEnded(run: LaneRun, until: number): Promise<Lane | null> {
  for (;;) {
    const { lane } = await command(run, 'GET', '');
    if (lane && lane.payment?.outcome !== 'pending' && !lane.step) return lane;
    if (Date.now() > until) return null;
    await sleep(500);
  }
}

/** Our lane: ring up, Pay, the QR on the lane's display, then the patron (or the cashier) as planned; New sale. */
export function driveOurLane(run: LaneRun, display: StampedDisplay): Promise<void> {
  return backToBack(run, async (plan, index) => {
    const failed = (detail: string, payToQrMs: number | null = null): SaleRecord => {
      run.warn(`${run.lane}: ${detail}`);
      return { lane: run.lane, move: plan.move, outcome: 'failed', payToQrMs, paidToShownMs: null, payCallMs: null, detail };
    };
    const ended = async (record: SaleRecord): Promise<SaleRecord> => {
      if (record.outcome === 'failed') {
        // Whatever is still live on the lane is cancelled, as a cashier would, before the next sale.
        const { lane } = await command(run, 'GET', '');
        if (lane?.order && (lane.payment?.outcome === 'pending' || lane.step)) await command(run, 'POST', '/cancel', { ref: lane.order.ref, operatorId: 'bench' });
        await laneEnded(run, Date.now() + 60_000);
      }
      const next = await command(run, 'POST', '/new-sale', { operatorId: 'bench' });
      if (next.status !== 200) run.warn(`${run.lane}: New sale answered ${next.status}: ${next.text}`);
      return record;
    };

    const cart = await command(run, 'PUT', '/cart', { cart: CART, operatorId: 'bench' });
    if (cart.status !== 200) return ended(failed(`the cart answered ${cart.status}: ${cart.text}`));
    const pressedAt = Date.now();
    const pay = await command(run, 'POST', '/payments', { cart: CART, operatorId: 'bench' });
    const ref = pay.lane?.order?.ref;
    if (pay.status !== 200 || !ref) return ended(failed(`Pay answered ${pay.status}: ${pay.text}`));
    const qr = await display.next('qr', pressedAt, SHOW_WITHIN_MS);
    if (!qr) return ended(failed(`no QR on the display ${SHOW_WITHIN_MS / 1000} s after Pay`));
    const payToQrMs = qr.at - pressedAt;
    const paymentRequestId = paymentRequestIdFrom(qr.detail);
    const record = (outcome: SaleRecord['outcome'], extra: Partial<SaleRecord> = {}): SaleRecord =>
      ({ lane: run.lane, move: plan.move, outcome, payToQrMs, paidToShownMs: null, payCallMs: null, ...extra });

    switch (plan.move) {
      case 'pay': {
        if (!(await waitUntil(qr.at + plan.afterMs, run.until))) return null;
        const paid = await patronPays(run, paymentRequestId, `${run.label}-${run.lane}-${index}-${paymentRequestId}`);
        if (!paid) return ended(failed(`the patron's payment of ${paymentRequestId} did not go through`, payToQrMs));
        const shown = await display.next('paid', paid.sentAt, SHOW_WITHIN_MS);
        if (!shown) {
          run.warn(`${run.lane}: "Payment successful" not shown ${SHOW_WITHIN_MS / 1000} s after the patron paid ${paymentRequestId}`);
          await laneEnded(run, Date.now() + 60_000);
        }
        return ended(record('paid', { paidToShownMs: shown ? shown.at - paid.sentAt : null, payCallMs: paid.ms }));
      }
      case 'cancel': {
        if (!(await waitUntil(qr.at + plan.afterMs, run.until))) return null;
        await command(run, 'POST', '/cancel', { ref, operatorId: 'bench' });
        const lane = await laneEnded(run, Date.now() + 60_000);
        return ended(lane ? record(outcomeOf(lane.payment?.outcome)) : failed(`the cancel of ${paymentRequestId} did not end in 60 s`, payToQrMs));
      }
      case 'never': {
        // Nothing happens until the request expires; then the till times it out.
        const lane = await laneEnded(run, run.until);
        return lane ? ended(record(outcomeOf(lane.payment?.outcome))) : null;
      }
    }
  });
}

function outcomeOf(outcome: string | undefined): SaleRecord['outcome'] {
  return outcome === 'paid' || outcome === 'cancelled' || outcome === 'expired' ? outcome : 'failed';
}

function paymentRequestIdFrom(url: string): string {
  const id = /\/pay\/([^/?#]+)/.exec(url)?.[1];
  if (!id) throw new Error(`no Payment Request id in the QR code's URL "${url}"`);
  return decodeURIComponent(id);
}

// The plain approach.

const paymentRequestSchema = z.object({ id: z.string(), status: z.string() });

/** Sends `call` until it answers 200, again every second (no other backoff); null when the step ends first. */
async function untilAnswered(call: () => Promise<Response>, until: number): Promise<unknown> {
  for (;;) {
    const sentAt = Date.now();
    try {
      const response = await call();
      if (response.ok) return await response.json();
      await response.body?.cancel();
    } catch {
      // No answer: the same as a refusal, sent again next second.
    }
    if (Date.now() > until) return null;
    await sleep(sentAt + 1_000 - Date.now());
  }
}

/** The plain display: reads the request every second until it ends; a 429 is simply read again at the next tick. */
class PlainPoller {
  private timer: NodeJS.Timeout;
  private busy = false;
  private done = false;
  private paidSeen: ((at: number) => void) | undefined;
  private readonly paidAt: Promise<number>;
  private ended: ((status: string) => void) | undefined;
  readonly status: Promise<string>;

  constructor(baseUrl: string, paymentRequestId: string) {
    this.paidAt = new Promise((resolve) => (this.paidSeen = resolve));
    this.status = new Promise((resolve) => (this.ended = resolve));
    this.timer = setInterval(() => {
      if (this.busy || this.done) return;
      this.busy = true;
      void fetch(`${baseUrl}/sandbox/api/payment-requests/${encodeURIComponent(paymentRequestId)}`, { headers: { 'X-Api-Key': TERMINAL_KEY } })
        .then(async (response) => {
          if (!response.ok) {
            await response.body?.cancel();
            return;
          }
          const { status } = paymentRequestSchema.parse(await response.json());
          if (status === 'new' || this.done) return;
          if (status === 'paid') this.paidSeen?.(Date.now());
          this.stop();
          this.ended?.(status);
        })
        .catch(() => undefined)
        .finally(() => {
          this.busy = false;
        });
    }, 1_000);
  }

  /** When a poll first saw `paid`; null if none did within `ms`. */
  paid(ms: number): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
    return Promise.race([this.paidAt, late]).finally(() => clearTimeout(timer));
  }

  stop(): void {
    this.done = true;
    clearInterval(this.timer);
  }
}

/** The plain approach's lane: Pay creates the request at Centrapay; its display polls it every second. */
export function drivePlainLane(run: LaneRun, expirySeconds: number): Promise<void> {
  return backToBack(run, async (plan, index) => {
    const pressedAt = Date.now();
    const orderRef = `${run.label}-${run.lane}-${index}-${pressedAt}`;
    const created = await untilAnswered(() => createPaymentRequestAt(run.baseUrl, { orderRef, line: ITEM, terminalId: `plain-${run.lane}`, expirySeconds }), run.until);
    if (!created) {
      // Refused (429) until the step ended: a sale that never started, and a create delayed past 2 s if it was.
      const waited = Date.now() - pressedAt;
      return waited > 2_000
        ? { lane: run.lane, move: plan.move, outcome: 'failed', payToQrMs: null, paidToShownMs: null, payCallMs: null, moneySlow: 1, detail: `create refused for ${Math.round(waited / 1000)} s` }
        : null;
    }
    const shownAt = Date.now();
    const { id } = paymentRequestSchema.parse(created);
    const payToQrMs = shownAt - pressedAt;
    const poller = new PlainPoller(run.baseUrl, id);
    const record = (outcome: SaleRecord['outcome'], extra: Partial<SaleRecord> = {}): SaleRecord =>
      ({ lane: run.lane, move: plan.move, outcome, payToQrMs, paidToShownMs: null, payCallMs: null, moneySlow: payToQrMs > 2_000 ? 1 : 0, ...extra });
    try {
      switch (plan.move) {
        case 'pay': {
          if (!(await waitUntil(shownAt + plan.afterMs, run.until))) return null;
          const paid = await patronPays(run, id, `${run.label}-${run.lane}-${index}-${id}`);
          if (!paid) return record('failed', { detail: 'the patron could not pay' });
          const seenAt = await poller.paid(SHOW_WITHIN_MS);
          if (seenAt === null) run.warn(`${run.lane}: plain: no poll saw ${id} paid ${SHOW_WITHIN_MS / 1000} s after the patron paid`);
          return record('paid', { paidToShownMs: seenAt === null ? null : seenAt - paid.sentAt, payCallMs: paid.ms });
        }
        case 'cancel': {
          if (!(await waitUntil(shownAt + plan.afterMs, run.until))) return null;
          poller.stop();
          const sentAt = Date.now();
          const voided = await untilAnswered(() => fetch(`${run.baseUrl}/sandbox/api/payment-requests/${encodeURIComponent(id)}/void`, {
            method: 'POST',
            headers: { 'X-Api-Key': TERMINAL_KEY, 'Content-Type': 'application/json' },
            body: '{}',
          }), run.until + 60_000);
          const slowVoid = Date.now() - sentAt > 2_000 ? 1 : 0;
          return voided
            ? record('cancelled', { moneySlow: (payToQrMs > 2_000 ? 1 : 0) + slowVoid })
            : record('failed', { detail: 'the void never went through' });
        }
        case 'never': {
          const status = await Promise.race([poller.status, sleep(run.until - Date.now()).then(() => null)]);
          return status ? record(status === 'expired' ? 'expired' : 'failed') : null;
        }
      }
    } finally {
      poller.stop();
    }
  });
}
