// After the chaos: everything must come to rest by itself — every lane (nothing being created, cancelled or
// recorded, no live request or wallet link, nothing left to void in the background), every sale at a final result,
// every refund and void answered by Centrapay, every hold ended with nothing in flight, every vend vended, refunded
// or unpaid. What a cashier would still do is done as a cashier would: owed lanes are settled (collect the rest, or
// refund), a tab left waiting is cancelled, one left open is closed (counted: the drivers end what they start, so
// these are tabs and pumps whose closing presses were never answered). A lane that does not settle in time is
// reported; holds, vends and refunds that do not are found by the audit.
import type { LaneState } from '../../src/domain/lane';
import type { VendView } from '../../src/domain/machine';
import type { HoldView } from '../../src/domain/pre-auth';
import { salePhase } from '../../src/domain/sale';
import type { LaneProblem } from './audit';
import type { Random } from './random';
import { readJournal } from './records';
import { bump, log, sleep, type RunStats } from './stats';
import type { Till } from './till';

const VEND_BUSY = new Set(['creating', 'pending', 'vending', 'refunding']);

function restless(state: LaneState): string | null {
  const phase = salePhase(state);
  const reasons: string[] = [];
  if (phase !== 'open' && phase !== 'done') reasons.push(`phase ${phase}`);
  if (state.step) reasons.push(`step ${state.step.kind}${state.step.notice ? ` (${state.step.notice})` : ''}`);
  if (state.payment?.outcome === 'pending') reasons.push(`request ${state.payment.paymentRequest.id} pending`);
  if (state.connection?.outcome === 'waiting') reasons.push(`connection ${state.connection.id} waiting`);
  if (state.followUps > 0) reasons.push(`${state.followUps} follow-up(s) still being cancelled`);
  return reasons.length ? `${reasons.join(', ')}; order ${state.order?.ref ?? 'none'}` : null;
}

export async function settle(tills: readonly Till[], random: Random, stats: RunStats, boundMs: number): Promise<{ problems: LaneProblem[]; ms: number }> {
  const started = Date.now();
  const deadline = started + boundMs;
  let lastReport = 0;
  for (;;) {
    const problems = await settleLanes(tills, random, stats);
    const busy: string[] = [];
    if (problems.length === 0) {
      for (const till of tills) {
        for (const sale of await readJournal(till)) if (sale.result === 'pending' || sale.result === 'unknown') busy.push(`sale ${sale.ref} ${sale.result}`);
        busy.push(...(await settleHolds(till, stats)), ...(await busyVends(till)), ...(await pendingRefunds(till, stats)));
      }
      if (busy.length === 0) return { problems: [], ms: Date.now() - started };
    }
    if (Date.now() > deadline) {
      if (busy.length) log(`settle: still not at rest after ${boundMs / 1000} s: ${busy.join(', ')}`);
      return { problems, ms: Date.now() - started };
    }
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      log(`settling: ${problems.length} lane(s) busy${problems.length ? ` (${problems.map((p) => `${p.gateway}/${p.lane}: ${p.detail}`).join('; ')})` : ''}${busy.length ? `; waiting for ${busy.slice(0, 6).join(', ')}${busy.length > 6 ? ` and ${busy.length - 6} more` : ''}` : ''}`);
    }
    await sleep(1_000);
  }
}

async function settleLanes(tills: readonly Till[], random: Random, stats: RunStats): Promise<LaneProblem[]> {
  const problems: LaneProblem[] = [];
  for (const till of tills) {
    for (const { id: lane } of till.gateway.spec.lanes) {
      const state = await till.lane(lane);
      const ref = state.order?.ref;
      if (salePhase(state) === 'owed' && ref && !state.step) {
        const collect = random.chance(0.5);
        bump(stats.cashier, `settling: owed, ${collect ? 'collect' : 'refund'}`);
        await till.command(lane, collect ? 'tenders' : 'refund', collect ? { ref, method: 'cash' } : { ref }, 'screen-1');
      }
      const why = restless(state);
      if (why) problems.push({ gateway: till.gateway.name, lane, detail: why });
    }
  }
  return problems;
}

/** Holds still open: a waiting one is cancelled, one with funds left is closed; work in flight is waited for. */
async function settleHolds(till: Till, stats: RunStats): Promise<string[]> {
  const busy: string[] = [];
  const { holds } = await till.get<{ holds: HoldView[] }>('/api/holds?open=1', 60_000);
  for (const hold of holds) {
    const inFlight = hold.inFlight !== '0' || hold.returns.some((row) => row.status === 'sending');
    if (inFlight) {
      busy.push(`${hold.kind} ${hold.id} with work in flight`);
    } else if (hold.status === 'pending' || hold.status === 'opening') {
      busy.push(`${hold.kind} ${hold.id} ${hold.status}`);
      if (hold.status === 'pending') {
        bump(stats.settling, `cancelled a ${hold.kind} left waiting`);
        await till.call('POST', `/api/holds/${encodeURIComponent(hold.id)}/void`, { operatorId: 'settling', reason: 'left waiting at the end of the run' });
      }
    } else if (hold.status === 'authorized' && hold.remaining !== '0') {
      busy.push(`${hold.kind} ${hold.id} open with ${hold.remaining} left`);
      bump(stats.settling, `closed a ${hold.kind} left open`);
      await till.call('POST', `/api/holds/${encodeURIComponent(hold.id)}/close`, { operatorId: 'settling' });
    }
  }
  return busy;
}

async function busyVends(till: Till): Promise<string[]> {
  const { vends } = await till.get<{ vends: VendView[] }>('/api/machine-history', 60_000);
  return vends.filter((vend) => VEND_BUSY.has(vend.status)).map((vend) => `vend ${vend.id} ${vend.status}`);
}

/** Refunds and voids of the sales the screens pressed on, still waiting for Centrapay. */
async function pendingRefunds(till: Till, stats: RunStats): Promise<string[]> {
  const refs = new Set(stats.records.presses.filter((press) => press.gateway === till.gateway.name).map((press) => press.saleRef));
  const busy: string[] = [];
  for (const ref of refs) {
    const story = await till.get<{ refunds: { id: string; status: string }[] }>(`/api/history/${encodeURIComponent(ref)}`, 60_000);
    busy.push(...story.refunds.filter((refund) => refund.status === 'pending').map((refund) => `refund ${refund.id} pending`));
  }
  return busy;
}
