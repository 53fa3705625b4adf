// The PostgreSQL journal passes the journal's contract (src/test-support/journal-contract.ts), the same suite SQLite
// passes, each test on a database of its own on the run's PostgreSQL server.
import { describeJournalContract } from '../../../../test-support/journal-contract';
import { freshDatabase } from '../../../../test-support/postgres-database';
import { PostgresJournal } from './postgres-journal';

describeJournalContract('PostgreSQL', async () => PostgresJournal.open(await freshDatabase()));
