// The change feed on a real PostgreSQL: a change is heard once committed (never before, never if rolled back), and a
// dropped connection — the instance's own, or the server killing it — is followed by LISTEN again and a resync.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test-support/postgres-database';
import { untilTrue as until } from '../../../test-support/until';
import { ChangeFeed } from './change-feed';

let url: string;
let pool: pg.Pool;
let feed: ChangeFeed | undefined;

beforeEach(async () => {
  url = await freshDatabase();
  pool = new pg.Pool({ connectionString: url });
});

afterEach(async () => {
  await feed?.stop();
  feed = undefined;
  await pool.end();
});


function listen(): { heard: string[]; resyncs: number[] } {
  const seen = { heard: [] as string[], resyncs: [] as number[] };
  feed = new ChangeFeed({
    url, channel: 'pos_changes', retryMs: { first: 50, max: 200 },
    onChange: (payload) => seen.heard.push(payload),
    resync: () => void seen.resyncs.push(Date.now()),
  });
  return seen;
}

describe('the change feed', () => {
  it('hears a change when its transaction commits, and never one rolled back', async () => {
    const seen = listen();
    await feed!.start();
    expect(seen.resyncs).toHaveLength(1);
    const client = await pool.connect();
    await client.query('BEGIN');
    await client.query("SELECT pg_notify('pos_changes', 'lane:lane-1:7')");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.heard).toEqual([]);
    await client.query('COMMIT');
    await until(() => seen.heard.length === 1);
    await client.query('BEGIN');
    await client.query("SELECT pg_notify('pos_changes', 'lane:lane-1:8')");
    await client.query('ROLLBACK');
    client.release();
    await pool.query("SELECT pg_notify('pos_changes', 'lane:lane-2:1')");
    await until(() => seen.heard.length === 2);
    expect(seen.heard).toEqual(['lane:lane-1:7', 'lane:lane-2:1']);
  });

  it('listens again and resyncs after its connection drops, and after the server terminates it', async () => {
    const seen = listen();
    await feed!.start();
    feed!.dropConnection();
    await until(() => seen.resyncs.length === 2 && feed!.listening);
    await pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()");
    await until(() => seen.resyncs.length === 3 && feed!.listening);
    await pool.query("SELECT pg_notify('pos_changes', 'vend:V1:2')");
    await until(() => seen.heard.includes('vend:V1:2'));
    expect(feed!.connections).toBe(3);
  });
});
