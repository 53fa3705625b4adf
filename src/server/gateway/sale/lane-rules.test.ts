// Regressions: commands the server once accepted in the middle of a sale, each of which could lose money or show a
// patron one thing and charge another. The server decides what a lane may do; the screens only ask.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../../../domain/sandbox-seeds';
import { AS_TERMINAL, AS_WALLET, startSandbox, type SandboxHarness } from '../../../test-support/sandbox-harness';
import { act, buildGateway, CART, laneState, PRICED_CART, startPayment, waitForLane } from '../../../test-support/gateway-app';

let sandbox: SandboxHarness;
let gateway: FastifyInstance;

beforeEach(async () => {
  sandbox = await startSandbox();
});

afterEach(async () => {
  await gateway?.close();
  await sandbox.close();
});

const fault = (input: Record<string, unknown>) => sandbox.call('POST', '/_sandbox/faults', {}, input);
const putCart = (cart: unknown) => gateway.inject({ method: 'PUT', url: '/api/lanes/lane-1/cart', payload: { cart } });
const activities = async (id: string) => (await sandbox.call('GET', `/api/payment-requests/${id}/activities`, AS_TERMINAL)).body.items as { type: string; assetType?: string; value?: { amount: string } }[];

describe('the cart is frozen from the moment Pay is pressed', () => {
  it('refuses a cart edit while the request is being created, so the display never shows another cart than the QR charges', async () => {
    gateway = await buildGateway(sandbox.url);
    await fault({ method: 'POST', path: '/api/payment-requests', mode: 'slow', delayMs: 600, count: 1 });
    const pressed = startPayment(gateway);
    await waitForLane(gateway, (state) => state.step?.kind === 'creating');
    const edit = await putCart([{ sku: 'FOOD-MUF', qty: 5 }]);
    expect(edit.statusCode).toBe(409);
    expect(edit.json()).toMatchObject({ code: 'PAYMENT_IN_PROGRESS', message: expect.stringMatching(/payment is in progress/) });
    const { payment, cart, total } = (await pressed).json();
    expect(cart).toEqual(PRICED_CART);
    expect(payment.paymentRequest.value.amount).toBe(total);
    expect(payment.paymentRequest.value.amount).toBe('1700');
  });

  it('a second Pay for another cart (the other cashier screen) is refused; the same cart gets the same payment', async () => {
    gateway = await buildGateway(sandbox.url);
    const first = (await startPayment(gateway)).json();
    const same = (await startPayment(gateway)).json();
    expect(same.payment.paymentRequest.id).toBe(first.payment.paymentRequest.id);
    const other = await gateway.inject({ method: 'POST', url: '/api/lanes/lane-1/payments', payload: { cart: [{ sku: 'DRINK-OJ', qty: 1 }] } });
    expect(other.statusCode).toBe(409);
    expect((await laneState(gateway)).cart).toEqual(PRICED_CART);
  });
});

describe('a part-paid sale cannot be wiped', () => {
  async function paidInPart(): Promise<{ ref: string; id: string }> {
    const started = await gateway.inject({ method: 'POST', url: '/api/lanes/lane-1/connections', payload: { cart: CART } });
    const { order } = started.json();
    const { connection } = await waitForLane(gateway, (state) => state.connection?.outcome === 'waiting');
    await sandbox.call('POST', `/api/connections/${connection!.id}/authorize`, AS_WALLET, { walletId: SEED.rewardsWalletId });
    const { payment } = await waitForLane(gateway, (state) => state.payment?.outcome === 'pending');
    const id = payment!.paymentRequest.id;
    const pay = await sandbox.call('POST', `/api/payment-requests/${id}/pay`, { Authorization: SEED.aliceToken },
      { assetType: 'centrapay.nzd.test', assetId: SEED.aliceAsset, mode: 'partial-payment', amount: '500', idempotencyKey: `part-${id}` });
    expect(pay.status).toBe(200);
    await waitForLane(gateway, (state) => state.payment?.outcome === 'paid');
    return { ref: order.ref, id };
  }

  it('refuses an empty cart, a new Connect, a New sale and a cancel until the rest is collected or refunded', async () => {
    gateway = await buildGateway(sandbox.url);
    const { ref, id } = await paidInPart();
    for (const attempt of [
      await putCart([]),
      await gateway.inject({ method: 'POST', url: '/api/lanes/lane-1/connections', payload: { cart: CART } }),
      await act(gateway, 'new-sale', {}),
      await act(gateway, 'cancel', { ref }),
    ]) {
      expect(attempt.statusCode).toBe(409);
      expect(attempt.json()).toMatchObject({ code: 'MONEY_OWED', message: expect.stringContaining('Part of this sale has been paid.') });
    }
    const state = await laneState(gateway);
    expect(state.cart).toEqual(PRICED_CART);
    expect(state.payment?.paymentRequest).toMatchObject({ id, remainingAmount: '1200' });
    // A new Pay asks only for the rest, as part of the same sale: the part paid is kept, not wiped. Cancelled, the
    // rest is owed again.
    const rest = (await startPayment(gateway)).json();
    expect(rest.order.ref).toBe(ref);
    expect(rest.parts.map((part: { paymentRequest: { id: string } }) => part.paymentRequest.id)).toEqual([id]);
    expect(rest.payment.paymentRequest).toMatchObject({ value: { amount: '1200' }, basketAmount: '1700' });
    await act(gateway, 'cancel', { ref });
    await waitForLane(gateway, (s) => s.payment?.outcome === 'cancelled' && s.step === null);
    // Collecting the rest settles it; only then does a new sale start.
    expect((await act(gateway, 'tenders', { ref, method: 'cash' })).json().settlement.tender).toEqual({ method: 'cash', amount: '1200' });
    expect((await act(gateway, 'new-sale', {})).statusCode).toBe(200);
    const history = (await gateway.inject({ method: 'GET', url: `/api/history/${ref}` })).json();
    expect(history.sale.result).toBe('paid');
    expect(history.tenders).toEqual([expect.objectContaining({ method: 'cash', amount: '1200', onRequest: false, paymentRequestId: id })]);
  });
});

describe('cash cannot be taken while a cancel is in flight', () => {
  it('refuses the tender, and the void returns the customer’s money without the till also holding cash', async () => {
    gateway = await buildGateway(sandbox.url);
    const { order, payment } = (await startPayment(gateway)).json();
    await fault({ method: 'POST', path: '/api/payment-requests/:id/void', mode: 'slow', delayMs: 500, count: 1 });
    const cancelling = act(gateway, 'cancel', { ref: order.ref });
    await waitForLane(gateway, (state) => state.step?.kind === 'cancelling');
    const cash = await act(gateway, 'tenders', { ref: order.ref, method: 'cash' });
    expect(cash.statusCode).toBe(409);
    expect(cash.json()).toMatchObject({ code: 'PAYMENT_CANCELLING', message: 'The payment is being cancelled. Take no money for it.' });
    expect((await cancelling).json().payment.outcome).toBe('cancelled');
    expect((await activities(payment.paymentRequest.id)).filter((activity) => activity.type === 'payment')).toEqual([]);
  });

  it('refuses a cancel while cash is being recorded', async () => {
    gateway = await buildGateway(sandbox.url);
    const { order, payment } = (await startPayment(gateway)).json();
    await fault({ method: 'POST', path: '/api/payment-requests/:id/pay', mode: 'slow', delayMs: 500, count: 1 });
    const tendering = act(gateway, 'tenders', { ref: order.ref, method: 'cash' });
    await waitForLane(gateway, (state) => state.step?.kind === 'tendering');
    const cancel = await act(gateway, 'cancel', { ref: order.ref });
    expect(cancel.statusCode).toBe(409);
    expect(cancel.json().code).toBe('TENDER_IN_PROGRESS');
    expect((await tendering).json().payment.tenders).toEqual([{ method: 'cash', amount: '1700' }]);
    const paid = await waitForLane(gateway, (state) => state.payment?.outcome === 'paid');
    expect(paid.payment?.paymentRequest.paidBy?.assetTotals).toEqual([expect.objectContaining({ type: 'external.test', total: { amount: '1700', currency: 'NZD' } })]);
    expect((await activities(payment.paymentRequest.id)).filter((activity) => activity.type === 'refund')).toEqual([]);
  });

  it('a screen showing an older sale cannot act on the new one', async () => {
    gateway = await buildGateway(sandbox.url);
    const first = (await startPayment(gateway)).json();
    await act(gateway, 'cancel', { ref: first.order.ref });
    await startPayment(gateway);
    const stale = await act(gateway, 'tenders', { ref: first.order.ref, method: 'cash' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('STALE_SALE');
  });
});

describe('fast answers to the cashier', () => {
  it('Pay answers within its bound when Centrapay does not answer, and the lane shows it is still checking', async () => {
    gateway = await buildGateway(sandbox.url, { requestTimeoutMs: 10_000, sales: { answerWithinMs: 800, unknownAfterMs: 20_000 } });
    await fault({ method: 'POST', path: '/api/payment-requests', mode: 'timeout', count: 1 });
    const started = Date.now();
    const response = await startPayment(gateway);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ step: { kind: 'creating' }, payment: null });
    // Cancel while it is still starting: the till remembers and voids the request as soon as it exists.
    const cancel = await act(gateway, 'cancel', { ref: response.json().order.ref });
    expect(cancel.statusCode).toBe(200);
    await sandbox.call('DELETE', '/_sandbox/faults', {});
  });
});
