// The takeover after a kill: payments started at one instance (so watched by it: the instance whose change needs a
// watcher takes the lease at once), that instance SIGKILLed, half of them paid straight away. Measured: how long
// until a surviving instance holds the unpaid ones' leases, and until the paid ones show "paid" on their displays'
// streams, which are at surviving instances.
import pg from 'pg';
import type { GatewayProcess } from '../chaos/processes';
import type { TakeoverFigures } from './chain-report';
import { patronPays, ringUpAndPay, shownEnded, type ChainLaneRun } from './chain-drive';
import { sleep } from './lanes-drive';

type TakeoverLane = Pick<ChainLaneRun, 'home' | 'lane' | 'cashierCode' | 'stream' | 'sandboxUrl' | 'warn'>;

const WATCH_MS = 20_000;
const LEASE_POLL_MS = 50;

/** Lease owners are `host-pid-random` (chain/coordinator.ts): which of `lanes`' sale leases `pid` holds now. */
async function leaseOwners(client: pg.Client, lanes: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await client.query<{ name: string; owner: string }>(
    'SELECT name, owner FROM leases WHERE name = ANY($1::text[]) AND expires_at >= clock_timestamp()',
    [lanes.map((lane) => `sale:${lane}`)],
  );
  return new Map(rows.map((row) => [row.name.slice('sale:'.length), row.owner]));
}

const ownedBy = (owner: string | undefined, pid: number) => owner !== undefined && owner.includes(`-${pid}-`);

export async function measureTakeover(victim: GatewayProcess, lanes: readonly TakeoverLane[], journalUrl: string, label: string): Promise<TakeoverFigures> {
  const client = new pg.Client({ connectionString: journalUrl });
  await client.connect();
  try {
    const started = (await Promise.all(lanes.map(async (lane) => ({ lane, started: await ringUpAndPay(lane) }))))
      .flatMap(({ lane, started }) => (typeof started === 'string' ? (lane.warn(`takeover: ${lane.lane}: ${started}`), []) : [{ lane, ...started }]));
    const pid = victim.pid!;
    const owners = await leaseOwners(client, started.map(({ lane }) => lane.lane));
    const watched = started.filter(({ lane }) => ownedBy(owners.get(lane.lane), pid));
    if (watched.length < started.length) lanes[0]?.warn(`takeover: only ${watched.length} of ${started.length} payments were watched by ${victim.name}`);
    const paying = watched.slice(0, Math.ceil(watched.length / 2));
    const waiting = watched.slice(paying.length);

    const killedAt = Date.now();
    await victim.kill();
    const [leaseTakenMs, shown] = await Promise.all([
      leasesTaken(client, waiting.map(({ lane }) => lane.lane), pid, killedAt),
      Promise.all(paying.map(async ({ lane, id }) => {
        const payment = await patronPays(lane, id, `${label}-takeover-${id}`);
        const paid = payment ? await shownEnded(lane.stream, id, payment.sentAt, WATCH_MS, 'paid') : null;
        return { paid: payment && paid ? paid.at - payment.sentAt : null, sinceKill: paid ? paid.at - killedAt : null };
      })),
    ]);
    // The rest are paid too, so nothing is left live.
    await Promise.all(waiting.map(async ({ lane, id }) => {
      const payment = await patronPays(lane, id, `${label}-takeover-${id}`);
      if (payment) await shownEnded(lane.stream, id, payment.sentAt, WATCH_MS, 'paid');
    }));
    return { victim: victim.name, payments: watched.length, leaseTakenMs, paidToShownMs: shown.map((s) => s.paid), killToShownMs: shown.map((s) => s.sinceKill) };
  } finally {
    await client.end();
  }
}

/** For each lane: ms from the kill until an instance other than `pid` holds its lease (null: not within WATCH_MS). */
async function leasesTaken(client: pg.Client, lanes: readonly string[], pid: number, killedAt: number): Promise<(number | null)[]> {
  const taken = new Map<string, number>();
  while (taken.size < lanes.length && Date.now() - killedAt < WATCH_MS) {
    const owners = await leaseOwners(client, lanes);
    const now = Date.now();
    for (const lane of lanes) {
      const owner = owners.get(lane);
      if (!taken.has(lane) && owner !== undefined && !ownedBy(owner, pid)) taken.set(lane, now - killedAt);
    }
    await sleep(LEASE_POLL_MS);
  }
  return lanes.map((lane) => taken.get(lane) ?? null);
}
