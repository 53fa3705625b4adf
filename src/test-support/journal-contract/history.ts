// The history repository's contract: what the history screen and the end-of-day report ask of any journal — sales
// newest first a page at a time, found by short code, number, amount, reference, lane and day; what paid each
// request; the refunds of a day.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PaidBy, PaymentRequest } from '../../domain/centrapay';
import type { Refund } from '../../server/gateway/after-sale/ledger';
import type { Journal, SaleFilter } from '../../server/gateway/journal/journal';
import type { SaleRecord } from '../../server/gateway/sale/events';
import { EMPTY_LANE, type StoredLane } from '../../server/gateway/sale/state';

export function historyContract(open: () => Promise<Journal>): void {
  let journal: Journal;

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-26T01:00:00.000Z'));
    journal = await open();
  });

  afterEach(async () => {
    await journal.close();
    vi.useRealTimers();
  });

  function paymentRequest(id: string, shortCode: string, amount: string, paidBy?: PaidBy): PaymentRequest {
    return {
      id, shortCode, url: `http://pos.test/pay/${id}`, value: { amount, currency: 'NZD' }, paymentOptions: [], merchantId: 'm', merchantName: 'Cafe',
      configId: 'c', status: paidBy ? 'paid' : 'new', createdAt: '', updatedAt: '', expiresAt: '', merchantConditions: [], ...(paidBy ? { paidBy } : {}),
    };
  }

  /** A numbered sale, with a Payment Request when a short code is given. */
  async function sale(number: number, total: string, options: { lane?: string; shortCode?: string; requestAmount?: string } = {}): Promise<string> {
    const ref = `till-1-${String(number).padStart(6, '0')}-ABC${number}`;
    const records: SaleRecord[] = [
      { kind: 'order', order: { ref, number, kind: 'qr', total, currency: 'NZD', operatorId: 'op-1', terminalId: 'till-1', startedAt: '' }, lineItems: [] },
    ];
    if (options.shortCode) {
      records.push({ kind: 'request', ref, paymentRequest: paymentRequest(`PR${number}`, options.shortCode, options.requestAmount ?? total), operatorId: 'op-1' });
    }
    await journal.sales.commit(options.lane ?? 'lane-1', EMPTY_LANE, records);
    return ref;
  }

  const numbers = async (filter: SaleFilter) => (await journal.history.findSales(filter)).sales.map((row) => row.number);

  describe('sales newest first, a page at a time', () => {
    it('pages through sales made in the same millisecond without skipping or repeating one', async () => {
      for (let number = 1; number <= 7; number += 1) await sale(number, '100');
      const first = await journal.history.findSales({}, { limit: 3 });
      expect(first.sales.map((row) => row.number)).toEqual([7, 6, 5]);
      const second = await journal.history.findSales({}, { limit: 3, after: first.next! });
      expect(second.sales.map((row) => row.number)).toEqual([4, 3, 2]);
      const last = await journal.history.findSales({}, { limit: 3, after: second.next! });
      expect(last.sales.map((row) => row.number)).toEqual([1]);
      expect(last.next).toBeNull();
    });

    it('says there is no next page when the last page is exactly full', async () => {
      for (let number = 1; number <= 3; number += 1) await sale(number, '100');
      expect((await journal.history.findSales({}, { limit: 3 })).next).toBeNull();
      expect((await journal.history.findSales({}, { limit: 2 })).next).not.toBeNull();
    });

    it('orders by time, not by number', async () => {
      await sale(2, '100');
      vi.setSystemTime(new Date('2026-11-26T02:00:00.000Z'));
      await sale(1, '100');
      expect(await numbers({})).toEqual([1, 2]);
    });
  });

  it('keeps what a sale is invoiced as, its purchase order and its Card Partner discount; none for a sale that had none', async () => {
    const discount = { provider: 'farmlands', description: 'Farmlands Card Partner discount', percent: '10', amount: '170' };
    await journal.sales.commit('lane-1', EMPTY_LANE, [{
      kind: 'order',
      order: { ref: 'till-1-000050-FARM', number: 50, kind: 'code', total: '1530', currency: 'NZD', operatorId: 'op-1', terminalId: 'till-1', startedAt: '', invoiceRef: 'INV-50', purchaseOrderRef: 'PO-7', discount },
      lineItems: [],
    }]);
    expect(await journal.history.sale('till-1-000050-FARM')).toMatchObject({ invoiceRef: 'INV-50', purchaseOrderRef: 'PO-7', discount });
    const plain = await sale(51, '550');
    expect(await journal.history.sale(plain)).toMatchObject({ invoiceRef: null, purchaseOrderRef: null, discount: null });
    expect((await journal.history.findSales({})).sales.find((row) => row.number === 50)).toMatchObject({ invoiceRef: 'INV-50', discount });
  });

  describe('finding a sale', () => {
    beforeEach(async () => {
      await sale(41, '2700', { shortCode: 'CP-C7F-ZS5' });
      await sale(42, '1700', { shortCode: 'CP-AAA-BB1', requestAmount: '700' });
      await sale(43, '2700', { lane: 'lane-2', shortCode: 'CP-X4V-6N' });
      await sale(44, '550');
    });

    it('by short code', async () => {
      expect(await numbers({ matches: [{ by: 'short-code', shortCode: 'CP-C7F-ZS5' }] })).toEqual([41]);
      expect(await numbers({ matches: [{ by: 'short-code', shortCode: 'CP-C7F-ZS6' }] })).toEqual([]);
    });

    it('by order number', async () => {
      expect(await numbers({ matches: [{ by: 'number', number: 42 }] })).toEqual([42]);
    });

    it('by amount: the sale’s total or what one of its requests asked for', async () => {
      expect(await numbers({ matches: [{ by: 'amount', amount: '2700' }] })).toEqual([43, 41]);
      expect(await numbers({ matches: [{ by: 'amount', amount: '700' }] })).toEqual([42]);
    });

    it('by part of the order reference, or a Payment Request id', async () => {
      expect(await numbers({ matches: [{ by: 'reference', text: '000044' }] })).toEqual([44]);
      expect(await numbers({ matches: [{ by: 'reference', text: 'abc43' }] })).toEqual([43]);
      expect(await numbers({ matches: [{ by: 'reference', text: 'PR42' }] })).toEqual([42]);
      // LIKE's wildcards are what they are: a % finds only a %.
      expect(await numbers({ matches: [{ by: 'reference', text: '%' }] })).toEqual([]);
    });

    it('by any of several ways, on one lane', async () => {
      const either = [{ by: 'number', number: 43 }, { by: 'amount', amount: '2700' }] as const;
      expect(await numbers({ matches: either })).toEqual([43, 41]);
      expect(await numbers({ matches: either, lane: 'lane-2' })).toEqual([43]);
      expect(await numbers({ lane: 'lane-1' })).toEqual([44, 42, 41]);
    });

    it('by when it was made', async () => {
      vi.setSystemTime(new Date('2026-11-27T09:00:00.000Z'));
      await sale(45, '2700');
      expect(await numbers({ from: '2026-11-27T00:00:00.000Z', to: '2026-11-28T00:00:00.000Z' })).toEqual([45]);
      expect(await numbers({ to: '2026-11-27T00:00:00.000Z', matches: [{ by: 'amount', amount: '2700' }] })).toEqual([43, 41]);
    });
  });

  describe('what paid each request', () => {
    const paidBy: PaidBy = { assetTotals: [{ type: 'centrapay.nzd.test', description: 'Centrapay NZD', total: { amount: '1700', currency: 'NZD' } }] };
    const held = (paymentRequest: PaymentRequest) => ({ paymentRequest, tenders: [], outcome: 'pending' as const, startedAt: '', finishedAt: null, notice: null });
    const laneWith = (pr: PaymentRequest, parts: PaymentRequest[] = []): StoredLane => ({ ...EMPTY_LANE, payment: held(pr), parts: parts.map(held) });

    it('is kept from the lane’s latest read of it, and not lost when a later read has none', async () => {
      const ref = await sale(1, '1700', { shortCode: 'CP-AAA-BB1' });
      expect((await journal.history.requestsOf(ref))[0]!.paidBy).toBeNull();
      await journal.sales.commit('lane-1', laneWith(paymentRequest('PR1', 'CP-AAA-BB1', '1700', paidBy)), [{ kind: 'status', id: 'PR1', status: 'paid' }]);
      expect((await journal.history.requestsOf(ref))[0]!.paidBy).toEqual(paidBy);
      await journal.sales.commit('lane-1', laneWith(paymentRequest('PR1', 'CP-AAA-BB1', '1700')), []);
      expect((await journal.history.request('PR1'))!.paidBy).toEqual(paidBy);
    });

    it('keeps the Connection a request was made with (its offers are discounts), and none for one made without', async () => {
      const ref = await sale(1, '1700');
      const connected = { ...paymentRequest('PR1', 'CP-AAA-BB1', '1700'), connectionId: 'cn_9asd9k19' };
      const rest = paymentRequest('PR2', 'CP-CCC-DD2', '700');
      await journal.sales.commit('lane-1', laneWith(rest, [connected]), [
        { kind: 'request', ref, paymentRequest: connected, operatorId: 'op-1' }, { kind: 'request', ref, paymentRequest: rest, operatorId: 'op-1' },
      ]);
      expect(Object.fromEntries((await journal.history.requestsOf(ref)).map((request) => [request.id, request.connectionId]))).toEqual({ PR1: 'cn_9asd9k19', PR2: null });
      expect((await journal.history.request('PR1'))!.connectionId).toBe('cn_9asd9k19');
    });

    it('is kept for the paid parts of a sale too, and from the request as created', async () => {
      const ref = await sale(1, '1700', { shortCode: 'CP-AAA-BB1', requestAmount: '1000' });
      const part = paymentRequest('PR1', 'CP-AAA-BB1', '1000', { assetTotals: [{ type: 'sbx.voucher.test', description: 'Sandbox Voucher', total: { amount: '1000', currency: 'NZD' } }] });
      const rest = paymentRequest('PR2', 'CP-CCC-DD2', '700', paidBy);
      await journal.sales.commit('lane-1', laneWith(rest, [part]), [{ kind: 'request', ref, paymentRequest: rest, operatorId: null }]);
      const paidWith = Object.fromEntries((await journal.history.requestsOf(ref)).map((request) => [request.id, request.paidBy?.assetTotals[0]?.type]));
      expect(paidWith).toEqual({ PR1: 'sbx.voucher.test', PR2: 'centrapay.nzd.test' });
    });
  });

  describe('refunds of a day', () => {
    it('are those made in the range, on the lane asked for', async () => {
      const one = await sale(1, '1700');
      const two = await sale(2, '900', { lane: 'lane-2' });
      const refund = (id: string, orderRef: string, at: string): Refund => ({
        id, orderRef, paymentRequestId: null, method: 'cash', amount: '100', currency: 'NZD', lineItems: null, reason: null, actor: 'cashier:op-1',
        status: 'completed', error: null, assetTotals: null, accepted: false, sentLineItems: null, createdAt: at, updatedAt: at,
      });
      await journal.refunds.commit(one, [refund('r1', one, '2026-11-26T01:00:00.000Z')], []);
      await journal.refunds.commit(two, [refund('r2', two, '2026-11-26T01:00:00.000Z')], []);
      await journal.refunds.commit(one, [refund('r1', one, '2026-11-26T01:00:00.000Z'), refund('r3', one, '2026-11-27T01:00:00.000Z')], []);
      const day = { from: '2026-11-26T00:00:00.000Z', to: '2026-11-27T00:00:00.000Z' };
      expect((await journal.history.refundsMade(day)).map((row) => row.id)).toEqual(['r1', 'r2']);
      expect((await journal.history.refundsMade({ ...day, lane: 'lane-2' })).map((row) => row.id)).toEqual(['r2']);
      expect((await journal.history.refundsMade({ from: day.to, to: '2026-11-28T00:00:00.000Z' })).map((row) => row.id)).toEqual(['r3']);
    });
  });
}
