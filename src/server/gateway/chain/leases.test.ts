// Leases on a real PostgreSQL: one holder at a time, taken over only once expired by the database's clock, with a
// fencing token that refuses a former holder's writes.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test-support/postgres-database';
import { inTransaction as inTransactionOn } from '../journal/postgres/connection';
import { PostgresJournal } from '../journal/postgres/postgres-journal';
import { Leases, LeaseLost } from './leases';

let pool: pg.Pool;

beforeEach(async () => {
  const url = await freshDatabase();
  // The journal's migrations make the leases table.
  await (await PostgresJournal.open(url)).close();
  pool = new pg.Pool({ connectionString: url });
});

afterEach(async () => {
  await pool.end();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` in a transaction of its own connection. */
const inTransaction = <T>(work: (tx: pg.PoolClient) => Promise<T>): Promise<T> => inTransactionOn(pool, work, () => false);

describe('a lease', () => {
  it('has one holder: another instance is refused, the holder taking it again keeps its token', async () => {
    const one = new Leases(pool, 'instance-1', 5_000);
    const two = new Leases(pool, 'instance-2', 5_000);
    expect(await one.acquire('lane:lane-1')).toEqual({ name: 'lane:lane-1', token: 1 });
    expect(await two.acquire('lane:lane-1')).toBeNull();
    expect(await one.acquire('lane:lane-1')).toEqual({ name: 'lane:lane-1', token: 1 });
    expect(await two.acquire('lane:lane-2')).toEqual({ name: 'lane:lane-2', token: 1 });
  });

  it('is taken by exactly one of several instances racing for it', async () => {
    const racers = Array.from({ length: 6 }, (_, index) => new Leases(pool, `instance-${index}`, 5_000));
    const won = (await Promise.all(racers.map((leases) => leases.acquire('vend:V1')))).filter((lease) => lease !== null);
    expect(won).toEqual([{ name: 'vend:V1', token: 1 }]);
  });

  it('is taken over once expired, with a new token; the former holder’s renewal and writes are refused', async () => {
    const one = new Leases(pool, 'instance-1', 150);
    const two = new Leases(pool, 'instance-2', 5_000);
    const mine = (await one.acquire('hold:TAB-1'))!;
    expect(await two.acquire('hold:TAB-1')).toBeNull();
    await sleep(250);
    expect(await two.unheld(['hold:TAB-1', 'hold:TAB-2'])).toEqual(['hold:TAB-1', 'hold:TAB-2']);
    expect(await two.acquire('hold:TAB-1')).toEqual({ name: 'hold:TAB-1', token: 2 });
    expect(await one.renew([mine])).toEqual([mine]);
    await expect(inTransaction((tx) => one.fence(tx, mine))).rejects.toBeInstanceOf(LeaseLost);
    await inTransaction((tx) => two.fence(tx, { name: 'hold:TAB-1', token: 2 }));
  });

  it('is kept by renewing it, and freed by releasing it', async () => {
    const one = new Leases(pool, 'instance-1', 300);
    const two = new Leases(pool, 'instance-2', 300);
    const mine = (await one.acquire('refunds:S1'))!;
    for (let i = 0; i < 4; i += 1) {
      await sleep(120);
      expect(await one.renew([mine])).toEqual([]);
    }
    expect(await two.acquire('refunds:S1')).toBeNull();
    await one.release(mine);
    expect(await two.acquire('refunds:S1')).toEqual({ name: 'refunds:S1', token: 1 });
  });

  it('is not taken over while its holder’s fenced write is under way, however late: the takeover waits for the write', async () => {
    const one = new Leases(pool, 'instance-1', 200);
    const two = new Leases(pool, 'instance-2', 5_000);
    const mine = (await one.acquire('lane:lane-1'))!;
    const order: string[] = [];
    let takeover: Promise<unknown> | undefined;
    await inTransaction(async (tx) => {
      await one.fence(tx, mine);
      await sleep(300); // expired meanwhile, by the database's clock
      takeover = two.acquire('lane:lane-1').then((lease) => order.push(`taken over with token ${lease?.token}`));
      await sleep(200);
      order.push('write committed');
    });
    await takeover;
    expect(order).toEqual(['write committed', 'taken over with token 2']);
  });
});

describe('a lease by its holder’s own clock', () => {
  it('lapses two-thirds of its length after its last renewal was sent, renewed or not, so a holder cut off stops watching before anyone can take over', async () => {
    let now = 0;
    const one = new Leases(pool, 'instance-1', 3_000, () => now);
    const mine = (await one.acquire('vend:V1'))!;
    now = 1_999;
    expect(one.lapsed(mine)).toBe(false);
    expect(await one.renew([mine])).toEqual([]);
    now = 3_998;
    expect(one.lapsed(mine)).toBe(false);
    now = 4_000; // renewals failing since the one sent at 1 999 ms: the database may hand it over from 4 999 ms
    expect(one.lapsed(mine)).toBe(true);
    expect(one.lapsed({ name: 'vend:V2', token: 1 })).toBe(true);
  });
});
