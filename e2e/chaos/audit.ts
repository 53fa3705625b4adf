// The audit: every money flow both journals know of — sales and their refunds and voids, bar tabs and pump
// authorisations, vends — against what Centrapay (the sandbox) itself recorded, and against what the screens and
// machines were told. Pure — records in, violations out — so each rule is unit-tested on hand-made examples
// (audit*.test.ts). The rules live by flow in audit-sales.ts, audit-holds.ts and audit-vends.ts; here, the requests
// no journal owns, the processes, and the figures.
import { auditHolds } from './audit-holds';
import type { Flow } from './flows';
import {
  RULES, VIOLATION_KINDS, bump, figures, groupBy, moneyOn, violation,
  type AuditInput, type UpstreamRequest, type Violation, type ViolationKind,
} from './audit-model';
import { auditSales } from './audit-sales';
import { auditVends } from './audit-vends';

export * from './audit-model';

export interface AuditResult {
  violations: Violation[];
  byKind: Record<ViolationKind, number>;
  /** Violations by the flow they are about. */
  byFlow: Record<string, number>;
  /** Sales, holds, vends, requests without an owner, or processes with at least one violation. */
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
    /** Whose externalRef is no sale's, hold's or vend's. */
    withoutOwner: number;
    preAuth: number;
  };
  /** After-sale refund and void rows, by method and status. */
  refunds: Record<string, number>;
  /** Holds by kind and status, with what was confirmed. */
  holds: Record<string, number>;
  vends: Record<string, number>;
  money: { kept: string; centrapayKept: string; counterTaken: string; salesPaidTotal: string };
}

export function audit(input: AuditInput): AuditResult {
  const holds = input.holds ?? [];
  const vends = input.vends ?? [];
  const requestsByRef = groupBy(input.upstream, (request) => request.externalRef ?? '');
  const upstreamById = new Map(input.upstream.map((request) => [request.id, request]));
  const sales = auditSales(input.sales, requestsByRef, new Set(upstreamById.keys()), input.presses ?? []);
  const violations: Violation[] = [
    ...sales.violations,
    ...auditHolds(holds, requestsByRef, upstreamById, input.holdDrives ?? []),
    ...auditVends(vends, requestsByRef, upstreamById, input.vendDrives ?? []),
  ];
  // Who each externalRef belongs to: a sale's ref, a hold's reference, a vend's id.
  const owners = new Map<string, Flow>();
  for (const sale of input.sales) owners.set(sale.ref, 'sale');
  for (const hold of holds) owners.set(hold.externalRef, hold.kind === 'pump' ? 'pump' : 'tab');
  for (const vend of vends) owners.set(vend.id, 'vend');
  const salesByRef = new Map(input.sales.map((sale) => [sale.ref, sale]));
  for (const request of input.upstream) violations.push(...requestRules(request, owners, salesByRef.get(request.externalRef ?? '')));

  for (const problem of input.laneProblems ?? []) {
    violations.push(violation({ kind: 'orphan', rule: RULES.laneNeverSettled, flow: 'process', detail: problem.detail, gateway: problem.gateway, lane: problem.lane }));
  }
  for (const crash of input.crashes ?? []) {
    violations.push(violation({ kind: 'crash', rule: RULES.processFailed, flow: 'process', detail: `${crash.process}: ${crash.detail}` }));
  }
  return summarise(input, violations, sales.totals, owners);
}

/** Rules of any request: one no journal owns keeps nothing, none is left `new`, none is left paid in part. */
function requestRules(request: UpstreamRequest, owners: ReadonlyMap<string, Flow>, sale: AuditInput['sales'][number] | undefined): Violation[] {
  const found: Violation[] = [];
  const owner = owners.get(request.externalRef ?? '');
  const owned = owner !== undefined;
  const money = moneyOn(request);
  const add = (kind: ViolationKind, rule: string, detail: string) =>
    found.push(violation({
      kind, rule, detail, flow: owner ?? (request.preAuth ? 'tab' : 'sale'), subject: request.externalRef ?? request.id,
      saleRef: sale?.ref ?? request.externalRef ?? null, gateway: sale?.gateway ?? null, lane: sale?.lane ?? null, result: sale?.result ?? null,
      total: sale?.total ?? null, moneyKept: money.toString(), centrapayKept: money.toString(), requests: [figures(request)],
    }));
  if (!owned && money > 0n) add('lost', RULES.requestWithoutOwner, `request ${request.id} (externalRef ${request.externalRef ?? 'none'}) has ${money}`);
  if (request.status === 'new') add('orphan', RULES.requestStillNew, `request ${request.id} of ${request.externalRef ?? 'nothing'}`);
  const remaining = BigInt(request.remainingAmount ?? '0');
  if (!request.preAuth && request.status === 'paid' && remaining > 0n && (!sale || (sale.result !== 'paid' && sale.result !== 'refunded')) && (sale || !owned)) {
    add('orphan', RULES.partPaidUnsettled, `request ${request.id} is paid with ${remaining} still to pay; its sale is ${sale?.result ?? 'in no journal'}`);
  }
  return found;
}

function summarise(input: AuditInput, violations: Violation[], totals: ReturnType<typeof auditSales>['totals'], owners: ReadonlyMap<string, Flow>): AuditResult {
  const byKind = Object.fromEntries(VIOLATION_KINDS.map((kind) => [kind, violations.filter((found) => found.kind === kind).length])) as Record<ViolationKind, number>;
  const byFlow: Record<string, number> = {};
  for (const found of violations) bump(byFlow, found.flow);
  const subjects = new Set(violations.map((found) => found.subject ?? found.requests[0]?.id ?? `${found.kind}:${found.gateway}:${found.lane}:${found.detail}`));
  const byResult: Record<string, number> = {};
  const byGateway: Record<string, number> = {};
  for (const sale of input.sales) {
    bump(byResult, sale.result);
    bump(byGateway, sale.gateway);
  }
  const byStatus: Record<string, number> = {};
  for (const request of input.upstream) bump(byStatus, request.status);
  const reasonOf = (request: UpstreamRequest) => request.cancellationReason ?? request.activities.find((activity) => activity.type === 'cancellation')?.cancellationReason;
  const refunds: Record<string, number> = {};
  for (const sale of input.sales) for (const refund of sale.refunds ?? []) bump(refunds, `${refund.method} ${refund.status}`);
  const holds: Record<string, number> = {};
  for (const hold of input.holds ?? []) {
    bump(holds, `${hold.kind} ${hold.status}`);
    bump(holds, `${hold.kind} confirmations`, hold.confirmations.filter((confirmation) => confirmation.status === 'confirmed').length);
  }
  const vends: Record<string, number> = {};
  for (const vend of input.vends ?? []) bump(vends, vend.status);
  return {
    violations,
    byKind,
    byFlow,
    distinctSubjects: subjects.size,
    sales: { total: input.sales.length, byResult, byGateway },
    requests: {
      total: input.upstream.length,
      byStatus,
      voided: input.upstream.filter((request) => reasonOf(request) === 'CANCELLED_BY_MERCHANT').length,
      cancelledByPatron: input.upstream.filter((request) => reasonOf(request) === 'CANCELLED_BY_PATRON').length,
      refunded: input.upstream.filter((request) => request.activities.some((activity) => activity.type === 'refund')).length,
      withoutOwner: input.upstream.filter((request) => !owners.has(request.externalRef ?? '')).length,
      preAuth: input.upstream.filter((request) => request.preAuth).length,
    },
    refunds,
    holds,
    vends,
    money: {
      kept: totals.kept.toString(),
      centrapayKept: totals.centrapay.toString(),
      counterTaken: totals.counter.toString(),
      salesPaidTotal: totals.paidTotal.toString(),
    },
  };
}

