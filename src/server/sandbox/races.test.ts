// Concurrent calls over a real socket: Node runs one handler at a time, and each money-moving
// handler goes from check to update without yielding, so every race has a clean winner.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ASSET_TYPE, SEED } from '../../domain/sandbox-seeds';
import { buildSandboxServer, createSandboxState, type SandboxState } from './app';
import { balanceOf, uniqueKey } from '../../test-support/sandbox-world';

const state: SandboxState = createSandboxState();
const server = buildSandboxServer({ publicUrl: 'http://pos.test', state, rateLimitPerMinute: 100_000 });
let base = '';

beforeAll(async () => {
  await server.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());
beforeEach(() => state.reset());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(base + path, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const TERMINAL = { 'x-api-key': SEED.terminalCafeKey };
const create = async (amount = '700') =>
  (await call('POST', '/api/payment-requests', TERMINAL, { configId: SEED.configCafe, value: { amount, currency: 'NZD' } })).body;
const payAs = (token: string, assetId: string) => (id: string) =>
  call('POST', `/api/payment-requests/${id}/pay`, { authorization: token }, { assetType: ASSET_TYPE.nzdTest, assetId, idempotencyKey: uniqueKey() });
const alicePays = payAs(SEED.aliceToken, SEED.aliceAsset);
const bobPays = payAs(SEED.bobToken, SEED.bobAsset);
const voidIt = (id: string) => call('POST', `/api/payment-requests/${id}/void`, TERMINAL);
const wallets = () => BigInt(balanceOf(state, SEED.aliceAsset)) + BigInt(balanceOf(state, SEED.bobAsset));
const ROUNDS = 15;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('races', () => {
  it('two pays on one request: one wins, the other gets REQUEST_PAID, one payment is taken', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const pr = await create('30');
      const results = await Promise.all(round % 2 ? [alicePays(pr.id), bobPays(pr.id)] : [bobPays(pr.id), alicePays(pr.id)]);
      expect(results.map((result) => result.status).sort()).toEqual([200, 403]);
      expect(results.find((result) => result.status === 403)?.body.message).toBe('REQUEST_PAID');
      expect(wallets()).toBe(100_500n - 30n * BigInt(round + 1));
    }
  });

  it('a void racing a pay ends paid-then-refunded or cancelled, never both or neither', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const pr = await create();
      // The void has no body to read, so sent together it overtakes the pay; a one-timer head
      // start for the pay on odd rounds lets either land first, both calls still in flight.
      const [pay, voided] = await Promise.all([alicePays(pr.id), (round % 2 ? sleep(0) : Promise.resolve()).then(() => voidIt(pr.id))]);
      expect(voided?.status).toBe(200);
      const final = (await call('GET', `/api/payment-requests/${pr.id}`, TERMINAL)).body;
      const types = (await call('GET', `/api/payment-requests/${pr.id}/activities`, TERMINAL)).body.items.map((a: { type: string }) => a.type);
      if (pay?.status === 200) {
        expect(voided?.body.type).toBe('refund');
        expect(final.status).toBe('paid');
        expect(types).toEqual(['refund', 'paid', 'payment', 'request']);
      } else {
        expect(pay?.body.message).toBe('REQUEST_CANCELLED');
        expect(voided?.body.type).toBe('cancellation');
        expect(final).toMatchObject({ status: 'cancelled', cancellationReason: 'CANCELLED_BY_MERCHANT' });
        expect(types).toEqual(['cancellation', 'request']);
      }
      // Either way the patron has every cent back.
      expect(balanceOf(state, SEED.aliceAsset)).toBe('100000');
    }
  });

  it('a void racing multi-asset payments refunds exactly what was taken', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const pr = await create('900');
      const partial = (token: string, assetId: string) =>
        call('POST', `/api/payment-requests/${pr.id}/pay`, { authorization: token }, { assetType: ASSET_TYPE.nzdTest, assetId, amount: '300', idempotencyKey: uniqueKey() });
      await Promise.all([partial(SEED.aliceToken, SEED.aliceAsset), voidIt(pr.id), partial(SEED.bobToken, SEED.bobAsset)]);
      expect(wallets()).toBe(100_500n);
      expect((await call('GET', `/api/payment-requests/${pr.id}`, TERMINAL)).body.status).toBe('cancelled');
    }
  });

  it('refunds racing with one externalRef refund once', async () => {
    const pr = await create('1000');
    await alicePays(pr.id);
    const refund = () => call('POST', `/api/payment-requests/${pr.id}/refund`, TERMINAL, { value: { amount: '600', currency: 'NZD' }, externalRef: 'R-1' });
    const results = await Promise.all([refund(), refund(), refund()]);
    expect(results.map((result) => result.status)).toEqual([200, 200, 200]);
    expect(new Set(results.map((result) => result.body.id)).size).toBe(1);
    expect(balanceOf(state, SEED.aliceAsset)).toBe('99600');
  });
});
