// The driver: one cashier per lane ringing up sales back to back through the gateway's HTTP API, from two screens
// that sometimes press at the same time. Each sale follows a plan drawn at its start (Pay or Connect, what the
// patron and the wallet do, what the cashier does and when); the lane's state decides what happens next, and a
// refused command (409) is only a reason to read the lane again.
import type { CartItem } from '../../src/domain/cart';
import type { CatalogItem } from '../../src/domain/catalog';
import { salePhase } from '../../src/domain/sale';
import type { Chaos } from './chaos';
import type { Patrons, PatronResult } from './patron';
import type { Random } from './random';
import { bump, log, sleep, type RunStats } from './stats';
import type { Till } from './till';

const SCREENS = ['screen-1', 'screen-2'] as const;
/**
 * A request or wallet link still live this long after it appeared has outlived the till's own timeout (expiry 30 s
 * + grace 5 s, or 12 s of unreadable status) by far: the cashier cancels it, and it is reported. A sale not ended
 * after the next bound is given up on (reported too).
 */
const RESCUE_AFTER_MS = 70_000;
const ABANDON_AFTER_MS = 240_000;

type Counter = 'cash' | 'card';
type CashierMove = 'wait' | 'cancel' | 'cash' | 'card' | 'cash-vs-cancel' | 'double-cancel';
type PatronMove = 'pays' | 'pays-part' | 'pays-late' | 'declines' | 'never';

export interface SalePlan {
  flow: 'qr' | 'connect';
  cart: CartItem[];
  otherCart: CartItem[];
  press: 'plain' | 'double-pay' | 'cart-race';
  putCartFirst: boolean;
  /** Connect flow: does the rewards wallet link (and pay its offer)? */
  wallet: 'connects' | 'never';
  walletDelayMs: number;
  patron: PatronMove;
  patronDelayMs: number;
  /** Where in what is left a part payment falls (0 → 1 cent, 1 → all but 1 cent). */
  partFraction: number;
  /** What the cashier does while the payment (or the wallet link) is live, and after how long. */
  cashier: CashierMove;
  cashierDelayMs: number;
  /** A part payment: take the rest at the counter, or refund the part. */
  owed: 'collect' | 'refund';
  owedMethod: Counter;
  /** Not a sale: whatever is live on the lane is cancelled, again and again until it ends. */
  cleanup?: boolean;
}

export function drawPlan(random: Random, catalog: readonly CatalogItem[], forced?: 'qr' | 'connect'): SalePlan {
  const cart = (): CartItem[] => random.shuffle(catalog).slice(0, random.int(1, Math.min(4, catalog.length))).map((item) => ({ sku: item.sku, qty: random.int(1, 3) }));
  const drawn = random.chance(0.5) ? 'qr' : 'connect';
  const flow = forced ?? drawn;
  const wallet = flow === 'connect' && random.chance(0.3) ? 'never' : 'connects';
  let patron: PatronMove = 'never';
  if (flow === 'qr') patron = random.weighted({ pays: 52, declines: 15, never: 28, 'pays-late': 5 });
  else if (wallet === 'connects') patron = random.weighted({ pays: 33, 'pays-part': 25, declines: 10, never: 28, 'pays-late': 4 });
  const cashier: CashierMove = patron === 'never'
    ? random.weighted({ cancel: 30, cash: 20, card: 15, 'cash-vs-cancel': 10, 'double-cancel': 10, wait: 8 })
    : patron === 'pays-late'
      ? 'wait'
      : random.weighted({ wait: 78, cash: 8, cancel: 8, 'cash-vs-cancel': 3, 'double-cancel': 3 });
  return {
    flow,
    cart: cart(),
    otherCart: cart(),
    press: random.weighted({ plain: 70, 'double-pay': 15, 'cart-race': 15 }),
    putCartFirst: random.chance(0.6),
    wallet,
    walletDelayMs: random.int(200, 3_000),
    patron,
    // A late patron pays around the request's expiry (30 s) and the till's timeout (35 s): before, between, after.
    patronDelayMs: patron === 'pays-late' ? random.int(25_000, 37_000) : random.int(200, 4_000),
    partFraction: random.next(),
    cashier,
    // Racing a paying patron means acting at about the same time; otherwise a cashier waits a little.
    cashierDelayMs: patron === 'never' ? random.int(300, 6_000) : random.int(200, 4_000),
    owed: random.chance(0.6) ? 'collect' : 'refund',
    owedMethod: random.chance(0.5) ? 'cash' : 'card',
  };
}

/** What a sale's driving needs: the worker's lane, its till and dice, and the run's patrons, figures and chaos. */
export interface LaneDriver {
  till: Till;
  lane: string;
  random: Random;
  patrons: Patrons;
  stats: RunStats;
  chaos: Chaos;
  catalog: readonly CatalogItem[];
}

/** One sale, from New sale to its end: ended (false when the lane could not be brought to an end, reported) and paid. */
export async function driveSale(driver: LaneDriver, forced: 'qr' | 'connect'): Promise<{ ended: boolean; paid: boolean }> {
  const ended = await ringUp(driver, drawPlan(driver.random, driver.catalog, forced));
  driver.stats.salesEnded += 1;
  if (!ended) return { ended, paid: false };
  const state = await driver.till.lane(driver.lane);
  return { ended, paid: salePhase(state) === 'done' && state.order !== null };
}

/** One sale from New sale to its end. False when the lane could not be brought to an end (reported). */
async function ringUp(driver: LaneDriver, plan: SalePlan): Promise<boolean> {
  const { till, lane, stats } = driver;
  if (!(await freeTheLane(driver))) return false;

  stats.salesStarted += 1;
  const began = Date.now();
  const label = plan.flow === 'qr' ? `qr, patron ${plan.patron}` : `connect, wallet ${plan.wallet}${plan.wallet === 'connects' ? `, patron ${plan.patron}` : ''}`;
  bump(stats.salePlans, label);
  bump(stats.cashier, `live: ${plan.cashier}`);
  if (plan.putCartFirst) await till.command(lane, 'cart', { cart: plan.cart }, SCREENS[0]);
  const press = plan.flow === 'qr' ? 'payments' : 'connections';
  const pressOnce = async () => {
    driver.chaos.payPressed(till.gateway.name, lane);
    if (plan.press === 'double-pay') {
      bump(stats.races, 'double pay');
      await Promise.all(SCREENS.map((screen) => till.command(lane, press, { cart: plan.cart }, screen)));
    } else if (plan.press === 'cart-race') {
      bump(stats.races, 'cart edit vs pay');
      await Promise.all([till.command(lane, press, { cart: plan.cart }, SCREENS[0]), till.command(lane, 'cart', { cart: plan.otherCart }, SCREENS[1])]);
    } else {
      await till.command(lane, press, { cart: plan.cart }, SCREENS[0]);
    }
  };
  await pressOnce();
  const ended = await follow(driver, plan, pressOnce);
  (stats.saleMs[label] ??= []).push(Date.now() - began);
  return ended;
}

/** Before New sale (or a tab's round): the lane must have nothing in flight, nor a finished sale still showing. */
export async function freeTheLane(driver: LaneDriver): Promise<boolean> {
  const { till, lane } = driver;
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const state = await till.lane(lane);
    const phase = salePhase(state);
    if ((phase === 'open' || phase === 'done') && !state.step) {
      if (!state.order && state.cart.length === 0 && !state.notice) return true;
      const answer = await till.command(lane, 'new-sale', {}, SCREENS[attempt % 2]!);
      if (answer.status === 200) return true;
    } else {
      // Something is still live: finish it the way a cashier would, then start afresh.
      const cleanup: SalePlan = { ...drawPlan(driver.random, driver.catalog), cashier: 'cancel', cashierDelayMs: 0, patron: 'never', wallet: 'never', owed: 'refund', cleanup: true };
      bump(driver.stats.cashier, `cleanup: a lane left ${phase}`);
      if (!(await follow(driver, cleanup, null))) return false;
    }
    await sleep(500);
  }
  return false;
}

/**
 * Reads the lane until the sale has ended (phase open or done, no step), acting on what it shows: starting the
 * wallet and the patron, the cashier's move, collecting or refunding what a part payment left owed.
 */
async function follow(driver: LaneDriver, plan: SalePlan, pressAgain: (() => Promise<void>) | null): Promise<boolean> {
  const { till, lane, stats, patrons, random } = driver;
  const started = Date.now();
  const abort = new AbortController();
  const others: Promise<unknown>[] = [];
  let presses = 1;
  let liveSince = null as { key: string; at: number } | null;
  let movedAt = 0;
  let walletFor: string | null = null;
  let patronFor: string | null = null;
  let lastOwedAt = 0;
  let lastRescueAt = 0;
  try {
    for (;;) {
      const state = await till.lane(lane);
      const phase = salePhase(state);
      const ref = state.order?.ref ?? null;
      if ((phase === 'open' || phase === 'done') && !state.step) {
        if (ref || !pressAgain) return true;
        // The press never took (journal refused it, or the gateway went down under it): press again.
        if (presses >= 6) return true;
        presses += 1;
        await sleep(800);
        await pressAgain();
        continue;
      }

      const live = phase === 'connecting' ? `connection ${state.connection?.id}` : phase === 'paying' ? `request ${state.payment?.paymentRequest.id}` : null;
      if (live && liveSince?.key !== live) liveSince = { key: live, at: Date.now() };

      if (phase === 'connecting' && plan.wallet === 'connects' && walletFor !== state.connection!.id) {
        walletFor = state.connection!.id;
        others.push(walletAndPatron(patrons, plan, walletFor, stats, abort.signal));
      }
      if (phase === 'paying' && plan.flow === 'qr' && !patronFor) {
        patronFor = state.payment!.paymentRequest.id;
        others.push(qrPatron(patrons, plan, patronFor, stats, abort.signal));
      }

      // The cashier's move while the wallet link or the payment is live: once, on the live thing the plan is about
      // (a clean-up cancels whatever is live, every few seconds until it ends).
      const movePhase = plan.flow === 'connect' && plan.wallet === 'never' ? 'connecting' : 'paying';
      const onIt = plan.cleanup ? phase === 'connecting' || phase === 'paying' : phase === movePhase;
      const mayMove = plan.cleanup ? Date.now() - movedAt > 3_000 : movedAt === 0;
      if (mayMove && ref && onIt && liveSince && Date.now() - liveSince.at >= plan.cashierDelayMs && plan.cashier !== 'wait') {
        movedAt = Date.now();
        others.push(cashierMove(driver, plan.cashier, ref));
      }

      // Pressed again only now and then while the last press is still being carried out (a step is showing).
      if (phase === 'owed' && ref && Date.now() - lastOwedAt > (state.step ? 6_000 : 1_500)) {
        lastOwedAt = Date.now();
        if (plan.owed === 'collect') {
          bump(stats.cashier, `owed: collect ${plan.owedMethod}`);
          await till.command(lane, 'tenders', { ref, method: plan.owedMethod }, SCREENS[0]);
        } else {
          bump(stats.cashier, 'owed: refund');
          await till.command(lane, 'refund', { ref }, SCREENS[0]);
        }
      }

      const age = Date.now() - started;
      if (age > ABANDON_AFTER_MS) {
        stats.abandoned.push({
          gateway: till.gateway.name, lane, ref, phase,
          detail: `the sale did not end in ${ABANDON_AFTER_MS / 1000} s: step ${state.step?.kind ?? 'none'}, payment ${state.payment?.outcome ?? 'none'}, connection ${state.connection?.outcome ?? 'none'}`,
        });
        log(`lane ${till.gateway.name}/${lane}: abandoned sale ${ref} in phase ${phase}`);
        return false;
      }
      const liveFor = liveSince && (phase === 'paying' || phase === 'connecting') ? Date.now() - liveSince.at : 0;
      if (liveFor > RESCUE_AFTER_MS && ref && Date.now() - lastRescueAt > 10_000) {
        lastRescueAt = Date.now();
        bump(stats.cashier, 'rescue: cancel a payment that would not end');
        if (!stats.rescued.some((rescue) => rescue.ref === ref)) {
          stats.rescued.push({
            gateway: till.gateway.name, lane, ref, phase, seconds: Math.round(liveFor / 1000),
            detail: `step ${state.step?.kind ?? 'none'}${state.step?.notice ? ` (${state.step.notice})` : ''}, payment ${state.payment?.paymentRequest.id ?? '-'} ${state.payment?.outcome ?? ''} expires ${state.payment?.paymentRequest.expiresAt ?? '-'}, connection ${state.connection?.outcome ?? '-'}, notice ${state.payment?.notice ?? state.notice ?? '-'}`,
          });
        }
        await till.command(lane, 'cancel', { ref }, SCREENS[1]);
      }
      await sleep(random.int(200, 400));
    }
  } finally {
    abort.abort();
    await Promise.all(others);
  }
}

async function cashierMove(driver: LaneDriver, move: CashierMove, ref: string): Promise<void> {
  const { till, lane, stats } = driver;
  const act = (action: 'tenders' | 'cancel', screen: string, method?: Counter) => till.command(lane, action, method ? { ref, method } : { ref }, screen);
  switch (move) {
    case 'cancel':
      await act('cancel', SCREENS[0]);
      return;
    case 'cash':
    case 'card':
      await act('tenders', SCREENS[0], move);
      return;
    case 'cash-vs-cancel':
      bump(stats.races, 'cash vs cancel');
      await Promise.all([act('tenders', SCREENS[0], 'cash'), act('cancel', SCREENS[1])]);
      return;
    case 'double-cancel':
      bump(stats.races, 'double cancel');
      await Promise.all([act('cancel', SCREENS[0]), act('cancel', SCREENS[1])]);
      return;
    case 'wait':
      return;
  }
}

function countPatron(stats: RunStats, who: string, result: PatronResult | 'none'): void {
  bump(stats.patron, `${who}: ${result}`);
}

/** QR flow: Alice scans, and after a while pays in full, declines, or does nothing. */
async function qrPatron(patrons: Patrons, plan: SalePlan, requestId: string, stats: RunStats, signal: AbortSignal): Promise<void> {
  if (plan.patron === 'never') return;
  await sleep(plan.patronDelayMs, signal);
  if (signal.aborted) return;
  if (plan.patron === 'declines') countPatron(stats, 'alice declines', await patrons.aliceDeclines(requestId, signal));
  else countPatron(stats, plan.patron === 'pays-late' ? 'alice pays late' : 'alice pays', await patrons.alicePays(requestId, `alice-${requestId}`, signal));
}

/** Connect flow: the wallet links and pays its offer; then Alice pays the rest, part of it, declines, or nothing. */
async function walletAndPatron(patrons: Patrons, plan: SalePlan, connectionId: string, stats: RunStats, signal: AbortSignal): Promise<void> {
  await sleep(plan.walletDelayMs, signal);
  if (signal.aborted) return;
  const linked = await patrons.walletAuthorizes(connectionId, signal);
  countPatron(stats, 'wallet links', linked);
  if (linked !== 'ok') return;
  const offer = await patrons.walletPaysOffer(connectionId, signal);
  countPatron(stats, 'wallet offer', offer.result);
  if (!offer.requestId || plan.patron === 'never') return;
  // The wallet's part took a second or two of the late patron's wait already.
  await sleep(plan.patron === 'pays-late' ? plan.patronDelayMs - 2_000 : plan.patronDelayMs, signal);
  if (signal.aborted) return;
  const id = offer.requestId;
  if (plan.patron === 'declines') return countPatron(stats, 'alice declines', await patrons.aliceDeclines(id, signal));
  if (plan.patron === 'pays-part') {
    const remaining = await patrons.remainingOf(id, signal);
    if (remaining !== null && remaining >= 2n) {
      const part = 1n + BigInt(Math.floor(Number(remaining - 2n) * plan.partFraction));
      return countPatron(stats, 'alice pays part', await patrons.alicePays(id, `alice-part-${id}`, signal, part.toString()));
    }
  }
  countPatron(stats, plan.patron === 'pays-late' ? 'alice pays late' : 'alice pays', await patrons.alicePays(id, `alice-${id}`, signal));
}
