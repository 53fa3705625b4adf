// The run's figures and the audit's verdict: one JSON object (--json) or a plain text report for people. Per flow:
// how many operations were driven, in which variants, how they ended as the driver saw it and as the journals
// keep it; violations by kind and by flow; whether every flow the run must drive was driven.
import { VIOLATION_KINDS, type AuditResult, type Violation, type ViolationKind } from './audit';
import { FAULT_MODES, GATEWAY_ROUTES } from './faults';
import { FLOWS, REQUIRED, type Flow } from './flows';
import type { PollFigures } from './polls';
import type { Counter, RunStats } from './stats';

export const EXAMPLES_PER_KIND = 10;

export interface Evidence {
  subject: string | null;
  /** The gateway's own story of it: GET /api/history/:ref, /api/holds/:id or /api/vends/:id. */
  journal: unknown;
  /** The sandbox's activities of each request of the violation. */
  activities: Record<string, unknown>;
}

/** One flow's operations: driven, by variant, reached, how they ended (driver) and what the journals keep. */
export interface FlowReport {
  driven: number;
  variants: Record<string, number>;
  reached: Record<string, number>;
  outcomes: Record<string, number>;
  journal: Record<string, number>;
  seconds: { median: number; p90: number } | null;
  violations: number;
}

export interface ChaosReport {
  ok: boolean;
  seed: number;
  operations: number;
  /** Each gateway its own SQLite journal, or one chain's instances on one PostgreSQL journal. */
  journal: 'sqlite' | 'postgres';
  /** Gateways (journals), and the processes serving them (a chain's instances). */
  gateways: number;
  instances: number;
  lanes: number;
  machines: number;
  durationMs: { total: number; driving: number; settling: number; audit: number };
  flows: Record<Flow, FlowReport>;
  /** Every variant the run must drive, and those it never drove (the run fails on any). */
  coverage: { required: string[]; missing: string[] };
  sales: {
    driven: number;
    journaled: number;
    byResult: Record<string, number>;
    byGateway: Record<string, number>;
    plans: Record<string, number>;
    /** Seconds from New sale to the sale's end on its lane: median and 90th percentile, overall and by plan. */
    seconds: Record<string, { count: number; median: number; p90: number }>;
  };
  paymentRequests: AuditResult['requests'] & { paid: number };
  money: AuditResult['money'];
  faults: Omit<RunStats['faults'], 'pairs'> & { met: number; routeModePairs: { covered: number; of: number; bothPhases: number } };
  kills: { count: number; inFlight: Record<string, number>; restartMsMedian: number | null; restartMsMax: number | null; allButOneDown: number };
  /** A chain's troubles, and from each SIGKILL to another instance holding each lease the killed one held. */
  chain: (Omit<RunStats['chain'], 'takeoverMs' | 'takeoverAfterChangeMs'> & { takeoverMs: Spread; takeoverAfterChangeMs: Spread; sentTo: Counter }) | null;
  /** How often the gateways read each Payment Request (one watcher: about 1 a second or less). */
  polls: PollFigures;
  /** What the settling did as a cashier would. */
  settling: Record<string, number>;
  lockEpisodes: number;
  diskFullEpisodes: number;
  diskFullHow: Record<string, number>;
  refused: Record<string, number>;
  commandErrors: Record<string, number>;
  races: Record<string, number>;
  cashier: Record<string, number>;
  patron: Record<string, number>;
  abandoned: RunStats['abandoned'];
  rescued: RunStats['rescued'];
  gatewayLogErrors: Record<string, { count: number; examples: string[]; warnings: number; warningExamples: string[] }>;
  violations: {
    total: number;
    distinctSubjects: number;
    byKind: Record<ViolationKind, number>;
    byFlow: Record<string, number>;
    examples: Record<ViolationKind, (Violation & { evidence?: Evidence })[]>;
  };
  /** Journals, logs and evidence, kept when something is wrong. */
  workDir: string | null;
  error?: string;
}

const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]! / 100) / 10;
  return { count: sorted.length, median: at(0.5), p90: at(0.9) };
};

function saleSeconds(byPlan: Record<string, number[]>): ChaosReport['sales']['seconds'] {
  const all = Object.values(byPlan).flat();
  const result: ChaosReport['sales']['seconds'] = all.length ? { all: summary(all) } : {};
  for (const [plan, values] of Object.entries(byPlan)) result[plan] = summary(values);
  return result;
}

function withoutPairs(faults: RunStats['faults']): Omit<RunStats['faults'], 'pairs'> {
  const rest: Partial<RunStats['faults']> = { ...faults };
  delete rest.pairs;
  return rest as Omit<RunStats['faults'], 'pairs'>;
}

/** How many (route, mode) pairs met a fault at all, and how many in both phases. */
function pairCoverage(pairs: Record<string, number>): { covered: number; of: number; bothPhases: number } {
  let covered = 0;
  let bothPhases = 0;
  for (const route of GATEWAY_ROUTES) {
    for (const mode of FAULT_MODES) {
      const before = pairs[`${route.method} ${route.path} ${mode} before`] ?? 0;
      const after = pairs[`${route.method} ${route.path} ${mode} after`] ?? 0;
      if (before + after > 0) covered += 1;
      if (before > 0 && after > 0) bothPhases += 1;
    }
  }
  return { covered, of: GATEWAY_ROUTES.length * FAULT_MODES.length, bothPhases };
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** What the journals keep of each flow: sales by result, refund rows by method and status, holds, vends. */
function journalOf(flow: Flow, audit: AuditResult): Record<string, number> {
  const pick = (counter: Record<string, number>, test: (key: string) => boolean) => Object.fromEntries(Object.entries(counter).filter(([key]) => test(key)));
  switch (flow) {
    case 'sale':
      return audit.sales.byResult;
    case 'refund':
      return pick(audit.refunds, (key) => !key.startsWith('void '));
    case 'void':
      return pick(audit.refunds, (key) => key.startsWith('void '));
    case 'tab':
    case 'pump':
      return pick(audit.holds, (key) => key.startsWith(`${flow} `));
    case 'vend':
      return audit.vends;
  }
}

function flowReports(stats: RunStats, audit: AuditResult): Record<Flow, FlowReport> {
  return Object.fromEntries(FLOWS.map((flow) => {
    const figures = stats.byFlow[flow];
    const times = figures.ms.length ? summary(figures.ms) : null;
    return [flow, {
      driven: figures.driven, variants: figures.variants, reached: figures.reached, outcomes: figures.outcomes, journal: journalOf(flow, audit),
      seconds: times ? { median: times.median, p90: times.p90 } : null, violations: audit.byFlow[flow] ?? 0,
    }];
  })) as Record<Flow, FlowReport>;
}

type Spread = { count: number; min: number; median: number; max: number } | null;

function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? { count: sorted.length, min: sorted[0]!, median: median(sorted)!, max: sorted[sorted.length - 1]! } : null;
}

function chainReport(stats: RunStats, sentTo: Counter | null): ChaosReport['chain'] {
  if (!sentTo) return null;
  const { takeoverMs, takeoverAfterChangeMs, ...rest } = stats.chain;
  return { ...rest, takeoverMs: spread(takeoverMs), takeoverAfterChangeMs: spread(takeoverAfterChangeMs), sentTo };
}

export function buildReport(input: {
  seed: number;
  operations: number;
  journal: ChaosReport['journal'];
  gateways: number;
  instances: number;
  polls: PollFigures;
  /** A chain's calls by instance (null: no chain). */
  sentTo: Counter | null;
  lanes: number;
  machines: number;
  /** Required variants never driven to their point. */
  missing: string[];
  durationMs: ChaosReport['durationMs'];
  stats: RunStats;
  audit: AuditResult;
  evidence: Map<Violation, Evidence>;
  gatewayLogErrors: ChaosReport['gatewayLogErrors'];
  workDir: string | null;
}): ChaosReport {
  const { stats, audit } = input;
  const examples = Object.fromEntries(VIOLATION_KINDS.map((kind) => [
    kind,
    audit.violations.filter((violation) => violation.kind === kind).slice(0, EXAMPLES_PER_KIND).map((violation) => ({ ...violation, evidence: input.evidence.get(violation) })),
  ])) as ChaosReport['violations']['examples'];
  return {
    ok: audit.violations.length === 0 && input.missing.length === 0,
    seed: input.seed,
    operations: input.operations,
    journal: input.journal,
    gateways: input.gateways,
    instances: input.instances,
    lanes: input.lanes,
    machines: input.machines,
    durationMs: input.durationMs,
    flows: flowReports(stats, audit),
    coverage: { required: REQUIRED.map(({ flow, variant }) => `${flow}:${variant}`), missing: input.missing },
    sales: { driven: stats.salesStarted, journaled: audit.sales.total, byResult: audit.sales.byResult, byGateway: audit.sales.byGateway, plans: stats.salePlans, seconds: saleSeconds(stats.saleMs) },
    paymentRequests: { ...audit.requests, paid: audit.requests.byStatus.paid ?? 0 },
    money: audit.money,
    faults: { ...withoutPairs(stats.faults), met: stats.faults.uses - stats.faults.left, routeModePairs: pairCoverage(stats.faults.pairs) },
    kills: { count: stats.kills.count, inFlight: stats.kills.inFlight, restartMsMedian: median(stats.kills.restartMs), restartMsMax: stats.kills.restartMs.length ? Math.max(...stats.kills.restartMs) : null, allButOneDown: stats.kills.allButOneDown },
    chain: chainReport(stats, input.sentTo),
    polls: input.polls,
    settling: stats.settling,
    lockEpisodes: stats.lockEpisodes,
    diskFullEpisodes: stats.diskFullEpisodes,
    diskFullHow: stats.diskFullHow,
    refused: stats.refused,
    commandErrors: stats.commandErrors,
    races: stats.races,
    cashier: stats.cashier,
    patron: stats.patron,
    abandoned: stats.abandoned,
    rescued: stats.rescued,
    gatewayLogErrors: input.gatewayLogErrors,
    violations: { total: audit.violations.length, distinctSubjects: audit.distinctSubjects, byKind: audit.byKind, byFlow: audit.byFlow, examples },
    workDir: input.workDir,
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const cents = (value: string | null) => (value === null ? '—' : `$${(Number(value) / 100).toFixed(2)}`);
const list = (counter: Record<string, number>) =>
  Object.entries(counter).sort((a, b) => b[1] - a[1]).map(([key, count]) => `${key} ${count}`).join(', ') || 'none';

function chainLines(report: ChaosReport, line: (text: string) => void): void {
  const chain = report.chain!;
  const ms = (figures: Spread) => (figures ? `${figures.count}: min ${figures.min} ms, median ${figures.median} ms, max ${figures.max} ms` : 'none');
  line(`    all but one  ${report.kills.allButOneDown} kill(s) left one instance up`);
  line(`    takeovers    leases of killed instances taken over by another ${ms(chain.takeoverMs)}`);
  line(`                 taken over after another instance changed the key first ${ms(chain.takeoverAfterChangeMs)}; never needed again within 30 s: ${chain.notTakenOver}`);
  line(`                 slowest: ${chain.slowestTakeovers.map((t) => `${t.name} from ${t.from} by ${t.by} in ${t.ms} ms${t.touched ? ' (changed first)' : ''}`).join('; ') || 'none'}`);
  for (const look of chain.slowTakeoverLooks) {
    const busy = look.sessions.map((session) => `${String(session.app)} ${String(session.state)}${session.wait ? ` waiting ${String(session.wait)}` : ''}`).join(', ');
    line(`                 slow at ${look.at.slice(11, 23)} (from ${look.victim}): leases ${JSON.stringify(look.pending)}; sessions busy: ${busy || 'none'}`);
  }
  line(`  database         ${chain.drops} connection drops (${list(chain.dropsBy)}; ${chain.connectionsDropped} backends terminated in all), ${chain.partitions} partitions, ${chain.rowLocks} row locks (${list(chain.rowLocksOn)}), ${chain.readOnlyEpisodes} read-only episodes`);
  line(`  load balancer    calls by instance: ${list(chain.sentTo)}`);
}

export function renderText(report: ChaosReport): string {
  const lines: string[] = [];
  const line = (text = '') => lines.push(text);
  line(report.journal === 'postgres'
    ? `Chaos run — seed ${report.seed}, ${report.operations} operations on a chain of ${report.instances} instances on one PostgreSQL journal, sharing ${report.lanes} lanes and ${report.machines} machines`
    : `Chaos run — seed ${report.seed}, ${report.operations} operations on ${report.gateways} gateways × ${report.lanes / report.gateways} lanes and ${report.machines / report.gateways} machines`);
  line(`  duration         ${seconds(report.durationMs.total)} (driving ${seconds(report.durationMs.driving)}, settling ${seconds(report.durationMs.settling)}, audit ${seconds(report.durationMs.audit)})`);
  line(`  flows            ${FLOWS.map((flow) => `${flow} ${report.flows[flow].driven}`).join(', ')}; ${report.coverage.missing.length ? `NEVER DRIVEN: ${report.coverage.missing.join(', ')}` : `all ${report.coverage.required.length} required variants driven`}`);
  for (const flow of FLOWS) {
    const figures = report.flows[flow];
    line(`    ${flow.padEnd(14)} driven ${figures.driven} (${list(figures.variants)}); reached ${list(figures.reached)}${figures.seconds ? `; median ${figures.seconds.median} s, p90 ${figures.seconds.p90} s` : ''}`);
    line(`    ${''.padEnd(14)} ended: ${list(figures.outcomes)}`);
    line(`    ${''.padEnd(14)} journal: ${list(figures.journal)}; violations ${figures.violations}`);
  }
  line(`  sales            driven ${report.sales.driven}, journaled ${report.sales.journaled}: ${list(report.sales.byResult)}`);
  line(`  sale plans       ${list(report.sales.plans)}`);
  line(`  sale time (s)    ${Object.entries(report.sales.seconds).map(([plan, t]) => `${plan}: median ${t.median}, p90 ${t.p90}`).join('; ')}`);
  const requests = report.paymentRequests;
  line(`  Payment Requests created ${requests.total} (${requests.preAuth} pre-auth): ${list(requests.byStatus)}; voided ${requests.voided}, with a refund ${requests.refunded}, declined by the patron ${requests.cancelledByPatron}, without an owner ${requests.withoutOwner}`);
  line(`  money kept       ${cents(report.money.kept)} (Centrapay ${cents(report.money.centrapayKept)}, counter ${cents(report.money.counterTaken)}); paid sales total ${cents(report.money.salesPaidTotal)}`);
  line(`  faults           ${report.faults.injected} injected (${report.faults.uses} calls to spoil, ${report.faults.met} met, ${report.faults.left} never met)`);
  line(`    coverage       ${report.faults.routeModePairs.covered} of ${report.faults.routeModePairs.of} (route, mode) pairs, ${report.faults.routeModePairs.bothPhases} of them both before and after`);
  line(`    by mode        ${list(report.faults.byMode)}`);
  line(`    by phase       ${list(report.faults.byPhase)}`);
  line(`    by route       ${list(report.faults.byRoute)}`);
  line(`  SIGKILLs         ${report.kills.count} with money in flight (${list(report.kills.inFlight)}), each restarted; restart median ${report.kills.restartMsMedian ?? '—'} ms, max ${report.kills.restartMsMax ?? '—'} ms`);
  if (report.chain) chainLines(report, line);
  else line(`  journal          ${report.lockEpisodes} lock episodes, ${report.diskFullEpisodes} disk-full episodes (${list(report.diskFullHow)})`);
  const polls = report.polls;
  line(`  polls            ${polls.perLiveSecond} reads per live request per second (${polls.reads} reads of ${polls.requests} requests over ${polls.liveSeconds} s; ${polls.afterEnd} look-ups after their end left out); seconds with 1 read ${polls.secondsWith.one}, 2 ${polls.secondsWith.two}, 3+ ${polls.secondsWith.more}${polls.busiest ? `; busiest ${polls.busiest.id}: ${polls.busiest.perSecond}/s over ${polls.busiest.seconds} s` : ''}`);
  if (Object.keys(polls.byInstance).length) {
    const worst = polls.interleaved.worst;
    line(`    by instance    ${list(polls.byInstance)}; polled by two instances at once: ${polls.interleaved.reads} read(s) of ${polls.interleaved.requests} request(s)${worst ? ` (most: ${worst.id}, ${worst.reads} by ${worst.instances.join(' and ')})` : ''}`);
    for (const seen of polls.interleaved.examples) line(`      ${seen.id}: ${seen.instance} at ${seen.at.slice(11, 23)} (before ${seen.previous.slice(11, 23)}), ${seen.other.instance} at ${seen.other.at.slice(11, 23)} between`);
  }
  line(`  settling         ${list(report.settling)}`);
  line(`  refused (409)    ${list(report.refused)}`);
  line(`  other answers    ${list(report.commandErrors)}`);
  line(`  races            ${list(report.races)}`);
  line(`  cashier          ${list(report.cashier)}`);
  line(`  patron & wallet  ${list(report.patron)}`);
  for (const [gateway, errors] of Object.entries(report.gatewayLogErrors)) {
    line(`  gateway ${gateway} log  ${errors.count} error line(s)${errors.examples.length ? `: ${errors.examples.join(' | ')}` : ''}`);
    line(`  ${''.padEnd(gateway.length + 12)} ${errors.warnings} warning(s)${errors.warningExamples.length ? `: ${errors.warningExamples.join(' | ')}` : ''}`);
  }
  for (const r of report.rescued) line(`  live for ${r.seconds} s (the cashier cancelled it): ${r.gateway}/${r.lane} ${r.ref} ${r.phase}: ${r.detail}`);
  if (report.abandoned.length) line(`  abandoned lanes  ${report.abandoned.map((a) => `${a.gateway}/${a.lane} ${a.ref ?? ''} ${a.detail}`).join('; ')}`);
  line();
  line(`Violations: ${report.violations.total} (${VIOLATION_KINDS.map((kind) => `${kind} ${report.violations.byKind[kind]}`).join(', ')}), ${report.violations.distinctSubjects} distinct subject(s); by flow: ${list(report.violations.byFlow)}`);
  for (const kind of VIOLATION_KINDS) {
    for (const violation of report.violations.examples[kind]) {
      line(`  [${kind}] (${violation.flow}) ${violation.rule}: ${violation.detail}`);
      if (violation.flow === 'sale' || violation.flow === 'refund' || violation.flow === 'void') {
        if (violation.saleRef) line(`      sale ${violation.saleRef} on ${violation.gateway ?? '?'}/${violation.lane ?? '?'}, result ${violation.result ?? '—'}, total ${cents(violation.total)}, kept ${cents(violation.moneyKept)} (Centrapay ${cents(violation.centrapayKept)}, counter ${cents(violation.counterTaken)})`);
      } else if (violation.subject) {
        line(`      ${violation.flow} ${violation.subject} on ${violation.gateway ?? '?'}/${violation.lane ?? '?'}, journal status ${violation.result ?? '—'}, amount ${cents(violation.total)}`);
      }
      for (const request of violation.requests) line(`      request ${request.id}: ${request.status}, value ${cents(request.value)}, remaining ${cents(request.remaining)}, kept ${cents(request.kept)}`);
    }
  }
  if (report.error) line(`The run itself failed: ${report.error}`);
  if (report.coverage.missing.length) line(`Flows never driven to their point: ${report.coverage.missing.join(', ')}`);
  if (report.workDir) line(`Journals, logs and evidence kept in ${report.workDir}`);
  line(report.ok ? 'OK: every flow driven; no money lost, taken twice or left hanging.' : 'FAILED');
  return lines.join('\n');
}
