// A database of its own for each test, on the run's PostgreSQL server (postgres-global-setup.ts): tests never see
// each other's rows, and need no cleaning up between them.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** Creates an empty database and answers its URL. */
export async function freshDatabase(): Promise<string> {
  const server = inject('pgUrl');
  const name = `pos_test_${inject('pgRun')}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  return databaseUrl(server, name);
}

/** The same server's URL for another database. */
export function databaseUrl(server: string, database: string): string {
  const url = new URL(server);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs SQL as the server's administrator (on its own database unless `database` is given). */
export async function asAdmin<T>(work: (admin: pg.Client) => Promise<T>, database?: string): Promise<T> {
  const server = inject('pgUrl');
  const admin = new pg.Client({ connectionString: database ? databaseUrl(server, database) : server });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** The database at `url` lost to its clients (true: every connection to it cut, new ones refused) or back (false). */
export async function cutOff(url: string, cut: boolean): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  await asAdmin(async (admin) => {
    await admin.query(`ALTER DATABASE ${admin.escapeIdentifier(name)} WITH ALLOW_CONNECTIONS ${cut ? 'false' : 'true'}`);
    if (cut) await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
  });
}
