// Through the whole gateway: only a cashier screen gets a code; any screen may resolve one, a limited number of times.
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { displayCodeSchema } from '../../../domain/display-code';
import { buildGateway, TEST_LANE } from '../../../test-support/gateway-app';

const CODE = 'counter-2468';
const SHOP_WIFI = '192.168.1.77';
let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

// No Centrapay call is made by pairing: nothing listens at this address.
const gateway = (overrides: Parameters<typeof buildGateway>[1] = {}) => buildGateway('http://127.0.0.1:9', { cashierCode: CODE, ...overrides });

function askForCode(lane: string, headers: Record<string, string> = { 'x-cashier-code': CODE }) {
  return app!.inject({ method: 'POST', url: `/api/lanes/${lane}/display-codes`, payload: {}, remoteAddress: SHOP_WIFI, headers: { host: 'till.local:8080', ...headers } });
}

function resolve(code: string) {
  return app!.inject({ method: 'GET', url: `/api/display-codes/${encodeURIComponent(code)}`, remoteAddress: SHOP_WIFI, headers: { host: 'till.local:8080' } });
}

describe('setting up a display with a code', () => {
  it('a cashier screen gets a code and the address a tablet opens; a display resolves it to the lane', async () => {
    app = await gateway();
    const response = await askForCode(TEST_LANE.id);
    expect(response.statusCode).toBe(200);
    const issued = displayCodeSchema.parse(response.json());
    expect(issued.lane).toBe(TEST_LANE.id);
    expect(issued.url).toBe(`http://till.local:8080/pair/${issued.code}`);
    expect(Date.parse(issued.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);

    const resolved = await resolve(issued.code);
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toEqual({ lane: TEST_LANE.id });
    // As a person types it: lower case, the dash it is shown with.
    expect((await resolve(`${issued.code.slice(0, 3).toLowerCase()}-${issued.code.slice(3)}`)).json()).toEqual({ lane: TEST_LANE.id });
  });

  it('the address uses PUBLIC_URL when set, the one a tablet on the shop’s network can reach', async () => {
    app = await gateway({ receipts: { merchant: { name: 'Café', gstNumber: null }, publicUrl: 'http://192.168.1.20:8080' } });
    const issued = displayCodeSchema.parse((await askForCode(TEST_LANE.id)).json());
    expect(issued.url).toBe(`http://192.168.1.20:8080/pair/${issued.code}`);
  });

  it('only an authorised cashier screen may ask for a code, and only for a lane that exists', async () => {
    app = await gateway();
    const refused = await askForCode(TEST_LANE.id, {});
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'CASHIER_CODE_REQUIRED' });
    const unknown = await askForCode('nope');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toMatch(/There is no lane "nope"/);
  });

  it('an unknown or malformed code is a 404 in words', async () => {
    app = await gateway();
    for (const code of ['ABCDEF', 'abc', '000000', 'x'.repeat(20)]) {
      const response = await resolve(code);
      expect(response.statusCode, code).toBe(404);
      expect(response.json()).toMatchObject({ code: 'DISPLAY_CODE_NOT_FOUND', message: expect.stringMatching(/not known or has expired/) });
    }
  });

  it('guessing is cut off after 20 tries a minute from one device, right code or not', async () => {
    app = await gateway();
    const issued = displayCodeSchema.parse((await askForCode(TEST_LANE.id)).json());
    for (let i = 0; i < 20; i++) expect((await resolve('ABCDEF')).statusCode).toBe(404);
    const limited = await resolve(issued.code);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/Too many codes were tried/) });
  });
});
