// The after-sale rules on their own: what a sale can still give back, and through which tender.
import { describe, expect, it } from 'vitest';
import type { RefundActivity } from '../../../domain/centrapay';
import { afterSaleView, handBackOf, planRefund, planVoid, refundCompletion, refundsElsewhere, VOID_WINDOW_MS, type Refund, type SaleBook, type Tender } from './ledger';

const CREATED = '2026-11-26T10:00:00.000Z';
const coffee = { name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100', tax: '15' };
const muffin = { name: 'Blueberry Muffin', sku: 'FOOD-MUF', qty: '1', price: '600', tax: '15' };

function tender(key: string, paid: string, extra: Partial<Tender> = {}): Tender {
  const counter = key === 'cash' || key === 'card';
  return {
    key, method: counter ? key : 'centrapay', paymentRequestId: counter ? null : key, shortCode: counter ? null : `CP-${key}`, paid,
    assets: counter ? [] : [{ type: 'centrapay.nzd.test', description: 'Centrapay NZD', amount: paid }], externalMethod: null, createdAt: counter ? null : CREATED, ...extra,
  };
}

function book(tenders: Tender[], refunds: Partial<Refund>[] = [], result = 'paid'): SaleBook {
  return {
    ref: 'till-1-000001-ABCDEF', number: 1, total: '1700', currency: 'NZD', result, createdAt: CREATED, lines: [coffee, muffin], tenders,
    refunds: refunds.map((refund, index) => ({
      id: `r-${index}`, orderRef: 'till-1-000001-ABCDEF', paymentRequestId: 'PR1', method: 'centrapay', amount: '0', currency: 'NZD', lineItems: null,
      reason: 'x', actor: 'cashier:op', status: 'completed', error: null, assetTotals: null, accepted: false, sentLineItems: null, createdAt: CREATED,
      updatedAt: CREATED, ...refund,
    })),
    found: false,
    elsewhere: [],
    unknownPaid: false,
  };
}

describe('planRefund', () => {
  it('refunds the whole sale through every tender, each with the line items its amount covers', () => {
    const plan = planRefund(book([tender('PR1', '1000'), tender('cash', '700')]), undefined);
    expect('refunds' in plan && plan.refunds.map(({ tender: t, amount, send, record }) => [t.key, amount, send?.map((item) => `${item.sku}:${item.price}`), record])).toEqual([
      ['PR1', '1000', ['COFFEE-FW:1000'], null],
      ['cash', '700', ['COFFEE-FW:100', 'FOOD-MUF:600'], null],
    ]);
  });

  it('draws chosen lines from the tenders in order, splitting a line where one runs out', () => {
    const plan = planRefund(book([tender('PR1', '800'), tender('PR2', '900')]), [{ sku: 'FOOD-MUF', qty: 1 }, { sku: 'COFFEE-FW', qty: 1 }]);
    expect('refunds' in plan && plan.refunds.map(({ tender: t, amount, record }) => [t.key, amount, record?.map((item) => `${item.sku}×${item.qty}:${item.price}`)])).toEqual([
      ['PR1', '800', ['FOOD-MUF×1:600', 'COFFEE-FW×1:200']],
      ['PR2', '350', ['COFFEE-FW×1:350']],
    ]);
  });

  it('counts pending refunds as given, failed ones as not', () => {
    const sale = book([tender('PR1', '1700')], [
      { amount: '600', lineItems: [{ ...muffin }], status: 'pending' },
      { amount: '550', lineItems: [{ ...coffee, qty: '1', price: '550' }], status: 'failed', error: 'REFUND_DECLINED' },
    ]);
    const view = afterSaleView(sale, Date.parse(CREATED));
    expect(view).toMatchObject({ refundState: 'pending', refundable: '1100' });
    expect(view.lines.map((line) => line.refundableQty)).toEqual([2, 0]);
  });

  it('refuses more than is left to refund, even where the lines allow it', () => {
    // $12.00 went back with only the muffin named: the coffees are still on the lines, but only $5.00 is left.
    const sale = book([tender('PR1', '1700')], [{ amount: '1200', lineItems: [{ ...muffin }] }]);
    expect(planRefund(sale, [{ sku: 'COFFEE-FW', qty: 1 }])).toEqual({
      refused: expect.objectContaining({ code: 'MORE_THAN_PAID', message: 'That is more than is left to refund on this sale: at most $5.00.' }),
    });
  });

  it('refuses lines after the whole sale, a second whole refund, and a sale that was not paid', () => {
    const whole = book([tender('PR1', '1700')], [{ amount: '1000', lineItems: null, status: 'failed' }, { amount: '700', lineItems: null, paymentRequestId: 'PR1' }]);
    expect(planRefund(whole, [{ sku: 'FOOD-MUF', qty: 1 }])).toEqual({ refused: expect.objectContaining({ code: 'WHOLE_SALE_REFUNDED' }) });
    expect(planRefund(book([tender('PR1', '1700')], [{ amount: '1700' }]), undefined)).toEqual({ refused: expect.objectContaining({ code: 'NOTHING_LEFT' }) });
    expect(planRefund(book([], [], 'cancelled'), undefined)).toEqual({ refused: expect.objectContaining({ code: 'NOT_REFUNDABLE' }) });
  });
});

describe('planVoid', () => {
  const sale = book([tender('PR1', '1000'), tender('cash', '700')]);

  it('voids every request and hands back the counter within 24 h of the first request', () => {
    const plan = planVoid(sale, Date.parse(CREATED) + VOID_WINDOW_MS);
    expect('refunds' in plan && plan.refunds.map(({ tender: t, amount }) => [t.method, amount])).toEqual([['centrapay', '1000'], ['cash', '700']]);
  });

  it('is refused in words after 24 h, and after any refund', () => {
    expect(planVoid(sale, Date.parse(CREATED) + VOID_WINDOW_MS + 1)).toEqual({ refused: expect.objectContaining({ message: 'More than 24 hours since the sale: refund it instead.' }) });
    expect(planVoid(book([tender('PR1', '1700')], [{ amount: '100', lineItems: [] }]), Date.parse(CREATED))).toEqual({ refused: expect.objectContaining({ code: 'ALREADY_PART_REFUNDED' }) });
  });

  it('is no longer offered once Centrapay refused a void as too late, whatever the till’s own clock says', () => {
    const refused = book([tender('PR1', '1700')], [{ method: 'void', amount: '1700', status: 'failed', error: 'VOID_WINDOW_EXCEEDED' }]);
    expect(afterSaleView(refused, Date.parse(CREATED)).void).toMatchObject({ allowed: false, refusal: 'More than 24 hours since the sale: refund it instead.' });
    expect(planVoid(refused, Date.parse(CREATED))).toEqual({ refused: expect.objectContaining({ code: 'VOID_WINDOW_EXCEEDED' }) });
    // A refund is still offered, for all of it.
    expect(afterSaleView(refused, Date.parse(CREATED))).toMatchObject({ refundState: 'none', refundable: '1700' });
  });
});

describe('refundCompletion', () => {
  const activity = (extra: Partial<RefundActivity>): RefundActivity => ({ type: 'refund', paymentRequestId: 'PR1', createdAt: CREATED, externalRef: 'ours', ...extra });

  it('is done when Centrapay lists our refund, unless it says it is still under way or failed', () => {
    expect(refundCompletion([], 'ours').status).toBe('pending');
    expect(refundCompletion([activity({ externalRef: 'another' })], 'ours').status).toBe('pending');
    expect(refundCompletion([activity({})], 'ours').status).toBe('completed');
    expect(refundCompletion([activity({ status: 'Initiated' })], 'ours').status).toBe('pending');
    expect(refundCompletion([activity({ status: 'failed' })], 'ours').status).toBe('failed');
    expect(refundCompletion([activity({ type: 'payment' })], 'ours').status).toBe('pending');
  });
});

describe('a sale found at Centrapay', () => {
  const activity = (extra: Partial<RefundActivity>): RefundActivity => ({ type: 'refund', paymentRequestId: 'PR1', createdAt: CREATED, ...extra });
  const found = (refunds: Partial<Refund>[], activities: RefundActivity[]): SaleBook => {
    const sale = { ...book([tender('PR1', '1700')], refunds), found: true };
    return { ...sale, elsewhere: refundsElsewhere(sale, sale.tenders[0]!, activities) };
  };

  it('counts the refunds another till made of it, by line, and leaves out its own and what is not a refund', () => {
    const sale = found([{ id: 'ours-1', amount: '550', lineItems: [{ ...coffee, qty: '1', price: '550' }], status: 'pending' }], [
      activity({ externalRef: 'till-9-R1', value: { amount: '600', currency: 'NZD' }, lineItems: [{ ...muffin }], shortCode: 'CP-AAA-BBB-02' }),
      activity({ externalRef: 'ours-1', value: { amount: '550', currency: 'NZD' } }),
      activity({ externalRef: 'till-9-R2', value: { amount: '550', currency: 'NZD' }, status: 'failed' }),
      activity({ type: 'payment', value: { amount: '1700', currency: 'NZD' } }),
    ]);
    expect(sale.elsewhere.map((refund) => [refund.id, refund.amount, refund.status, refund.actor])).toEqual([
      ['till-9-R1', '600', 'completed', 'elsewhere'], ['till-9-R2', '550', 'failed', 'elsewhere'],
    ]);
    const view = afterSaleView(sale, Date.parse(CREATED));
    expect(view).toMatchObject({ refundState: 'pending', refundable: '550', tenders: [expect.objectContaining({ refunded: '1150', refundable: '550' })] });
    expect(view.lines.map((line) => line.refundableQty)).toEqual([1, 0]);
    expect(view.refunds.map((refund) => [refund.id, refund.handBack])).toEqual([['till-9-R1', null], ['till-9-R2', null], ['ours-1', null]]);
    expect(planRefund(sale, [{ sku: 'FOOD-MUF', qty: 1 }])).toEqual({ refused: expect.objectContaining({ code: 'MORE_THAN_SOLD', message: 'Blueberry Muffin has already been refunded.' }) });
  });

  it('takes a refund made elsewhere without line items as of the whole sale: only what is left of the whole', () => {
    const sale = found([], [activity({ externalRef: 'till-9-R1', value: { amount: '200', currency: 'NZD' } })]);
    expect(planRefund(sale, [{ sku: 'FOOD-MUF', qty: 1 }])).toEqual({ refused: expect.objectContaining({ code: 'WHOLE_SALE_REFUNDED' }) });
    const whole = planRefund(sale, undefined);
    expect('refunds' in whole && whole.refunds.map((refund) => refund.amount)).toEqual(['1500']);
  });

  it('is refunded, never voided: it was not made on this till', () => {
    const sale = found([], []);
    expect(planVoid(sale, Date.parse(CREATED))).toEqual({ refused: expect.objectContaining({ code: 'FOUND_AT_CENTRAPAY', message: 'This sale was found at Centrapay, not made on this till: it can be refunded, not voided.' }) });
    expect(afterSaleView(sale, Date.parse(CREATED)).void.allowed).toBe(false);
  });

  it('chooses a line another till sent without a sku by its name', () => {
    const sale = { ...found([], []), lines: [{ name: 'Pie', qty: '2', price: '1000' }, { name: 'Sauce', qty: '1', price: '700' }] };
    expect(afterSaleView(sale, Date.parse(CREATED)).lines.map((line) => line.sku)).toEqual(['Pie', 'Sauce']);
    const plan = planRefund(sale, [{ sku: 'Pie', qty: 1 }]);
    expect('refunds' in plan && plan.refunds.map((refund) => [refund.amount, refund.send])).toEqual([['500', [{ name: 'Pie', qty: '1', price: '500' }]]]);
  });
});

describe('handBackOf', () => {
  it('is the counter amount, or the external part Centrapay refunded, by the way it was taken', () => {
    const refund = book([tender('PR1', '1700')], [{ amount: '1700' }]).refunds[0]!;
    const connect = tender('PR1', '1700', { externalMethod: 'card' });
    expect(handBackOf({ ...refund, assetTotals: [{ type: 'sbx.rewards.test', amount: '220' }, { type: 'external.test', amount: '1480' }] }, connect)).toEqual({ method: 'card', amount: '1480' });
    expect(handBackOf({ ...refund, assetTotals: [{ type: 'centrapay.nzd.test', amount: '1700' }] }, connect)).toBeNull();
    expect(handBackOf({ ...refund, method: 'cash', paymentRequestId: null, amount: '700' }, undefined)).toEqual({ method: 'cash', amount: '700' });
    expect(handBackOf({ ...refund, method: 'cash', status: 'failed' }, undefined)).toBeNull();
  });
});
