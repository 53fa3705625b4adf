// Webhook deliveries over real HTTP, with signatures checked by node:crypto alone: the sandbox
// signs with jose, so this is an independent implementation of Centrapay's scheme (§7.4).
import Fastify from 'fastify';
import { createHash, createPublicKey, generateKeyPairSync, verify, type JsonWebKey } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { paymentNotificationSchema } from '../../domain/centrapay';
import { ASSET_TYPE, SEED } from '../../domain/sandbox-seeds';
import { createSandboxState, sandboxPlugin } from './app';
import { startSandbox, startWebhookReceiver, TERMINAL, uniqueKey, type ReceivedWebhook, type TestSandbox, type WebhookReceiver } from '../../test-support/sandbox-world';
import type { WebhookOptions } from './webhooks';

let sandbox: TestSandbox | undefined;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await sandbox?.app.close();
  await receiver?.close();
  sandbox = undefined;
  receiver = undefined;
});

const FAST: WebhookOptions = { retryBaseMs: 5, maxAttempts: 4, refundCompletionMs: 30 };

async function setUp(statuses: number[] = [], webhooks: WebhookOptions = FAST, types?: string[]) {
  receiver = await startWebhookReceiver(statuses);
  sandbox = await startSandbox({ webhooks });
  const subscribed = await sandbox.call('POST', '/_sandbox/webhooks', {}, { url: receiver.url, ...(types ? { types } : {}) });
  expect(subscribed.status).toBe(200);
  return { sandbox, receiver };
}

async function paidRequest(s: TestSandbox) {
  const pr = (await s.createRequest()).body;
  await s.payAsAlice(pr.id);
  return pr;
}

interface Claims {
  iat: number;
  exp: number;
  aud: string;
  request_body_sha256: string;
}

/** Verifies a delivery the way a receiver would, with nothing but node:crypto and the JWKS. */
function verifyDelivery(delivery: ReceivedWebhook, jwks: { keys: JsonWebKey[] }, audience: string): { kid: string; claims: Claims } {
  const token = String(delivery.headers.authorization).replace(/^Bearer /, '');
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) throw new Error('not a JWT');
  const { alg, kid } = JSON.parse(Buffer.from(header, 'base64url').toString());
  expect(alg).toBe('ES256');
  const jwk = jwks.keys.find((key) => key.kid === kid);
  if (!jwk) throw new Error(`no key ${kid} in the JWKS`);
  expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const valid = verify('sha256', Buffer.from(`${header}.${payload}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  expect(valid).toBe(true);
  const claims: Claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  expect(claims.aud).toBe(audience);
  expect(claims.exp).toBe(claims.iat + 300);
  expect(Math.abs(claims.iat - Date.now() / 1000)).toBeLessThan(30);
  expect(claims.request_body_sha256).toBe(createHash('sha256').update(delivery.raw).digest('hex'));
  return { kid, claims };
}

const jwksOf = async (s: TestSandbox) => (await s.call('GET', '/.well-known/jwks.json')).body;

describe('webhooks', () => {
  it('delivers payment-request:paid with the paid activity, signed and verifiable against the JWKS', async () => {
    const { sandbox: s, receiver: r } = await setUp();
    const pr = await paidRequest(s);
    const [delivery] = await r.waitFor(1);
    if (!delivery) throw new Error('no delivery');
    expect(delivery.headers['content-type']).toBe('application/json');
    const notification = paymentNotificationSchema.parse(delivery.body);
    expect(delivery.body).toMatchObject({ type: 'payment-request:paid', accountId: SEED.accountCafe, test: true });
    expect(notification.id).toMatch(/^[0-9a-f]{32}$/);
    const paid = (await s.call('GET', `/api/payment-requests/${pr.id}/activities`, TERMINAL)).body.items[0];
    expect(delivery.body.data).toEqual(paid);
    verifyDelivery(delivery, await jwksOf(s), r.url);
  });

  it('serves the JWKS publicly with a cache lifetime, under the sandbox base', async () => {
    sandbox = await startSandbox();
    const response = await sandbox.call('GET', '/.well-known/jwks.json');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(response.body.keys).toHaveLength(1);
    expect(response.body.keys[0]).not.toHaveProperty('d');
    expect((await sandbox.app.inject('/sandbox/.well-known/jwks.json')).statusCode).toBe(200);
  });

  it('starts a refund with refund-initiated and completes it asynchronously with refund-completed', async () => {
    const { sandbox: s, receiver: r } = await setUp(undefined, { ...FAST, refundCompletionMs: 80 }, [
      'payment-request:refund-initiated',
      'payment-request:refund-completed',
    ]);
    const pr = await paidRequest(s);
    const refund = await s.call('POST', `/api/payment-requests/${pr.id}/refund`, TERMINAL, { value: { amount: '400', currency: 'NZD' }, externalRef: 'R-1' });
    expect(refund.status).toBe(200);
    const [initiated] = await r.waitFor(1);
    expect(initiated?.body).toMatchObject({ type: 'payment-request:refund-initiated', data: refund.body });
    expect(r.received).toHaveLength(1);
    const [, completed] = await r.waitFor(2);
    expect(completed?.body).toMatchObject({ type: 'payment-request:refund-completed', data: refund.body });
    expect(completed?.body.id).not.toBe(initiated?.body.id);
  });

  it('fires refund notifications for voids, and paid for a pre-auth authorisation', async () => {
    const { sandbox: s, receiver: r } = await setUp(undefined, { ...FAST, refundCompletionMs: 0 });
    const pr = await paidRequest(s);
    await s.call('POST', `/api/payment-requests/${pr.id}/void`, TERMINAL);
    const preAuth = (await s.createRequest({ preAuth: true })).body;
    const authorization = (await s.payAsAlice(preAuth.id)).body;
    const all = await r.waitFor(4);
    expect(all.map((delivery) => delivery.body.type).sort()).toEqual([
      'payment-request:paid',
      'payment-request:paid',
      'payment-request:refund-completed',
      'payment-request:refund-initiated',
    ]);
    expect(all.find((delivery) => delivery.body.data.id === authorization.id)?.body.type).toBe('payment-request:paid');
  });

  it('sends only the types subscribed to', async () => {
    const { sandbox: s, receiver: r } = await setUp(undefined, FAST, ['payment-request:refund-completed']);
    const pr = await paidRequest(s);
    await s.call('POST', `/api/payment-requests/${pr.id}/refund`, TERMINAL, { value: { amount: '1000', currency: 'NZD' }, externalRef: 'R' });
    await r.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(r.received.map((delivery) => delivery.body.type)).toEqual(['payment-request:refund-completed']);
  });

  it('retries with backoff until a 2xx, signing each attempt afresh', async () => {
    const { sandbox: s, receiver: r } = await setUp([500, 503]);
    await paidRequest(s);
    const attempts = await r.waitFor(3);
    expect(new Set(attempts.map((attempt) => attempt.body.id)).size).toBe(1);
    const jwks = await jwksOf(s);
    for (const attempt of attempts) verifyDelivery(attempt, jwks, r.url);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(r.received).toHaveLength(3);
    const deliveries = (await s.call('GET', '/_sandbox/webhooks/deliveries')).body.items;
    expect(deliveries[0]).toMatchObject({ type: 'payment-request:paid', url: r.url, attempts: 3, status: 'delivered', lastStatusCode: 200 });
  });

  it('gives up after maxAttempts, and retries unreachable endpoints too', async () => {
    const { sandbox: s, receiver: r } = await setUp([500, 500, 500, 500, 500]);
    await paidRequest(s);
    await r.waitFor(4);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(r.received).toHaveLength(4);
    expect((await s.call('GET', '/_sandbox/webhooks/deliveries')).body.items[0]).toMatchObject({ attempts: 4, status: 'failed', lastStatusCode: 500 });

    await s.call('DELETE', '/_sandbox/webhooks');
    const gone = await startWebhookReceiver();
    await gone.close();
    await s.call('POST', '/_sandbox/webhooks', {}, { url: gone.url });
    await paidRequest(s);
    await expect.poll(async () => (await s.call('GET', '/_sandbox/webhooks/deliveries')).body.items[0].status).toBe('failed');
    expect((await s.call('GET', '/_sandbox/webhooks/deliveries')).body.items[0]).toMatchObject({ attempts: 4, lastError: 'fetch failed: ECONNREFUSED' });
  });

  it('stops retrying on reset and on close, and keeps subscriptions across a reset', async () => {
    const { sandbox: s, receiver: r } = await setUp([500], { retryBaseMs: 60_000, maxAttempts: 5 });
    await paidRequest(s);
    await r.waitFor(1);
    await s.call('POST', '/_sandbox/reset');
    await expect.poll(async () => (await s.call('GET', '/_sandbox/webhooks/deliveries')).body.items[0].status).toBe('cancelled');
    expect((await s.call('GET', '/_sandbox/webhooks')).body.items).toEqual([expect.objectContaining({ url: r.url })]);

    r.received.length = 0;
    await paidRequest(s);
    await r.waitFor(1);
    const started = Date.now();
    await s.app.close();
    expect(Date.now() - started).toBeLessThan(1000);
    sandbox = undefined;
  });

  it('signs with a key and kid given in the options', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const { sandbox: s, receiver: r } = await setUp(undefined, { ...FAST, signingKey: privateKey.export({ format: 'jwk' }), kid: 'test-key-1' });
    expect((await jwksOf(s)).keys.map((key: JsonWebKey) => key.kid)).toEqual(['test-key-1']);
    await paidRequest(s);
    const [delivery] = await r.waitFor(1);
    if (!delivery) throw new Error('no delivery');
    expect(verifyDelivery(delivery, await jwksOf(s), r.url).kid).toBe('test-key-1');
  });

  it('rotates the signing key, keeping the previous one in the JWKS', async () => {
    const { sandbox: s, receiver: r } = await setUp();
    const before = (await jwksOf(s)).keys[0].kid;
    const rotated = await s.call('POST', '/_sandbox/webhooks/rotate-key');
    expect(rotated.body.kid).not.toBe(before);
    const jwks = await jwksOf(s);
    expect(jwks.keys.map((key: JsonWebKey) => key.kid)).toEqual([rotated.body.kid, before]);
    await paidRequest(s);
    const [delivery] = await r.waitFor(1);
    if (!delivery) throw new Error('no delivery');
    expect(verifyDelivery(delivery, jwks, r.url).kid).toBe(rotated.body.kid);
  });

  it('lets the host subscribe through the state, without HTTP', async () => {
    receiver = await startWebhookReceiver();
    sandbox = await startSandbox({ webhooks: FAST });
    sandbox.state.webhooks.subscribe({ url: receiver.url, types: ['payment-request:paid'] });
    await paidRequest(sandbox);
    expect((await receiver.waitFor(1))[0]?.body.type).toBe('payment-request:paid');
  });

  it('validates subscriptions; subscribing a URL again replaces its types', async () => {
    sandbox = await startSandbox();
    expect((await sandbox.call('POST', '/_sandbox/webhooks', {}, { url: 'ftp://x', types: ['payment-request:paid'] })).status).toBe(400);
    expect((await sandbox.call('POST', '/_sandbox/webhooks', {}, { url: 'http://x.test/h', types: ['payment-request:expired'] })).status).toBe(400);
    expect((await sandbox.call('POST', '/_sandbox/webhooks', {}, { url: 'http://x.test/h', types: [] })).status).toBe(400);
    const all = await sandbox.call('POST', '/_sandbox/webhooks', {}, { url: 'http://x.test/h' });
    expect(all.body.types).toEqual(['payment-request:paid', 'payment-request:refund-initiated', 'payment-request:refund-completed']);
    await sandbox.call('POST', '/_sandbox/webhooks', {}, { url: 'http://x.test/h', types: ['payment-request:paid'] });
    expect((await sandbox.call('GET', '/_sandbox/webhooks')).body.items).toEqual([expect.objectContaining({ types: ['payment-request:paid'] })]);
    expect((await sandbox.call('DELETE', '/_sandbox/webhooks')).status).toBe(200);
    expect((await sandbox.call('GET', '/_sandbox/webhooks')).body.items).toEqual([]);
  });

  it('rejects an options key that is not P-256, and webhook options beside a state', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    await expect(startSandbox({ webhooks: { signingKey: privateKey } })).rejects.toThrow(/P-256/);
    const app = Fastify();
    await expect(app.register(sandboxPlugin, { publicUrl: 'http://x', state: createSandboxState(), webhooks: FAST })).rejects.toThrow();
    await app.close();
  });

  it('notify once for a pay retried with the same idempotency key', async () => {
    const { sandbox: s, receiver: r } = await setUp();
    const pr = (await s.createRequest()).body;
    const body = { assetType: ASSET_TYPE.nzdTest, assetId: SEED.aliceAsset, idempotencyKey: uniqueKey() };
    await s.call('POST', `/api/payment-requests/${pr.id}/pay`, { auth: SEED.aliceToken }, body);
    await s.call('POST', `/api/payment-requests/${pr.id}/pay`, { auth: SEED.aliceToken }, body);
    await r.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(r.received).toHaveLength(1);
  });
});
