// A database of its own for each test, on the run's PostgreSQL server (postgres-global-setup.ts): tests never see
// each other's rows, and need no cleaning up between them.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { inject } from 'vitest';
import { asAdminOf, createDatabase, databaseUrl } from './postgres-server';

/** Creates an empty database and answers its URL. */
export function freshDatabase(): Promise<string> {
  return createDatabase(inject('pgUrl'), `pos_test_${inject('pgRun')}_${randomBytes(6).toString('hex')}`);
}

/** Runs SQL as the server's administrator (on its own database unless `database` is given). */
export function asAdmin<T>(work: (admin: pg.Client) => Promise<T>, database?: string): Promise<T> {
  const server = inject('pgUrl');
  return asAdminOf(database ? databaseUrl(server, database) : server, work);
}

/** The database at `url` lost to its clients (true: every connection to it cut, new ones refused) or back (false). */
export async function cutOff(url: string, cut: boolean): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  await asAdmin(async (admin) => {
    await admin.query(`ALTER DATABASE ${admin.escapeIdentifier(name)} WITH ALLOW_CONNECTIONS ${cut ? 'false' : 'true'}`);
    if (cut) await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
  });
}
