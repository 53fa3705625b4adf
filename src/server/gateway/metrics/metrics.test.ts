// /metrics as Prometheus scrapes it, while a payment runs against a scripted Centrapay and a screen watches the lane.
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildGateway, startPayment, waitForLane } from '../../../test-support/gateway-app';

const now = new Date().toISOString();
const request = {
  id: 'PR1', shortCode: 'CP-AAA-BBB', url: 'http://pos.test/sandbox/pay/PR1', value: { amount: '1700', currency: 'NZD' },
  paymentOptions: [], merchantId: 'm', merchantName: 'Café', configId: 'sbxConfigCafe', status: 'new', createdAt: now,
  updatedAt: now, expiresAt: new Date(Date.now() + 120_000).toISOString(), merchantConditions: [], remainingAmount: '1700',
};

let upstream: FastifyInstance | undefined;
let gateway: FastifyInstance | undefined;
const streams: AbortController[] = [];

afterEach(async () => {
  for (const stream of streams.splice(0)) stream.abort();
  await gateway?.close();
  await upstream?.close();
});

async function scrape(app: FastifyInstance): Promise<Map<string, number>> {
  const response = await app.inject({ method: 'GET', url: '/metrics' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = new Map<string, number>();
  for (const line of response.body.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

describe('/metrics', () => {
  it('counts upstream requests by route and status with their latency, live payments, screens and journal writes', async () => {
    let reads = 0;
    upstream = Fastify();
    upstream.post('/api/payment-requests', async () => request);
    upstream.get('/api/payment-requests/:id', async (_request, reply) => {
      reads += 1;
      if (reads === 1) return reply.status(503).send({ message: 'down' });
      return reads < 3 ? request : { ...request, status: 'paid', remainingAmount: '0', updatedAt: new Date().toISOString() };
    });
    await upstream.listen({ port: 0, host: '127.0.0.1' });
    gateway = await buildGateway(`http://127.0.0.1:${(upstream.server.address() as AddressInfo).port}`, { sales: { pollIntervalMs: 300 } });
    await gateway.listen({ port: 0, host: '127.0.0.1' });

    const stream = new AbortController();
    streams.push(stream);
    const events = await fetch(`http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}/api/lanes/lane-1/events`, { signal: stream.signal });
    expect(events.status).toBe(200);
    expect((await scrape(gateway)).get('pos_connected_screens')).toBe(1);

    await startPayment(gateway);
    expect((await scrape(gateway)).get('pos_live_payments')).toBe(1);
    await waitForLane(gateway, (state) => state.payment?.outcome === 'paid');

    const samples = await scrape(gateway);
    expect(samples.get('pos_live_payments')).toBe(0);
    expect(samples.get('centrapay_upstream_requests_total{method="POST",route="/api/payment-requests",status="200"}')).toBe(1);
    expect(samples.get('centrapay_upstream_requests_total{method="GET",route="/api/payment-requests/:id",status="503"}')).toBe(1);
    expect(samples.get('centrapay_upstream_requests_total{method="GET",route="/api/payment-requests/:id",status="200"}')).toBe(reads - 1);
    expect(samples.get('centrapay_upstream_request_duration_seconds_count{method="GET",route="/api/payment-requests/:id",status="200"}')).toBe(reads - 1);
    expect(samples.get('centrapay_upstream_request_duration_seconds_bucket{le="+Inf",method="POST",route="/api/payment-requests",status="200"}')).toBe(1);
    expect(samples.get('pos_journal_writes_total{kind="payment-request"}')).toBe(1);
    expect(samples.get('pos_journal_writes_total{kind="status"}')).toBe(1);
    expect(samples.get('pos_journal_writes_total{kind="lane-state"}')).toBeGreaterThanOrEqual(2);
    expect(samples.has('process_resident_memory_bytes')).toBe(true);

    stream.abort();
    await expect.poll(async () => (await scrape(gateway!)).get('pos_connected_screens')).toBe(0);
  });

  it('counts a sale whose outcome is unknown (Centrapay refused to void it and to return it) under its store', async () => {
    upstream = Fastify();
    upstream.post('/api/payment-requests', async () => request);
    upstream.get('/api/payment-requests/:id', async (_request, reply) => reply.status(404).send({ message: 'PAYMENT_REQUEST_NOT_FOUND' }));
    upstream.post('/api/payment-requests/:id/void', async (_request, reply) => reply.status(404).send({ message: 'PAYMENT_REQUEST_NOT_FOUND' }));
    await upstream.listen({ port: 0, host: '127.0.0.1' });
    gateway = await buildGateway(`http://127.0.0.1:${(upstream.server.address() as AddressInfo).port}`, { sales: { pollIntervalMs: 100 } });
    expect((await scrape(gateway)).get('pos_store_unknown_payments{store="default"}')).toBe(0);

    await startPayment(gateway);
    await waitForLane(gateway, (state) => state.payment?.outcome === 'unknown', 10_000);
    const samples = await scrape(gateway);
    expect(samples.get('pos_store_unknown_payments{store="default"}')).toBe(1);
    expect(samples.get('pos_store_live_payments{store="default"}')).toBe(0);
  });
});
