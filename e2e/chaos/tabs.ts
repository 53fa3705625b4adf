// Bar tabs, as the cashier screen and the patron drive them: Open tab on the lane (an amount and a name), the patron
// authorises it in the wallet (the sandbox patron pays the pre-auth request in full, as the wallet simulator does),
// rounds rung up in the lane's cart and added to the tab (each press its own key, sent again with the same key when
// its answer was lost), then Close tab (the rest released) or Void tab. Variants: two screens adding rounds at once
// and the same round twice, a round drawing the tab down to the last cent, a round over what is left, a tab never
// approved (the cashier cancels it), and the cashier cancelling while the patron authorises.
import type { CartItem } from '../../src/domain/cart';
import type { HoldView } from '../../src/domain/pre-auth';
import type { HoldDrive } from './audit-model';
import type { Operation } from './flows';
import { bump, sleep, trace } from './stats';
import { answered, newPress, until, untilAnswered, type Worker } from './workplace';

const FINAL = new Set(['released', 'voided', 'cancelled', 'expired', 'failed']);
const AMOUNTS = ['600', '800', '1000', '1500'];

let tabs = 0;

/** One tab from Open to its end; true when it came to the variant's point. */
export async function driveTab(worker: Worker, operation: Operation): Promise<boolean> {
  const { till, lane, place } = worker;
  const stats = place.stats.byFlow.tab;
  const drive: HoldDrive = { gateway: till.gateway.name, kind: 'tab', holdId: null, openAnswered: false, roundKeys: [], roundsConfirmed: [], finishedAmount: null, ended: null };
  place.stats.records.holdDrives.push(drive);
  const exact = operation.variant === 'drawn-down' ? cart(worker, 2) : null;
  const amount = exact ? priceOf(worker, exact) : worker.random.pick(AMOUNTS);
  const where = `${till.gateway.name}/${lane} tab:${operation.variant}`;
  trace(where, `opening ${amount}`);
  const opened = await openTab(worker, drive, amount);
  trace(where, `opened: ${opened?.id ?? 'no'} ${opened?.status ?? ''}`);
  if (!opened) {
    bump(stats.outcomes, 'never opened');
    return false;
  }
  const authorised = await authorise(worker, operation, opened);
  trace(where, `after the patron: ${authorised?.status ?? 'unreadable'}`);
  let reachedPoint = false;
  if (authorised?.status === 'authorized') {
    reachedPoint = await rounds(worker, operation, drive, authorised, exact);
  }
  trace(where, `rounds done (${drive.roundsConfirmed.length} confirmed); ending`);
  const ended = await endTab(worker, operation, drive);
  trace(where, `ended ${ended?.status ?? 'unreadable'}`);
  await till.command(lane, 'cart', { cart: [] }, 'screen-1');
  bump(stats.outcomes, `ended ${ended?.status ?? 'unreadable'}${ended && ended.confirmed !== '0' ? ' with rounds' : ''}`);
  if (operation.variant === 'void') return ended?.status === 'voided';
  if (operation.variant === 'never-approved' || operation.variant === 'cancel-vs-authorise') return ended !== null && FINAL.has(ended.status);
  return reachedPoint && ended !== null && FINAL.has(ended.status);
}

/**
 * Open tab, until the gateway answers it: after a lost answer the cashier finds the tab again by its name among the
 * lane's tabs; a tab an earlier operation left waiting on the lane (its own opening never answered) is cancelled.
 */
async function openTab(worker: Worker, drive: HoldDrive, amount: string): Promise<HoldView | null> {
  const { till, lane, place } = worker;
  tabs += 1;
  const label = `Chaos ${till.gateway.name}${tabs}`;
  const deadline = Date.now() + 75_000;
  for (let attempt = 1; Date.now() < deadline; attempt += 1) {
    let inFlight = true;
    place.chaos.pressed(till.gateway.name, 'tab: opening', () => inFlight);
    const reply = await till.call<HoldView>('POST', '/api/holds', { lane, amount, label, operatorId: 'screen-1' });
    inFlight = false;
    if (reply.status === 200 && reply.body) {
      drive.holdId = reply.body.id;
      drive.openAnswered = true;
      return reply.body;
    }
    if (answered(reply) && reply.code !== 'TAB_AWAITING_APPROVAL') {
      bump(place.stats.byFlow.tab.outcomes, `open refused: ${reply.code}`);
      return null;
    }
    const found = await findTab(worker, label);
    if (found) {
      drive.holdId = found.id;
      return found;
    }
    if (reply.code === 'TAB_AWAITING_APPROVAL') await cancelOthersWaiting(worker, label);
    await sleep(Math.min(800 * attempt, 4_000));
  }
  return null;
}

/** The lane's tab opened under this name (its answer lost), read until the gateway answers. */
async function findTab(worker: Worker, label: string): Promise<HoldView | null> {
  try {
    const { holds } = await worker.till.get<{ holds: HoldView[] }>(`/api/holds?lane=${worker.lane}&kind=tab`, 30_000);
    return holds.find((hold) => hold.label === `Bar tab: ${label}`) ?? null;
  } catch {
    return null;
  }
}

/** A tab another operation left waiting on this lane is cancelled, as a cashier would; never this one's own. */
async function cancelOthersWaiting(worker: Worker, label: string): Promise<void> {
  const reply = await worker.till.call<{ holds: HoldView[] }>('GET', `/api/holds?lane=${worker.lane}&kind=tab&open=1`);
  for (const hold of reply.body?.holds ?? []) {
    if (hold.status !== 'pending' || hold.label === `Bar tab: ${label}`) continue;
    bump(worker.place.stats.byFlow.tab.outcomes, 'cancelled a tab left waiting');
    await worker.till.call('POST', `/api/holds/${hold.id}/void`, { operatorId: 'screen-1', reason: 'left waiting' });
  }
}

const readHold = async (worker: Worker, id: string): Promise<HoldView | null> => {
  const reply = await worker.till.call<HoldView>('GET', `/api/holds/${encodeURIComponent(id)}`);
  return reply.status === 200 ? reply.body : null;
};

/** The patron authorises in the wallet, or does not (the cashier then cancels), or both race. */
async function authorise(worker: Worker, operation: Operation, opened: HoldView): Promise<HoldView | null> {
  const { place, random } = worker;
  const withRequest = await until(() => readHold(worker, opened.id), (hold) => hold.paymentRequestId !== null || FINAL.has(hold.status), 60_000);
  const requestId = withRequest?.paymentRequestId;
  if (!requestId) return withRequest;
  const signal = AbortSignal.timeout(60_000);
  if (operation.variant === 'never-approved') {
    await sleep(random.int(500, 4_000));
    return withRequest;
  }
  const pays = async () => {
    await sleep(random.int(200, 2_500));
    bump(place.stats.patron, `tab: alice authorises: ${await place.patrons.alicePays(requestId, `alice-tab-${requestId}`, signal)}`);
  };
  if (operation.variant === 'cancel-vs-authorise') {
    bump(place.stats.races, 'tab: cancel vs authorise');
    await Promise.all([pays(), sleep(random.int(1_000, 2_500)).then(() => voidTab(worker, opened.id, null))]);
  } else {
    await pays();
  }
  return until(() => readHold(worker, opened.id), (hold) => hold.status !== 'pending' && hold.status !== 'opening', 45_000, 300);
}

/** The rounds of the variant; true when the tab was drawn down as the variant means to. */
async function rounds(worker: Worker, operation: Operation, drive: HoldDrive, tab: HoldView, exact: CartItem[] | null): Promise<boolean> {
  const { random } = worker;
  switch (operation.variant) {
    case 'void':
    case 'cancel-vs-authorise':
      return true;
    case 'drawn-down':
      return (await addRound(worker, drive, tab.id, exact!)).confirmed;
    case 'over-authorised': {
      // Too much for what is left: refused before anything is sent; then a round that fits.
      const big = [{ sku: dearest(worker).sku, qty: Math.ceil(Number(tab.remaining) / Number(dearest(worker).unitPrice)) + 1 }];
      const refused = await addRound(worker, drive, tab.id, big);
      bump(worker.place.stats.byFlow.tab.outcomes, `over-authorised round: ${refused.code ?? 'confirmed'}`);
      return (await addRound(worker, drive, tab.id, cart(worker, 1))).confirmed && refused.code === 'OVER_AUTHORISED';
    }
    case 'round-race': {
      bump(worker.place.stats.races, 'tab: two rounds at once');
      const [first] = await Promise.all([addRound(worker, drive, tab.id, cart(worker, 2), 'screen-1'), addRound(worker, drive, tab.id, cart(worker, 2), 'screen-2')]);
      // The same round sent twice (its answer lost, sent again with the same key at once), and sometimes Close tab
      // pressed on the other screen at that very moment.
      if (random.chance(0.5)) {
        bump(worker.place.stats.races, 'tab: a round against close');
        const [again] = await Promise.all([addRound(worker, drive, tab.id, cart(worker, 1), 'screen-1', 2), closeTab(worker, tab.id, drive, 'screen-2')]);
        return first.code !== null || first.confirmed || again.confirmed;
      }
      const again = await addRound(worker, drive, tab.id, cart(worker, 1), 'screen-1', 2);
      return first.code !== null || first.confirmed || again.confirmed;
    }
    default: {
      let confirmed = false;
      for (let round = random.int(1, 3); round > 0; round -= 1) confirmed = (await addRound(worker, drive, tab.id, cart(worker, 2))).confirmed || confirmed;
      return confirmed;
    }
  }
}

/** Rings the round up in the lane's cart and adds it to the tab, sending it `copies` times at once under one key. */
async function addRound(worker: Worker, drive: HoldDrive, holdId: string, items: CartItem[], screen = 'screen-1', copies = 1): Promise<{ confirmed: boolean; code: string | null }> {
  const { till, lane, place } = worker;
  const { key } = newPress(worker, screen);
  drive.roundKeys.push(key);
  await till.command(lane, 'cart', { cart: items }, screen);
  const send = async () => {
    let inFlight = false;
    place.chaos.pressed(till.gateway.name, 'tab: round', () => inFlight);
    return untilAnswered(place.stats, 'tab round', async () => {
      inFlight = true;
      try {
        return await till.call<HoldView>('POST', `/api/holds/${encodeURIComponent(holdId)}/confirmations`, { key, cart: items, lane, idChecked: true, operatorId: screen });
      } finally {
        inFlight = false;
      }
    });
  };
  const sends = await Promise.all(Array.from({ length: copies }, send));
  const replies = sends.map((replies) => replies[replies.length - 1]!);
  const ok = replies.find((reply) => reply.status === 200);
  const status = ok?.body?.confirmations.find((confirmation) => confirmation.key === key)?.status ?? null;
  if (status === 'confirmed') drive.roundsConfirmed.push(key);
  bump(place.stats.byFlow.tab.outcomes, ok ? `round answered: ${status}` : `round refused: ${replies.map((reply) => reply.code).join('/')}`);
  if (ok && status === 'sending') {
    // Answered before Centrapay was: the screen shows it in flight until the journal has Centrapay's answer.
    const later = await until(() => readHold(worker, holdId), (hold) => hold.confirmations.find((c) => c.key === key)?.status !== 'sending', 60_000);
    return { confirmed: later?.confirmations.find((c) => c.key === key)?.status === 'confirmed', code: null };
  }
  return { confirmed: status === 'confirmed', code: ok ? null : replies[0]!.code };
}

/** Over for good: ended, or drawn down to the last cent with nothing in flight. */
const over = (hold: HoldView) => FINAL.has(hold.status) ||
  (hold.status === 'authorized' && hold.remaining === '0' && hold.inFlight === '0' && !hold.returns.some((row) => row.status === 'sending'));

/**
 * Close tab (the rest released) or Void tab (one still waiting is cancelled), again until the tab has ended. While
 * Centrapay has not answered its opening, a round or a return, the cashier waits.
 */
async function endTab(worker: Worker, operation: Operation, drive: HoldDrive): Promise<HoldView | null> {
  const id = drive.holdId!;
  const deadline = Date.now() + 150_000;
  let hold: HoldView | null = null;
  while (Date.now() < deadline) {
    try {
      hold = await worker.till.get<HoldView>(`/api/holds/${encodeURIComponent(id)}`, 30_000);
    } catch {
      continue;
    }
    if (over(hold) && (hold.status !== 'authorized' || drive.ended)) return hold;
    const waiting = hold.status === 'opening' || hold.inFlight !== '0' || hold.returns.some((row) => row.status === 'sending');
    if (!waiting) {
      const voiding = hold.status === 'pending' || (operation.variant === 'void' && hold.confirmations.every((confirmation) => confirmation.status === 'refused'));
      const reply = voiding ? await voidTab(worker, id, drive) : await closeTab(worker, id, drive);
      if (reply === 'done') continue;
    }
    await sleep(1_000);
  }
  return hold;
}

async function closeTab(worker: Worker, id: string, drive: HoldDrive, screen = 'screen-1'): Promise<'done' | 'refused' | 'lost'> {
  return holdPress(worker, drive, 'close', `/api/holds/${encodeURIComponent(id)}/close`, { operatorId: screen });
}

async function voidTab(worker: Worker, id: string, drive: HoldDrive | null): Promise<'done' | 'refused' | 'lost'> {
  return holdPress(worker, drive, 'void', `/api/holds/${encodeURIComponent(id)}/void`, { operatorId: 'screen-2', reason: 'chaos: the customer changed their mind' });
}

async function holdPress(worker: Worker, drive: HoldDrive | null, what: 'close' | 'void', path: string, body: object): Promise<'done' | 'refused' | 'lost'> {
  const { till, place } = worker;
  let inFlight = false;
  place.chaos.pressed(till.gateway.name, `tab: ${what}`, () => inFlight);
  const replies = await untilAnswered(place.stats, `tab ${what}`, async () => {
    inFlight = true;
    try {
      return await till.call<HoldView>('POST', path, body);
    } finally {
      inFlight = false;
    }
  }, 4);
  const reply = replies[replies.length - 1]!;
  bump(place.stats.byFlow.tab.outcomes, reply.status === 200 ? `${what} answered` : `${what} refused: ${reply.code}`);
  if (reply.status === 200 && drive) drive.ended = what;
  return reply.status === 200 ? 'done' : answered(reply) ? 'refused' : 'lost';
}

function cart(worker: Worker, maxLines: number): CartItem[] {
  const { catalog, } = worker.place;
  return worker.random.shuffle(catalog).slice(0, worker.random.int(1, maxLines)).map((item) => ({ sku: item.sku, qty: worker.random.int(1, 2) }));
}

function priceOf(worker: Worker, items: readonly CartItem[]): string {
  const bySku = new Map(worker.place.catalog.map((item) => [item.sku, item]));
  return items.reduce((total, item) => total + BigInt(bySku.get(item.sku)!.unitPrice) * BigInt(item.qty), 0n).toString();
}

function dearest(worker: Worker) {
  return [...worker.place.catalog].sort((a, b) => Number(b.unitPrice) - Number(a.unitPrice))[0]!;
}
