// A chain's cross-key lock on a real PostgreSQL: one holder at a time, and a lock whose connection is lost while it is
// held (the server terminated it, the network reset it) is an error for the work, never a crashed instance. Found by
// the chaos run: the lock's connection had no error listener, so losing it took the whole process down; and a lock
// that could not be taken for the database's sake answered the screen 500 instead of the journal's 503.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test-support/postgres-database';
import { PostgresJournal } from '../journal/postgres/postgres-journal';
import { Leases } from './leases';
import { PostgresSharedKeys } from './shared-keys';

let journal: PostgresJournal;
let keys: PostgresSharedKeys;
let admin: pg.Pool;

beforeEach(async () => {
  const url = await freshDatabase();
  journal = await PostgresJournal.open(url);
  keys = new PostgresSharedKeys(journal.conn, url, new Leases(journal.conn.pool, 'instance-1', 3_000));
  admin = new pg.Pool({ connectionString: url });
});

afterEach(async () => {
  await keys.close();
  await journal.close();
  await admin.end();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the cross-key lock', () => {
  it('lets one work run under a name at a time', async () => {
    const order: string[] = [];
    const run = (who: string) => keys.exclusive('owner:lane-1', async () => {
      order.push(`${who} in`);
      await sleep(100);
      order.push(`${who} out`);
    });
    await Promise.all([run('a'), run('b')]);
    const first = order[0]!.split(' ')[0];
    const second = first === 'a' ? 'b' : 'a';
    expect(order).toEqual([`${first} in`, `${first} out`, `${second} in`, `${second} out`]);
  });

  it('survives losing its connection while held: the work ends, the broken connection is dropped, the next lock works', async () => {
    const result = await keys.exclusive('machine:V1', async () => {
      const { rows } = await admin.query<{ gone: boolean }>(
        "SELECT pg_terminate_backend(pid) AS gone FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT pg_advisory_lock%'",
      );
      expect(rows.map((row) => row.gone)).toEqual([true]);
      await sleep(200);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await keys.exclusive('machine:V1', async () => 'again')).toBe('again');
  });

  it('is the journal’s failure when the database cannot be reached, so a screen is told so (503), not “something went wrong”', async () => {
    const unreachable = new PostgresSharedKeys(journal.conn, 'postgres://postgres@127.0.0.1:1/nowhere', new Leases(journal.conn.pool, 'instance-2', 3_000));
    try {
      await expect(unreachable.exclusive('owner:lane-1', async () => 'never')).rejects.toMatchObject({ name: 'JournalUnavailable', failure: 'unreachable' });
    } finally {
      await unreachable.close();
    }
  });
});
