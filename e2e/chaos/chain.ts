// A chain for the chaos run (`--journal postgres`): one PostgreSQL database made for the run (on a throwaway server,
// or on the server PG_URL names), gateway instances with one configuration sharing it — each connecting under an
// `application_name` of its own, so that its connections can be found and dropped — and the load balancer in front:
// the screens', patrons' and machines' calls go to a random instance that is up, never the same one twice in a row
// (so two screens pressing at once reach two instances), and Centrapay's webhooks reach one the same way.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import pg from 'pg';
import { startPostgres, type PostgresServer } from '../../src/test-support/postgres-server';
import { WEBHOOK_PATH, type GatewayProcess, type LaneSpec } from './processes';
import type { Random } from './random';
import { bump, sleep, type Counter } from './stats';
import type { Front } from './till';

/** The run's database, and an administrator's connection to it (to watch leases, drop connections, lock rows). */
export class ChainDatabase {
  private constructor(
    /** The database the instances share (without an application_name: each instance adds its own). */
    readonly url: string,
    readonly admin: pg.Pool,
    private readonly drop: () => Promise<void>,
  ) {
    admin.on('error', () => undefined);
  }

  /** A fresh database on the server PG_URL names, or on a throwaway server started here. */
  static async open(): Promise<ChainDatabase> {
    let server: PostgresServer | undefined;
    const serverUrl = process.env.PG_URL ?? (server = await startPostgres()).url;
    const name = `pos_chaos_${randomBytes(5).toString('hex')}`;
    await asServerAdmin(serverUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    // Its sessions write whatever the database's default (the read-only episodes set it): it must be able to undo them.
    const admin = new pg.Pool({ connectionString: withApplication(url.toString(), 'chaos-admin'), max: 4, options: '-c default_transaction_read_only=off' });
    return new ChainDatabase(url.toString(), admin, async () => {
      await admin.end();
      if (server) return server.destroy();
      await asServerAdmin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`));
    });
  }

  /** The URL an instance connects with: its connections carry its name. */
  urlFor(instance: string): string {
    return withApplication(this.url, applicationName(instance));
  }

  async close(): Promise<void> {
    await this.drop();
  }

  /** The leases an instance's process holds (its owner is `<host>-<pid>-<random>`), by name. */
  async leasesOf(pid: number): Promise<string[]> {
    const { rows } = await this.admin.query<{ name: string }>('SELECT name FROM leases WHERE owner LIKE $1', [`%-${pid}-%`]);
    return rows.map((row) => row.name);
  }

  /** Each of `names`: who holds its lease now (absent: nobody, the lease given up), and its key's version. */
  async leaseStates(names: readonly string[]): Promise<Map<string, { owner: string | null; version: number | null }>> {
    const { rows } = await this.admin.query<{ name: string; owner: string | null; version: string | null }>(
      'SELECT n.name, l.owner, k.version FROM unnest($1::text[]) AS n(name) LEFT JOIN leases l ON l.name = n.name LEFT JOIN key_versions k ON k.name = n.name',
      [names],
    );
    return new Map(rows.map((row) => [row.name, { owner: row.owner, version: row.version === null ? null : Number(row.version) }]));
  }

  /** How many unexpired leases each process holds, by pid. */
  async leasesByPid(): Promise<Map<number, number>> {
    const { rows } = await this.admin.query<{ owner: string; n: string }>('SELECT owner, count(*) AS n FROM leases WHERE expires_at >= clock_timestamp() GROUP BY owner');
    const byPid = new Map<number, number>();
    for (const row of rows) {
      const pid = Number(/-(\d+)-[0-9a-f]+$/.exec(row.owner)?.[1]);
      if (Number.isInteger(pid)) byPid.set(pid, Number(row.n));
    }
    return byPid;
  }

  /**
   * Terminates an instance's backends (pg_terminate_backend): all of them, only the one that LISTENs for the other
   * instances' changes, or only those in the middle of a statement or a transaction. Answers how many.
   */
  async dropConnections(instance: string, which: 'all' | 'listener' | 'busy'): Promise<number> {
    const only = which === 'listener' ? "AND query LIKE 'LISTEN%'" : which === 'busy' ? "AND state IN ('active', 'idle in transaction')" : '';
    const { rows } = await this.admin.query<{ gone: boolean }>(
      `SELECT pg_terminate_backend(pid) AS gone FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 ${only}`,
      [applicationName(instance)],
    );
    return rows.filter((row) => row.gone).length;
  }

  /** Holds the rows of `key_versions` (key turns and lane views) or `leases` named, FOR UPDATE, for `ms`. */
  async lockRows(table: 'key_versions' | 'leases', names: readonly string[], ms: number): Promise<number> {
    const client = await this.admin.connect();
    try {
      await client.query('BEGIN');
      const { rowCount } = await client.query(`SELECT 1 FROM ${table} WHERE name = ANY($1::text[]) FOR UPDATE`, [names]);
      await sleep(ms);
      await client.query('COMMIT');
      return rowCount ?? 0;
    } finally {
      client.release();
    }
  }

  /** Every session on the database but this one: who, doing what, waiting for what (to see why something is slow). */
  async activity(): Promise<Record<string, unknown>[]> {
    const { rows } = await this.admin.query(
      `SELECT application_name AS app, state, wait_event_type AS wait, wait_event AS event, left(query, 120) AS query,
         round(extract(epoch from clock_timestamp() - xact_start) * 1000) AS xact_ms, pg_blocking_pids(pid) AS blocked_by, pid
       FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND (state <> 'idle' OR wait_event_type = 'Lock')`,
    );
    return rows;
  }

  /** The leases held now (unexpired), by name. */
  async liveLeases(): Promise<string[]> {
    const { rows } = await this.admin.query<{ name: string }>('SELECT name FROM leases WHERE expires_at >= clock_timestamp()');
    return rows.map((row) => row.name);
  }

  /** Every new session of the database starts read-only (on), or read-write again (off). */
  async readOnly(on: boolean): Promise<void> {
    const { rows } = await this.admin.query<{ db: string }>('SELECT current_database() AS db');
    const db = pg.escapeIdentifier(rows[0]!.db);
    await this.admin.query(on ? `ALTER DATABASE ${db} SET default_transaction_read_only = on` : `ALTER DATABASE ${db} RESET default_transaction_read_only`);
  }
}

async function asServerAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export const applicationName = (instance: string): string => `chaos-${instance}`;

function withApplication(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('application_name', name);
  return parsed.toString();
}

/** The load balancer's choice for each call: a random instance that is up, never the one it chose last. */
export class ChainFront implements Front {
  private last: GatewayProcess | undefined;
  /** Calls sent to each instance. */
  readonly sent: Counter = {};

  constructor(
    readonly name: string,
    readonly spec: { readonly lanes: readonly LaneSpec[] },
    readonly instances: readonly GatewayProcess[],
    private readonly random: Random,
  ) {}

  get url(): string {
    return this.pick().url;
  }

  pick(): GatewayProcess {
    const up = this.instances.filter((instance) => instance.up);
    const choices = up.length > 1 ? up.filter((instance) => instance !== this.last) : up.length === 1 ? up : this.instances;
    this.last = this.random.pick(choices);
    bump(this.sent, this.last.name);
    return this.last;
  }
}

/** Where Centrapay posts its webhooks: passed on to an instance the front picks; 502 when that one does not answer. */
export class WebhookBalancer {
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(front: ChainFront): Promise<WebhookBalancer> {
    const server = createServer((request, response) => void forward(front, request, response));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return new WebhookBalancer(server, `http://127.0.0.1:${port}${WEBHOOK_PATH}`);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close').catch(() => undefined);
  }
}

async function forward(front: ChainFront, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'authorization']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  try {
    const answer = await fetch(`${front.url}${request.url ?? WEBHOOK_PATH}`, { method: request.method, headers, body: Buffer.concat(chunks), signal: AbortSignal.timeout(10_000) });
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    response.end(Buffer.from(await answer.arrayBuffer()));
  } catch {
    response.writeHead(502).end();
  }
}
