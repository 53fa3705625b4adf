// Vitest's global set-up: one PostgreSQL server for the whole unit run. PG_URL points at one already running (a
// database on it the tests may create databases from); otherwise a throwaway server is started here and stopped, its
// data deleted, when the run ends. Tests get its URL with inject('pgUrl') and make a database of their own from it
// (postgres-database.ts); the databases of this run are named after `pgRun` and dropped at the end.
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { asAdminOf, startPostgres } from './postgres-server';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    pgRun: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const run = randomBytes(4).toString('hex');
  project.provide('pgRun', run);
  const given = process.env.PG_URL;
  if (given) {
    project.provide('pgUrl', given);
    return () => dropDatabasesOf(given, run);
  }
  const server = await startPostgres();
  project.provide('pgUrl', server.url);
  return () => server.destroy();
}

/** A server we did not start keeps running: only what this run made on it goes. */
async function dropDatabasesOf(url: string, run: string): Promise<void> {
  await asAdminOf(url, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`pos_test_${run}_%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(datname)} WITH (FORCE)`);
  });
}
