// Which journal a gateway keeps: PostgreSQL when JOURNAL_URL names a database (a chain's instances share it), else the
// SQLite file at JOURNAL_PATH (the default: all `npm start` needs).
import type { Journal, JournalOptions } from './journal';
import { PostgresJournal } from './postgres/postgres-journal';
import { SqliteJournal } from './sqlite/sqlite-journal';

export interface JournalLocation {
  /** The SQLite file (or `:memory:`), used when there is no `url`. */
  path: string;
  /** A `postgres://` or `postgresql://` URL. */
  url?: string;
}

export async function openJournal(where: JournalLocation, options: JournalOptions = {}): Promise<Journal> {
  return where.url ? PostgresJournal.open(where.url, options) : new SqliteJournal(where.path, options);
}
