// After the chaos: every lane must come to rest by itself — nothing being created, cancelled or recorded, no live
// request or wallet link, nothing left to void in the background — and every sale must reach a final result.
// Owed lanes are settled as a cashier would (collect the rest, or refund). A lane that does not settle in time is
// reported, with what it still shows.
import type { LaneState } from '../../src/domain/lane';
import { salePhase } from '../../src/domain/sale';
import type { LaneProblem } from './audit';
import type { Random } from './random';
import { readJournal } from './records';
import { bump, log, sleep, type RunStats } from './stats';
import type { Till } from './till';

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
    const open: string[] = [];
    if (problems.length === 0) {
      for (const till of tills) {
        for (const sale of await readJournal(till)) if (sale.result === 'pending' || sale.result === 'unknown') open.push(`${sale.ref} ${sale.result}`);
      }
      if (open.length === 0) return { problems: [], ms: Date.now() - started };
    }
    if (Date.now() > deadline) {
      if (open.length) log(`settle: sales still without a final result after ${boundMs / 1000} s: ${open.join(', ')}`);
      return { problems, ms: Date.now() - started };
    }
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      log(`settling: ${problems.length} lane(s) busy${problems.length ? ` (${problems.map((p) => `${p.gateway}/${p.lane}: ${p.detail}`).join('; ')})` : ''}${open.length ? `, ${open.length} sale(s) pending/unknown` : ''}`);
    }
    await sleep(1_000);
  }
}
