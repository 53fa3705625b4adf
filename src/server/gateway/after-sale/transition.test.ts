// The after-sale engine's transition on its own: refund and void presses checked against the sale's book (the
// ledger's rules, in words a cashier can act on), each of Centrapay's answers applied once, late and stray ones
// ignored, and the journal's events each change writes. No HTTP, no timers: the time comes in the context.
import { describe, expect, it } from 'vitest';
import { AfterSaleWorld, observeAfterSale, SALE_AT, VOID_WINDOW_MS, type Paid } from '../../../test-support/after-sale-world';
import { afterSaleEffects } from './effects';
import type { AfterSaleEvent, AfterSaleRecord } from './events';
import { afterSaleView, type SaleBook } from './ledger';
import { transition } from './transition';

const AT = { now: SALE_AT };
const press = (prefix: string, lines?: { sku: string; qty: number }[]): AfterSaleEvent => ({ type: 'refund', prefix, reason: 'cold coffee', actor: 'cashier:op-1', ...(lines ? { lines } : {}) });
const voidPress = (prefix: string): AfterSaleEvent => ({ type: 'void', prefix, reason: 'wrong sale', actor: 'cashier:op-2' });

function step(book: SaleBook, event: AfterSaleEvent, ctx = AT): { state: SaleBook; records: AfterSaleRecord[] } {
  const result = transition(book, event, ctx);
  if (result.refused) throw new Error(`refused: ${result.refused.code}`);
  return result;
}

function refused(book: SaleBook, event: AfterSaleEvent, ctx = AT) {
  const result = transition(book, event, ctx);
  if (!result.refused) throw new Error('expected a refusal');
  return result.refused;
}

function sale(paid: Paid) {
  const world = new AfterSaleWorld();
  return { world, book: world.sale(paid) };
}

/** Runs every effect once against the world, its answers arriving. */
function runEffects(book: SaleBook, world: AfterSaleWorld): SaleBook {
  let next = book;
  for (const effect of afterSaleEffects(next)) {
    const observation = observeAfterSale(effect, world);
    if (observation) next = step(next, observation, { now: world.now }).state;
  }
  return next;
}

describe('a refund press', () => {
  it('refunds the whole sale through each tender: Centrapay’s part sent with its line items, the counter’s handed back at once', () => {
    const { book } = sale([{ method: 'centrapay', paid: '1000' }, { method: 'cash', paid: '700' }]);
    const prefix = `${book.ref}-RAAAA`;
    const { state, records } = step(book, press(prefix));
    expect(state.refunds).toEqual([
      expect.objectContaining({ id: `${prefix}-1`, paymentRequestId: 'PR1', method: 'centrapay', amount: '1000', lineItems: null, status: 'pending', accepted: false, reason: 'cold coffee', actor: 'cashier:op-1' }),
      expect.objectContaining({ id: `${prefix}-2`, paymentRequestId: null, method: 'cash', amount: '700', lineItems: null, status: 'completed' }),
    ]);
    expect(state.refunds[0]!.sentLineItems?.map((item) => `${item.sku}:${item.price}`)).toEqual(['COFFEE-FW:1000']);
    expect(records).toEqual([
      { subject: 'PR1', ref: book.ref, name: 'refund-requested', actor: 'cashier:op-1', detail: `${prefix}-1: $10.00 for the whole sale; reason: cold coffee` },
      { subject: book.ref, ref: book.ref, name: 'cash-handed-back', actor: 'cashier:op-1', detail: `${prefix}-2: $7.00 for the whole sale; reason: cold coffee` },
    ]);
    // Named with the sale's invoice (its reference when none was kept).
    expect(afterSaleEffects(state)).toEqual([{ key: `send:${prefix}-1`, type: 'send', refund: state.refunds[0], invoiceRef: book.ref, configId: null }]);
    expect(afterSaleView(state, SALE_AT)).toMatchObject({ refundState: 'pending', refundable: '0' });
  });

  it('refunds chosen lines, drawn from the tenders in order, naming what each returns', () => {
    const { book } = sale([{ method: 'centrapay', paid: '800' }, { method: 'centrapay', paid: '900' }]);
    const { state, records } = step(book, press(`${book.ref}-RB`, [{ sku: 'FOOD-MUF', qty: 1 }, { sku: 'COFFEE-FW', qty: 1 }]));
    expect(state.refunds.map((refund) => [refund.paymentRequestId, refund.amount, refund.lineItems?.map((item) => `${item.sku}×${item.qty}:${item.price}`)])).toEqual([
      ['PR1', '800', ['FOOD-MUF×1:600', 'COFFEE-FW×1:200']],
      ['PR2', '350', ['COFFEE-FW×1:350']],
    ]);
    expect(records.map((record) => record.detail)).toEqual([
      `${book.ref}-RB-1: $8.00 for 1 × Blueberry Muffin, 1 × Flat White; reason: cold coffee`,
      `${book.ref}-RB-2: $3.50 for 1 × Flat White; reason: cold coffee`,
    ]);
  });

  it('the same press again refunds nothing twice, whatever it asks now', () => {
    const { book } = sale([{ method: 'centrapay', paid: '1700' }]);
    const first = step(book, press(`${book.ref}-RA`, [{ sku: 'FOOD-MUF', qty: 1 }])).state;
    const again = step(first, press(`${book.ref}-RA`));
    expect(again.state).toBe(first);
    expect(again.records).toEqual([]);
    // Even once Centrapay refused all of it: another press is another key.
    const refusedAll = step(first, { type: 'refused', id: `${book.ref}-RA-1`, code: 'REFUND_DECLINED' }).state;
    expect(step(refusedAll, press(`${book.ref}-RA`)).state).toBe(refusedAll);
  });

  it('two presses at once: the second is planned against the first, pending refunds counting as given', () => {
    const { book } = sale([{ method: 'centrapay', paid: '1700' }]);
    const first = step(book, press(`${book.ref}-RA`)).state;
    expect(refused(first, press(`${book.ref}-RB`))).toEqual({ statusCode: 409, code: 'NOTHING_LEFT', message: 'Everything paid for this sale has already been refunded.' });
    const muffin = step(book, press(`${book.ref}-RA`, [{ sku: 'FOOD-MUF', qty: 1 }])).state;
    expect(refused(muffin, press(`${book.ref}-RB`, [{ sku: 'FOOD-MUF', qty: 1 }]))).toEqual({ statusCode: 409, code: 'MORE_THAN_SOLD', message: 'Blueberry Muffin has already been refunded.' });
    expect(step(muffin, press(`${book.ref}-RB`)).state.refunds.map((refund) => refund.amount)).toEqual(['600', '1100']);
  });

  it('is refused for a sale not paid, a line it does not have, and while what paid it cannot be read', () => {
    const { book } = sale([{ method: 'centrapay', paid: '1700' }]);
    expect(refused({ ...book, result: 'cancelled' }, press('p'))).toMatchObject({ statusCode: 409, code: 'NOT_REFUNDABLE' });
    expect(refused(book, press('p', [{ sku: 'TEA', qty: 1 }]))).toEqual({ statusCode: 400, code: 'NOT_IN_SALE', message: 'This sale has no "TEA".' });
    expect(refused(book, press('p', [{ sku: 'COFFEE-FW', qty: 3 }]))).toEqual({ statusCode: 409, code: 'MORE_THAN_SOLD', message: 'Only 2 × Flat White are left to refund.' });
    expect(refused({ ...book, unknownPaid: true }, press('p'))).toEqual({
      statusCode: 502, code: 'CENTRAPAY_UNAVAILABLE', message: 'Centrapay is not answering, so the till cannot tell what this sale’s payment took. Nothing was refunded. Try again in a moment.',
    });
  });
});

describe('Centrapay’s answers to a refund', () => {
  function sent() {
    const { book, world } = sale([{ method: 'centrapay', paid: '1700' }]);
    return { book: step(book, press(`${book.ref}-RA`, [{ sku: 'FOOD-MUF', qty: 1 }])).state, world, id: `${book.ref}-RA-1` };
  }

  it('accepted: its completion is awaited; completed: the money is back', () => {
    const { book, world, id } = sent();
    const [effect] = afterSaleEffects(book);
    const accepted = step(book, observeAfterSale(effect!, world)!);
    expect(accepted.state.refunds[0]).toMatchObject({ status: 'pending', accepted: true, assetTotals: [{ type: 'centrapay.nzd.test', description: 'Centrapay NZD', amount: '600' }] });
    expect(accepted.records).toEqual([{ subject: 'PR1', ref: book.ref, name: 'refund-accepted', actor: 'centrapay', detail: `${id}: completes asynchronously`, status: 'pending' }]);
    expect(afterSaleEffects(accepted.state)).toEqual([{ key: `await:${id}`, type: 'await', refund: accepted.state.refunds[0], invoiceRef: book.ref, configId: null }]);
    expect(observeAfterSale(afterSaleEffects(accepted.state)[0]!, world)).toBeNull();
    world.settleRefunds();
    const completed = step(accepted.state, observeAfterSale(afterSaleEffects(accepted.state)[0]!, world)!);
    expect(completed.state.refunds[0]).toMatchObject({ status: 'completed' });
    expect(completed.records).toEqual([expect.objectContaining({ name: 'refund-completed', detail: `${id}: the money is back with the customer`, status: 'completed' })]);
    expect(afterSaleEffects(completed.state)).toEqual([]);
    expect(afterSaleView(completed.state, SALE_AT)).toMatchObject({ refundState: 'part', refundable: '1100' });
  });

  it('declined once accepted, or refused outright: nothing went back, and it can be refunded again', () => {
    const { book, id } = sent();
    const accepted = step(book, { type: 'answered', id, activity: { type: 'refund', paymentRequestId: 'PR1', createdAt: '', externalRef: id } }).state;
    const declined = step(accepted, { type: 'completed', id, status: 'failed', activity: null });
    expect(declined.state.refunds[0]).toMatchObject({ status: 'failed', error: 'REFUND_DECLINED' });
    expect(declined.records).toEqual([expect.objectContaining({ name: 'refund-refused', detail: `${id}: REFUND_DECLINED`, status: 'failed' })]);
    const refusedOutright = step(book, { type: 'refused', id, code: 'REFUND_WINDOW_EXCEEDED' });
    expect(refusedOutright.state.refunds[0]).toMatchObject({ status: 'failed', error: 'REFUND_WINDOW_EXCEEDED' });
    expect(refusedOutright.records).toEqual([expect.objectContaining({ name: 'refund-refused', detail: `${id}: REFUND_WINDOW_EXCEEDED` })]);
    for (const after of [declined.state, refusedOutright.state]) {
      expect(afterSaleEffects(after)).toEqual([]);
      expect(step(after, press('another', [{ sku: 'FOOD-MUF', qty: 1 }])).state.refunds).toHaveLength(2);
    }
  });

  it('a refund whose answer was lost is found by its reference when sent again', () => {
    const { book, world, id } = sent();
    const [effect] = afterSaleEffects(book);
    observeAfterSale(effect!, world);
    // Sent again: Centrapay answers the first under the same reference; refunded once.
    expect(observeAfterSale(effect!, world)).toMatchObject({ type: 'answered', id });
    expect(world.drawn.get(id)).toBe(1);
  });

  it('ignores late, repeated and stray answers', () => {
    const { book, world, id } = sent();
    const unchanged = (state: SaleBook, event: AfterSaleEvent) => {
      const result = step(state, event);
      expect(result.state).toBe(state);
      expect(result.records).toEqual([]);
    };
    const answer = observeAfterSale(afterSaleEffects(book)[0]!, world)!;
    const accepted = step(book, answer).state;
    unchanged(accepted, answer);
    world.settleRefunds();
    const completed = runEffects(accepted, world);
    unchanged(completed, answer);
    unchanged(completed, { type: 'refused', id, code: 'REFUND_DECLINED' });
    unchanged(completed, { type: 'completed', id, status: 'failed', activity: null });
    unchanged(book, { type: 'completed', id: 'another-sale-R1-1', status: 'completed', activity: null });
    unchanged(book, { type: 'refused', id: 'another-sale-R1-1', code: 'REFUND_DECLINED' });
  });
});

describe('a void press', () => {
  it('voids every request and hands back the counter’s part, within 24 h of the first request', () => {
    const { book, world } = sale([{ method: 'centrapay', paid: '1000' }, { method: 'cash', paid: '700' }]);
    const prefix = `${book.ref}-VAAAA`;
    const { state, records } = step(book, voidPress(prefix), { now: SALE_AT + VOID_WINDOW_MS });
    expect(state.refunds).toEqual([
      expect.objectContaining({ id: `${prefix}-1`, method: 'void', paymentRequestId: 'PR1', amount: '1000', status: 'pending', sentLineItems: null }),
      expect.objectContaining({ id: `${prefix}-2`, method: 'cash', amount: '700', status: 'completed' }),
    ]);
    expect(records.map((record) => record.name)).toEqual(['void-requested', 'cash-handed-back']);
    const voided = step(state, observeAfterSale(afterSaleEffects(state)[0]!, world)!);
    expect(voided.state.refunds[0]).toMatchObject({ status: 'completed', amount: '1000', assetTotals: [{ type: 'centrapay.nzd.test', amount: '1000' }] });
    expect(voided.records).toEqual([expect.objectContaining({ name: 'voided', detail: `${prefix}-1: 1000 back to the customer`, status: 'completed' })]);
    expect(afterSaleEffects(voided.state)).toEqual([]);
    expect(afterSaleView(voided.state, SALE_AT)).toMatchObject({ refundState: 'whole', refundable: '0', void: { allowed: false } });
  });

  it('is refused after 24 h, after any refund, and once Centrapay refused a void as too late', () => {
    const { book } = sale([{ method: 'centrapay', paid: '1700' }]);
    expect(refused(book, voidPress('v'), { now: SALE_AT + VOID_WINDOW_MS + 1 })).toEqual({
      statusCode: 409, code: 'VOID_WINDOW_EXCEEDED', message: 'More than 24 hours since the sale: refund it instead.',
    });
    const refundedPart = step(book, press('r', [{ sku: 'FOOD-MUF', qty: 1 }])).state;
    expect(refused(refundedPart, voidPress('v'))).toEqual({ statusCode: 409, code: 'ALREADY_PART_REFUNDED', message: 'Part of this sale has been refunded: refund the rest instead of voiding.' });
    const voiding = step(book, voidPress('v1')).state;
    const tooLate = step(voiding, { type: 'refused', id: 'v1-1', code: 'VOID_WINDOW_EXCEEDED' });
    expect(tooLate.records).toEqual([expect.objectContaining({ name: 'void-refused', detail: 'v1-1: VOID_WINDOW_EXCEEDED' })]);
    expect(refused(tooLate.state, voidPress('v2'))).toMatchObject({ code: 'VOID_WINDOW_EXCEEDED' });
    // The refund is still there to take.
    expect(step(tooLate.state, press('r')).state.refunds.at(-1)).toMatchObject({ method: 'centrapay', amount: '1700' });
  });

  // Found by the property (after-sale/transition.property.test.ts, against a Centrapay that answers a repeated void
  // ALREADY_REFUNDED, as §3.10 lists and §1.7 leaves open): the void was recorded as refused, so the sale's book said
  // nothing went back though Centrapay had refunded all of it, and offered the refund again.
  it('a void whose answer was lost, answered ALREADY_REFUNDED when sent again, is voided (replay of a found sequence)', () => {
    const { book, world } = sale([{ method: 'centrapay', paid: '1700' }]);
    world.strictRepeats = true;
    const voiding = step(book, voidPress(`${book.ref}-V0`)).state;
    const [effect] = afterSaleEffects(voiding);
    observeAfterSale(effect!, world);
    const again = observeAfterSale(effect!, world);
    expect(again).toEqual({ type: 'refused', id: `${book.ref}-V0-1`, code: 'ALREADY_REFUNDED' });
    const voided = step(voiding, again!);
    expect(voided.state.refunds[0]).toMatchObject({ method: 'void', status: 'completed', amount: '1700', error: null });
    expect(voided.records).toEqual([expect.objectContaining({ name: 'voided', detail: `${book.ref}-V0-1: 1700 back to the customer (Centrapay: already refunded)`, status: 'completed' })]);
    expect(afterSaleEffects(voided.state)).toEqual([]);
    expect(afterSaleView(voided.state, SALE_AT)).toMatchObject({ refundState: 'whole', refundable: '0' });
    expect(refused(voided.state, press(`${book.ref}-R0`))).toMatchObject({ code: 'NOTHING_LEFT' });
    // Refused for any other reason, a void is still refused.
    expect(step(voiding, { type: 'refused', id: `${book.ref}-V0-1`, code: 'INACTIVE_ASSET' }).state.refunds[0]).toMatchObject({ status: 'failed', error: 'INACTIVE_ASSET' });
  });

  it('a void whose answer was lost is answered the same when sent again', () => {
    const { book, world } = sale([{ method: 'centrapay', paid: '1700' }]);
    const voiding = step(book, voidPress('v')).state;
    const [effect] = afterSaleEffects(voiding);
    const first = observeAfterSale(effect!, world);
    expect(observeAfterSale(effect!, world)).toEqual(first);
    expect(world.drawn.get('void:PR1')).toBe(1);
  });
});
