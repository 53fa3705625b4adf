// Regression (issue 21): /metrics answered anyone on the shop's network: how busy each store is, what fails, which
// instance answered. Now only the computer running the till, or a scraper with METRICS_TOKEN as a bearer token.
// Scrapes come over real connections from other loopback addresses (other devices, as the gateway sees them).
import type { FastifyInstance } from 'fastify';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildGateway } from '../../../test-support/gateway-app';

/** Nothing here calls Centrapay. */
const NO_CENTRAPAY = 'http://127.0.0.1:9';
const TOKEN = 'scrape-me-0123456789';

let gateway: FastifyInstance | undefined;

afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

async function listening(metricsToken?: string): Promise<void> {
  gateway = await buildGateway(NO_CENTRAPAY, metricsToken ? { metricsToken } : {});
  await gateway.listen({ port: 0, host: '127.0.0.1' });
}

/** GET /metrics from `from`, with `authorization` when given: the status and the body. */
function scrape(from: string, authorization?: string): Promise<{ status: number; body: string }> {
  const { port } = gateway!.server.address() as AddressInfo;
  const headers = authorization ? { authorization } : {};
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/metrics', localAddress: from, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('who may scrape /metrics', () => {
  it('without METRICS_TOKEN: the computer running the till only; another device is told how to allow it', async () => {
    await listening();
    const local = await scrape('127.0.0.1');
    expect(local.status).toBe(200);
    expect(local.body).toContain('pos_live_payments');
    const other = await scrape('127.0.0.2', `Bearer ${TOKEN}`);
    expect(other.status).toBe(403);
    expect(JSON.parse(other.body)).toEqual({
      statusCode: 403,
      code: 'METRICS_LOCAL_ONLY',
      message: 'Metrics are only for the computer running the till. To scrape them from elsewhere, set METRICS_TOKEN and send it as "Authorization: Bearer <token>".',
    });
  });

  it('with METRICS_TOKEN: any address with the right bearer token; none or a wrong one is refused in words', async () => {
    await listening(TOKEN);
    const scraped = await scrape('127.0.0.2', `Bearer ${TOKEN}`);
    expect(scraped.status).toBe(200);
    expect(scraped.body).toContain('pos_live_payments');
    const refusal = { statusCode: 401, code: 'METRICS_TOKEN_REQUIRED', message: 'Metrics need the metrics token: send "Authorization: Bearer <METRICS_TOKEN>".' };
    for (const authorization of [undefined, 'Bearer wrong-token', TOKEN, `Basic ${TOKEN}`]) {
      const refused = await scrape('127.0.0.2', authorization);
      expect(refused.status, String(authorization)).toBe(401);
      expect(JSON.parse(refused.body)).toEqual(refusal);
    }
    expect((await scrape('127.0.0.1')).status).toBe(200);
  });
});
