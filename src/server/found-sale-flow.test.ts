// A receipt from another till (checklist 104.3): the sale was made straight at Centrapay (the sandbox) by another till,
// this gateway's journal has none, and the cashier finds it by its short code at Centrapay, journals it as found and
// refunds it — against the real sandbox, on each journal backend. What the cashier is shown, what is journaled, and
// what Centrapay was sent: once, under the till's own reference, never more than was paid and not yet refunded.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FoundSale } from '../domain/found-sale';
import { SEED } from '../domain/sandbox-seeds';
import { afterSaleCalls, allCompleted } from '../test-support/after-sale-calls';
import { buildGateway, CART, TEST_LANE, waitForLane } from '../test-support/gateway-app';
import { JOURNAL_BACKENDS, type JournalChoice } from '../test-support/journal-backends';
import { alicePays, AS_OTHER_TERMINAL, AS_TERMINAL, startSandbox, type SandboxHarness } from '../test-support/sandbox-harness';

let sandbox: SandboxHarness;
let gateway: FastifyInstance;
let journal: JournalChoice;
const AFTER_SALE = { pollMs: 50, maxPollMs: 200 };

const FLAT_WHITE = { name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100', tax: '15' };
const MUFFIN = { name: 'Blueberry Muffin', sku: 'FOOD-MUF', qty: '1', price: '600', tax: '15' };
const NOT_AT_CENTRAPAY = { statusCode: 404, code: 'NOT_AT_CENTRAPAY', message: 'No sale with that code at Centrapay.' };

describe.each(JOURNAL_BACKENDS)('on a $name journal', (backend) => {
  beforeEach(async () => {
    journal = await backend.journal();
    sandbox = await startSandbox();
    gateway = await buildGateway(sandbox.url, { ...journal, afterSale: AFTER_SALE });
  });

  afterEach(async () => {
    await gateway.close();
    await sandbox.close();
  });

  /** Another till's sale, made straight at Centrapay with the café's key and paid by Alice: its request. */
  async function soldElsewhere(lines = [FLAT_WHITE, MUFFIN], headers: Record<string, string> = AS_TERMINAL, configId: string = SEED.configCafe) {
    const amount = lines.reduce((sum, line) => sum + BigInt(line.price), 0n).toString();
    const created = await sandbox.call('POST', '/api/payment-requests', headers, {
      configId, value: { amount, currency: 'NZD' }, lineItems: lines, externalRef: 'till-9-000042-QWERTY', terminalId: 'till-9', deviceId: 'SN-9', conditionsEnabled: true,
    });
    expect(created.status).toBe(200);
    await alicePays(sandbox, created.body.id);
    return created.body as { id: string; shortCode: string };
  }
  const lookUp = (shortCode: string, lane = TEST_LANE.id) => gateway.inject({ method: 'GET', url: `/api/history/at-centrapay/${shortCode}?lane=${lane}` });
  const journalIt = (shortCode: string, lane = TEST_LANE.id) =>
    gateway.inject({ method: 'POST', url: `/api/history/at-centrapay/${shortCode}`, payload: { lane, operatorId: 'op-7' } });
  const journaledSales = async () => (await gateway.inject({ method: 'GET', url: '/api/history' })).json().items as { ref: string; kind: string }[];
  const { afterSale, newKey, refund, waitForAfterSale, refundsAt } = afterSaleCalls(() => gateway, () => sandbox);
  /** Another till refunds part of it, straight at Centrapay. */
  const refundedElsewhere = async (id: string, line: typeof MUFFIN, externalRef: string) =>
    expect((await sandbox.call('POST', `/api/payment-requests/${id}/refund`, AS_TERMINAL, { value: { amount: line.price, currency: 'NZD' }, externalRef, lineItems: [line] })).status).toBe(200);

  async function found(shortCode: string): Promise<string> {
    const journaled = await journalIt(shortCode);
    expect(journaled.statusCode).toBe(200);
    return (journaled.json() as FoundSale).ref!;
  }

  it('finds another till’s sale at Centrapay by its short code, journals it as found once, and refunds a line once under the till’s reference', async () => {
    const request = await soldElsewhere();
    // The journal has no such sale: the history's own search finds nothing.
    expect((await gateway.inject({ method: 'GET', url: `/api/history?q=${request.shortCode}` })).json().items).toEqual([]);

    const shown = await lookUp(request.shortCode.toLowerCase().replaceAll('-', ''));
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({
      paymentRequestId: request.id, shortCode: request.shortCode, status: 'paid', amount: '1700', currency: 'NZD', terminalId: 'till-9',
      lineItems: [expect.objectContaining({ sku: 'COFFEE-FW', price: '1100' }), expect.objectContaining({ sku: 'FOOD-MUF', price: '600' })],
      paidBy: { assetTotals: [expect.objectContaining({ type: 'centrapay.nzd.test', total: { amount: '1700', currency: 'NZD' } })] },
      refunds: [], refundable: '1700', ref: null, refusal: null,
    });
    // Looking is not journaling.
    expect(await journaledSales()).toEqual([]);

    const ref = await found(request.shortCode);
    expect(ref).toMatch(/^till-1-FOUND-[0-9A-Z]{6}$/);
    // Found again (another press, another screen): the same sale, nothing more journaled.
    expect((await journalIt(request.shortCode)).json()).toMatchObject({ ref });
    expect(await journaledSales()).toEqual([expect.objectContaining({ ref, kind: 'found' })]);
    const detail = (await gateway.inject({ method: 'GET', url: `/api/history/${request.shortCode}` })).json();
    expect(detail.sale).toMatchObject({ ref, kind: 'found', number: 0, lane: TEST_LANE.id, result: 'paid', terminalId: 'till-9', total: '1700' });
    expect(detail.requests).toEqual([expect.objectContaining({ id: request.id, shortCode: request.shortCode, status: 'paid' })]);
    expect(detail.events).toEqual([expect.objectContaining({ kind: 'found-at-centrapay', actor: 'cashier:op-7', detail: expect.stringContaining('not on this till') })]);

    const before = await afterSale(ref);
    expect(before).toMatchObject({ refundState: 'none', refundable: '1700', void: { allowed: false, refusal: 'This sale was found at Centrapay, not made on this till: it can be refunded, not voided.' } });
    const key = newKey();
    expect((await refund(ref, { key, lines: [{ sku: 'FOOD-MUF', qty: 1 }] })).statusCode).toBe(200);
    const done = await waitForAfterSale(ref, allCompleted);
    // The same press again: nothing more.
    expect((await refund(ref, { key, lines: [{ sku: 'FOOD-MUF', qty: 1 }] })).statusCode).toBe(200);
    expect(done).toMatchObject({ refundState: 'part', refundable: '1100', lines: [expect.objectContaining({ sku: 'COFFEE-FW', refundableQty: 2 }), expect.objectContaining({ sku: 'FOOD-MUF', refundableQty: 0 })] });
    expect(await refundsAt(request.id)).toEqual([
      expect.objectContaining({ externalRef: done.refunds[0]!.id, value: { amount: '600', currency: 'NZD' }, lineItems: [expect.objectContaining({ sku: 'FOOD-MUF', price: '600' })] }),
    ]);
    expect(done.refunds[0]!.id.startsWith(`${ref}-R`)).toBe(true);
    expect((await refund(ref, { lines: [{ sku: 'FOOD-MUF', qty: 1 }] })).json()).toMatchObject({ statusCode: 409, code: 'MORE_THAN_SOLD', message: 'Blueberry Muffin has already been refunded.' });
  });

  it('counts what another till refunded, before and after it was found, and refunds no more than is left', async () => {
    const request = await soldElsewhere();
    await refundedElsewhere(request.id, MUFFIN, 'till-9-R1');
    expect((await lookUp(request.shortCode)).json()).toMatchObject({
      refundable: '1100',
      refunds: [expect.objectContaining({ status: 'completed', amount: '600', actor: 'elsewhere', lineItems: [expect.objectContaining({ sku: 'FOOD-MUF' })] })],
    });
    const ref = await found(request.shortCode);
    expect((await refund(ref, { lines: [{ sku: 'FOOD-MUF', qty: 1 }] })).json()).toMatchObject({ statusCode: 409, code: 'MORE_THAN_SOLD' });

    // Another till refunds one flat white after it was found here: the till counts it too.
    await refundedElsewhere(request.id, { ...FLAT_WHITE, qty: '1', price: '550' }, 'till-9-R2');
    expect(await afterSale(ref)).toMatchObject({ refundable: '550', lines: [expect.objectContaining({ sku: 'COFFEE-FW', refundableQty: 1 }), expect.objectContaining({ refundableQty: 0 })] });
    expect((await refund(ref, { lines: [{ sku: 'COFFEE-FW', qty: 2 }] })).json()).toMatchObject({ statusCode: 409, message: 'Only 1 × Flat White is left to refund.' });
    expect((await refund(ref)).statusCode).toBe(200);
    const done = await waitForAfterSale(ref, (sale) => sale.refundState === 'whole' && sale.refunds.every((row) => row.status === 'completed'));
    expect(done.refundable).toBe('0');
    const atCentrapay = await refundsAt(request.id);
    expect(atCentrapay.map((activity) => activity.value.amount).sort()).toEqual(['550', '550', '600']);
    expect(atCentrapay.filter((activity) => activity.externalRef?.startsWith(`${ref}-R`))).toHaveLength(1);
  });

  it('keeps a refund pending while Centrapay’s answers are lost, sends it again under the same reference across a restart, and Centrapay refunds it once', async () => {
    await gateway.close();
    gateway = await buildGateway(sandbox.url, { ...journal, afterSale: AFTER_SALE, sales: { answerWithinMs: 300 } });
    const request = await soldElsewhere();
    const ref = await found(request.shortCode);
    // Centrapay makes the refund, but its answer never comes back: the till sends it again and again.
    await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'POST', path: '/api/payment-requests/:id/refund', mode: 'drop', phase: 'after', count: 100_000 });
    expect((await refund(ref)).json()).toMatchObject({ refundState: 'pending', refunds: [expect.objectContaining({ status: 'pending', amount: '1700' })] });

    // The gateway restarts with the refund still unanswered: it goes on from the journal.
    await gateway.close();
    await sandbox.call('DELETE', '/_sandbox/faults');
    gateway = await buildGateway(sandbox.url, { ...journal, afterSale: AFTER_SALE });
    const done = await waitForAfterSale(ref, allCompleted);
    expect(done).toMatchObject({ refundState: 'whole', refundable: '0' });
    expect(await refundsAt(request.id)).toEqual([expect.objectContaining({ externalRef: done.refunds[0]!.id, value: { amount: '1700', currency: 'NZD' } })]);
  });

  it('says in words that Centrapay has no such sale — unknown, or another merchant’s — and journals nothing', async () => {
    const unused = await soldElsewhere();
    const theirs = await soldElsewhere([MUFFIN], AS_OTHER_TERMINAL, SEED.configOther);
    // A well-formed code with its check character right, that no request of the café's has: the other merchant's.
    expect((await lookUp(theirs.shortCode)).json()).toEqual(NOT_AT_CENTRAPAY);
    expect((await journalIt(theirs.shortCode)).json()).toEqual(NOT_AT_CENTRAPAY);
    const last = unused.shortCode.at(-1)!;
    const mistyped = `${unused.shortCode.slice(0, -1)}${last === '2' ? '3' : '2'}`;
    expect((await lookUp(mistyped)).json()).toMatchObject({ statusCode: 400, code: 'CHECKSUM_FAILED', message: expect.stringMatching(/^No sale with that code at Centrapay: /) });
    expect((await lookUp('till-1-000042')).json()).toMatchObject({ statusCode: 400, code: 'INVALID_REQUEST', message: expect.stringContaining('not a short code') });
    expect((await lookUp(unused.shortCode, 'no-such-lane')).statusCode).toBe(404);
    expect(await journaledSales()).toEqual([]);
  });

  it('says Centrapay is not answering, and journals nothing, while Centrapay is down', async () => {
    const request = await soldElsewhere();
    await sandbox.call('POST', '/_sandbox/faults', {}, { method: 'GET', path: '/api/payment-requests/short-code/:shortCode', mode: 'http503', count: 100 });
    for (const answer of [await lookUp(request.shortCode), await journalIt(request.shortCode)]) {
      expect(answer.json()).toEqual({ statusCode: 502, code: 'CENTRAPAY_UNAVAILABLE', message: 'Centrapay is not answering, so the code cannot be looked up there. Nothing was changed: try again in a moment.' });
    }
    expect(await journaledSales()).toEqual([]);
  });

  it('shows a request that is not paid, but does not journal it: there is nothing to refund', async () => {
    const created = await sandbox.call('POST', '/api/payment-requests', AS_TERMINAL, { configId: SEED.configCafe, value: { amount: '600', currency: 'NZD' }, lineItems: [MUFFIN] });
    const message = 'Only a paid sale can be refunded or voided, and this one is not paid.';
    expect((await lookUp(created.body.shortCode)).json()).toMatchObject({ status: 'new', refundable: '0', ref: null, refusal: message });
    expect((await journalIt(created.body.shortCode)).json()).toEqual({ statusCode: 409, code: 'NOT_REFUNDABLE_HERE', message: `${message} Nothing was journaled.` });
    expect(await journaledSales()).toEqual([]);
  });

  it('finds a sale this till made as its own, and journals nothing more', async () => {
    expect((await gateway.inject({ method: 'POST', url: '/api/lanes/lane-1/payments', payload: { cart: CART, operatorId: 'op-7' } })).statusCode).toBe(200);
    const pending = await waitForLane(gateway, (state) => state.payment?.outcome === 'pending');
    const { id, shortCode } = pending.payment!.paymentRequest;
    await alicePays(sandbox, id);
    await waitForLane(gateway, (state) => state.payment?.outcome === 'paid');
    expect((await lookUp(shortCode)).json()).toMatchObject({ ref: pending.order!.ref, refusal: null });
    expect((await journalIt(shortCode)).json()).toMatchObject({ ref: pending.order!.ref });
    expect(await journaledSales()).toEqual([expect.objectContaining({ ref: pending.order!.ref, kind: 'qr' })]);
  });
});
