// Refunds and voids of finished sales, as the history screen drives them: the cashier finds a paid sale in the
// history, reads what can still go back (`GET /api/sales/:ref/after-sale`), and presses Refund (the whole sale or
// chosen lines) or Void. Each press carries its own key; a press whose answer was lost is sent again with the same
// key. Two cashier screens press at once (different keys), the same press arrives twice (same key), a void races a
// refund. Every press and every answer is recorded for the audit.
import type { AfterSale } from '../../src/domain/after-sale';
import type { RefundPress } from './audit-model';
import type { Operation } from './flows';
import { bump, trace, type RunStats } from './stats';
import { GatewayDown, type Reply } from './till';
import { answered, newPress, until, untilAnswered, type Worker } from './workplace';

interface Press {
  kind: 'refund' | 'void';
  screen: string;
  /** Chosen lines; absent: the whole sale (or a void). */
  lines?: { sku: string; qty: number }[];
  record: RefundPress;
}

interface HistoryItem {
  ref: string;
  result: string;
}

/** One refund or void operation; true when it came to its point (its presses answered as the variant needs). */
export async function driveAfterSale(worker: Worker, operation: Operation): Promise<boolean> {
  const { till, place } = worker;
  const stats = place.stats.byFlow[operation.flow];
  const forVoid = operation.flow === 'void';
  const picked = await pickSale(worker, forVoid);
  if (!picked) {
    bump(stats.outcomes, 'no sale left to pick');
    return false;
  }
  const { ref, view } = picked;
  const where = `${till.gateway.name}/${worker.lane} ${operation.flow}:${operation.variant} ${ref}`;
  trace(where, `picked: refundable ${view.refundable} of ${view.total}`);
  let touched = false;
  try {
    const presses = await pressAll(worker, operation, ref, view);
    trace(where, `pressed: ${presses.map((press) => press.record.answers.map((answer) => answer.status).join('/')).join(' + ')}`);
    touched = presses.some((press) => press.record.answers.some((reply) => reply.status === 200));
    const after = await until(() => readView(worker, ref), (current) => current.refundState !== 'pending', 90_000, 700);
    bump(stats.outcomes, `sale ${after?.refundState ?? 'unreadable'}`);
    trace(where, `sale ${after?.refundState ?? 'unreadable'}`);
    return reached(operation, presses);
  } finally {
    const after = await readView(worker, ref);
    place.sales.release(till.gateway.name, ref, { touched: touched || (after?.refunds.length ?? 0) > 0, spent: forVoid || after?.refundable === '0' });
  }
}

/** A paid sale from the history that no other worker is refunding, with something left to give back. */
async function pickSale(worker: Worker, forVoid: boolean): Promise<{ ref: string; view: AfterSale } | null> {
  const { till, place, random } = worker;
  const gateway = till.gateway.name;
  let items: HistoryItem[];
  try {
    items = (await till.get<{ items: HistoryItem[] }>('/api/history?limit=200', 30_000)).items;
  } catch (error) {
    if (error instanceof GatewayDown) return null;
    throw error;
  }
  const candidates = random.shuffle(items.filter((item) => item.result === 'paid' && place.sales.available(gateway, item.ref, forVoid)));
  for (const { ref } of candidates.slice(0, 5)) {
    place.sales.claim(gateway, ref);
    const view = await readView(worker, ref);
    const usable = view && view.refundable !== '0' && (!forVoid || view.void.allowed);
    if (usable) return { ref, view };
    place.sales.release(gateway, ref, { touched: (view?.refunds.length ?? 0) > 0, spent: view !== null && (view.refundable === '0' || forVoid) });
  }
  return null;
}

async function readView(worker: Worker, ref: string): Promise<AfterSale | null> {
  const reply = await worker.till.call<AfterSale>('GET', `/api/sales/${encodeURIComponent(ref)}/after-sale`);
  return reply.status === 200 ? reply.body : null;
}

/** The presses of the variant, sent as its screens send them. */
async function pressAll(worker: Worker, operation: Operation, ref: string, view: AfterSale): Promise<Press[]> {
  const press = (kind: Press['kind'], screen: string, lines?: Press['lines']): Press => {
    const { key, operatorId } = newPress(worker, screen);
    const record: RefundPress = { gateway: worker.till.gateway.name, saleRef: ref, flow: kind, key, operatorId, answers: [] };
    worker.place.stats.records.presses.push(record);
    return { kind, screen, ...(lines ? { lines } : {}), record };
  };
  const before = new Set(view.refunds.map((refund) => refund.id));
  const send = (one: Press) => sendPress(worker, ref, one, before);
  switch (operation.variant) {
    case 'whole':
    case 'void': {
      const one = press(operation.flow === 'void' ? 'void' : 'refund', 'screen-1');
      await send(one);
      return [one];
    }
    case 'lines': {
      const one = press('refund', 'screen-1', chooseLines(worker, view));
      await send(one);
      return [one];
    }
    case 'lines-then-rest': {
      const first = press('refund', 'screen-1', chooseLines(worker, view));
      await send(first);
      const rest = press('refund', 'screen-1');
      await send(rest);
      return [first, rest];
    }
    case 'same-key-twice': {
      // The same press arriving twice: at once (a double tap through a flaky network), or again after its answer.
      const one = press('refund', 'screen-1', worker.random.chance(0.5) ? chooseLines(worker, view) : undefined);
      if (worker.random.chance(0.6)) await Promise.all([send(one), send(one)]);
      else {
        await send(one);
        await send(one);
      }
      return [one];
    }
    default: {
      // Two cashier screens at once, each its own press: two refunds, two voids, or a void against a refund.
      const first = operation.flow === 'void' ? press('void', 'screen-1') : press('refund', 'screen-1', worker.random.chance(0.5) ? chooseLines(worker, view) : undefined);
      const second = operation.variant === 'two-screens' && operation.flow === 'void' ? press('void', 'screen-2') : press('refund', 'screen-2', chooseLines(worker, view));
      bump(worker.place.stats.races, `${operation.flow}: ${operation.variant}`);
      await Promise.all([send(first), send(second)]);
      return [first, second];
    }
  }
}

/** One to three of the lines still refundable, each some of what is left of it; undefined (whole sale) if none. */
function chooseLines(worker: Worker, view: AfterSale): Press['lines'] {
  const open = view.lines.filter((line) => line.refundableQty > 0);
  if (open.length === 0) return undefined;
  return worker.random.shuffle(open).slice(0, worker.random.int(1, Math.min(2, open.length))).map((line) => ({ sku: line.sku, qty: worker.random.int(1, line.refundableQty) }));
}

/** Sends a press until it is answered, recording each answer and the refunds it showed that were not there before. */
async function sendPress(worker: Worker, ref: string, press: Press, before: ReadonlySet<string>): Promise<Reply<AfterSale>> {
  const { till, place } = worker;
  const path = `/api/sales/${encodeURIComponent(ref)}/${press.kind === 'void' ? 'void' : 'refunds'}`;
  const body = { key: press.record.key, reason: 'chaos: the customer brought it back', operatorId: press.record.operatorId, ...(press.lines ? { lines: press.lines } : {}) };
  let inFlight = false;
  // In flight: the press not yet answered, or its refund not yet completed by Centrapay (the runner still at work).
  place.chaos.pressed(till.gateway.name, `${press.kind}: press`, async () => inFlight || (await readView(worker, ref))?.refundState === 'pending');
  const replies = await untilAnswered(place.stats, `${press.kind} press`, async () => {
    inFlight = true;
    try {
      return await till.call<AfterSale>('POST', path, body);
    } finally {
      inFlight = false;
    }
  });
  for (const reply of replies) {
    press.record.answers.push({ status: reply.status, code: reply.code, newRefundIds: (reply.body?.refunds ?? []).map((refund) => refund.id).filter((id) => !before.has(id)) });
    countAnswer(place.stats, press, reply);
  }
  return replies[replies.length - 1]!;
}

function countAnswer(stats: RunStats, press: Press, reply: Reply<AfterSale>): void {
  const flow = stats.byFlow[press.kind];
  if (reply.status === 200) bump(flow.outcomes, `press answered: ${press.lines ? 'lines' : press.kind === 'void' ? 'void' : 'whole'} ${reply.body?.refundState ?? ''}`.trim());
  else if (answered(reply)) bump(flow.outcomes, `press refused: ${reply.code}`);
  else bump(flow.outcomes, 'press: answer lost');
}

function reached(operation: Operation, presses: readonly Press[]): boolean {
  const ok = (press: Press) => press.record.answers.some((reply) => reply.status === 200);
  const settled = (press: Press) => press.record.answers.some((reply) => answered(reply));
  switch (operation.variant) {
    case 'two-screens':
    case 'void-vs-refund':
      return presses.every(settled) && presses.some(ok);
    case 'same-key-twice':
      return presses[0]!.record.answers.filter((reply) => answered(reply)).length >= 2 && ok(presses[0]!);
    default:
      return presses.some(ok);
  }
}
