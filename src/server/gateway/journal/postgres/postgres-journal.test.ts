// The PostgreSQL journal passes the journal's contract (src/test-support/journal-contract.ts), the same suite SQLite
// passes, each test on a database of its own on the run's PostgreSQL server; and it writes the store on every row.
import { describe, expect, it } from 'vitest';
import { describeJournalContract } from '../../../../test-support/journal-contract';
import { EVERY_ROW_STORES, STORE_OF_PLACE, writeEveryKind } from '../../../../test-support/journal-contract/every-row';
import { asAdmin, freshDatabase } from '../../../../test-support/postgres-database';
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
