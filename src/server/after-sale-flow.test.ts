// Refunds and voids of finished sales through the gateway, against the real sandbox: what the cashier asks, what
// Centrapay is sent (once, whatever is lost on the way), what the cashier is told, and what the journal keeps; on each
// journal backend (SQLite and PostgreSQL).
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../domain/sandbox-seeds';
import { afterSaleCalls, allCompleted } from '../test-support/after-sale-calls';
import { act, buildGateway, CART, waitForLane } from '../test-support/gateway-app';
import { JOURNAL_BACKENDS, type JournalChoice } from '../test-support/journal-backends';
import { WEBHOOK_PATH } from './gateway/webhooks/webhooks';
import { AS_WALLET, startSandbox, type SandboxHarness } from '../test-support/sandbox-harness';

let sandbox: SandboxHarness;
let gateway: FastifyInstance;
/** Where this test's gateway keeps its journal (each file's tests run on SQLite and on PostgreSQL). */
let journal: JournalChoice;
/** The gateway's own clock, moved forward by tests (Centrapay's is the sandbox's). */
let gatewayOffsetMs = 0;
const ALICE = { Authorization: SEED.aliceToken };
const AFTER_SALE = { pollMs: 50, maxPollMs: 200, now: () => Date.now() + gatewayOffsetMs };

describe.each(JOURNAL_BACKENDS)('on a $name journal', (backend) => {
  beforeEach(async () => {
    gatewayOffsetMs = 0;
    journal = await backend.journal();
    sandbox = await startSandbox();
    gateway = await buildGateway(sandbox.url, { ...journal, afterSale: AFTER_SALE });
  });

  afterEach(async () => {
    await gateway.close();
    await sandbox.close();
  });

  const { afterSale, refund, voidSale, waitForAfterSale, refundsAt } = afterSaleCalls(() => gateway, () => sandbox);
  const upstreamCalls = async (suffix: string) => {
    const counts = (await sandbox.call('GET', '/_sandbox/requests')).body as Record<string, Record<string, number>>;
    return Object.entries(counts).filter(([route]) => route.startsWith('POST') && route.endsWith(suffix))
      .reduce((total, [, byStatus]) => total + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);
  };
  const journalEvents = async (ref: string) =>
    (await gateway.inject({ method: 'GET', url: `/api/history/${ref}` })).json().events as Array<{ kind: string; actor: string; detail: string | null }>;

  /** A QR sale of CART ($17.00) Alice pays in her app: its reference and its request. */
  async function qrSale(cart: unknown = CART): Promise<{ ref: string; id: string }> {
    expect((await gateway.inject({ method: 'POST', url: '/api/lanes/lane-1/payments', payload: { cart, operatorId: 'op-7' } })).statusCode).toBe(200);
    const pending = await waitForLane(gateway, (state) => state.payment?.outcome === 'pending');
    const id = pending.payment!.paymentRequest.id;
    expect((await sandbox.call('POST', `/api/payment-requests/${id}/pay`, ALICE, { assetType: 'centrapay.nzd.test', assetId: SEED.aliceAsset, idempotencyKey: `a-${id}` })).status).toBe(200);
    await waitForLane(gateway, (state) => state.payment?.outcome === 'paid');
    return { ref: pending.order!.ref, id };
  }

  /** $28.00 paid by the $20 voucher (Quick Pay, part) and the rest by a second request: a QR Alice pays, or cash. */
  const BIG_CART = [{ sku: 'COFFEE-FW', qty: 4 }, { sku: 'FOOD-MUF', qty: 1 }];
  async function voucherSale(rest: 'qr' | 'cash'): Promise<{ ref: string; voucherId: string; restId: string | null }> {
    const started = await gateway.inject({ method: 'POST', url: '/api/lanes/lane-1/code-payments', payload: { cart: BIG_CART, code: SEED.voucher20, operatorId: 'op-7' } });
    expect(started.statusCode).toBe(200);
    const owed = await waitForLane(gateway, (state) => state.payment?.outcome === 'paid' && state.payment.paymentRequest.remainingAmount === '800');
    const ref = owed.order!.ref;
    const voucherId = owed.payment!.paymentRequest.id;
    if (rest === 'cash') {
      expect((await act(gateway, 'tenders', { ref, method: 'cash' })).statusCode).toBe(200);
      await waitForLane(gateway, (state) => state.settlement !== null);
      return { ref, voucherId, restId: null };
    }
    expect((await gateway.inject({ method: 'POST', url: '/api/lanes/lane-1/payments', payload: { cart: BIG_CART, operatorId: 'op-7' } })).statusCode).toBe(200);
    const pending = await waitForLane(gateway, (state) => state.payment?.outcome === 'pending' && state.parts.length === 1);
    const restId = pending.payment!.paymentRequest.id;
    expect((await sandbox.call('POST', `/api/payment-requests/${restId}/pay`, ALICE, { assetType: 'centrapay.nzd.test', assetId: SEED.aliceAsset, idempotencyKey: `r-${restId}` })).status).toBe(200);
    await waitForLane(gateway, (state) => state.payment?.outcome === 'paid' && state.payment.paymentRequest.id === restId);
    return { ref, voucherId, restId };
  }

  describe('refunds of a QR sale', () => {
    it('refunds the whole sale once, with its line items, pending until Centrapay shows it done', async () => {
      const { ref, id } = await qrSale();
      const before = await afterSale(ref);
      expect(before).toMatchObject({ refundState: 'none', refundable: '1700', void: { allowed: true } });
      expect(before.tenders).toEqual([expect.objectContaining({ method: 'centrapay', paymentRequestId: id, paid: '1700', refundable: '1700' })]);

      const response = await refund(ref);
      expect(response.statusCode).toBe(200);
      expect(response.json().refunds).toEqual([expect.objectContaining({ method: 'centrapay', amount: '1700', lineItems: null, reason: 'changed their mind', actor: 'cashier:op-7' })]);
      const done = await waitForAfterSale(ref, allCompleted);
      expect(done).toMatchObject({ refundState: 'whole', refundable: '0', void: { allowed: false } });
      expect(done.lines.every((line) => line.refundableQty === 0)).toBe(true);

      const [activity, ...more] = await refundsAt(id);
      expect(more).toEqual([]);
      expect(activity).toMatchObject({ externalRef: done.refunds[0]!.id, value: { amount: '1700', currency: 'NZD' } });
      expect(activity!.lineItems).toEqual([
        expect.objectContaining({ sku: 'COFFEE-FW', qty: '2', price: '1100' }),
        expect.objectContaining({ sku: 'FOOD-MUF', qty: '1', price: '600' }),
      ]);
      expect(done.refunds[0]!.assetTotals).toEqual([{ type: 'centrapay.nzd.test', description: 'Centrapay NZD', amount: '1700' }]);
      const events = await journalEvents(ref);
      expect(events).toContainEqual(expect.objectContaining({ kind: 'refund-requested', actor: 'cashier:op-7', detail: expect.stringContaining('changed their mind') }));
      expect(events).toContainEqual(expect.objectContaining({ kind: 'refund-completed', actor: 'centrapay' }));
    });

    it('refunds one chosen line: its share, with that line item sent; the rest stays refundable', async () => {
      const { ref, id } = await qrSale();
      const response = await refund(ref, { lines: [{ sku: 'FOOD-MUF', qty: 1 }] });
      expect(response.statusCode).toBe(200);
      const done = await waitForAfterSale(ref, allCompleted);
      expect(done).toMatchObject({ refundState: 'part', refundable: '1100' });
      expect(done.refunds).toEqual([expect.objectContaining({ amount: '600', lineItems: [expect.objectContaining({ sku: 'FOOD-MUF', qty: '1', price: '600' })] })]);
      expect(done.lines.map((line) => [line.sku, line.refundableQty])).toEqual([['COFFEE-FW', 2], ['FOOD-MUF', 0]]);
      const activities = await refundsAt(id);
      expect(activities).toHaveLength(1);
      expect(activities[0]).toMatchObject({ value: { amount: '600', currency: 'NZD' }, lineItems: [expect.objectContaining({ name: 'Blueberry Muffin', sku: 'FOOD-MUF', price: '600' })] });

      // The same line again is refused in words, and Centrapay is not asked.
      const again = await refund(ref, { lines: [{ sku: 'FOOD-MUF', qty: 1 }] });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'MORE_THAN_SOLD', message: 'Blueberry Muffin has already been refunded.' });
      expect(await upstreamCalls('/refund')).toBe(1);
    });

    it('never refunds twice: the same press again is the same refund, and a second whole refund is refused', async () => {
      const { ref, id } = await qrSale();
      const press = { key: 'the-one-press-1' };
      expect((await refund(ref, press)).statusCode).toBe(200);
      const repeated = await refund(ref, press);
      expect(repeated.statusCode).toBe(200);
      expect(repeated.json().refunds).toHaveLength(1);
      await waitForAfterSale(ref, allCompleted);
      const second = await refund(ref);
      expect(second.statusCode).toBe(409);
      expect(second.json()).toMatchObject({ code: 'NOTHING_LEFT', message: 'Everything paid for this sale has already been refunded.' });
      expect(await refundsAt(id)).toHaveLength(1);
      expect(await upstreamCalls('/refund')).toBe(1);
    });

    it('serialises presses on the same sale: of two at once, one refunds and the other is refused', async () => {
      const { ref, id } = await qrSale();
      const [first, second] = await Promise.all([refund(ref), refund(ref)]);
      expect([first.statusCode, second.statusCode].sort()).toEqual([200, 409]);
      await waitForAfterSale(ref, allCompleted);
      expect(await refundsAt(id)).toHaveLength(1);
    });

    it('refuses more than was sold, lines the sale does not have, and input without a reason; nothing changes', async () => {
      const { ref } = await qrSale();
      const tooMany = await refund(ref, { lines: [{ sku: 'COFFEE-FW', qty: 3 }] });
      expect(tooMany.statusCode).toBe(409);
      expect(tooMany.json()).toMatchObject({ code: 'MORE_THAN_SOLD', message: 'Only 2 × Flat White are left to refund.' });
      const notSold = await refund(ref, { lines: [{ sku: 'DRINK-OJ', qty: 1 }] });
      expect(notSold.statusCode).toBe(400);
      expect(notSold.json()).toMatchObject({ code: 'NOT_IN_SALE' });
      expect((await refund(ref, { reason: ' ' })).statusCode).toBe(400);
      expect((await refund(ref, { lines: [{ sku: 'COFFEE-FW', qty: 1 }, { sku: 'COFFEE-FW', qty: 1 }] })).statusCode).toBe(400);
      expect((await afterSale(ref))).toMatchObject({ refundState: 'none', refundable: '1700', refunds: [] });
      expect(await upstreamCalls('/refund')).toBe(0);
    });

    it('shows a refund Centrapay refuses in words, and changes nothing', async () => {
      const { ref, id } = await qrSale();
      expect((await sandbox.call('POST', '/_sandbox/clock', {}, { advanceSeconds: 31 * 24 * 3600 })).status).toBe(200);
      const response = await refund(ref);
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({ code: 'REFUND_WINDOW_EXCEEDED', message: expect.stringContaining('too long since the payment') });
      const after = await afterSale(ref);
      expect(after).toMatchObject({ refundState: 'none', refundable: '1700' });
      expect(after.refunds).toEqual([expect.objectContaining({ status: 'failed', error: 'REFUND_WINDOW_EXCEEDED' })]);
      expect(await refundsAt(id)).toEqual([]);
      expect(await journalEvents(ref)).toContainEqual(expect.objectContaining({ kind: 'refund-refused', actor: 'centrapay', detail: expect.stringContaining('REFUND_WINDOW_EXCEEDED') }));
    });
  });

  describe('refunds that wait on Centrapay', () => {
    it('sends a refund whose answer was lost again under the same reference, and Centrapay refunds it once', async () => {
      const { ref, id } = await qrSale();
      await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'POST', path: '/api/payment-requests/:id/refund', mode: 'drop', phase: 'after', count: 2 });
      expect((await refund(ref)).statusCode).toBe(200);
      const done = await waitForAfterSale(ref, allCompleted);
      expect(await upstreamCalls('/refund')).toBeGreaterThanOrEqual(3);
      const activities = await refundsAt(id);
      expect(activities).toHaveLength(1);
      expect(activities[0]).toMatchObject({ externalRef: done.refunds[0]!.id, value: { amount: '1700', currency: 'NZD' } });
    });

    it('stays "pending" while Centrapay does not show the refund done, then completes', async () => {
      const { ref } = await qrSale();
      await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'GET', path: '/api/payment-requests/:id/activities', mode: 'http503', count: 1000 });
      expect((await refund(ref)).statusCode).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 400));
      const pending = await afterSale(ref);
      expect(pending.refundState).toBe('pending');
      expect(pending.refunds).toEqual([expect.objectContaining({ status: 'pending' })]);
      expect(pending.refundable).toBe('0');
      await sandbox.call('DELETE', '/_sandbox/faults');
      expect(await waitForAfterSale(ref, allCompleted)).toMatchObject({ refundState: 'whole' });
    });

    it('resumes a refund Centrapay never answered after a restart, from the journal, and refunds once', async () => {
      await gateway.close();
      gateway = await buildGateway(sandbox.url, { ...journal, afterSale: AFTER_SALE, sales: { answerWithinMs: 300 } });
      const { ref, id } = await qrSale();
      await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'POST', path: '/api/payment-requests/:id/refund', mode: 'http503', count: 100_000 });
      expect((await refund(ref)).statusCode).toBe(200);
      expect((await afterSale(ref)).refunds).toEqual([expect.objectContaining({ status: 'pending' })]);
      await gateway.close();
      expect(await refundsAt(id)).toEqual([]);

      await sandbox.call('DELETE', '/_sandbox/faults');
      gateway = await buildGateway(sandbox.url, { ...journal, afterSale: AFTER_SALE });
      const done = await waitForAfterSale(ref, allCompleted);
      expect(await refundsAt(id)).toEqual([expect.objectContaining({ externalRef: done.refunds[0]!.id, value: { amount: '1700', currency: 'NZD' } })]);
    });

    it('starts at once with a refund pending while Centrapay does not answer reads of its request, and then completes it', async () => {
      const { ref } = await qrSale();
      await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'POST', path: '/api/payment-requests/:id/refund', mode: 'http503', count: 100_000 });
      expect((await refund(ref)).statusCode).toBe(200);
      expect((await afterSale(ref)).refunds).toEqual([expect.objectContaining({ status: 'pending' })]);
      await gateway.close();

      // A read of the request now hangs for 30 s: a start that waited for it would not be ready within Fastify's 10 s.
      await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'GET', path: '/api/payment-requests/:id', mode: 'timeout', count: 1 });
      const started = Date.now();
      gateway = await buildGateway(sandbox.url, { ...journal, afterSale: AFTER_SALE, requestTimeoutMs: 15_000 });
      expect(Date.now() - started).toBeLessThan(5_000);
      await sandbox.call('DELETE', '/_sandbox/faults');
      expect(await waitForAfterSale(ref, allCompleted)).toMatchObject({ refundState: 'whole' });
    }, 30_000);

    it('takes Centrapay’s refund webhooks as a cue to read at once', async () => {
      await gateway.close();
      let origin = '';
      gateway = await buildGateway(sandbox.url, {
        ...journal,
        // Without the cue the refund would not be read for a minute.
        afterSale: { ...AFTER_SALE, pollMs: 60_000, maxPollMs: 60_000 },
        webhooks: { jwksUrl: `${sandbox.url}/.well-known/jwks.json`, audience: () => `${origin}${WEBHOOK_PATH}` },
      });
      await gateway.listen({ port: 0, host: '127.0.0.1' });
      const address = gateway.server.address();
      origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      await sandbox.call('POST', '/_sandbox/webhooks', {}, { url: `${origin}${WEBHOOK_PATH}`, types: ['payment-request:refund-initiated', 'payment-request:refund-completed'] });

      const { ref } = await qrSale();
      const pressed = Date.now();
      expect((await refund(ref)).statusCode).toBe(200);
      await waitForAfterSale(ref, allCompleted, gateway, 4_000);
      expect(Date.now() - pressed).toBeLessThan(4_000);
      const deliveries = (await sandbox.call('GET', '/_sandbox/webhooks/deliveries')).body.items as Array<{ type: string; status: string; lastStatusCode?: number }>;
      expect(deliveries).toContainEqual(expect.objectContaining({ type: 'payment-request:refund-initiated', status: 'delivered', lastStatusCode: 202 }));
    });
  });

  describe('sales paid by more than one tender', () => {
    it('refunds a voucher + QR sale on each request, each under its own reference', async () => {
      const { ref, voucherId, restId } = await voucherSale('qr');
      const before = await afterSale(ref);
      expect(before.tenders.map((tender) => [tender.paymentRequestId, tender.paid])).toEqual([[voucherId, '2000'], [restId, '800']]);

      // A coffee comes from the first payment (the voucher).
      expect((await refund(ref, { lines: [{ sku: 'COFFEE-FW', qty: 1 }] })).statusCode).toBe(200);
      await waitForAfterSale(ref, allCompleted);
      expect(await refundsAt(voucherId)).toEqual([expect.objectContaining({ value: { amount: '550', currency: 'NZD' } })]);

      expect((await refund(ref)).statusCode).toBe(200);
      const done = await waitForAfterSale(ref, (sale) => sale.refunds.length === 3 && allCompleted(sale));
      expect(done).toMatchObject({ refundState: 'whole', refundable: '0' });
      const voucherRefunds = await refundsAt(voucherId);
      expect(voucherRefunds.map((activity) => activity.value.amount)).toEqual(expect.arrayContaining(['550', '1450']));
      expect(await refundsAt(restId!)).toEqual([expect.objectContaining({ value: { amount: '800', currency: 'NZD' } })]);
      const references = [...voucherRefunds, ...(await refundsAt(restId!))].map((activity) => activity.externalRef);
      expect(new Set(references).size).toBe(3);
    });

    it('refunds Centrapay’s part by Centrapay and tells the cashier to hand back the cash taken at the counter', async () => {
      const { ref, voucherId } = await voucherSale('cash');
      const before = await afterSale(ref);
      expect(before.tenders.map((tender) => [tender.method, tender.paid])).toEqual([['centrapay', '2000'], ['cash', '800']]);
      const response = await refund(ref);
      expect(response.statusCode).toBe(200);
      const done = await waitForAfterSale(ref, allCompleted);
      expect(done.refunds).toEqual([
        expect.objectContaining({ method: 'centrapay', paymentRequestId: voucherId, amount: '2000' }),
        expect.objectContaining({ method: 'cash', paymentRequestId: null, amount: '800', handBack: { method: 'cash', amount: '800' } }),
      ]);
      expect(await refundsAt(voucherId)).toEqual([expect.objectContaining({ value: { amount: '2000', currency: 'NZD' } })]);
      expect(await journalEvents(ref)).toContainEqual(expect.objectContaining({ kind: 'cash-handed-back', actor: 'cashier:op-7' }));
    });

    it('reverses a wallet’s offer on a Connect sale, and the cash recorded on the request is handed back', async () => {
      expect((await gateway.inject({ method: 'POST', url: '/api/lanes/lane-1/connections', payload: { cart: CART, operatorId: 'op-7' } })).statusCode).toBe(200);
      const connecting = await waitForLane(gateway, (state) => state.connection !== null);
      const ref = connecting.order!.ref;
      expect((await sandbox.call('POST', `/api/connections/${connecting.connection!.id}/authorize`, AS_WALLET, { walletId: 'sbx-wallet-rewards' })).status).toBe(200);
      const pending = await waitForLane(gateway, (state) => state.payment?.outcome === 'pending');
      const id = pending.payment!.paymentRequest.id;
      expect((await sandbox.call('POST', `/api/payment-requests/${id}/pay`, AS_WALLET, {
        assetType: 'sbx.rewards.test', authorization: 'offer', mode: 'multi-asset-payment', amount: '220', idempotencyKey: `offer-${id}`,
      })).status).toBe(200);
      await waitForLane(gateway, (state) => state.payment?.paymentRequest.remainingAmount === '1480');
      expect((await act(gateway, 'tenders', { ref, method: 'cash' })).statusCode).toBe(200);
      await waitForLane(gateway, (state) => state.payment?.outcome === 'paid');

      expect((await refund(ref)).statusCode).toBe(200);
      const done = await waitForAfterSale(ref, allCompleted);
      expect(done.refunds).toEqual([expect.objectContaining({ method: 'centrapay', amount: '1700', handBack: { method: 'cash', amount: '1480' } })]);
      expect(done.refunds[0]!.assetTotals).toEqual(expect.arrayContaining([
        { type: 'sbx.rewards.test', description: 'Sandbox Rewards', amount: '220' },
        expect.objectContaining({ type: 'external.test', amount: '1480' }),
      ]));
    });
  });

  describe('voids', () => {
    it('voids a sale within 24 hours: each request voided, the money back', async () => {
      const { ref, id } = await qrSale();
      const response = await voidSale(ref);
      expect(response.statusCode).toBe(200);
      const done = await waitForAfterSale(ref, allCompleted);
      expect(done).toMatchObject({ refundState: 'whole', refundable: '0' });
      expect(done.refunds).toEqual([expect.objectContaining({ method: 'void', paymentRequestId: id, amount: '1700', reason: 'rang up by mistake' })]);
      expect(await refundsAt(id)).toEqual([expect.objectContaining({ value: { amount: '1700', currency: 'NZD' } })]);
      expect(await journalEvents(ref)).toContainEqual(expect.objectContaining({ kind: 'void-requested', actor: 'cashier:op-7' }));
    });

    it('after 24 hours offers only a refund: refused by the till, and by Centrapay if the till’s clock is behind', async () => {
      const { ref, id } = await qrSale();
      // Centrapay's clock first: the till still offers the void, Centrapay refuses it, and it is said in words.
      await sandbox.call('POST', '/_sandbox/clock', {}, { advanceSeconds: 25 * 3600 });
      const refused = await voidSale(ref);
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ code: 'VOID_WINDOW_EXCEEDED', message: expect.stringContaining('More than 24 hours since the sale: refund it instead') });
      expect(await refundsAt(id)).toEqual([]);

      // The till's clock too: the void is no longer offered, and a press is refused without asking Centrapay.
      gatewayOffsetMs = 25 * 3600_000;
      const view = await afterSale(ref);
      expect(view.void).toMatchObject({ allowed: false, refusal: 'More than 24 hours since the sale: refund it instead.' });
      const voidsBefore = await upstreamCalls('/void');
      const again = await voidSale(ref);
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'VOID_WINDOW_EXCEEDED', message: 'More than 24 hours since the sale: refund it instead.' });
      expect(await upstreamCalls('/void')).toBe(voidsBefore);

      // A refund still works.
      expect((await refund(ref)).statusCode).toBe(200);
      await waitForAfterSale(ref, (sale) => sale.refundState === 'whole');
    });

    it('is not offered once part of the sale was refunded', async () => {
      const { ref } = await qrSale();
      expect((await refund(ref, { lines: [{ sku: 'FOOD-MUF', qty: 1 }] })).statusCode).toBe(200);
      expect((await afterSale(ref)).void).toMatchObject({ allowed: false, refusal: expect.stringContaining('refund the rest') });
      expect((await voidSale(ref)).json()).toMatchObject({ statusCode: 409, code: 'ALREADY_PART_REFUNDED' });
    });
  });

  describe('what can be refunded', () => {
    it('only a paid sale, found by its reference or one of its requests; others get a clear answer', async () => {
      expect((await gateway.inject({ method: 'GET', url: '/api/sales/nope/after-sale' })).json()).toMatchObject({ statusCode: 404, code: 'SALE_NOT_FOUND' });
      expect((await gateway.inject({ method: 'POST', url: '/api/lanes/lane-1/payments', payload: { cart: CART, operatorId: 'op-7' } })).statusCode).toBe(200);
      const pending = await waitForLane(gateway, (state) => state.payment?.outcome === 'pending');
      const ref = pending.order!.ref;
      expect(await afterSale(pending.payment!.paymentRequest.id)).toMatchObject({ ref, refundState: 'not-refundable', refundable: '0' });
      expect((await refund(ref)).json()).toMatchObject({ statusCode: 409, code: 'NOT_REFUNDABLE' });
    });
  });
});
