import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CentrapayClient } from './client';
import { CentrapayError } from './errors';
import { RateGovernor } from './rate-governor';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const PAYMENT_REQUEST = {
  id: 'abc', shortCode: 'CP-ABC-DEF', url: 'http://x/pay/abc', value: { amount: '550', currency: 'NZD' },
  paymentOptions: [], merchantId: 'm', merchantName: 'Café', configId: 'c', status: 'new',
  createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-01T00:02:00.000Z',
  merchantConditions: [], remainingAmount: '550', unknownFieldFromTheFuture: { ignored: true },
};

let server: Server | undefined;

/** A fake Centrapay answering each call with the next handler. */
async function fakeCentrapay(...handlers: Handler[]): Promise<{ client: CentrapayClient; calls: () => number; seenKeys: string[] }> {
  let calls = 0;
  const seenKeys: string[] = [];
  server = createServer((req, res) => {
    seenKeys.push(String(req.headers['x-api-key']));
    const handler = handlers[Math.min(calls, handlers.length - 1)]!;
    calls += 1;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // A short time-out only where a handler never answers: elsewhere a slow, busy machine must not turn one call into two.
  const timeoutMs = handlers.includes(hang) ? 300 : 5_000;
  const client = new CentrapayClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: 'secret-key', timeoutMs, retries: 2, minRetryDelayMs: 10, governor: new RateGovernor(60_000) });
  return { client, calls: () => calls, seenKeys };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const html: Handler = (_req, res) => {
  res.writeHead(502, { 'Content-Type': 'text/html' });
  res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
};
const drop: Handler = (req) => req.socket.destroy();
const hang: Handler = () => undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe('CentrapayClient', () => {
  it('reads in full an item of the external-ref listing that Centrapay abbreviated, as its own example does', async () => {
    const abbreviated = { id: 'abc', url: 'http://x/pay/abc', value: { amount: '550', currency: 'NZD' }, status: 'new', createdAt: PAYMENT_REQUEST.createdAt };
    const { client, calls } = await fakeCentrapay(json(200, { items: [abbreviated], pageKey: '1' }), json(200, { ...PAYMENT_REQUEST, terminalId: 'till-1' }));
    const found = await client.listPaymentRequestsByExternalRef('till-1-000001-ABC', 'account');
    expect(found).toEqual([expect.objectContaining({ id: 'abc', terminalId: 'till-1', configId: 'c' })]);
    expect(calls()).toBe(2);
  });

  it('takes an activity without an id, as Centrapay prints its void and refund answers', async () => {
    const { client } = await fakeCentrapay(json(200, { type: 'cancellation', paymentRequestId: 'abc', createdAt: PAYMENT_REQUEST.createdAt, value: { amount: '550', currency: 'NZD' } }));
    expect(await client.voidPaymentRequest('abc')).toMatchObject({ type: 'cancellation', paymentRequestId: 'abc' });
  });

  it('sends the API key and reads a Payment Request, ignoring unknown fields', async () => {
    const { client, seenKeys } = await fakeCentrapay(json(200, PAYMENT_REQUEST));
    const paymentRequest = await client.getPaymentRequest('abc');
    expect(paymentRequest.shortCode).toBe('CP-ABC-DEF');
    expect(paymentRequest).not.toHaveProperty('unknownFieldFromTheFuture');
    expect(seenKeys).toEqual(['secret-key']);
  });

  it('finds a Payment Request by its short code, and takes a 403 or 404 as Centrapay saying no, without asking again', async () => {
    const seenPaths: string[] = [];
    const found: Handler = (req, res) => {
      seenPaths.push(String(req.url));
      json(200, PAYMENT_REQUEST)(req, res);
    };
    const { client } = await fakeCentrapay(found);
    expect(await client.getPaymentRequestByShortCode('CP-ABC-DEF')).toMatchObject({ id: 'abc', shortCode: 'CP-ABC-DEF' });
    expect(seenPaths).toEqual(['/api/payment-requests/short-code/CP-ABC-DEF']);
    for (const status of [403, 404]) {
      server?.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
      const { client: other, calls } = await fakeCentrapay(json(status, { statusCode: status, error: 'Not Found', message: status === 403 ? 'Forbidden' : 'Not Found' }));
      await expect(other.getPaymentRequestByShortCode('CP-ABC-DEF')).rejects.toMatchObject({ kind: 'rejected', statusCode: status });
      expect(calls()).toBe(1);
    }
  });

  it.each([
    ['a 503', json(503, { statusCode: 503, message: 'Service Unavailable' })],
    ['an HTML error page', html],
    ['a dropped connection', drop],
    ['a body that is not a Payment Request', json(200, { hello: 'world' })],
    ['an empty body', (_req: IncomingMessage, res: ServerResponse) => res.end()],
    ['no answer in time', hang],
  ])('retries after %s and succeeds', async (_name, failure) => {
    const { client, calls } = await fakeCentrapay(failure, json(200, PAYMENT_REQUEST));
    await expect(client.getPaymentRequest('abc')).resolves.toMatchObject({ id: 'abc' });
    expect(calls()).toBe(2);
  });

  it('gives up after the retries with an error that says the outcome is unknown', async () => {
    const { client, calls } = await fakeCentrapay(html);
    const error = await client.getPaymentRequest('abc').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CentrapayError);
    expect((error as CentrapayError).kind).toBe('unavailable');
    expect(calls()).toBe(3);
  });

  it('does not retry a business rejection and keeps its code', async () => {
    const { client, calls } = await fakeCentrapay(json(403, { statusCode: 403, error: 'Forbidden', message: 'REQUEST_PAID' }));
    const error = (await client.voidPaymentRequest('abc').catch((e: unknown) => e)) as CentrapayError;
    expect(error.kind).toBe('rejected');
    expect(error.code).toBe('REQUEST_PAID');
    expect(calls()).toBe(1);
  });

  it('honours Retry-After on 429', async () => {
    const { client, calls } = await fakeCentrapay(json(429, { statusCode: 429, message: 'RATE_LIMIT_EXCEEDED' }, { 'Retry-After': '1' }), json(200, PAYMENT_REQUEST));
    const started = Date.now();
    await client.getPaymentRequest('abc');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(calls()).toBe(2);
  });

  it('never retries a create by itself (creates are not idempotent)', async () => {
    const { client, calls } = await fakeCentrapay(json(503, { message: 'down' }), json(200, PAYMENT_REQUEST));
    await expect(client.createPaymentRequest({ configId: 'c', value: { amount: '550', currency: 'NZD' } })).rejects.toMatchObject({ kind: 'unavailable' });
    expect(calls()).toBe(1);
  });
});
