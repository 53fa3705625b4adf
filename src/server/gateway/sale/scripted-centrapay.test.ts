// Answers the real sandbox never gives (it refunds on void of a paid request), from a scripted Centrapay.
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { act, buildGateway, startPayment, waitForLane } from '../../../test-support/gateway-app';

const base = {
  id: 'PR1', shortCode: 'CP-AAA-BBB', url: 'http://pos.test/sandbox/pay/PR1', value: { amount: '1700', currency: 'NZD' },
  paymentOptions: [{ assetType: 'centrapay.nzd.test', amount: '1700' }], merchantId: 'm', merchantName: 'Café',
  configId: 'sbxConfigCafe', status: 'new', createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
  expiresAt: new Date(Date.now() + 120_000).toISOString(), merchantConditions: [], remainingAmount: '1700', externalRef: 'till-1-000001',
};
const paidBy = { assetTotals: [{ type: 'centrapay.nzd.test', description: 'Centrapay NZD', total: { amount: '1700', currency: 'NZD' } }] };

let upstream: FastifyInstance | undefined;
let gateway: FastifyInstance | undefined;

afterEach(async () => {
  await gateway?.close();
  await upstream?.close();
});

async function scripted(routes: (app: FastifyInstance) => void): Promise<string> {
  upstream = Fastify();
  routes(upstream);
  await upstream.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(upstream.server.address() as AddressInfo).port}`;
}

describe('payment flow against a scripted Centrapay', () => {
  it('shows the payment as paid when a void fails with REQUEST_PAID', async () => {
    let status = 'new';
    const url = await scripted((app) => {
      app.post('/api/payment-requests', async () => base);
      app.get('/api/payment-requests/:id', async () => (status === 'paid' ? { ...base, status, paidBy, remainingAmount: '0' } : base));
      app.post('/api/payment-requests/:id/void', async (_request, reply) => {
        status = 'paid';
        return reply.status(403).send({ statusCode: 403, error: 'Forbidden', message: 'REQUEST_PAID' });
      });
    });
    gateway = await buildGateway(url);
    const started = await startPayment(gateway);
    expect(started.statusCode).toBe(200);

    const cancel = await act(gateway, 'cancel', { ref: started.json().order.ref });
    expect(cancel.statusCode).toBe(200);
    const state = await waitForLane(gateway, (s) => s.payment?.outcome !== 'pending');
    expect(state.payment?.outcome).toBe('paid');
    expect(state.payment?.paymentRequest.paidBy).toEqual(paidBy);
    const history = (await gateway.inject({ method: 'GET', url: '/api/history/PR1' })).json();
    expect(history.sale.result).toBe('paid');
    expect(history.requests[0].status).toBe('paid');
    expect(history.events.map((e: { kind: string }) => e.kind)).toContain('void-rejected');
  });

  it('times out 5-10 s after expiry and voids a request Centrapay still calls new', async () => {
    let voidedBy: string | undefined;
    const stale = { ...base, expiresAt: new Date(Date.now() - 8_000).toISOString() };
    const url = await scripted((app) => {
      app.post('/api/payment-requests', async () => stale);
      app.get('/api/payment-requests/:id', async () => (voidedBy ? { ...stale, status: 'cancelled', cancellationReason: 'CANCELLED_BY_MERCHANT' } : stale));
      app.post('/api/payment-requests/:id/void', async (request) => {
        voidedBy = String(request.headers['x-api-key']);
        return { id: 'a1', type: 'cancellation', paymentRequestId: 'PR1', createdAt: new Date().toISOString(), value: base.value };
      });
    });
    gateway = await buildGateway(url);
    await startPayment(gateway);
    const state = await waitForLane(gateway, (s) => s.payment?.outcome !== 'pending');
    expect(state.payment?.outcome).toBe('cancelled');
    expect(voidedBy).toBe('sbx-terminal-cafe');
    const history = (await gateway.inject({ method: 'GET', url: '/api/history/PR1' })).json();
    expect(history.events).toContainEqual(expect.objectContaining({ kind: 'void', actor: 'system:timeout' }));
  });

  it('a request Centrapay will not return is voided (103.3); when it will not void either, it ends unknown, never paid', async () => {
    let voids = 0;
    const url = await scripted((app) => {
      app.post('/api/payment-requests', async () => base);
      app.get('/api/payment-requests/:id', async (_request, reply) => reply.status(403).send({ statusCode: 403, error: 'Forbidden', message: 'Forbidden' }));
      app.post('/api/payment-requests/:id/void', async (_request, reply) => {
        voids += 1;
        return reply.status(403).send({ statusCode: 403, error: 'Forbidden', message: 'Forbidden' });
      });
    });
    gateway = await buildGateway(url);
    const { order } = (await startPayment(gateway)).json();
    const state = await waitForLane(gateway, (s) => s.payment?.outcome !== 'pending');
    expect(state.payment?.outcome).toBe('unknown');
    expect(state.payment?.notice).toMatch(/Check it in Centrapay’s portal/);
    expect(state.step).toBeNull();
    expect(voids).toBe(1);
    const history = (await gateway.inject({ method: 'GET', url: `/api/history/${order.ref}` })).json();
    expect(history.sale.result).toBe('unknown');
    expect(history.events.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['poll-rejected', 'void-rejected', 'needs-attention']));
  });
});
