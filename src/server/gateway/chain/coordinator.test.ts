// The coordinator on a real PostgreSQL, with a stand-in engine shell: what it must not miss of the other instances'
// changes. Found by the chaos run: a key begun at another instance while this one's feed was down stayed unknown here
// (the resync read only keys already held), so this instance never took it over; and a change heard while the
// database failed was never read again.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test-support/postgres-database';
import { untilTrue as until } from '../../../test-support/until';
import { PostgresJournal } from '../journal/postgres/postgres-journal';
import { ChainCoordinator, type SharedShell } from './coordinator';
import { Leases } from './leases';
import { PostgresSharedKeys } from './shared-keys';

let url: string;
let journal: PostgresJournal;
let keys: PostgresSharedKeys;
let coordinator: ChainCoordinator | undefined;

beforeEach(async () => {
  url = await freshDatabase();
  journal = await PostgresJournal.open(url);
  keys = new PostgresSharedKeys(journal.conn, url, new Leases(journal.conn.pool, 'instance-1', 3_000));
});

afterEach(async () => {
  await coordinator?.stop();
  coordinator = undefined;
  await keys.close();
  await journal.close();
});


/** A shell that records what it is asked to read, failing the first `failures` reads and unfinished-key look-ups. */
function standIn(unfinished: string[], failures: { reads: number; lookups: number }): SharedShell & { reads: [string, number][] } {
  const reads: [string, number][] = [];
  return {
    reads,
    refresh: async (key, version) => {
      reads.push([key, version]);
      if (failures.reads-- > 0) throw new Error('the database failed');
    },
    unfinishedKeys: async () => {
      if (failures.lookups-- > 0) throw new Error('the database failed');
      return unfinished;
    },
    scan: async () => undefined,
    heldLeases: () => [],
    lose: () => undefined,
    heldKeys: () => [],
    releaseAll: async () => undefined,
  };
}

async function start(shell: SharedShell): Promise<void> {
  coordinator = new ChainCoordinator(keys, { url, leaseMs: 3_000, scanMs: 100, lanes: () => [], log: { warn: () => undefined } });
  coordinator.register('hold', shell);
  await coordinator.start();
}

async function setVersion(name: string, version: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('INSERT INTO key_versions (name, version) VALUES ($1, $2)', [name, version]);
  await client.end();
}

describe('the chain coordinator', () => {
  it('reads, on (re)connecting, every key with business left in the journal — not only those it already held', async () => {
    await setVersion('hold:TAB-begun-elsewhere', 3);
    const shell = standIn(['TAB-begun-elsewhere'], { reads: 0, lookups: 0 });
    await start(shell);
    await until(() => shell.reads.length > 0);
    expect(shell.reads).toEqual([['TAB-begun-elsewhere', 3]]);
  });

  it('does the resync again shortly when it failed', async () => {
    await setVersion('hold:TAB-2', 5);
    const shell = standIn(['TAB-2'], { reads: 0, lookups: 1 });
    await start(shell);
    await until(() => shell.reads.length > 0);
    expect(shell.reads).toEqual([['TAB-2', 5]]);
  });

  it('reads a change again shortly when the database failed as it was heard', async () => {
    const shell = standIn([], { reads: 1, lookups: 0 });
    await start(shell);
    await keys.notify(JSON.stringify({ k: 'hold:TAB-1', v: 7, views: {} }));
    await until(() => shell.reads.length >= 2);
    expect(shell.reads).toEqual([['TAB-1', 7], ['TAB-1', 7]]);
  });
});
