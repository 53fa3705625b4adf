// Regression (issue 21): one device on the shop's network could hold any number of lane event streams open, each a
// connection, a listener and a heartbeat timer the gateway keeps for as long as it likes. Now each client address may
// hold EVENT_STREAMS_PER_CLIENT at once; the next is refused in words, and a closed stream frees its place.
import type { FastifyInstance } from 'fastify';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildGateway, TEST_LANE } from '../../../test-support/gateway-app';

let gateway: FastifyInstance | undefined;
const open: http.ClientRequest[] = [];

afterEach(async () => {
  for (const request of open.splice(0)) request.destroy();
  await gateway?.close();
  gateway = undefined;
});

/** Nothing here calls Centrapay: a lane's stream only reads the lane. */
const NO_CENTRAPAY = 'http://127.0.0.1:9';
const SECOND_LANE = { ...TEST_LANE, id: 'lane-2', name: 'Lane 2', terminalId: 'till-2' };

interface Stream {
  status: number;
  /** The whole answer of a refused stream, as JSON. */
  refusal: () => Promise<unknown>;
  close: () => void;
}

/** Opens a lane's event stream from `from` (a loopback address of its own: another device, as the gateway sees it). */
function stream(from: string, lane = TEST_LANE.id): Promise<Stream> {
  const { port } = gateway!.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: `/api/lanes/${lane}/events`, localAddress: from }, (response) => {
      open.push(request);
      const refusal = () => new Promise<unknown>((done) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => done(JSON.parse(body)));
      });
      resolve({ status: response.statusCode ?? 0, refusal, close: () => request.destroy() });
    });
    request.on('error', reject);
  });
}

async function listening(streamsPerClient?: number): Promise<void> {
  gateway = await buildGateway(NO_CENTRAPAY, { lanes: [TEST_LANE, SECOND_LANE], ...(streamsPerClient ? { eventStreamsPerClient: streamsPerClient } : {}) });
  await gateway.listen({ port: 0, host: '127.0.0.1' });
}

describe('lane event streams per client', () => {
  it('refuses a device’s stream past the cap with 429 in words, on any lane; other devices are not held up; a closed one frees its place', async () => {
    await listening(3);
    const held = [await stream('127.0.0.2'), await stream('127.0.0.2'), await stream('127.0.0.2', SECOND_LANE.id)];
    expect(held.map((each) => each.status)).toEqual([200, 200, 200]);

    for (const lane of [TEST_LANE.id, SECOND_LANE.id]) {
      const refused = await stream('127.0.0.2', lane);
      expect(refused.status).toBe(429);
      expect(await refused.refusal()).toEqual({
        statusCode: 429,
        code: 'TOO_MANY_STREAMS',
        message: 'Too many lane event streams from this device: it has 3 open, the most one device may. Close a screen it no longer needs, or try again once one has closed.',
      });
    }
    // Another device on the same network is not held up by the first one's streams.
    expect((await stream('127.0.0.3')).status).toBe(200);

    held[0]!.close();
    const deadline = Date.now() + 5_000;
    let again = await stream('127.0.0.2');
    while (again.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      again = await stream('127.0.0.2');
    }
    expect(again.status).toBe(200);
    expect((await stream('127.0.0.2')).status).toBe(429);
  });

  it('allows 20 at once by default, and does not count the computer running the till', async () => {
    await listening();
    const streams = await Promise.all(Array.from({ length: 20 }, () => stream('127.0.0.2')));
    expect(streams.every((each) => each.status === 200)).toBe(true);
    expect((await stream('127.0.0.2')).status).toBe(429);
    const local = await Promise.all(Array.from({ length: 21 }, () => stream('127.0.0.1')));
    expect(local.every((each) => each.status === 200)).toBe(true);
  });
});
