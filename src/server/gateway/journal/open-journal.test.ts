// JOURNAL_URL picks the journal: a postgres:// or postgresql:// URL a PostgreSQL database, nothing the SQLite file at
// JOURNAL_PATH (as before: `npm start` needs nothing new); anything else stops the server at boot in words.
import { describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test-support/postgres-database';
import { loadConfig } from '../../config';
import { openJournal } from './open-journal';
import { PostgresJournal } from './postgres/postgres-journal';
import { SqliteJournal } from './sqlite/sqlite-journal';

describe('the journal a gateway keeps', () => {
  it('is the SQLite file at JOURNAL_PATH unless JOURNAL_URL is set', async () => {
    const config = loadConfig({ JOURNAL_PATH: ':memory:' });
    expect(config.journalUrl).toBeUndefined();
    const journal = await openJournal({ path: config.journalPath, url: config.journalUrl });
    expect(journal).toBeInstanceOf(SqliteJournal);
    await journal.close();
  });

  it('is the PostgreSQL database JOURNAL_URL names', async () => {
    const url = await freshDatabase();
    for (const scheme of ['postgres', 'postgresql']) {
      const config = loadConfig({ JOURNAL_URL: url.replace(/^postgres(ql)?/, scheme) });
      const journal = await openJournal({ path: config.journalPath, url: config.journalUrl });
      expect(journal).toBeInstanceOf(PostgresJournal);
      expect(new URL(journal.location).password).toBe('');
      await journal.close();
    }
  });

  it('is refused at boot when JOURNAL_URL is not a PostgreSQL URL', () => {
    expect(() => loadConfig({ JOURNAL_URL: 'mysql://till@db/journal' })).toThrow('Configuration error: JOURNAL_URL: must be a postgres:// or postgresql:// URL');
  });
});
