// The whole server on the embedded sandbox: the gateway subscribes itself to the sandbox's signed webhooks, so a
// payment reaches the lane long before the next poll would have found it.
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { LaneState } from '../domain/lane';
import { buildApp } from './app';
import { loadConfig } from './config';
import { CART } from '../test-support/gateway-app';

let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A server whose pollers read each request only every 5 s (the slowest POLL_INTERVAL_MS allows). */
async function listening(env: Record<string, string>): Promise<FastifyInstance> {
  app = await buildApp(loadConfig({ JOURNAL_PATH: ':memory:', POLL_INTERVAL_MS: '5000', ...env }), { logger: false, distDir: '/nonexistent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

async function payOnLane(server: FastifyInstance): Promise<{ paidAt: number; lane: () => Promise<LaneState> }> {
  const started = await server.inject({ method: 'POST', url: '/api/lanes/default/payments', payload: { cart: CART, operatorId: 'op-1' } });
  expect(started.statusCode).toBe(200);
  const { id } = (started.json() as LaneState).payment!.paymentRequest;
  const paidAt = Date.now();
  const paid = await server.inject({
    method: 'POST', url: `/sandbox/api/payment-requests/${id}/pay`, headers: { authorization: 'sbx-patron-alice' },
    payload: { assetType: 'centrapay.nzd.test', assetId: 'sbxAssetAliceNzd', idempotencyKey: `pay-${id}` },
  });
  expect(paid.statusCode).toBe(200);
  return { paidAt, lane: async () => (await server.inject({ method: 'GET', url: '/api/lanes/default' })).json() as LaneState };
}

describe('webhooks on the embedded sandbox', () => {
  it('the gateway subscribes itself, and a payment reaches the lane without waiting for the next poll', async () => {
    const server = await listening({});
    await expect.poll(async () => (await server.inject({ method: 'GET', url: '/sandbox/_sandbox/webhooks' })).json().items).toEqual([
      expect.objectContaining({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/webhooks\/centrapay$/), types: ['payment-request:paid', 'payment-request:refund-initiated', 'payment-request:refund-completed'] }),
    ]);
    const { paidAt, lane } = await payOnLane(server);
    await expect.poll(async () => (await lane()).payment?.outcome, { interval: 20, timeout: 2_000 }).toBe('paid');
    expect(Date.now() - paidAt).toBeLessThan(2_000);
    // The lane may hear of the payment before the sandbox has read the gateway's 202: the delivery is marked just after.
    await expect.poll(async () => (await server.inject({ method: 'GET', url: '/sandbox/_sandbox/webhooks/deliveries' })).json().items, { interval: 20, timeout: 2_000 })
      .toContainEqual(expect.objectContaining({ type: 'payment-request:paid', status: 'delivered', lastStatusCode: 202 }));
  });

  it('with WEBHOOKS=off there is no endpoint and no subscription, and polling still finds the payment', async () => {
    const server = await listening({ WEBHOOKS: 'off' });
    expect((await server.inject({ method: 'POST', url: '/api/webhooks/centrapay', payload: {} })).statusCode).toBe(404);
    const { paidAt, lane } = await payOnLane(server);
    await expect.poll(async () => (await lane()).payment?.outcome, { interval: 50, timeout: 8_000 }).toBe('paid');
    expect(Date.now() - paidAt).toBeGreaterThan(2_000);
    expect((await server.inject({ method: 'GET', url: '/sandbox/_sandbox/webhooks' })).json().items).toEqual([]);
  });

  it('with a real Centrapay, webhooks need the URL Centrapay posts to', () => {
    const real = { CENTRAPAY_BASE_URL: 'https://centrapay.invalid', CENTRAPAY_API_KEY: 'k', CENTRAPAY_CONFIG_ID: 'c', CENTRAPAY_MERCHANT_ID: 'm', CENTRAPAY_MERCHANT_ACCOUNT_ID: 'a', CASHIER_CODE: 'till-code-1234' };
    expect(() => loadConfig({ ...real, WEBHOOKS: 'on' })).toThrow(/WEBHOOK_AUDIENCE or PUBLIC_URL/);
    expect(loadConfig(real).webhooks).toEqual({ enabled: false });
    expect(loadConfig({ ...real, PUBLIC_URL: 'https://till.example.nz/' }).webhooks).toEqual({
      enabled: true,
      audience: 'https://till.example.nz/api/webhooks/centrapay',
      jwksUrl: 'https://auth.centrapay.com/api/.well-known/jwks.json',
    });
  });
});
