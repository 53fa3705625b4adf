// Property: no sequence of pays, voids, refunds, pre-auth confirmations and releases, patron
// cancels, expiries and clock moves creates or loses money.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASSET_TYPE, SEED } from '../../domain/sandbox-seeds';
import { heldCents } from './lifecycle';
import { ALICE, BOB, startSandbox, TERMINAL, type Caller, type TestSandbox } from '../../test-support/sandbox-world';

type Command =
  | { kind: 'create'; amount: number; partialAllowed: boolean; preAuth: boolean; expirySeconds: number }
  | { kind: 'pay'; target: number; payer: 'alice' | 'bob' | 'cash'; amount?: number; mode?: 'partial-payment' | 'multi-asset-payment'; key: number }
  | { kind: 'void'; target: number }
  | { kind: 'refund'; target: number; amount: number; ref: number; confirmation?: number }
  | { kind: 'confirm'; target: number; amount: number; key: number }
  | { kind: 'release'; target: number }
  | { kind: 'cancel'; target: number }
  | { kind: 'advance'; seconds: number };

const create = fc.record({
  kind: fc.constant('create' as const),
  amount: fc.integer({ min: 1, max: 3000 }),
  partialAllowed: fc.boolean(),
  preAuth: fc.boolean(),
  expirySeconds: fc.integer({ min: 30, max: 600 }),
});
// Mostly payments that can succeed: in full, or in parts small enough to leave a remainder.
const payShape = fc.oneof(
  { weight: 3, arbitrary: fc.constant({}) },
  { weight: 2, arbitrary: fc.record({ mode: fc.constant('multi-asset-payment' as const), amount: fc.integer({ min: 1, max: 1500 }) }) },
  { weight: 1, arbitrary: fc.record({ mode: fc.constant('partial-payment' as const), amount: fc.integer({ min: 1, max: 3500 }) }) },
);
const pay = fc
  .record({
    kind: fc.constant('pay' as const),
    target: fc.nat(3),
    payer: fc.constantFrom('alice' as const, 'alice' as const, 'bob' as const, 'cash' as const),
    shape: payShape,
    // A small key space makes repeated keys (retries and misuse) common.
    key: fc.nat(6),
  })
  .map(({ shape, ...rest }): Command => ({ ...rest, ...shape }));
const voidIt = fc.record({ kind: fc.constant('void' as const), target: fc.nat(3) });
const refund = fc.record(
  {
    kind: fc.constant('refund' as const),
    target: fc.nat(3),
    amount: fc.integer({ min: 1, max: 1500 }),
    ref: fc.nat(4),
    confirmation: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.nat(3) }),
  },
  { requiredKeys: ['kind', 'target', 'amount', 'ref', 'confirmation'] },
);
const confirm = fc.record({ kind: fc.constant('confirm' as const), target: fc.nat(3), amount: fc.integer({ min: 1, max: 2000 }), key: fc.nat(3) });
const release = fc.record({ kind: fc.constant('release' as const), target: fc.nat(3) });
const cancel = fc.record({ kind: fc.constant('cancel' as const), target: fc.nat(3) });
const advance = fc.record({
  kind: fc.constant('advance' as const),
  seconds: fc.constantFrom(0, 20, 200, 3600, 25 * 3600, 31 * 24 * 3600, 91 * 24 * 3600),
});

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 2, arbitrary: create },
  { weight: 6, arbitrary: pay },
  { weight: 1, arbitrary: voidIt },
  { weight: 3, arbitrary: refund },
  { weight: 3, arbitrary: confirm },
  { weight: 1, arbitrary: release },
  { weight: 1, arbitrary: cancel },
  { weight: 1, arbitrary: advance },
);

const sum = (values: Iterable<bigint>) => [...values].reduce((total, value) => total + value, 0n);

async function run(sandbox: TestSandbox, ids: string[], step: Command): Promise<void> {
  if (step.kind === 'create') {
    const response = await sandbox.createRequest({
      value: { amount: String(step.amount), currency: 'NZD' },
      expirySeconds: step.expirySeconds,
      ...(step.partialAllowed ? { partialAllowed: true, basketAmount: String(step.amount) } : {}),
      ...(step.preAuth ? { preAuth: true } : {}),
    });
    expect(response.status).toBe(200);
    ids.push(response.body.id);
    return;
  }
  if (step.kind === 'advance') {
    await sandbox.advance(step.seconds);
    return;
  }
  // Target 0 is the newest request, so sequences mostly work on one request from start to finish.
  const id = ids[ids.length - 1 - (step.target % Math.max(ids.length, 1))];
  if (id === undefined) return;
  let response;
  if (step.kind === 'pay') {
    const caller: Caller = step.payer === 'alice' ? ALICE : step.payer === 'bob' ? BOB : TERMINAL;
    const body: Record<string, unknown> = {
      idempotencyKey: `${step.payer}-${step.key}`,
      ...(step.payer === 'cash'
        ? { assetType: ASSET_TYPE.externalTest }
        : { assetType: ASSET_TYPE.nzdTest, assetId: step.payer === 'alice' ? SEED.aliceAsset : SEED.bobAsset }),
      ...(step.amount === undefined ? {} : { amount: String(step.amount) }),
      ...(step.mode === undefined ? {} : { mode: step.mode }),
    };
    response = await sandbox.call('POST', `/api/payment-requests/${id}/pay`, caller, body);
  } else if (step.kind === 'void') {
    response = await sandbox.call('POST', `/api/payment-requests/${id}/void`, TERMINAL);
  } else if (step.kind === 'release') {
    response = await sandbox.call('POST', `/api/payment-requests/${id}/release`, TERMINAL);
  } else if (step.kind === 'cancel') {
    response = await sandbox.call('POST', `/api/payment-requests/${id}/cancel`, ALICE);
  } else if (step.kind === 'confirm') {
    response = await sandbox.call('POST', `/api/payment-requests/${id}/confirm`, TERMINAL, {
      idempotencyKey: `confirm-${step.key}`,
      invoiceRef: `INV-${step.key}`,
      lineItems: [{ name: 'Fuel', qty: '1', price: String(step.amount) }],
    });
  } else {
    response = await sandbox.call('POST', `/api/payment-requests/${id}/refund`, TERMINAL, {
      value: { amount: String(step.amount), currency: 'NZD' },
      externalRef: `ref-${step.ref}`,
      ...(step.confirmation === undefined ? {} : { confirmationIdempotencyKey: `confirm-${step.confirmation}` }),
    });
  }
  // Business refusals are fine; anything else (a 500, a 400 on a valid call) is a bug.
  expect([200, 403]).toContain(response.status);
}

async function checkBooks(sandbox: TestSandbox, ids: string[], initialTotal: bigint): Promise<void> {
  const { store } = sandbox.state;
  for (const asset of store.assets.values()) expect(BigInt(asset.balance)).toBeGreaterThanOrEqual(0n);

  let heldInWallets = 0n;
  for (const id of ids) {
    const pr = (await sandbox.call('GET', `/api/payment-requests/${id}`, TERMINAL)).body;
    const activities = (await sandbox.call('GET', `/api/payment-requests/${id}/activities`, TERMINAL)).body.items as Array<{
      type: string;
      value: { amount: string };
      assetType?: string;
    }>;
    const amountsOf = (type: string) => activities.filter((activity) => activity.type === type).map((activity) => BigInt(activity.value.amount));
    // A pre-auth's authorization is its payment; a release gives back like a refund.
    const paid = sum([...amountsOf('payment'), ...amountsOf('authorization')]);
    const refunded = sum([...amountsOf('refund'), ...amountsOf('release')]);

    // What the activities say matches what the request and the ledger say.
    expect(BigInt(pr.remainingAmount)).toBe(BigInt(pr.value.amount) - paid);
    expect(BigInt(pr.remainingAmount)).toBeGreaterThanOrEqual(0n);
    expect(refunded).toBeLessThanOrEqual(paid);
    const stored = store.paymentRequests.get(id);
    if (!stored) throw new Error('request vanished');
    expect(sum(stored.payments.map((payment) => BigInt(payment.amount)))).toBe(paid);
    expect(sum(stored.payments.map((payment) => BigInt(payment.refunded)))).toBe(refunded);
    for (const payment of stored.payments) {
      expect(BigInt(payment.refunded)).toBeGreaterThanOrEqual(0n);
      expect(BigInt(payment.refunded)).toBeLessThanOrEqual(BigInt(payment.amount));
      if (payment.assetId !== undefined) heldInWallets += BigInt(payment.amount) - BigInt(payment.refunded);
    }
    const paidByTotal = sum((pr.paidBy?.assetTotals ?? []).map((total: { total: { amount: string } }) => BigInt(total.total.amount)));
    expect(paidByTotal).toBe(paid);

    // Only a paid request keeps money; a dead one has given everything back.
    if (pr.status === 'expired' || pr.status === 'cancelled') expect(refunded).toBe(paid);
    if (pr.status === 'new') expect(BigInt(pr.remainingAmount)).toBeGreaterThan(0n);
    const paidMarker = pr.preAuth ? 'authorization' : 'paid';
    expect(activities.filter((activity) => activity.type === paidMarker).length).toBe(pr.status === 'paid' ? 1 : 0);

    // Confirmations draw only on what the authorisation holds, and refunds of one stay within it.
    const hold = stored.preAuthHold;
    if (hold) {
      const confirmed = sum(amountsOf('confirmation'));
      expect(confirmed).toBeLessThanOrEqual(paid);
      for (const confirmation of hold.confirmations.values()) expect(BigInt(confirmation.refunded)).toBeLessThanOrEqual(BigInt(confirmation.amount));
      const held = BigInt(heldCents(stored, hold));
      expect(held).toBeGreaterThanOrEqual(0n);
      if (hold.status === 'released') expect(held).toBe(0n);
    } else {
      expect(amountsOf('confirmation')).toEqual([]);
    }
  }
  const balances = sum([...store.assets.values()].map((asset) => BigInt(asset.balance)));
  expect(balances + heldInWallets).toBe(initialTotal);
}

describe('the books always balance', () => {
  it('for random sequences of pay, void, refund, pre-auth, cancel and clock moves', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 40, size: 'medium' }), async (steps) => {
        const sandbox = await startSandbox({ rateLimitPerMinute: 100_000 });
        try {
          const initialTotal = sum([...sandbox.state.store.assets.values()].map((asset) => BigInt(asset.balance)));
          const ids: string[] = [];
          for (const step of steps) {
            await run(sandbox, ids, step);
            await checkBooks(sandbox, ids, initialTotal);
          }
        } finally {
          await sandbox.app.close();
        }
      }),
      { numRuns: 150 },
    );
  });
});
