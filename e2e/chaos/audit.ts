// The audit: every sale both journals know of against what Centrapay (the sandbox) itself recorded. Pure — records
// in, violations out — so each rule is unit-tested on hand-made examples (audit.test.ts).
//
// Money Centrapay keeps for a Payment Request = Σ `payment` activities (every asset type: the patron's wallet, the
// rewards wallet's offer, external.* tenders the till recorded) − Σ `refund` activities. A void of a paid request
// shows as a refund (its status stays `paid`). Money kept for a sale = Σ over the requests whose externalRef is the
// sale's ref + the tenders taken at the counter only (`onRequest: false`); tenders recorded on a request are
// already among its payments.

export interface UpstreamActivity {
  type: string;
  value: { amount: string };
  assetType?: string;
  createdAt?: string;
  cancellationReason?: string;
}

export interface UpstreamRequest {
  id: string;
  status: string;
  value: { amount: string };
  remainingAmount?: string;
  externalRef?: string;
  terminalId?: string;
  cancellationReason?: string;
  createdAt?: string;
  activities: UpstreamActivity[];
}

export interface JournalTender {
  paymentRequestId: string | null;
  onRequest: boolean;
  method: string;
  amount: string;
}

export interface JournalSale {
  gateway: string;
  ref: string;
  lane: string;
  total: string;
  result: string;
  kind?: string;
  requests: { id: string; status?: string }[];
  tenders: JournalTender[];
}

/** A lane that never came to rest after the run stopped injecting. */
export interface LaneProblem {
  gateway: string;
  lane: string;
  detail: string;
}

export interface CrashRecord {
  process: string;
  detail: string;
}

export const VIOLATION_KINDS = ['lost', 'double', 'orphan', 'mismatch', 'crash'] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

export interface RequestFigures {
  id: string;
  status: string;
  value: string;
  remaining: string | null;
  kept: string;
}

export interface Violation {
  kind: ViolationKind;
  /** Which rule, in words. */
  rule: string;
  saleRef: string | null;
  gateway: string | null;
  lane: string | null;
  result: string | null;
  total: string | null;
  /** Σ Centrapay + counter. */
  moneyKept: string | null;
  centrapayKept: string | null;
  counterTaken: string | null;
  requests: RequestFigures[];
  detail: string;
}

export interface AuditResult {
  violations: Violation[];
  byKind: Record<ViolationKind, number>;
  /** Sales (or requests without a sale, or processes) with at least one violation. */
  distinctSubjects: number;
  sales: { total: number; byResult: Record<string, number>; byGateway: Record<string, number> };
  requests: {
    total: number;
    byStatus: Record<string, number>;
    /** Cancelled by the merchant (a void of a `new` request). */
    voided: number;
    cancelledByPatron: number;
    /** With at least one refund activity (void of a paid request, refund of a part payment, payments returned). */
    refunded: number;
    withoutSale: number;
  };
  money: { kept: string; centrapayKept: string; counterTaken: string; salesPaidTotal: string };
}

const FINAL_UNPAID = new Set(['cancelled', 'expired', 'refunded', 'not-started']);

/** Σ payment − Σ refund, in cents, over every asset type. */
export function keptByCentrapay(activities: readonly UpstreamActivity[]): bigint {
  let kept = 0n;
  for (const activity of activities) {
    const type = activity.type.toLowerCase();
    if (type === 'payment') kept += BigInt(activity.value.amount);
    else if (type === 'refund') kept -= BigInt(activity.value.amount);
  }
  return kept;
}

function figures(request: UpstreamRequest): RequestFigures {
  return {
    id: request.id,
    status: request.status,
    value: request.value.amount,
    remaining: request.remainingAmount ?? null,
    kept: keptByCentrapay(request.activities).toString(),
  };
}

function bump(counter: Record<string, number>, key: string): void {
  counter[key] = (counter[key] ?? 0) + 1;
}

export function audit(input: {
  upstream: readonly UpstreamRequest[];
  sales: readonly JournalSale[];
  laneProblems?: readonly LaneProblem[];
  crashes?: readonly CrashRecord[];
}): AuditResult {
  const violations: Violation[] = [];
  const requestsByRef = new Map<string, UpstreamRequest[]>();
  for (const request of input.upstream) {
    const ref = request.externalRef ?? '';
    requestsByRef.set(ref, [...(requestsByRef.get(ref) ?? []), request]);
  }
  const upstreamIds = new Set(input.upstream.map((request) => request.id));
  const salesByRef = new Map<string, JournalSale[]>();
  for (const sale of input.sales) salesByRef.set(sale.ref, [...(salesByRef.get(sale.ref) ?? []), sale]);

  const byResult: Record<string, number> = {};
  const byGateway: Record<string, number> = {};
  let totalKept = 0n;
  let totalCentrapay = 0n;
  let totalCounter = 0n;
  let paidTotal = 0n;

  for (const sale of input.sales) {
    bump(byResult, sale.result);
    bump(byGateway, sale.gateway);
    const requests = requestsByRef.get(sale.ref) ?? [];
    const centrapay = requests.reduce((sum, request) => sum + keptByCentrapay(request.activities), 0n);
    const counter = sale.tenders.filter((tender) => !tender.onRequest).reduce((sum, tender) => sum + BigInt(tender.amount), 0n);
    const kept = centrapay + counter;
    const total = BigInt(sale.total);
    totalKept += kept;
    totalCentrapay += centrapay;
    totalCounter += counter;
    if (sale.result === 'paid') paidTotal += total;
    const add = (kind: ViolationKind, rule: string, detail: string) =>
      violations.push({
        kind, rule, detail,
        saleRef: sale.ref, gateway: sale.gateway, lane: sale.lane, result: sale.result, total: sale.total,
        moneyKept: kept.toString(), centrapayKept: centrapay.toString(), counterTaken: counter.toString(),
        requests: requests.map(figures),
      });

    if ((salesByRef.get(sale.ref)?.length ?? 0) > 1) {
      add('mismatch', 'one order reference in two sales', `gateways ${salesByRef.get(sale.ref)!.map((other) => other.gateway).join(', ')} both journal ${sale.ref}`);
    }
    if (centrapay > 0n && sale.result !== 'paid') {
      add('lost', 'Centrapay keeps money for a sale that is not paid', `Centrapay keeps ${centrapay} but the sale is ${sale.result}`);
    }
    if (kept > total) add('double', 'money kept exceeds the sale total', `kept ${kept} for a sale of ${total}`);
    if (sale.result === 'paid' && kept !== total) {
      add('mismatch', 'paid sale: money kept is not the total', `kept ${kept} (Centrapay ${centrapay} + counter ${counter}) for a sale of ${total}`);
    } else if (FINAL_UNPAID.has(sale.result) && kept !== 0n) {
      add('mismatch', `${sale.result} sale: money kept is not 0`, `kept ${kept} (Centrapay ${centrapay} + counter ${counter})`);
    } else if (sale.result === 'pending' || sale.result === 'unknown') {
      add('mismatch', `sale still ${sale.result} after settling`, `kept ${kept} of ${total}`);
    } else if (sale.result !== 'paid' && !FINAL_UNPAID.has(sale.result)) {
      add('mismatch', 'sale result is not one the journal defines', `result "${sale.result}"`);
    }
    for (const own of sale.requests) {
      if (!upstreamIds.has(own.id)) add('mismatch', 'the journal names a request Centrapay does not have', `request ${own.id}`);
    }
    for (const request of requests) {
      if (keptByCentrapay(request.activities) < 0n) add('mismatch', 'a request refunded more than it was paid', `request ${request.id}`);
    }
  }

  let withoutSale = 0;
  for (const request of input.upstream) {
    const sales = salesByRef.get(request.externalRef ?? '') ?? [];
    const sale = sales[0];
    const kept = keptByCentrapay(request.activities);
    if (!sale) withoutSale += 1;
    const add = (kind: ViolationKind, rule: string, detail: string) =>
      violations.push({
        kind, rule, detail,
        saleRef: request.externalRef ?? null, gateway: sale?.gateway ?? null, lane: sale?.lane ?? null, result: sale?.result ?? null,
        total: sale?.total ?? null, moneyKept: kept.toString(), centrapayKept: kept.toString(), counterTaken: null, requests: [figures(request)],
      });
    if (!sale && kept > 0n) add('lost', 'Centrapay keeps money for a request no journal has a sale for', `request ${request.id} (externalRef ${request.externalRef ?? 'none'}) keeps ${kept}`);
    if (request.status === 'new') add('orphan', 'a request is still new after settling', `request ${request.id} of ${request.externalRef ?? 'no sale'}`);
    const remaining = BigInt(request.remainingAmount ?? '0');
    if (request.status === 'paid' && remaining > 0n && (!sale || (sale.result !== 'paid' && sale.result !== 'refunded'))) {
      add('orphan', 'paid in part with no sale settling it', `request ${request.id} is paid with ${remaining} still to pay; its sale is ${sale?.result ?? 'in no journal'}`);
    }
  }

  for (const problem of input.laneProblems ?? []) {
    violations.push({
      kind: 'orphan', rule: 'a lane never settled', detail: problem.detail,
      saleRef: null, gateway: problem.gateway, lane: problem.lane, result: null, total: null, moneyKept: null, centrapayKept: null, counterTaken: null, requests: [],
    });
  }
  for (const crash of input.crashes ?? []) {
    violations.push({
      kind: 'crash', rule: 'a process failed by itself', detail: `${crash.process}: ${crash.detail}`,
      saleRef: null, gateway: null, lane: null, result: null, total: null, moneyKept: null, centrapayKept: null, counterTaken: null, requests: [],
    });
  }

  const byKind = Object.fromEntries(VIOLATION_KINDS.map((kind) => [kind, violations.filter((violation) => violation.kind === kind).length])) as Record<ViolationKind, number>;
  const subjects = new Set(violations.map((violation) => violation.saleRef ?? violation.requests[0]?.id ?? `${violation.kind}:${violation.gateway}:${violation.lane}:${violation.detail}`));
  const byStatus: Record<string, number> = {};
  for (const request of input.upstream) bump(byStatus, request.status);
  const reasonOf = (request: UpstreamRequest) => request.cancellationReason ?? request.activities.find((activity) => activity.type === 'cancellation')?.cancellationReason;
  return {
    violations,
    byKind,
    distinctSubjects: subjects.size,
    sales: { total: input.sales.length, byResult, byGateway },
    requests: {
      total: input.upstream.length,
      byStatus,
      voided: input.upstream.filter((request) => reasonOf(request) === 'CANCELLED_BY_MERCHANT').length,
      cancelledByPatron: input.upstream.filter((request) => reasonOf(request) === 'CANCELLED_BY_PATRON').length,
      refunded: input.upstream.filter((request) => request.activities.some((activity) => activity.type === 'refund')).length,
      withoutSale,
    },
    money: { kept: totalKept.toString(), centrapayKept: totalCentrapay.toString(), counterTaken: totalCounter.toString(), salesPaidTotal: paidTotal.toString() },
  };
}
