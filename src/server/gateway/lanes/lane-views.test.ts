// Regression (issue 21): the lane read every display uses (GET /api/lanes/:lane and its event stream, no code needed)
// carried the Payment Request's operatorId, terminalId and deviceId: who is on the till and the till's own ids, of no
// use to a patron. The screens' view leaves them out (none of the screens shows them); Centrapay and the journal keep them.
import Fastify, { type FastifyInstance } from 'fastify';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildGateway, startPayment, TEST_LANE, waitForLane } from '../../../test-support/gateway-app';

const now = new Date().toISOString();
/** What Centrapay answers: the request with the till's ids, as it was sent. */
const REQUEST = {
  id: 'PR1', shortCode: 'CP-AAA-BBB', url: 'http://pos.test/sandbox/pay/PR1', value: { amount: '1700', currency: 'NZD' },
  paymentOptions: [], merchantId: 'm', merchantName: 'Café', configId: 'sbxConfigCafe', status: 'new', createdAt: now,
  updatedAt: now, expiresAt: new Date(Date.now() + 120_000).toISOString(), merchantConditions: [], remainingAmount: '1700',
  terminalId: TEST_LANE.terminalId, deviceId: TEST_LANE.deviceId, operatorId: 'op-7',
};
/** The fields, and the operator and device values (the terminal id is part of the order reference, which receipts show). */
const TILL_IDS = /operatorId|terminalId|deviceId|op-7|SN-1/;

let upstream: FastifyInstance | undefined;
let gateway: FastifyInstance | undefined;
const open: http.ClientRequest[] = [];

afterEach(async () => {
  for (const request of open.splice(0)) request.destroy();
  await gateway?.close();
  await upstream?.close();
});

/** A display on the shop's network (127.0.0.2) watching the lane's event stream: everything it has been sent so far. */
function watch(port: number): Promise<() => string> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: `/api/lanes/${TEST_LANE.id}/events`, localAddress: '127.0.0.2' }, (response) => {
      let received = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
      resolve(() => received);
    });
    open.push(request);
    request.on('error', reject);
  });
}

describe('what a display reads of a lane', () => {
  it('carries the payment, but not the operator, terminal or device ids, in its read and its stream', async () => {
    upstream = Fastify();
    upstream.post('/api/payment-requests', async () => REQUEST);
    upstream.get('/api/payment-requests/:id', async () => REQUEST);
    await upstream.listen({ port: 0, host: '127.0.0.1' });
    gateway = await buildGateway(`http://127.0.0.1:${(upstream.server.address() as AddressInfo).port}`);
    await gateway.listen({ port: 0, host: '127.0.0.1' });
    const received = await watch((gateway.server.address() as AddressInfo).port);

    expect((await startPayment(gateway)).statusCode).toBe(200);
    await waitForLane(gateway, (state) => state.payment?.outcome === 'pending');
    const read = await gateway.inject({ method: 'GET', url: `/api/lanes/${TEST_LANE.id}`, remoteAddress: '192.168.1.77' });
    expect(read.json().payment.paymentRequest).toMatchObject({ id: 'PR1', shortCode: 'CP-AAA-BBB', url: REQUEST.url, value: REQUEST.value });
    expect(read.body).not.toMatch(TILL_IDS);

    await expect.poll(() => received()).toContain('"shortCode":"CP-AAA-BBB"');
    expect(received()).not.toMatch(TILL_IDS);
  });
});
