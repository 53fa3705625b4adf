// The SQLite journal passes the journal's contract (src/test-support/journal-contract.ts), on a fresh file each test.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeJournalContract } from '../../../../test-support/journal-contract';
import { SqliteJournal } from './sqlite-journal';

describeJournalContract('SQLite', async () => new SqliteJournal(join(mkdtempSync(join(tmpdir(), 'pos-journal-contract-')), 'journal.sqlite')));
