import { afterEach, describe, expect, it } from 'vitest';
import { ASSET_TYPE, SEED } from '../../domain/sandbox-seeds';
import { buildSandboxServer } from './app';
import { matchesPath } from './faults';
import { ALICE, startSandbox, TERMINAL, type TestSandbox } from '../../test-support/sandbox-world';

let sandbox: TestSandbox | undefined;
afterEach(async () => {
  await sandbox?.app.close();
  sandbox = undefined;
});

async function withRequest() {
  sandbox = await startSandbox();
  const pr = (await sandbox.createRequest()).body;
  return { sandbox, pr, path: `/api/payment-requests/${pr.id}` };
}

const addFault = (target: TestSandbox, fault: Record<string, unknown>) => target.call('POST', '/_sandbox/faults', {}, fault);

describe('matchesPath', () => {
  it('matches literal segments, :params and a trailing *', () => {
    expect(matchesPath('/api/payment-requests/:id', '/api/payment-requests/abc')).toBe(true);
    expect(matchesPath('/api/payment-requests/:id', '/api/payment-requests/abc/pay')).toBe(false);
    expect(matchesPath('/api/payment-requests/:id/pay', '/api/payment-requests/abc/pay')).toBe(true);
    expect(matchesPath('/api/payment-requests', '/api/payment-requests/')).toBe(true);
    expect(matchesPath('/api/*', '/api/payment-requests/abc/void')).toBe(true);
    expect(matchesPath('/api/payment-requests/:id', '/api/connections/abc')).toBe(false);
  });
});

describe('faults', () => {
  it.each([
    ['http500', 500],
    ['http502', 502],
    ['http503', 503],
    ['http504', 504],
  ])('%s answers %i with a JSON error body, for the next `count` calls only', async (mode, status) => {
    const { sandbox, path } = await withRequest();
    const added = await addFault(sandbox, { method: 'GET', path: '/api/payment-requests/:id', mode, count: 2 });
    expect(added.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const response = await sandbox.call('GET', path, TERMINAL);
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({ statusCode: status });
    }
    expect((await sandbox.call('GET', path, TERMINAL)).status).toBe(200);
  });

  it('rate-limit answers 429 RATE_LIMIT_EXCEEDED with Retry-After', async () => {
    const { sandbox, path } = await withRequest();
    await addFault(sandbox, { method: 'GET', path: '/api/payment-requests/:id', mode: 'rate-limit', count: 1 });
    const response = await sandbox.call('GET', path, TERMINAL);
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'RATE_LIMIT_EXCEEDED' });
  });

  it('malformed-json answers 200 with a body that does not parse', async () => {
    const { sandbox, path } = await withRequest();
    await addFault(sandbox, { method: 'GET', path, mode: 'malformed-json', count: 1 });
    const response = await sandbox.call('GET', path, TERMINAL);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(() => JSON.parse(response.text)).toThrow();
  });

  it('html answers a 502 HTML page', async () => {
    const { sandbox, path } = await withRequest();
    await addFault(sandbox, { method: 'GET', path, mode: 'html', count: 1 });
    const response = await sandbox.call('GET', path, TERMINAL);
    expect(response.status).toBe(502);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toContain('<html>');
  });

  it('empty answers 200 with no body', async () => {
    const { sandbox, path } = await withRequest();
    await addFault(sandbox, { method: 'GET', path, mode: 'empty', count: 1 });
    const response = await sandbox.call('GET', path, TERMINAL);
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
  });

  it('drop closes the connection without an answer', async () => {
    const { sandbox, path } = await withRequest();
    await addFault(sandbox, { method: 'GET', path, mode: 'drop', count: 1 });
    await expect(sandbox.call('GET', path, TERMINAL)).rejects.toThrow();
    expect((await sandbox.call('GET', path, TERMINAL)).status).toBe(200);
  });

  it('slow answers normally after delayMs', async () => {
    const { sandbox, path } = await withRequest();
    await addFault(sandbox, { method: 'GET', path, mode: 'slow', count: 1, delayMs: 150 });
    const started = Date.now();
    const response = await sandbox.call('GET', path, TERMINAL);
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('timeout holds the call without answering, and never holds up closing the server', async () => {
    const app = buildSandboxServer({ publicUrl: 'http://127.0.0.1' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    await fetch(`${base}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'GET', path: '/api/payment-requests/:id', mode: 'timeout', count: 1 }),
    });
    const started = Date.now();
    const call = fetch(`${base}/api/payment-requests/abc`, { headers: { 'x-api-key': SEED.terminalCafeKey }, signal: AbortSignal.timeout(300) });
    await expect(call).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await app.close();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('only matches its method and path, and DELETE clears all faults', async () => {
    const { sandbox, pr, path } = await withRequest();
    await addFault(sandbox, { method: 'POST', path: '/api/payment-requests/:id/void', mode: 'http503', count: 5 });
    expect((await sandbox.call('GET', path, TERMINAL)).status).toBe(200);
    expect((await sandbox.call('POST', `/api/payment-requests/${pr.id}/void`, TERMINAL)).status).toBe(503);
    expect((await sandbox.call('GET', '/_sandbox/faults')).body.items).toHaveLength(1);
    expect((await sandbox.call('DELETE', '/_sandbox/faults')).status).toBe(200);
    expect((await sandbox.call('POST', `/api/payment-requests/${pr.id}/void`, TERMINAL)).status).toBe(200);
  });

  it('a fault before the call means the call did not happen', async () => {
    const { sandbox, pr } = await withRequest();
    await addFault(sandbox, { method: 'POST', path: '/api/payment-requests/:id/pay', mode: 'http500', count: 1 });
    expect((await sandbox.payAsAlice(pr.id)).status).toBe(500);
    expect((await sandbox.call('GET', `/api/payment-requests/${pr.id}`, TERMINAL)).body.status).toBe('new');
  });

  it('phase "after" lets the call take effect and spoils only the answer', async () => {
    const { sandbox, pr } = await withRequest();
    await addFault(sandbox, { method: 'POST', path: '/api/payment-requests/:id/pay', mode: 'http502', count: 1, phase: 'after' });
    const body = { assetType: ASSET_TYPE.nzdTest, assetId: SEED.aliceAsset, idempotencyKey: 'lost-answer' };
    const lost = await sandbox.call('POST', `/api/payment-requests/${pr.id}/pay`, { auth: SEED.aliceToken }, body);
    expect(lost.status).toBe(502);
    expect((await sandbox.call('GET', `/api/payment-requests/${pr.id}`, TERMINAL)).body.status).toBe('paid');
    // The retry with the same key recovers the answer instead of failing with REQUEST_PAID.
    const retry = await sandbox.call('POST', `/api/payment-requests/${pr.id}/pay`, { auth: SEED.aliceToken }, body);
    expect(retry.status).toBe(200);
    expect(retry.body.type).toBe('payment');
  });

  it('phase "after" drop loses the answer on a real socket', async () => {
    const app = buildSandboxServer({ publicUrl: 'http://127.0.0.1' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const headers = { 'content-type': 'application/json', 'x-api-key': SEED.terminalCafeKey };
    await fetch(`${base}/_sandbox/faults`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ method: 'POST', path: '/api/payment-requests', mode: 'drop', count: 1, phase: 'after' }),
    });
    const create = fetch(`${base}/api/payment-requests`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ configId: SEED.configCafe, value: { amount: '100', currency: 'NZD' }, externalRef: 'LOST-1' }),
    });
    await expect(create).rejects.toThrow();
    const listed = await fetch(`${base}/api/payment-requests/external-ref/LOST-1?merchantAccountId=${SEED.accountCafe}`, { headers });
    expect(((await listed.json()) as { items: unknown[] }).items).toHaveLength(1);
    await app.close();
  });

  it('validates fault definitions and never applies to control endpoints', async () => {
    sandbox = await startSandbox();
    expect((await addFault(sandbox, { method: 'GET', path: '/x', mode: 'explode', count: 1 })).status).toBe(400);
    expect((await addFault(sandbox, { method: 'GET', path: 'no-slash', mode: 'http500', count: 1 })).status).toBe(400);
    expect((await addFault(sandbox, { method: 'GET', path: '/x', mode: 'http500', count: 0 })).status).toBe(400);
    await addFault(sandbox, { method: '*', path: '/*', mode: 'http500', count: 10 });
    expect((await sandbox.call('GET', '/_sandbox/clock')).status).toBe(200);
    expect((await sandbox.call('GET', '/api/payment-requests/x', TERMINAL)).status).toBe(500);
  });

  it('are cleared by reset', async () => {
    const { sandbox, path } = await withRequest();
    await addFault(sandbox, { method: 'GET', path, mode: 'http500', count: 1 });
    await sandbox.call('POST', '/_sandbox/reset');
    expect((await sandbox.call('GET', path, TERMINAL)).status).toBe(403);
  });
});

describe('GET /_sandbox/requests', () => {
  it('counts API calls by method, route template and status, faults included', async () => {
    const { sandbox, pr, path } = await withRequest();
    await sandbox.call('GET', path, TERMINAL);
    await sandbox.call('GET', path, TERMINAL);
    await sandbox.call('GET', '/api/payment-requests/unknownId', TERMINAL);
    await sandbox.call('GET', path, {});
    await addFault(sandbox, { method: 'GET', path, mode: 'http503', count: 1 });
    await sandbox.call('GET', path, TERMINAL);
    await addFault(sandbox, { method: 'GET', path, mode: 'drop', count: 1 });
    await sandbox.call('GET', path, TERMINAL).catch(() => undefined);
    await sandbox.payAsAlice(pr.id);
    const counts = (await sandbox.call('GET', '/_sandbox/requests')).body;
    expect(counts).toEqual({
      'POST /api/payment-requests': { '200': 1 },
      'GET /api/payment-requests/:paymentRequestId': { '200': 2, '401': 1, '403': 1, '503': 1, drop: 1 },
      'POST /api/payment-requests/:paymentRequestId/pay': { '200': 1 },
    });
  });
});

describe('GET /_sandbox/requests/reads', () => {
  it('lists each merchant read of a Payment Request with its time, faults included; a patron’s read and other routes are not listed', async () => {
    const { sandbox, pr, path } = await withRequest();
    const before = Date.now();
    await sandbox.call('GET', path, TERMINAL);
    await addFault(sandbox, { method: 'GET', path, mode: 'http503', count: 1 });
    await sandbox.call('GET', path, TERMINAL);
    await sandbox.call('GET', path, ALICE);
    await sandbox.call('GET', `${path}/activities`, TERMINAL);
    const { items } = (await sandbox.call('GET', '/_sandbox/requests/reads')).body as { items: { id: string; at: number; from: string }[] };
    expect(items.map((read) => read.id)).toEqual([pr.id, pr.id]);
    for (const read of items) expect(read.at).toBeGreaterThanOrEqual(before);
    expect(items[0]!.from).toBe('127.0.0.1');
    await sandbox.call('POST', '/_sandbox/reset');
    expect((await sandbox.call('GET', '/_sandbox/requests/reads')).body).toEqual({ items: [] });
  });
});
