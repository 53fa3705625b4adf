// Webhook deliveries against a gateway watching a scripted Centrapay: only a delivery whose JWT checks out makes the
// gateway read the Payment Request, and it reads it at once; every other delivery changes nothing.
import Fastify, { type FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LaneState } from '../../../domain/lane';
import { buildGateway, laneState, startPayment, waitForLane } from '../../../test-support/gateway-app';
import { freshnessMs, WEBHOOK_PATH, WebhookRejected, WebhookVerifier } from './webhooks';

const AUDIENCE = 'https://till.example.nz/api/webhooks/centrapay';
const KID = 'centrapay-key-1';

const now = new Date().toISOString();
const newRequest = {
  id: 'PR1', shortCode: 'CP-AAA-BBB', url: 'http://pos.test/sandbox/pay/PR1', value: { amount: '1700', currency: 'NZD' },
  paymentOptions: [{ assetType: 'centrapay.nzd.test', amount: '1700' }], merchantId: 'm', merchantName: 'Café',
  configId: 'sbxConfigCafe', status: 'new', createdAt: now, updatedAt: now,
  expiresAt: new Date(Date.now() + 120_000).toISOString(), merchantConditions: [], remainingAmount: '1700', externalRef: 'till-1-000001',
};
const paidRequest = {
  ...newRequest, status: 'paid', remainingAmount: '0', updatedAt: new Date(Date.now() + 1).toISOString(),
  paidBy: { assetTotals: [{ type: 'centrapay.nzd.test', description: 'Centrapay NZD', total: { amount: '1700', currency: 'NZD' } }] },
};

let centrapayKey: CryptoKey;
let forgerKey: CryptoKey;
let publicJwk: JWK;

beforeAll(async () => {
  const centrapay = await generateKeyPair('ES256');
  centrapayKey = centrapay.privateKey;
  publicJwk = await exportJWK(centrapay.publicKey);
  forgerKey = (await generateKeyPair('ES256')).privateKey;
});

/** A tiny JWKS server and a scripted Centrapay that counts the reads of PR1 and says `paid` once the patron paid. */
let servers: FastifyInstance[] = [];
let gateway: FastifyInstance | undefined;
let jwksFetches = 0;
let jwksCacheControl = 'public, max-age=300';
let upstreamReads = 0;
let patronPaid = false;

async function listen(routes: (app: FastifyInstance) => void): Promise<string> {
  const server = Fastify();
  routes(server);
  await server.listen({ port: 0, host: '127.0.0.1' });
  servers.push(server);
  return `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
}

async function jwksServer(keys: () => JWK[]): Promise<string> {
  return `${await listen((app) => {
    app.get('/.well-known/jwks.json', async (_request, reply) => {
      jwksFetches += 1;
      return reply.header('Cache-Control', jwksCacheControl).send({ keys: keys() });
    });
  })}/.well-known/jwks.json`;
}

beforeEach(() => {
  jwksFetches = 0;
  jwksCacheControl = 'public, max-age=300';
  upstreamReads = 0;
  patronPaid = false;
});

afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

/** A gateway whose own poller would not read PR1 for a minute: any read within the test came from a webhook. */
async function watchingGateway(): Promise<FastifyInstance> {
  const centrapay = await listen((app) => {
    app.post('/api/payment-requests', async () => newRequest);
    app.get('/api/payment-requests/:id', async () => {
      upstreamReads += 1;
      return patronPaid ? paidRequest : newRequest;
    });
  });
  const jwksUrl = await jwksServer(() => [{ ...publicJwk, kid: KID, alg: 'ES256', use: 'sig' }]);
  gateway = await buildGateway(centrapay, { webhooks: { jwksUrl, audience: AUDIENCE }, sales: { pollIntervalMs: 60_000 } });
  expect((await startPayment(gateway)).statusCode).toBe(200);
  return gateway;
}

interface Delivery {
  body?: string;
  key?: CryptoKey;
  kid?: string;
  iat?: number | string;
  exp?: number | string;
  aud?: string;
  bodyHash?: string;
}

function notificationBody(id: string = randomUUID(), data: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id, type: 'payment-request:paid', accountId: 'sbxAccountCafe', test: true, createdAt: new Date().toISOString(),
    data: { id: 'a'.repeat(32), type: 'paid', paymentRequestId: 'PR1', value: { amount: '1700', currency: 'NZD' }, activityNumber: '3', createdAt: new Date().toISOString(), ...data },
  });
}

async function signedDelivery(delivery: Delivery = {}): Promise<{ body: string; authorization: string }> {
  const body = delivery.body ?? notificationBody();
  const iat = delivery.iat ?? Math.floor(Date.now() / 1000);
  const jwt = await new SignJWT({
    request_body_sha256: delivery.bodyHash ?? createHash('sha256').update(body).digest('hex'),
    iat: iat as number,
    exp: (delivery.exp ?? Number(iat) + 300) as number,
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: delivery.kid ?? KID })
    .setAudience(delivery.aud ?? AUDIENCE)
    .sign(delivery.key ?? centrapayKey);
  return { body, authorization: jwt };
}

function deliver(app: FastifyInstance, { body, authorization }: { body: string; authorization: string }) {
  return app.inject({ method: 'POST', url: WEBHOOK_PATH, headers: { 'content-type': 'application/json', authorization }, payload: body });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function expectNothingChanged(app: FastifyInstance, before: LaneState): Promise<void> {
  await sleep(150);
  expect(upstreamReads).toBe(0);
  const after = await laneState(app);
  expect(after.version).toBe(before.version);
  expect(after.payment?.outcome).toBe('pending');
  const history = (await app.inject({ method: 'GET', url: '/api/history/PR1' })).json();
  expect(history.events.map((event: { kind: string }) => event.kind)).toEqual(['pay-pressed', 'created']);
  expect(await metric(app, 'pos_journal_writes_total{kind="webhook-notification"}')).toBe(0);
}

async function metric(app: FastifyInstance, line: string): Promise<number> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  const found = text.split('\n').find((row) => row.startsWith(line));
  return found ? Number(found.slice(line.length).trim()) : 0;
}

describe('Centrapay webhooks', () => {
  it('a verified delivery makes the gateway read the Payment Request at once, and the screens see it paid', async () => {
    const app = await watchingGateway();
    patronPaid = true;
    const delivery = await signedDelivery();
    const started = Date.now();
    const response = await deliver(app, delivery);
    expect(response.statusCode).toBe(202);
    const state = await waitForLane(app, (s) => s.payment?.outcome === 'paid', 1_000);
    expect(Date.now() - started).toBeLessThan(500);
    expect(upstreamReads).toBe(1);
    expect(state.payment?.paymentRequest.paidBy?.assetTotals[0]?.total.amount).toBe('1700');
    expect(await metric(app, 'centrapay_webhook_deliveries_total{result="accepted",reason="payment-request:paid"}')).toBe(1);
    expect(jwksFetches).toBe(1);
  });

  it('a notification that does not itself show the request paid in full is only a cue: the GET is the truth', async () => {
    const app = await watchingGateway();
    expect((await deliver(app, await signedDelivery())).statusCode).toBe(202);
    await sleep(150);
    expect(upstreamReads).toBe(1);
    expect((await laneState(app)).payment?.outcome).toBe('pending');
  });

  it('a verified paid activity whose paidBy covers the request is Centrapay’s signed word: shown at once, no read spent', async () => {
    const app = await watchingGateway();
    const paidBy = { assetTotals: [{ type: 'centrapay.nzd.test', description: 'Centrapay NZD', total: { amount: '1700', currency: 'NZD' } }] };
    const started = Date.now();
    expect((await deliver(app, await signedDelivery({ body: notificationBody(randomUUID(), { paidBy }) }))).statusCode).toBe(202);
    const state = await waitForLane(app, (s) => s.payment?.outcome === 'paid', 1_000);
    expect(Date.now() - started).toBeLessThan(500);
    expect(upstreamReads).toBe(0);
    expect(state.payment?.paymentRequest).toMatchObject({ status: 'paid', remainingAmount: '0', paidBy });
  });

  it('a forged delivery changes nothing, however well its activity is formed', async () => {
    const app = await watchingGateway();
    const before = await laneState(app);
    const paidBy = { assetTotals: [{ type: 'centrapay.nzd.test', description: 'Centrapay NZD', total: { amount: '1700', currency: 'NZD' } }] };
    expect((await deliver(app, await signedDelivery({ key: forgerKey, body: notificationBody(randomUUID(), { paidBy }) }))).statusCode).toBe(401);
    await expectNothingChanged(app, before);
  });

  it.each<[string, () => Promise<Delivery>, string]>([
    ['forged (signed with a key Centrapay does not hold)', async () => ({ key: forgerKey }), 'bad-signature'],
    ['signed with a key Centrapay does not publish', async () => ({ key: forgerKey, kid: 'someone-else' }), 'unknown-key'],
    ['expired', async () => ({ iat: Math.floor(Date.now() / 1000) - 600, exp: Math.floor(Date.now() / 1000) - 300 }), 'expired'],
    ['for another recipient', async () => ({ aud: 'https://attacker.example/api/webhooks/centrapay' }), 'wrong-audience'],
    ['carrying another body than the one signed', async () => ({ bodyHash: createHash('sha256').update(notificationBody()).digest('hex') }), 'body-mismatch'],
  ])('rejects a delivery %s, and changes nothing', async (_name, make, reason) => {
    const app = await watchingGateway();
    patronPaid = true;
    const before = await laneState(app);
    const response = await deliver(app, await signedDelivery(await make()));
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'WEBHOOK_REJECTED' });
    await expectNothingChanged(app, before);
    expect(await metric(app, `centrapay_webhook_deliveries_total{result="rejected",reason="${reason}"}`)).toBe(1);
  });

  it('rejects a body tampered with after signing, and a delivery with no token or a broken one', async () => {
    const app = await watchingGateway();
    patronPaid = true;
    const before = await laneState(app);
    const signed = await signedDelivery();
    const tampered = signed.body.replace('"PR1"', '"PR2"');
    expect((await deliver(app, { body: tampered, authorization: signed.authorization })).statusCode).toBe(401);
    expect((await deliver(app, { body: signed.body, authorization: '' })).statusCode).toBe(401);
    expect((await deliver(app, { body: signed.body, authorization: `${signed.authorization}x` })).statusCode).toBe(401);
    expect((await deliver(app, { body: signed.body, authorization: 'eyJhbGciOiJub25lIn0.e30.' })).statusCode).toBe(401);
    await expectNothingChanged(app, before);
  });

  it('drops a replayed delivery: acknowledged (so Centrapay stops retrying) but not acted on', async () => {
    const app = await watchingGateway();
    const delivery = await signedDelivery();
    expect((await deliver(app, delivery)).statusCode).toBe(202);
    await sleep(150);
    expect(upstreamReads).toBe(1);
    const before = await laneState(app);

    patronPaid = true;
    const replay = await deliver(app, delivery);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual({ status: 'duplicate' });
    // The same notification re-signed (a Centrapay retry) is a duplicate too.
    expect((await deliver(app, await signedDelivery({ body: delivery.body }))).json()).toEqual({ status: 'duplicate' });
    await sleep(150);
    expect(upstreamReads).toBe(1);
    expect((await laneState(app)).version).toBe(before.version);
    expect(await metric(app, 'centrapay_webhook_deliveries_total{result="duplicate",reason="payment-request:paid"}')).toBe(2);
    expect(await metric(app, 'pos_journal_writes_total{kind="webhook-notification"}')).toBe(1);
  });

  it('accepts the bare token or a Bearer one, and iat/exp as strings as the docs show them', async () => {
    const app = await watchingGateway();
    patronPaid = true;
    const iat = Math.floor(Date.now() / 1000);
    const delivery = await signedDelivery({ iat: String(iat), exp: String(iat + 300) });
    expect((await deliver(app, { ...delivery, authorization: `Bearer ${delivery.authorization}` })).statusCode).toBe(202);
    await waitForLane(app, (s) => s.payment?.outcome === 'paid', 1_000);
  });
});

describe('the JWKS cache', () => {
  const keys = () => [{ ...publicJwk, kid: KID, alg: 'ES256', use: 'sig' }];

  async function verifyAt(verifier: WebhookVerifier, delivery: Delivery = {}) {
    const { body, authorization } = await signedDelivery(delivery);
    return verifier.verify(authorization, Buffer.from(body));
  }

  it('reuses the keys for as long as max-age says, then reads them again', async () => {
    let clock = Date.now();
    const verifier = new WebhookVerifier({ jwksUrl: await jwksServer(keys), audience: AUDIENCE, now: () => clock });
    await verifyAt(verifier);
    clock += 299_000;
    await verifyAt(verifier);
    expect(jwksFetches).toBe(1);
    clock += 2_000;
    await verifyAt(verifier);
    expect(jwksFetches).toBe(2);
  });

  it('reads the keys for every delivery when told not to cache them', async () => {
    jwksCacheControl = 'no-cache';
    const verifier = new WebhookVerifier({ jwksUrl: await jwksServer(keys), audience: AUDIENCE });
    await verifyAt(verifier);
    await verifyAt(verifier);
    expect(jwksFetches).toBe(2);
  });

  it('picks up a rotated key at once, but forged kids cannot make it re-read the keys more than every 10 s', async () => {
    let clock = Date.now();
    let published: JWK[] = keys();
    const verifier = new WebhookVerifier({ jwksUrl: await jwksServer(() => published), audience: AUDIENCE, now: () => clock });
    await verifyAt(verifier);
    const rotated = await generateKeyPair('ES256');
    published = [...published, { ...(await exportJWK(rotated.publicKey)), kid: 'centrapay-key-2' }];
    clock += 11_000;
    await expect(verifyAt(verifier, { key: rotated.privateKey, kid: 'centrapay-key-2' })).resolves.toMatchObject({ type: 'payment-request:paid' });
    expect(jwksFetches).toBe(2);
    for (let i = 0; i < 5; i += 1) {
      await expect(verifyAt(verifier, { key: forgerKey, kid: `forged-${i}` })).rejects.toBeInstanceOf(WebhookRejected);
    }
    expect(jwksFetches).toBe(2);
  });

  it('works out freshness from Cache-Control, Age and Expires', () => {
    const at = Date.parse('2026-08-01T00:00:00Z');
    const headers = (init: Record<string, string>) => new Headers(init);
    expect(freshnessMs(headers({ 'cache-control': 'public, max-age=600' }), at)).toBe(600_000);
    expect(freshnessMs(headers({ 'cache-control': 'max-age=600', age: '100' }), at)).toBe(500_000);
    expect(freshnessMs(headers({ 'cache-control': 'no-store' }), at)).toBe(0);
    expect(freshnessMs(headers({ 'cache-control': 'public, s-maxage=600, no-cache' }), at)).toBe(0);
    expect(freshnessMs(headers({ expires: 'Sat, 01 Aug 2026 00:05:00 GMT', date: 'Sat, 01 Aug 2026 00:00:00 GMT' }), at)).toBe(300_000);
    expect(freshnessMs(headers({}), at)).toBe(60_000);
  });
});
