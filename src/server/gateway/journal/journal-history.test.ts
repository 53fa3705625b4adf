// What the history screen and the end-of-day report ask of the journal: sales newest first a page at a time, found by
// short code, number, amount, reference, lane and day; what paid each request; the refunds of a day.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PaidBy, PaymentRequest } from '../../../domain/centrapay';
import type { JournalRecord } from '../sale/events';
import { Journal, type SaleFilter } from './journal';

let journal: Journal;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-26T01:00:00.000Z'));
  journal = new Journal(':memory:');
});

afterEach(() => {
  journal.close();
  vi.useRealTimers();
});

function paymentRequest(id: string, shortCode: string, amount: string, paidBy?: PaidBy): PaymentRequest {
  return {
    id, shortCode, url: `http://pos.test/pay/${id}`, value: { amount, currency: 'NZD' }, paymentOptions: [], merchantId: 'm', merchantName: 'Cafe',
    configId: 'c', status: paidBy ? 'paid' : 'new', createdAt: '', updatedAt: '', expiresAt: '', merchantConditions: [], ...(paidBy ? { paidBy } : {}),
  };
}

/** A numbered sale, with a Payment Request when a short code is given. */
function sale(number: number, total: string, options: { lane?: string; shortCode?: string; requestAmount?: string } = {}): string {
  const ref = `till-1-${String(number).padStart(6, '0')}-ABC${number}`;
  const records: JournalRecord[] = [
    { kind: 'order', order: { ref, number, kind: 'qr', total, currency: 'NZD', operatorId: 'op-1', terminalId: 'till-1', startedAt: '' }, lineItems: [] },
  ];
  if (options.shortCode) {
    records.push({ kind: 'request', ref, paymentRequest: paymentRequest(`PR${number}`, options.shortCode, options.requestAmount ?? total), operatorId: 'op-1' });
  }
  journal.commit(options.lane ?? 'lane-1', {}, records);
  return ref;
}

const numbers = (filter: SaleFilter, page?: Parameters<Journal['findSales']>[1]) => journal.findSales(filter, page).sales.map((row) => row.number);

describe('sales newest first, a page at a time', () => {
  it('pages through sales made in the same millisecond without skipping or repeating one', () => {
    for (let number = 1; number <= 7; number += 1) sale(number, '100');
    const first = journal.findSales({}, { limit: 3 });
    expect(first.sales.map((row) => row.number)).toEqual([7, 6, 5]);
    const second = journal.findSales({}, { limit: 3, after: first.next! });
    expect(second.sales.map((row) => row.number)).toEqual([4, 3, 2]);
    const last = journal.findSales({}, { limit: 3, after: second.next! });
    expect(last.sales.map((row) => row.number)).toEqual([1]);
    expect(last.next).toBeNull();
  });

  it('says there is no next page when the last page is exactly full', () => {
    for (let number = 1; number <= 3; number += 1) sale(number, '100');
    expect(journal.findSales({}, { limit: 3 }).next).toBeNull();
    expect(journal.findSales({}, { limit: 2 }).next).not.toBeNull();
  });

  it('orders by time, not by number', () => {
    sale(2, '100');
    vi.setSystemTime(new Date('2026-11-26T02:00:00.000Z'));
    sale(1, '100');
    expect(numbers({})).toEqual([1, 2]);
  });
});

describe('finding a sale', () => {
  beforeEach(() => {
    sale(41, '2700', { shortCode: 'CP-C7F-ZS5' });
    sale(42, '1700', { shortCode: 'CP-AAA-BB1', requestAmount: '700' });
    sale(43, '2700', { lane: 'lane-2', shortCode: 'CP-X4V-6N' });
    sale(44, '550');
  });

  it('by short code', () => {
    expect(numbers({ matches: [{ by: 'short-code', shortCode: 'CP-C7F-ZS5' }] })).toEqual([41]);
    expect(numbers({ matches: [{ by: 'short-code', shortCode: 'CP-C7F-ZS6' }] })).toEqual([]);
  });

  it('by order number', () => {
    expect(numbers({ matches: [{ by: 'number', number: 42 }] })).toEqual([42]);
  });

  it('by amount: the sale’s total or what one of its requests asked for', () => {
    expect(numbers({ matches: [{ by: 'amount', amount: '2700' }] })).toEqual([43, 41]);
    expect(numbers({ matches: [{ by: 'amount', amount: '700' }] })).toEqual([42]);
  });

  it('by part of the order reference, or a Payment Request id', () => {
    expect(numbers({ matches: [{ by: 'reference', text: '000044' }] })).toEqual([44]);
    expect(numbers({ matches: [{ by: 'reference', text: 'abc43' }] })).toEqual([43]);
    expect(numbers({ matches: [{ by: 'reference', text: 'PR42' }] })).toEqual([42]);
    // LIKE's wildcards are what they are: a % finds only a %.
    expect(numbers({ matches: [{ by: 'reference', text: '%' }] })).toEqual([]);
  });

  it('by any of several ways, on one lane', () => {
    const either = [{ by: 'number', number: 43 }, { by: 'amount', amount: '2700' }] as const;
    expect(numbers({ matches: either })).toEqual([43, 41]);
    expect(numbers({ matches: either, lane: 'lane-2' })).toEqual([43]);
    expect(numbers({ lane: 'lane-1' })).toEqual([44, 42, 41]);
  });

  it('by when it was made', () => {
    vi.setSystemTime(new Date('2026-11-27T09:00:00.000Z'));
    sale(45, '2700');
    expect(numbers({ from: '2026-11-27T00:00:00.000Z', to: '2026-11-28T00:00:00.000Z' })).toEqual([45]);
    expect(numbers({ to: '2026-11-27T00:00:00.000Z', matches: [{ by: 'amount', amount: '2700' }] })).toEqual([43, 41]);
  });
});

describe('what paid each request', () => {
  const paidBy: PaidBy = { assetTotals: [{ type: 'centrapay.nzd.test', description: 'Centrapay NZD', total: { amount: '1700', currency: 'NZD' } }] };
  const laneWith = (pr: PaymentRequest) => ({ payment: { paymentRequest: pr }, parts: [] });

  it('is kept from the lane’s latest read of it, and not lost when a later read has none', () => {
    const ref = sale(1, '1700', { shortCode: 'CP-AAA-BB1' });
    expect(journal.requestsOf(ref)[0]!.paidBy).toBeNull();
    journal.commit('lane-1', laneWith(paymentRequest('PR1', 'CP-AAA-BB1', '1700', paidBy)), [{ kind: 'status', id: 'PR1', status: 'paid' }]);
    expect(journal.requestsOf(ref)[0]!.paidBy).toEqual(paidBy);
    journal.commit('lane-1', laneWith(paymentRequest('PR1', 'CP-AAA-BB1', '1700')), []);
    expect(journal.request('PR1')!.paidBy).toEqual(paidBy);
  });

  it('is kept for the paid parts of a sale too, and from the request as created', () => {
    const ref = sale(1, '1700', { shortCode: 'CP-AAA-BB1', requestAmount: '1000' });
    const part = paymentRequest('PR1', 'CP-AAA-BB1', '1000', { assetTotals: [{ type: 'sbx.voucher.test', description: 'Sandbox Voucher', total: { amount: '1000', currency: 'NZD' } }] });
    const rest = paymentRequest('PR2', 'CP-CCC-DD2', '700', paidBy);
    journal.commit('lane-1', { payment: { paymentRequest: rest }, parts: [{ paymentRequest: part }] }, [{ kind: 'request', ref, paymentRequest: rest, operatorId: null }]);
    const paidWith = Object.fromEntries(journal.requestsOf(ref).map((request) => [request.id, request.paidBy?.assetTotals[0]?.type]));
    expect(paidWith).toEqual({ PR1: 'sbx.voucher.test', PR2: 'centrapay.nzd.test' });
  });
});

describe('refunds of a day', () => {
  it('are those made in the range, on the lane asked for', () => {
    const one = sale(1, '1700');
    const two = sale(2, '900', { lane: 'lane-2' });
    const refund = (id: string, orderRef: string) => ({
      id, orderRef, paymentRequestId: null, method: 'cash' as const, amount: '100', currency: 'NZD', lineItems: null, reason: null, actor: 'cashier:op-1',
      status: 'completed' as const, error: null, assetTotals: null,
    });
    journal.addRefunds([refund('r1', one), refund('r2', two)], []);
    vi.setSystemTime(new Date('2026-11-27T01:00:00.000Z'));
    journal.addRefunds([refund('r3', one)], []);
    const day = { from: '2026-11-26T00:00:00.000Z', to: '2026-11-27T00:00:00.000Z' };
    expect(journal.refundsMade(day).map((row) => row.id)).toEqual(['r1', 'r2']);
    expect(journal.refundsMade({ ...day, lane: 'lane-2' }).map((row) => row.id)).toEqual(['r2']);
    expect(journal.refundsMade({ from: day.to, to: '2026-11-28T00:00:00.000Z' }).map((row) => row.id)).toEqual(['r3']);
  });
});
