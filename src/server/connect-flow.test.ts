// The Connect flow through the gateway against the real sandbox: wallet links, applies its offer, till collects the rest.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { receiptLinkSchema, receiptSchema } from '../domain/receipt';
import { act, buildGateway, CART, laneState, PRICED_CART, waitForLane } from '../test-support/gateway-app';
import { AS_TERMINAL as asTerminal, AS_WALLET as asWallet, startSandbox, type SandboxHarness } from '../test-support/sandbox-harness';

let sandbox: SandboxHarness;
let sandboxUrl: string;
let gateway: FastifyInstance;
const call: SandboxHarness['call'] = (...args) => sandbox.call(...args);

beforeEach(async () => {
  sandbox = await startSandbox();
  sandboxUrl = sandbox.url;
  gateway = await buildGateway(sandboxUrl);
});

afterEach(async () => {
  await gateway.close();
  await sandbox.close();
});

async function connect() {
  const response = await gateway.inject({ method: 'POST', url: '/api/lanes/lane-1/connections', payload: { cart: CART, operatorId: 'op-1' } });
  expect(response.statusCode).toBe(200);
  const state = await waitForLane(gateway, (s) => s.connection !== null);
  ref = state.order!.ref;
  return state.connection!;
}

let ref = '';

async function walletLinksAndAppliesOffer(connectionId: string): Promise<string> {
  expect((await call('POST', `/api/connections/${connectionId}/authorize`, asWallet, { walletId: 'sbx-wallet-rewards' })).status).toBe(200);
  await waitForLane(gateway, (state) => state.payment?.outcome === 'pending');
  const latest = await call('GET', `/api/connections/${connectionId}/latest-payment-request`, asWallet);
  expect(latest.status).toBe(200);
  const pay = await call('POST', `/api/payment-requests/${latest.body.id}/pay`, asWallet, {
    assetType: 'sbx.rewards.test', authorization: 'offer-coffee-20', mode: 'multi-asset-payment', amount: '220', idempotencyKey: `offer-${latest.body.id}`,
  });
  expect(pay.status).toBe(200);
  return latest.body.id;
}

describe('Connect flow through the gateway', () => {
  it('links the wallet, shows its offer from the request, and settles the rest in cash', async () => {
    const connection = await connect();
    expect(connection.outcome).toBe('waiting');
    expect(connection.url).toBe(`http://pos.test/sandbox/connect/${connection.id}`);

    const id = await walletLinksAndAppliesOffer(connection.id);
    const linked = await laneState(gateway);
    expect(linked.connection).toMatchObject({ outcome: 'linked', walletName: expect.any(String) });
    expect(linked.payment?.paymentRequest).toMatchObject({ connectionId: connection.id, partialAllowed: true, basketAmount: '1700', value: { amount: '1700' } });

    const discounted = await waitForLane(gateway, (state) => state.payment?.paymentRequest.remainingAmount === '1480');
    expect(discounted.payment?.paymentRequest.paidBy?.assetTotals).toContainEqual(
      expect.objectContaining({ type: 'sbx.rewards.test', description: 'Sandbox Rewards', total: { amount: '220', currency: 'NZD' } }),
    );

    const tender = await act(gateway, 'tenders', { ref, method: 'cash' });
    expect(tender.statusCode).toBe(200);
    const paid = await waitForLane(gateway, (state) => state.payment?.outcome === 'paid');
    expect(paid.payment?.tenders).toEqual([{ method: 'cash', amount: '1480' }]);
    const upstream = await call('GET', `/api/payment-requests/${id}`, asTerminal);
    expect(upstream.body).toMatchObject({ status: 'paid', remainingAmount: '0' });
    expect(upstream.body.paidBy.assetTotals.map((t: { type: string; total: { amount: string } }) => `${t.type}:${t.total.amount}`).sort())
      .toEqual(['external.test:1480', 'sbx.rewards.test:220']);

    // A second press of Cash changes nothing.
    const again = await act(gateway, 'tenders', { ref, method: 'cash' });
    expect(again.statusCode).toBe(409);

    // The receipt (issue 20): the wallet's offer is a discount, the GST is on the discounted flat whites ($8.80: 115,
    // the muffin 78), and what paid is the cash, not the offer.
    const link = receiptLinkSchema.parse((await gateway.inject({ method: 'GET', url: '/api/lanes/lane-1/receipt' })).json());
    const receipt = receiptSchema.parse((await gateway.inject({ method: 'GET', url: `/api/receipts/${link.path.replace(/^\/receipt\//, '')}` })).json());
    expect(receipt).toMatchObject({ offers: [{ description: 'Sandbox Rewards', amount: '220' }], total: '1480', gst: '193' });
    expect(receipt.tenders).toEqual([{ kind: 'counter', method: 'cash', amount: '1480' }]);
  });

  it('lets the cashier take payment without waiting for a wallet that never connects', async () => {
    const connection = await connect();
    const tender = await act(gateway, 'tenders', { ref, method: 'card' });
    expect(tender.statusCode).toBe(200);
    expect(tender.json()).toMatchObject({ settlement: { tender: { method: 'card', amount: '1700' } }, connection: { outcome: 'bypassed' }, payment: null });
    // A wallet that authorises afterwards does not get a request to pay.
    await call('POST', `/api/connections/${connection.id}/authorize`, asWallet, { walletId: 'sbx-wallet-rewards' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await laneState(gateway)).payment).toBeNull();
    expect((await call('GET', `/api/connections/${connection.id}/latest-payment-request`, asWallet)).status).toBe(403);
  });

  it('cancelling after the offer voids the request and reverses the wallet payment', async () => {
    const connection = await connect();
    const id = await walletLinksAndAppliesOffer(connection.id);
    await waitForLane(gateway, (state) => state.payment?.paymentRequest.remainingAmount === '1480');

    const cancel = await act(gateway, 'cancel', { ref });
    expect(cancel.json().payment.outcome).toBe('cancelled');
    const activities = await call('GET', `/api/payment-requests/${id}/activities`, asTerminal);
    const types = activities.body.items.map((a: { type: string }) => a.type);
    expect(types).toContain('refund');
    expect(types).toContain('cancellation');
    expect((await call('GET', `/api/payment-requests/${id}`, asTerminal)).body.status).toBe('cancelled');
  });

  it('stops waiting for a wallet that does not connect in time, as the QR flow times out', async () => {
    await gateway.close();
    gateway = await buildGateway(sandboxUrl, { sales: { expirySeconds: 0, timeoutGraceSeconds: 0 } });
    await connect();
    const state = await waitForLane(gateway, (s) => s.connection?.outcome !== 'waiting');
    expect(state.connection).toMatchObject({ outcome: 'expired', notice: 'The wallet did not connect in time.' });
    expect(state.connection?.finishedAt).not.toBeNull();
    // The cart is free again for another way to pay.
    expect((await gateway.inject({ method: 'PUT', url: '/api/lanes/lane-1/cart', payload: { cart: CART } })).statusCode).toBe(200);
  });

  describe('a patron pays only part (partial-payment)', () => {
    async function paidInPart(): Promise<string> {
      const connection = await connect();
      expect((await call('POST', `/api/connections/${connection.id}/authorize`, asWallet, { walletId: 'sbx-wallet-rewards' })).status).toBe(200);
      const { payment } = await waitForLane(gateway, (state) => state.payment?.outcome === 'pending');
      const id = payment!.paymentRequest.id;
      const pay = await call('POST', `/api/payment-requests/${id}/pay`, { Authorization: 'sbx-patron-alice' },
        { assetType: 'centrapay.nzd.test', assetId: 'sbxAssetAliceNzd', mode: 'partial-payment', amount: '500', idempotencyKey: `part-${id}` });
      expect(pay.status).toBe(200);
      const state = await waitForLane(gateway, (s) => s.payment?.outcome === 'paid');
      expect(state.payment?.paymentRequest.remainingAmount).toBe('1200');
      return id;
    }

    it('takes the rest at the counter', async () => {
      await paidInPart();
      const tender = await act(gateway, 'tenders', { ref, method: 'card' });
      expect(tender.json()).toMatchObject({ settlement: { tender: { method: 'card', amount: '1200' } }, payment: { outcome: 'paid' } });
    });

    it('refunds the part paid when the customer cannot pay the rest', async () => {
      const id = await paidInPart();
      const refund = await act(gateway, 'refund', { ref });
      expect(refund.statusCode).toBe(200);
      expect(refund.json().payment).toMatchObject({ outcome: 'cancelled', notice: expect.stringMatching(/refunded/) });
      const activities = await call('GET', `/api/payment-requests/${id}/activities`, asTerminal);
      expect(activities.body.items).toContainEqual(expect.objectContaining({ type: 'refund', value: { amount: '500', currency: 'NZD' } }));
      // Pressed again (a retry), nothing more is refunded.
      expect((await act(gateway, 'refund', { ref })).statusCode).toBe(409);
    });
  });

  it('cancels a connection that is still waiting and keeps the cart', async () => {
    const connection = await connect();
    const cancel = await act(gateway, 'cancel', { ref });
    expect(cancel.json()).toMatchObject({ connection: { outcome: 'cancelled', id: connection.id }, payment: null, cart: PRICED_CART });
  });
});
