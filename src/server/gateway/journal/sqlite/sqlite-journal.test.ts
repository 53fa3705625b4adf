// The SQLite journal passes the journal's contract (src/test-support/journal-contract.ts), on a fresh file each test,
// and writes the store on every row.
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeJournalContract } from '../../../../test-support/journal-contract';
import { EVERY_ROW_STORES, STORE_OF_PLACE, writeEveryKind } from '../../../../test-support/journal-contract/every-row';
import { STORE_TABLES } from './migrations';
import { SqliteJournal } from './sqlite-journal';

describeJournalContract('SQLite', async (options) => new SqliteJournal(join(mkdtempSync(join(tmpdir(), 'pos-journal-contract-')), 'journal.sqlite'), options));

describe('the SQLite journal’s stores', () => {
  it('writes the store on every row of every kind', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pos-journal-stores-')), 'journal.sqlite');
    const journal = new SqliteJournal(path, { storeOf: STORE_OF_PLACE });
    await writeEveryKind(journal);
    await journal.close();
    const db = new Database(path, { readonly: true });
    const stores = Object.fromEntries(STORE_TABLES.filter((table) => table !== 'quarantine').map((table) => [
      table, (db.prepare(`SELECT DISTINCT store FROM ${table} ORDER BY store`).all() as { store: string | null }[]).map((row) => row.store),
    ]));
    db.close();
    expect(stores).toEqual(EVERY_ROW_STORES);
  });
});
