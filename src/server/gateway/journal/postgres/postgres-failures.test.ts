// A PostgreSQL journal whose database is read-only, stopped or was never there: every write is refused with
// JournalUnavailable and the failure's words, nothing is half-written, health and /readyz say so, and once the
// database is back the next write lands and health is clear again.
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CART, buildGateway, laneState } from '../../../../test-support/gateway-app';
import { hold, vend } from '../../../../test-support/journal-contract/fixtures';
import { asAdmin, freshDatabase } from '../../../../test-support/postgres-database';
import { startPostgres, type PostgresServer } from '../../../../test-support/postgres-server';
import { freePort } from '../../../../test-support/ports';
import { startSandbox, type SandboxHarness } from '../../../../test-support/sandbox-harness';
import { FAILURE_MESSAGES, JournalUnavailable } from '../failures';
import { PostgresJournal } from './postgres-journal';

let journal: PostgresJournal | undefined;
let gateway: FastifyInstance | undefined;
let sandbox: SandboxHarness | undefined;
let server: PostgresServer | undefined;

afterEach(async () => {
  await gateway?.close();
  await journal?.close();
  await sandbox?.close();
  await server?.destroy();
  gateway = journal = sandbox = server = undefined;
});

const nameOf = (url: string) => new URL(url).pathname.slice(1);
const unavailable = (failure: string) => expect.objectContaining({ name: 'JournalUnavailable', failure });
const setCart = (app: FastifyInstance, cart: unknown) => app.inject({ method: 'PUT', url: '/api/lanes/lane-1/cart', payload: { cart } });

/** What a DBA does to a database: `setting` for every new session, and the sessions it has now ended. */
async function reconfigure(url: string, setting: string): Promise<void> {
  const name = nameOf(url);
  await asAdmin(async (admin) => {
    await admin.query(`ALTER DATABASE ${admin.escapeIdentifier(name)} ${setting}`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
  });
}

describe('a read-only database', () => {
  it('refuses every write with the words for it and lands none of a transaction; reads go on; writable again once it is', async () => {
    const url = await freshDatabase();
    await (await PostgresJournal.open(url)).close();
    await asAdmin((admin) => admin.query(`ALTER DATABASE ${admin.escapeIdentifier(nameOf(url))} SET default_transaction_read_only = on`));
    journal = await PostgresJournal.open(url);

    const refused = journal.transaction(async (tx) => {
      await journal!.holds.commit(hold('TAB-1'), [], tx);
      await journal!.vends.commit(vend('V1'), [], tx);
    });
    await expect(refused).rejects.toBeInstanceOf(JournalUnavailable);
    await expect(refused).rejects.toMatchObject({ failure: 'read-only', message: FAILURE_MESSAGES['read-only'] });
    await expect(journal.sales.takeOrderNumber()).rejects.toEqual(unavailable('read-only'));
    expect(await journal.holds.load('TAB-1')).toBeNull();
    expect(await journal.vends.load('V1')).toBeNull();
    expect(await journal.health()).toMatchObject({ writable: false, failure: 'read-only', message: FAILURE_MESSAGES['read-only'] });

    await reconfigure(url, 'RESET default_transaction_read_only');
    await vi.waitFor(() => journal!.vends.commit(vend('V1'), []), { timeout: 5_000, interval: 50 });
    expect(await journal.vends.load('V1')).toEqual(vend('V1'));
    expect(await journal.health()).toEqual({ writable: true, failure: null, message: null, since: null });
  });

  // Regression (issue 21): a journal opened on a database that was already read-only said it was writable until the
  // first write failed. Its health proves it with a write of its own (BEGIN, a row added and taken away, COMMIT).
  it('says it cannot write from the start, before any write, and leaves nothing behind once it can', async () => {
    const url = await freshDatabase();
    await (await PostgresJournal.open(url)).close();
    await asAdmin((admin) => admin.query(`ALTER DATABASE ${admin.escapeIdentifier(nameOf(url))} SET default_transaction_read_only = on`));
    journal = await PostgresJournal.open(url);
    expect(await journal.health()).toMatchObject({ writable: false, failure: 'read-only', message: FAILURE_MESSAGES['read-only'] });

    await journal.close();
    await reconfigure(url, 'RESET default_transaction_read_only');
    journal = await PostgresJournal.open(url);
    expect(await journal.health()).toEqual({ writable: true, failure: null, message: null, since: null });
    expect((await journal.conn.rows("SELECT key FROM meta WHERE key = 'write_probe'"))).toEqual([]);
  });
});

describe('a database server that stops', () => {
  it('refuses the cashier’s press in words and changes nothing; /readyz fails until it is back, /healthz never does', async () => {
    server = await startPostgres();
    sandbox = await startSandbox();
    gateway = await buildGateway(sandbox.url, { journalUrl: server.url });
    expect((await setCart(gateway, CART)).statusCode).toBe(200);
    expect((await gateway.inject('/readyz')).json()).toEqual({ status: 'ready' });

    await server.stop();
    const refused = await setCart(gateway, []);
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toMatchObject({ code: 'JOURNAL_UNAVAILABLE', message: FAILURE_MESSAGES.unreachable });
    expect((await laneState(gateway)).cart).toHaveLength(CART.length);
    expect((await gateway.inject('/api/health')).json().journal).toMatchObject({ writable: false, failure: 'unreachable' });
    const notReady = await gateway.inject('/readyz');
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toEqual({ status: 'not-ready', reason: FAILURE_MESSAGES.unreachable });
    expect((await gateway.inject('/healthz')).statusCode).toBe(200);

    await server.start();
    await vi.waitFor(async () => expect((await setCart(gateway!, [])).statusCode).toBe(200), { timeout: 10_000, interval: 100 });
    expect((await gateway.inject('/readyz')).statusCode).toBe(200);
    expect((await gateway.inject('/api/health')).json().journal.writable).toBe(true);
  });
});

describe('a database server that is not there', () => {
  it('is refused at open as out of reach, not as a bug', async () => {
    const url = `postgres://postgres:none@127.0.0.1:${await freePort()}/journal`;
    await expect(PostgresJournal.open(url)).rejects.toEqual(unavailable('unreachable'));
  });
});
