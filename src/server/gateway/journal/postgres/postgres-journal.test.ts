// The PostgreSQL journal passes the journal's contract (src/test-support/journal-contract.ts), the same suite SQLite
// passes, each test on a database of its own on the run's PostgreSQL server; and it writes the store on every row.
import { describe, expect, it } from 'vitest';
import { describeJournalContract } from '../../../../test-support/journal-contract';
import { EVERY_ROW_STORES, STORE_OF_PLACE, writeEveryKind } from '../../../../test-support/journal-contract/every-row';
import { asAdmin, freshDatabase } from '../../../../test-support/postgres-database';
import { EMPTY_LANE } from '../../sale/state';
import { PostgresJournal } from './postgres-journal';

describeJournalContract('PostgreSQL', async (options) => PostgresJournal.open(await freshDatabase(), options));

describe('the PostgreSQL journal’s stores', () => {
  it('writes the store on every row of every kind', async () => {
    const url = await freshDatabase();
    const journal = await PostgresJournal.open(url, { storeOf: STORE_OF_PLACE });
    await writeEveryKind(journal);
    await journal.close();
    const tables = Object.keys(EVERY_ROW_STORES);
    const stores = await asAdmin(async (db) => Object.fromEntries(await Promise.all(tables.map(async (table) => [
      table, (await db.query<{ store: string }>(`SELECT DISTINCT store FROM ${table} ORDER BY store`)).rows.map((row) => row.store),
    ]))), new URL(url).pathname.slice(1));
    expect(stores).toEqual(EVERY_ROW_STORES);
  });
});

describe('a lane’s saved state that cannot be read', () => {
  it('is moved aside to quarantine, with why, and the other lanes come back', async () => {
    const url = await freshDatabase();
    const journal = await PostgresJournal.open(url);
    await journal.sales.commit('lane-1', EMPTY_LANE, []);
    await asAdmin((db) => db.query("INSERT INTO lanes (id, state, updated_at, store) VALUES ('lane-2', '{\"not\": \"a lane\"}', 'x', 'default')"), new URL(url).pathname.slice(1));
    const { lanes, quarantined } = await journal.sales.lanes();
    expect(lanes).toEqual([{ key: 'lane-1', state: EMPTY_LANE }]);
    expect(quarantined).toEqual([{ lane: 'lane-2', problem: expect.any(String) }]);
    expect(await journal.sales.quarantined()).toEqual([expect.objectContaining({ lane: 'lane-2', state: '{"not": "a lane"}' })]);
    expect((await journal.sales.lanes()).quarantined).toEqual([]);
    await journal.close();
  });
});
