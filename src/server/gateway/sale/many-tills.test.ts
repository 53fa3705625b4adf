// Regression: with a poller per live request every second, four tills mid-payment already ask Centrapay for more
// than its 200 requests a minute per account, and the 429s that follow delay results and cancels. With one budget
// for the account, twelve lanes take payment at once with a low limit and none of their calls is refused.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../../../domain/sandbox-seeds';
import { startSandbox, type SandboxHarness } from '../../../test-support/sandbox-harness';
import { buildGateway, CART, TEST_LANE, waitForLane } from '../../../test-support/gateway-app';

let sandbox: SandboxHarness;
let gateway: FastifyInstance | undefined;

const LANES = Array.from({ length: 12 }, (_, i) => ({ ...TEST_LANE, id: `lane-${i + 1}`, name: `Lane ${i + 1}`, terminalId: `till-${i + 1}`, deviceId: `SN-${i + 1}` }));

beforeEach(async () => {
  // A quarter of Centrapay's real limit, so the test takes seconds rather than minutes.
  sandbox = await startSandbox({ rateLimitPerMinute: 60 });
});

afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
  await sandbox.close();
});

async function refusals(): Promise<number> {
  const counts = (await sandbox.call('GET', '/_sandbox/requests', {})).body as Record<string, Record<string, number>>;
  return Object.entries(counts).filter(([route]) => / \/api\//.test(route)).reduce((sum, [, byStatus]) => sum + (byStatus['429'] ?? 0), 0);
}

describe('many tills on one Centrapay account', () => {
  it('twelve lanes take payment at once within the account’s limit: no 429, every payment shown', async () => {
    gateway = await buildGateway(sandbox.url, {
      lanes: LANES,
      rateLimitPerMinute: 54,
      sales: { pollIntervalMs: 1_000, activityFeed: 'auto', answerWithinMs: 500, unknownAfterMs: 60_000 },
    });
    const started = await Promise.all(LANES.map((lane) => gateway!.inject({ method: 'POST', url: `/api/lanes/${lane.id}/payments`, payload: { cart: CART } })));
    expect(started.every((response) => response.statusCode === 200)).toBe(true);
    const live = await Promise.all(LANES.map((lane) => waitForLane(gateway!, (state) => state.payment !== null, 30_000, lane.id)));
    // The budget is shared out: with twelve live requests each is read less than every second, and the activity
    // feed tells which changed.
    const metrics = (await gateway.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/^pos_activity_feed_on 1$/m);
    expect(Number(/^pos_poll_interval_seconds (\S+)$/m.exec(metrics)![1])).toBeGreaterThan(1);

    for (const state of live) {
      const pay = await sandbox.call('POST', `/api/payment-requests/${state.payment!.paymentRequest.id}/pay`, { Authorization: SEED.aliceToken },
        { assetType: 'centrapay.nzd.test', assetId: SEED.aliceAsset, idempotencyKey: `many-${state.lane.id}` });
      expect(pay.status).toBe(200);
    }
    await Promise.all(LANES.map((lane) => waitForLane(gateway!, (state) => state.payment?.outcome === 'paid', 30_000, lane.id)));
    expect(await refusals()).toBe(0);
  }, 90_000);
});
