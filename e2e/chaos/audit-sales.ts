// Sales and what happened to them after they were paid: every sale both journals know of against what Centrapay
// kept for its Payment Requests, less the refunds and voids the journal made of it, each of which must be on
// Centrapay's side too; and every Refund or Void press the screens made, against what the journal recorded.
//
// Money Centrapay keeps for a Payment Request = Σ `payment` activities (every asset type: the patron's wallet, the
// rewards wallet's offer, external.* tenders the till recorded) − Σ `refund` activities. A void of a paid request
// shows as a refund (its status stays `paid`). Money kept for a sale = Σ over the requests whose externalRef is the
// sale's ref + the tenders taken at the counter only (`onRequest: false`) less what the counter handed back; tenders
// recorded on a request are already among its payments.
import {
  RULES, figures, keptByCentrapay, violation,
  type JournalRefund, type JournalSale, type RefundPress, type UpstreamActivity, type UpstreamRequest, type Violation, type ViolationKind,
} from './audit-model';

const FINAL_UNPAID = new Set(['cancelled', 'expired', 'refunded', 'not-started']);

const sum = (values: readonly string[]): bigint => values.reduce((total, value) => total + BigInt(value), 0n);
const isCounter = (refund: JournalRefund) => refund.method === 'cash' || refund.method === 'card';
const flowOf = (refund: JournalRefund) => (refund.method === 'void' ? 'void' : 'refund');

export interface SaleTotals {
  kept: bigint;
  centrapay: bigint;
  counter: bigint;
  paidTotal: bigint;
}

/** Every sale against Centrapay's records and its own refunds. */
export function auditSales(sales: readonly JournalSale[], requestsByRef: ReadonlyMap<string, UpstreamRequest[]>, upstreamIds: ReadonlySet<string>,
  presses: readonly RefundPress[]): { violations: Violation[]; totals: SaleTotals } {
  const violations: Violation[] = [];
  const refsSeen = new Map<string, string[]>();
  for (const sale of sales) refsSeen.set(sale.ref, [...(refsSeen.get(sale.ref) ?? []), sale.gateway]);
  const totals: SaleTotals = { kept: 0n, centrapay: 0n, counter: 0n, paidTotal: 0n };
  for (const sale of sales) {
    const requests = requestsByRef.get(sale.ref) ?? [];
    const refunds = sale.refunds ?? [];
    const centrapay = requests.reduce((total, request) => total + keptByCentrapay(request.activities), 0n);
    const counterTaken = sum(sale.tenders.filter((tender) => !tender.onRequest).map((tender) => tender.amount));
    const counterBack = sum(refunds.filter((refund) => isCounter(refund) && refund.status === 'completed').map((refund) => refund.amount));
    const counter = counterTaken - counterBack;
    const kept = centrapay + counter;
    totals.kept += kept;
    totals.centrapay += centrapay;
    totals.counter += counter;
    if (sale.result === 'paid') totals.paidTotal += BigInt(sale.total);
    const add = (kind: ViolationKind, rule: string, detail: string, flow: 'sale' | 'refund' | 'void' = 'sale') =>
      violations.push(violation({
        kind, rule, detail, flow, subject: sale.ref,
        saleRef: sale.ref, gateway: sale.gateway, lane: sale.lane, result: sale.result, total: sale.total,
        moneyKept: kept.toString(), centrapayKept: centrapay.toString(), counterTaken: counter.toString(),
        requests: requests.map(figures),
      }));
    if ((refsSeen.get(sale.ref)?.length ?? 0) > 1) add('mismatch', RULES.saleInTwoJournals, `gateways ${refsSeen.get(sale.ref)!.join(', ')} both journal ${sale.ref}`);
    checkSaleMoney(sale, { kept, centrapay, counter }, refunds, add);
    for (const own of sale.requests) {
      if (!upstreamIds.has(own.id)) add('mismatch', RULES.journalRequestMissing, `request ${own.id}`);
    }
    for (const request of requests) {
      if (keptByCentrapay(request.activities) < 0n) add('double', RULES.requestOverRefunded, `request ${request.id} refunded ${-keptByCentrapay(request.activities)} more than was paid`);
    }
    checkRefunds(sale, requests, refunds, add);
  }
  violations.push(...auditPresses(presses, sales));
  return { violations, totals };
}

type Add = (kind: ViolationKind, rule: string, detail: string, flow?: 'sale' | 'refund' | 'void') => void;

function checkSaleMoney(sale: JournalSale, money: { kept: bigint; centrapay: bigint; counter: bigint }, refunds: readonly JournalRefund[], add: Add): void {
  const { kept, centrapay, counter } = money;
  const total = BigInt(sale.total);
  if (centrapay > 0n && sale.result !== 'paid') add('lost', RULES.saleNotPaidKeeps, `Centrapay keeps ${centrapay} but the sale is ${sale.result}`);
  if (kept > total) add('double', RULES.saleKeptOverTotal, `kept ${kept} for a sale of ${total}`);
  if (sale.result === 'paid') {
    // A refund still pending is reported as such; the sale's money is judged once its refunds have ended.
    if (refunds.some((refund) => refund.status === 'pending')) return;
    const back = sum(refunds.filter((refund) => refund.status === 'completed').map((refund) => refund.amount));
    if (kept !== total - back) {
      add('mismatch', RULES.salePaidKeptWrong, `kept ${kept} (Centrapay ${centrapay} + counter ${counter}) for a sale of ${total}${back > 0n ? ` less ${back} refunded` : ''}`);
    }
  } else if (FINAL_UNPAID.has(sale.result)) {
    if (kept !== 0n) add('mismatch', RULES.saleUnpaidKeeps, `${sale.result} sale keeps ${kept} (Centrapay ${centrapay} + counter ${counter})`);
  } else if (sale.result === 'pending' || sale.result === 'unknown') {
    add('mismatch', RULES.saleStillOpen, `sale still ${sale.result}; kept ${kept} of ${total}`);
  } else {
    add('mismatch', RULES.saleResultUnknown, `result "${sale.result}"`);
  }
}

/** Each refund row against Centrapay's activities, and what each tender gave back against what it took. */
function checkRefunds(sale: JournalSale, requests: readonly UpstreamRequest[], refunds: readonly JournalRefund[], add: Add): void {
  const byId = new Map(requests.map((request) => [request.id, request]));
  for (const refund of refunds) {
    const request = refund.paymentRequestId ? byId.get(refund.paymentRequestId) : undefined;
    if (refund.status === 'pending') {
      add('orphan', RULES.refundPending, `${refund.id} (${refund.method}, ${refund.amount}) is still pending`, flowOf(refund));
      continue;
    }
    if (isCounter(refund) || !refund.paymentRequestId) continue;
    if (refund.method === 'void') {
      const kept = request ? keptByCentrapay(request.activities) : null;
      if (refund.status === 'completed' && (kept === null || kept > 0n)) {
        add('lost', RULES.voidLeftMoney, `void ${refund.id} of ${refund.paymentRequestId} completed, but Centrapay ${kept === null ? 'has no such request' : `still keeps ${kept}`}`, 'void');
      }
      continue;
    }
    const activity = request?.activities.find((candidate: UpstreamActivity) => candidate.type === 'refund' && candidate.externalRef === refund.id);
    if (refund.status === 'completed' && !activity) {
      add('lost', RULES.refundMissingUpstream, `${refund.id}: ${refund.amount} on ${refund.paymentRequestId}`, 'refund');
    } else if (refund.status === 'completed' && activity && activity.value.amount !== refund.amount) {
      add('mismatch', RULES.refundAmountDiffers, `${refund.id}: journal ${refund.amount}, Centrapay ${activity.value.amount}`, 'refund');
    } else if (refund.status === 'failed' && activity) {
      add('mismatch', RULES.refundRefusedButMade, `${refund.id} refused (${refund.error ?? 'no code'}) in the journal, but Centrapay refunded ${activity.value.amount}`, 'refund');
    }
  }
  const given = refunds.filter((refund) => refund.status !== 'failed');
  for (const request of requests) {
    const back = sum(given.filter((refund) => refund.paymentRequestId === request.id).map((refund) => refund.amount));
    const paid = request.activities.filter((activity) => activity.type === 'payment').reduce((total, activity) => total + BigInt(activity.value.amount), 0n);
    if (back > paid) add('double', RULES.tenderOverRefunded, `the journal gives back ${back} of request ${request.id}, which took ${paid}`, 'refund');
  }
  for (const method of ['cash', 'card']) {
    const back = sum(given.filter((refund) => refund.method === method).map((refund) => refund.amount));
    const taken = sum(sale.tenders.filter((tender) => !tender.onRequest && tender.method === method).map((tender) => tender.amount));
    if (back > taken) add('double', RULES.tenderOverRefunded, `the journal hands back ${back} ${method}, and took ${taken}`, 'refund');
  }
}

/** What the screens were told against what the journal kept. */
export function auditPresses(presses: readonly RefundPress[], sales: readonly JournalSale[]): Violation[] {
  const violations: Violation[] = [];
  const salesByKey = new Map(sales.map((sale) => [`${sale.gateway}\u0000${sale.ref}`, sale]));
  for (const press of presses) {
    const sale = salesByKey.get(`${press.gateway}\u0000${press.saleRef}`);
    const refunds = sale?.refunds ?? [];
    const add = (kind: ViolationKind, rule: string, detail: string) =>
      violations.push(violation({ kind, rule, detail, flow: press.flow, subject: press.saleRef, saleRef: press.saleRef, gateway: press.gateway, lane: sale?.lane ?? null, result: sale?.result ?? null, total: sale?.total ?? null }));
    const mine = refunds.filter((refund) => refund.actor.endsWith(`:${press.operatorId}`) || refund.actor === press.operatorId);
    const answeredOk = press.answers.some((answer) => answer.status === 200);
    if (answeredOk && mine.length === 0) add('lost', RULES.pressNothingRecorded, `${press.flow} press ${press.key} (operator ${press.operatorId}) was answered 200; the journal has no refund of it`);
    const ids = new Set(refunds.map((refund) => refund.id));
    for (const id of new Set(press.answers.flatMap((answer) => answer.newRefundIds))) {
      if (!ids.has(id)) add('lost', RULES.shownRefundVanished, `${id}, shown to the screen after press ${press.key}, is not in the journal`);
    }
    const perTender = new Map<string, number>();
    for (const refund of mine) perTender.set(refund.paymentRequestId ?? refund.method, (perTender.get(refund.paymentRequestId ?? refund.method) ?? 0) + 1);
    for (const [tender, count] of perTender) {
      if (count > 1) add('double', RULES.pressRecordedTwice, `press ${press.key} made ${count} refunds of tender ${tender}`);
    }
  }
  return violations;
}
