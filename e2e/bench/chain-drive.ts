// One lane of the chain bench taking sales until the mode ends: the cashier through the gateway's API at the lane's
// own instance, the display's event stream at another, the patron straight at the sandbox. Between sales the lane is
// idle for a while, as a till in a chain store is; the patron's choices are the lanes bench's (drawSale).
import type { Random } from '../chaos/random';
import type { ChainSale, LiveSpan } from './chain-report';
import type { LaneStream, LaneView } from './chain-streams';
import { drawSale, payUntilThrough, sleep, waitUntil, type SalePlan } from './lanes-drive';
import type { StampedDisplay } from './screens';
import { patronPayAt } from './server';

/** The one product the chain bench sells (its catalog prices it at a tenth of the demo's: Alice's $1,000 must last). */
export const CHAIN_ITEM = { sku: 'COFFEE-LB', name: 'Long Black', unitPrice: '48', tax: '15' } as const;
const CART = [{ sku: CHAIN_ITEM.sku, qty: 1 }];
const SHOW_WITHIN_MS = 30_000;

export interface ChainLaneRun {
  lane: string;
  cashierCode: string;
  /** The instance the lane's cashier screen talks to. */
  home: string;
  /** The lane's display: its event stream at another instance. */
  stream: LaneStream;
  /** A display page in Chromium too, for a few lanes. */
  browser?: StampedDisplay;
  sandboxUrl: string;
  random: Random;
  /** No sale starts, no patron pays after this; what is still live then is cancelled. */
  until: number;
  /** The idle time between two sales, ms. */
  gapMs: readonly [number, number];
  sales: ChainSale[];
  warn: (message: string) => void;
  /** Names the patron's idempotency keys. */
  label: string;
}

interface Answer {
  status: number;
  view: LaneView | null;
  text: string;
}

/** A cashier's call at the lane's instance, with its store's code. */
export async function cashier(run: Pick<ChainLaneRun, 'home' | 'lane' | 'cashierCode'>, method: 'PUT' | 'POST', path: string, body: object): Promise<Answer> {
  try {
    const response = await fetch(`${run.home}/api/lanes/${encodeURIComponent(run.lane)}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', 'X-Cashier-Code': run.cashierCode },
      body: JSON.stringify({ operatorId: 'bench', ...body }),
    });
    const text = await response.text();
    return { status: response.status, view: response.ok ? (JSON.parse(text) as LaneView) : null, text };
  } catch (error) {
    return { status: 0, view: null, text: String(error) };
  }
}

/** Rings one item up and presses Pay; the request's id once the display's stream shows its QR, or why not. */
export async function ringUpAndPay(run: Pick<ChainLaneRun, 'home' | 'lane' | 'cashierCode' | 'stream'>): Promise<{ pressedAt: number; ref: string; id: string; qrAt: number } | string> {
  const cart = await cashier(run, 'PUT', '/cart', { cart: CART });
  if (cart.status !== 200) return `the cart answered ${cart.status}: ${cart.text}`;
  const pressedAt = Date.now();
  const pay = await cashier(run, 'POST', '/payments', { cart: CART });
  const ref = pay.view?.order?.ref;
  if (pay.status !== 200 || !ref) return `Pay answered ${pay.status}: ${pay.text}`;
  const qr = await run.stream.next((view) => view.order?.ref === ref && view.payment?.outcome === 'pending', pressedAt, SHOW_WITHIN_MS);
  if (!qr?.view.payment) return `no QR on the display's stream ${SHOW_WITHIN_MS / 1000} s after Pay`;
  return { pressedAt, ref, id: qr.view.payment.paymentRequest.id, qrAt: qr.at };
}

/** The display's stream shows request `id` ended (`outcome`, or any end); null if not within `ms`. */
export function shownEnded(stream: LaneStream, id: string, after: number, ms: number, outcome?: string) {
  return stream.next((view) => view.payment?.paymentRequest.id === id && view.payment.outcome !== 'pending' && (!outcome || view.payment.outcome === outcome), after, ms);
}

/** Alice pays request `id` in full at the sandbox. */
export function patronPays(run: Pick<ChainLaneRun, 'sandboxUrl' | 'lane' | 'warn'>, id: string, key: string) {
  return payUntilThrough(() => patronPayAt(run.sandboxUrl, id, key), (problem) => run.warn(`${run.lane}: the patron could not pay ${id}: ${problem}`));
}

export async function driveChainLane(run: ChainLaneRun): Promise<void> {
  // Lanes start spread over one gap (tills do not all press Pay at once), so sales arrive at their steady rate from the start.
  await sleep(run.random.between(0, run.gapMs[1]));
  for (let index = 0; Date.now() < run.until; index += 1) {
    run.sales.push(await sale(run, drawSale(run.random), index));
    const next = await cashier(run, 'POST', '/new-sale', {});
    if (next.status !== 200) run.warn(`${run.lane}: New sale answered ${next.status}: ${next.text}`);
    // Idle until the next customer, or the mode's end.
    await sleep(Math.min(run.random.between(run.gapMs[0], run.gapMs[1]), run.until - Date.now()));
  }
}

async function sale(run: ChainLaneRun, plan: SalePlan, index: number): Promise<ChainSale> {
  const started = await ringUpAndPay(run);
  if (typeof started === 'string') {
    run.warn(`${run.lane}: ${started}`);
    return { lane: run.lane, move: plan.move, outcome: 'failed', payToQrMs: null, paidToShownMs: null, live: null, detail: started };
  }
  const { pressedAt, ref, id, qrAt } = started;
  const record = (outcome: ChainSale['outcome'], endedAt: number | null, extra: Partial<ChainSale> = {}): ChainSale => {
    const live: LiveSpan = { id, from: qrAt, to: endedAt ?? Date.now() };
    return { lane: run.lane, move: plan.move, outcome, payToQrMs: qrAt - pressedAt, paidToShownMs: null, live, ...extra };
  };
  // What the patron (or the cashier) would do after the step's end is not done: the cashier cancels instead.
  const cancel = async (atEnd = false) => {
    const sent = Date.now();
    await cashier(run, 'POST', '/cancel', { ref });
    const ended = await shownEnded(run.stream, id, sent, SHOW_WITHIN_MS);
    return record(ended ? outcomeOf(ended.view) : 'failed', ended?.at ?? null, atEnd ? { atEnd, detail: 'cancelled at the end of the mode' } : {});
  };
  if (plan.move === 'never') {
    const ended = await shownEnded(run.stream, id, qrAt, run.until - Date.now());
    return ended ? record(outcomeOf(ended.view), ended.at) : cancel(true);
  }
  if (!(await waitUntil(qrAt + plan.afterMs, run.until))) return cancel(true);
  if (plan.move === 'cancel') return cancel();
  return paid(run, id, `${run.label}-${run.lane}-${index}-${id}`, record);
}

async function paid(run: ChainLaneRun, id: string, key: string, record: (outcome: ChainSale['outcome'], endedAt: number | null, extra?: Partial<ChainSale>) => ChainSale): Promise<ChainSale> {
  const payment = await patronPays(run, id, key);
  if (!payment) return record('failed', null, { detail: 'the patron could not pay' });
  const [shown, page] = await Promise.all([
    shownEnded(run.stream, id, payment.sentAt, SHOW_WITHIN_MS, 'paid'),
    run.browser?.next('paid', payment.sentAt, SHOW_WITHIN_MS),
  ]);
  if (!shown) run.warn(`${run.lane}: "paid" not on the display's stream ${SHOW_WITHIN_MS / 1000} s after the patron paid ${id}`);
  const browser = run.browser ? { browserPaidToShownMs: page ? page.at - payment.sentAt : null } : {};
  return record('paid', shown?.at ?? null, { paidToShownMs: shown ? shown.at - payment.sentAt : null, ...browser });
}

function outcomeOf(view: LaneView): ChainSale['outcome'] {
  const outcome = view.payment?.outcome;
  return outcome === 'paid' || outcome === 'cancelled' || outcome === 'expired' ? outcome : 'failed';
}
