// Two gateways on one PostgreSQL (journalUrl) share the merchant account's Centrapay budget: each is counted alive for
// the account, and a 429 answered to one holds the other's calls until its Retry-After has passed.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SEED } from '../domain/sandbox-seeds';
import { buildGateway, startPayment } from '../test-support/gateway-app';
import { asAdmin, freshDatabase } from '../test-support/postgres-database';
import { startSandbox, type SandboxHarness } from '../test-support/sandbox-harness';

let sandbox: SandboxHarness;
let url: string;
let gateways: FastifyInstance[] = [];

beforeEach(async () => {
  sandbox = await startSandbox();
  url = await freshDatabase();
});

afterEach(async () => {
  for (const gateway of gateways) await gateway.close();
  gateways = [];
  await sandbox.close();
});

/** Rows of the budget's tables for the gateways' merchant account. */
async function rows(table: 'rate_budget_instances' | 'rate_budget_pauses'): Promise<number> {
  const database = new URL(url).pathname.slice(1);
  const { rows: found } = await asAdmin((db) => db.query(`SELECT 1 FROM ${table} WHERE account = $1`, [SEED.accountCafe]), database);
  return found.length;
}

describe('gateways sharing a PostgreSQL share the account’s Centrapay budget', () => {
  it('counts each instance, and holds one’s calls while the other is paused by a 429', async () => {
    gateways = [await buildGateway(sandbox.url, { journalUrl: url }), await buildGateway(sandbox.url, { journalUrl: url })];
    const [one, two] = gateways as [FastifyInstance, FastifyInstance];
    expect(await rows('rate_budget_instances')).toBe(2);
    await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'POST', path: '/api/payment-requests', mode: 'rate-limit', count: 1 });
    const first = startPayment(one);
    // Centrapay answered the first instance 429 (Retry-After: 1 s), and it told the database.
    await vi.waitFor(async () => expect(await rows('rate_budget_pauses')).toBe(1), { timeout: 2_000, interval: 20 });
    const pausedAt = Date.now();
    const second = await startPayment(two);
    expect(second.statusCode).toBe(200);
    // The second instance's create waited out the first one's pause.
    expect(Date.now() - pausedAt).toBeGreaterThanOrEqual(800);
    expect(second.json().payment.outcome).toBe('pending');
    expect((await first).statusCode).toBe(200);
    await one.close();
    gateways = [two];
    expect(await rows('rate_budget_instances')).toBe(1);
  });
});
