import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { SEED } from '../../domain/sandbox-seeds';
import { buildSandboxServer, createSandboxState, sandboxPlugin } from './app';
import { ALICE, startSandbox, TERMINAL, type TestSandbox } from '../../test-support/sandbox-world';

let sandbox: TestSandbox | undefined;
afterEach(async () => {
  await sandbox?.app.close();
  sandbox = undefined;
});

describe('mounting', () => {
  it('serves the API under the prefix it is registered with, beside other routes', async () => {
    const app = Fastify();
    app.get('/api/health', async () => ({ ok: true }));
    await app.register(sandboxPlugin, { prefix: '/sandbox', publicUrl: 'http://shop.test/' });
    const created = await app.inject({
      method: 'POST',
      url: '/sandbox/api/payment-requests',
      headers: { 'x-api-key': SEED.terminalCafeKey },
      payload: { configId: SEED.configCafe, value: { amount: '100', currency: 'NZD' } },
    });
    expect(created.statusCode).toBe(200);
    const pr = created.json();
    expect(pr.url).toBe(`http://shop.test/sandbox/pay/${pr.id}`);
    // The host app's own routes and 404s are untouched by the sandbox's handlers.
    expect((await app.inject('/api/health')).json()).toEqual({ ok: true });
    const outside = await app.inject('/nowhere');
    expect(outside.statusCode).toBe(404);
    expect(outside.json().message).toMatch(/not found/);
    await app.close();
  });

  it('runs at the root of its own server, with /sandbox still in patron URLs', async () => {
    let origin = 'http://first.test';
    const app = buildSandboxServer({ publicUrl: () => origin });
    origin = 'http://127.0.0.1:8787';
    const created = await app.inject({
      method: 'POST',
      url: '/api/payment-requests',
      headers: { 'x-api-key': SEED.terminalCafeKey },
      payload: { configId: SEED.configCafe, value: { amount: '100', currency: 'NZD' } },
    });
    expect(created.json().url).toBe(`http://127.0.0.1:8787/sandbox/pay/${created.json().id}`);
    expect((await app.inject({ method: 'POST', url: '/_sandbox/reset' })).statusCode).toBe(200);
    const missing = await app.inject('/api/nothing-here');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'Not Found' });
    await app.close();
  });

  it('keeps state apart between instances', async () => {
    const one = await startSandbox();
    const two = await startSandbox();
    const created = await one.createRequest();
    expect((await two.call('GET', `/api/payment-requests/${created.body.id}`, TERMINAL)).status).toBe(403);
    await one.app.close();
    await two.app.close();
  });
});

describe('errors', () => {
  it('answers unknown routes under the sandbox with 404 Not Found', async () => {
    sandbox = await startSandbox();
    const response = await sandbox.call('GET', '/api/payment-requests/abc/unknown', TERMINAL);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Not Found' });
    expect((await sandbox.call('PUT', '/api/payment-requests', TERMINAL)).status).toBe(404);
  });

  it('answers malformed JSON with a 400 in Centrapay’s shape', async () => {
    sandbox = await startSandbox();
    const response = await sandbox.call('POST', '/api/payment-requests', TERMINAL, '{"configId": ');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'Body is not valid JSON' });
  });

  it('treats an empty JSON body as no body', async () => {
    sandbox = await startSandbox();
    const created = await sandbox.createRequest();
    const response = await sandbox.app.inject({
      method: 'POST',
      url: `/sandbox/api/payment-requests/${created.body.id}/void`,
      headers: { 'x-api-key': SEED.terminalCafeKey, 'content-type': 'application/json' },
      payload: '',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().type).toBe('cancellation');
  });

  it('refuses a JSON body that is not an object', async () => {
    sandbox = await startSandbox();
    const response = await sandbox.call('POST', '/api/payment-requests', TERMINAL, '[1, 2]');
    expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'body must be a JSON object' });
  });

  it('gives field validation errors a free-text message', async () => {
    sandbox = await startSandbox();
    const response = await sandbox.call('POST', '/api/payment-requests', TERMINAL, { value: { amount: '100', currency: 'NZD' } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'configId is required' });
  });
});

describe('authentication', () => {
  it('answers 401 Missing authentication without credentials', async () => {
    sandbox = await startSandbox();
    const response = await sandbox.call('POST', '/api/payment-requests', {}, { configId: SEED.configCafe, value: { amount: '1', currency: 'NZD' } });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: 'Missing authentication' });
  });

  it('answers 401 for an unknown key or token', async () => {
    sandbox = await startSandbox();
    const created = await sandbox.createRequest();
    expect((await sandbox.call('GET', `/api/payment-requests/${created.body.id}`, { key: 'nope' })).status).toBe(401);
    expect((await sandbox.call('GET', `/api/payment-requests/${created.body.id}`, { auth: 'nope' })).status).toBe(401);
  });

  it('accepts a patron token bare or with a Bearer prefix', async () => {
    sandbox = await startSandbox();
    const created = await sandbox.createRequest();
    expect((await sandbox.call('GET', `/api/payment-requests/${created.body.id}`, ALICE)).status).toBe(200);
    expect((await sandbox.call('GET', `/api/payment-requests/${created.body.id}`, { auth: `Bearer ${SEED.aliceToken}` })).status).toBe(200);
  });
});

describe('rate limit', () => {
  it('answers 429 RATE_LIMIT_EXCEEDED with Retry-After once a key passes its per-minute limit', async () => {
    sandbox = await startSandbox({ rateLimitPerMinute: 3 });
    const created = await sandbox.createRequest();
    const path = `/api/payment-requests/${created.body.id}`;
    expect((await sandbox.call('GET', path, TERMINAL)).status).toBe(200);
    expect((await sandbox.call('GET', path, TERMINAL)).status).toBe(200);
    const limited = await sandbox.call('GET', path, TERMINAL);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'RATE_LIMIT_EXCEEDED' });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Counted per calling key: another caller is unaffected.
    expect((await sandbox.call('GET', path, ALICE)).status).toBe(200);
    // The window rolls: a minute later the key may call again.
    await sandbox.advance(61);
    expect((await sandbox.call('GET', path, TERMINAL)).status).toBe(200);
  });
});

describe('control endpoints', () => {
  it('are absent when disabled', async () => {
    sandbox = await startSandbox({ controlEndpoints: false });
    expect((await sandbox.call('POST', '/_sandbox/reset')).status).toBe(404);
    expect((await sandbox.call('GET', '/_sandbox/clock')).status).toBe(404);
  });

  it('reset drops Payment Requests, restores balances and the clock', async () => {
    const state = createSandboxState();
    sandbox = await startSandbox({ state });
    const created = await sandbox.createRequest();
    await sandbox.payAsAlice(created.body.id);
    await sandbox.advance(3600);
    expect(state.store.assets.get(SEED.aliceAsset)?.balance).toBe('99000');
    const reset = await sandbox.call('POST', '/_sandbox/reset');
    expect(reset.status).toBe(200);
    expect(state.store.assets.get(SEED.aliceAsset)?.balance).toBe('100000');
    expect((await sandbox.call('GET', `/api/payment-requests/${created.body.id}`, TERMINAL)).status).toBe(403);
    const { now } = (await sandbox.call('GET', '/_sandbox/clock')).body;
    expect(Math.abs(Date.parse(now) - Date.now())).toBeLessThan(5000);
  });

  it('moves the clock forward only', async () => {
    sandbox = await startSandbox();
    const before = Date.parse((await sandbox.call('GET', '/_sandbox/clock')).body.now);
    const moved = await sandbox.call('POST', '/_sandbox/clock', {}, { advanceSeconds: 600 });
    expect(moved.status).toBe(200);
    expect(Date.parse(moved.body.now) - before).toBeGreaterThanOrEqual(600_000);
    expect((await sandbox.call('POST', '/_sandbox/clock', {}, { advanceSeconds: -5 })).status).toBe(400);
    expect((await sandbox.call('POST', '/_sandbox/clock', {}, {})).status).toBe(400);
  });
});
