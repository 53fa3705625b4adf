// Preloaded into a till's own process by a test (`node --import tsx --import …/disk-full-on-open.ts`): SQLite fails to
// make its -shm file as it does when a cleanly stopped till is started on a full disk (SQLITE_IOERR_SHMSIZE, "disk
// I/O error"), for start-up to be seen saying so and exiting, on a machine where no small disk can be mounted.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
const pragma = Database.prototype.pragma;
Database.prototype.pragma = function failing(this: BetterSqlite3.Database, source: string, options?: BetterSqlite3.PragmaOptions) {
  if (/^journal_mode\b/i.test(source)) throw new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_SHMSIZE');
  return pragma.call(this, source, options);
};
