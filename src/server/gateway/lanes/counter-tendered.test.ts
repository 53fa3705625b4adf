// Regression (issue 21): a sale paid at the counter with less cash handed over than the amount taken
// ({"method":"cash","amount":"100","tendered":"50"}) was accepted and journaled as $1.00 cash collected, the 50c
// handed over silently dropped. Now every counter payment — the sale paid at the counter from the start, and a
// tender on a sale under way — is refused in words, and nothing is journaled or changed on the lane.
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildGateway, CART, TEST_LANE } from '../../../test-support/gateway-app';

/** A sale at the counter calls no Centrapay. */
const NO_CENTRAPAY = 'http://127.0.0.1:9';
const LANE = `/api/lanes/${TEST_LANE.id}`;
const SHORT = {
  statusCode: 400,
  code: 'INVALID_AMOUNT',
  message: 'The cash handed over is less than the amount taken: key what the customer gave, or take a smaller amount.',
};

let gateway: FastifyInstance | undefined;

afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

/** The till's own computer (no cashier code set): it may ring up. */
const post = (path: string, payload: object) => gateway!.inject({ method: 'POST', url: `${LANE}${path}`, payload });
/** The lane as its screens read it, but for the time the server answered at. */
const lane = async () => ({ ...(await gateway!.inject({ method: 'GET', url: LANE })).json<Record<string, unknown>>(), serverTime: undefined });
const history = async () => (await gateway!.inject({ method: 'GET', url: '/api/history' })).json().items as { ref: string }[];

describe('cash handed over at the counter', () => {
  it('less than the amount taken is refused in words; nothing is journaled and the lane is as it was', async () => {
    gateway = await buildGateway(NO_CENTRAPAY);
    expect((await gateway.inject({ method: 'PUT', url: `${LANE}/cart`, payload: { cart: CART } })).statusCode).toBe(200);
    const before = await lane();

    const refused = await post('/counter', { cart: CART, method: 'cash', amount: '100', tendered: '50' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual(SHORT);
    expect(await lane()).toEqual(before);
    expect(await history()).toEqual([]);
  });

  it('the same on a sale under way: the part already taken stands, and nothing more is', async () => {
    gateway = await buildGateway(NO_CENTRAPAY);
    expect((await post('/counter', { cart: CART, method: 'card', amount: '1000' })).statusCode).toBe(200);
    const before = await lane();
    const [sale] = await history();

    const refused = await post('/tenders', { ref: sale!.ref, method: 'cash', amount: '500', tendered: '200' });
    expect(refused.json()).toEqual(SHORT);
    expect(await lane()).toEqual(before);
    expect(await history()).toEqual([sale]);
    // Enough cash is taken, with its change.
    expect((await post('/tenders', { ref: sale!.ref, method: 'cash', amount: '500', tendered: '1000' })).statusCode).toBe(200);
  });
});
