// The contract of sales found at Centrapay: a found sale is journaled once per Payment Request, whole (its sale row,
// request and event together), in the store of the lane that found it, and reads back like any sale (history, short
// code, line items, what paid it); and which of the till's things a request belongs to is read back.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { PaidBy } from '../../domain/centrapay';
import type { FoundSaleRows, Journal, JournalOptions } from '../../server/gateway/journal/journal';
import { EMPTY_LANE } from '../../server/gateway/sale/state';
import { AT, busyHold, vend } from './fixtures';

/** Lanes named `b-…` are store B's; every other place is store A's. */
const STORE_OF = (place: string) => (place.startsWith('b-') ? 'store-b' : 'store-a');
const SOLD_AT = '2026-11-20T03:04:05.678Z';
const PAID_BY: PaidBy = { assetTotals: [{ type: 'centrapay.nzd.test', description: 'Centrapay NZD', total: { amount: '1050', currency: 'NZD' } }] };
const LINES = [
  { name: 'Flat White', sku: 'COFFEE-FW', qty: '1', price: '550', tax: '15' },
  { name: 'Croissant', sku: 'FOOD-CRO', qty: '1', price: '500' },
];

function found(ref: string, lane: string, requestId = 'PR-ELSEWHERE'): FoundSaleRows {
  return {
    sale: { ref, lane, terminalId: 'till-9', operatorId: 'op-9', total: '1050', currency: 'NZD', result: 'paid', createdAt: SOLD_AT, lineItems: LINES },
    request: { id: requestId, shortCode: 'CP-FND-AB2', externalRef: 'till-9-000042-QWERTY', amount: '1050', currency: 'NZD', status: 'paid', createdAt: SOLD_AT, paidBy: PAID_BY, connectionId: null },
    event: { subject: requestId, ref, name: 'found-at-centrapay', actor: 'cashier:op-1', detail: 'found' },
  };
}

export function foundSalesContract(open: (options: JournalOptions) => Promise<Journal>): void {
  let journal: Journal;

  beforeEach(async () => {
    journal = await open({ storeOf: STORE_OF });
  });

  afterEach(async () => {
    await journal.close();
  });

  it('keep a found sale whole, in the store of the lane that found it, and read it back like any sale', async () => {
    expect(await journal.foundSales.record(found('lane-2-FOUND-ABC123', 'b-1'))).toBe(true);
    expect(await journal.history.sale('lane-2-FOUND-ABC123')).toMatchObject({
      ref: 'lane-2-FOUND-ABC123', number: 0, store: 'store-b', lane: 'b-1', kind: 'found', terminalId: 'till-9', total: '1050', currency: 'NZD',
      operatorId: 'op-9', result: 'paid', createdAt: SOLD_AT,
    });
    expect(await journal.history.requestsOf('lane-2-FOUND-ABC123')).toEqual([{
      id: 'PR-ELSEWHERE', shortCode: 'CP-FND-AB2', orderRef: 'lane-2-FOUND-ABC123', amount: '1050', currency: 'NZD', status: 'paid', createdAt: SOLD_AT, paidBy: PAID_BY, connectionId: null,
    }]);
    expect(JSON.parse((await journal.history.lineItemsOf('lane-2-FOUND-ABC123'))!)).toEqual(LINES);
    expect(await journal.history.eventsOf('lane-2-FOUND-ABC123')).toEqual([expect.objectContaining({ kind: 'found-at-centrapay', actor: 'cashier:op-1', detail: 'found' })]);
    const byCode = await journal.history.findSales({ store: 'store-b', matches: [{ by: 'short-code', shortCode: 'CP-FND-AB2' }] });
    expect(byCode.sales.map((sale) => sale.ref)).toEqual(['lane-2-FOUND-ABC123']);
    expect((await journal.history.findSales({ store: 'store-a' })).sales).toEqual([]);
  });

  it('journal a request once: found again (another screen, another instance), nothing more is written', async () => {
    expect(await journal.foundSales.record(found('lane-1-FOUND-AAAAAA', 'a-1'))).toBe(true);
    expect(await journal.foundSales.record(found('lane-1-FOUND-BBBBBB', 'a-1'))).toBe(false);
    expect(await Promise.all([journal.foundSales.record(found('x-FOUND-1', 'a-1', 'PR-TWICE')), journal.foundSales.record(found('x-FOUND-2', 'a-1', 'PR-TWICE'))]))
      .toEqual(expect.arrayContaining([true, false]));
    expect(await journal.history.sale('lane-1-FOUND-BBBBBB')).toBeUndefined();
    expect((await journal.history.findSales({})).sales).toHaveLength(2);
    expect(await journal.history.eventsOf('lane-1-FOUND-AAAAAA')).toHaveLength(1);
  });

  it('tell which of the till’s things a request belongs to: a sale (found or made here), a hold or a vend', async () => {
    await journal.foundSales.record(found('lane-1-FOUND-AAAAAA', 'a-1'));
    const ref = 'b-1-000001-ABC';
    await journal.sales.commit('b-1', EMPTY_LANE, [
      { kind: 'order', order: { ref, number: 1, kind: 'qr', total: '500', currency: 'NZD', operatorId: 'op-1', terminalId: 'till-b', startedAt: '' }, lineItems: [] },
      { kind: 'request', ref, operatorId: 'op-1', paymentRequest: { id: 'PR-HERE', shortCode: 'CP-AAA-BB1', url: 'http://pos.test/pay/PR-HERE', value: { amount: '500', currency: 'NZD' },
        paymentOptions: [], merchantId: 'm', merchantName: 'Cafe', configId: 'c', status: 'new', createdAt: AT, updatedAt: AT, expiresAt: AT, merchantConditions: [] } },
    ]);
    await journal.holds.commit(busyHold('TAB-1'), []);
    await journal.vends.commit(vend('V1', { paymentRequestId: 'PR-VEND', status: 'pending' }), []);
    expect(await journal.history.requestOwner('PR-ELSEWHERE')).toEqual({ kind: 'sale', ref: 'lane-1-FOUND-AAAAAA', store: 'store-a' });
    expect(await journal.history.requestOwner('PR-HERE')).toEqual({ kind: 'sale', ref, store: 'store-b' });
    expect(await journal.history.requestOwner('PR-TAB-1')).toEqual({ kind: 'hold', ref: 'TAB-1', store: 'store-a' });
    expect(await journal.history.requestOwner('PR-VEND')).toEqual({ kind: 'vend', ref: 'V1', store: 'store-a' });
    expect(await journal.history.requestOwner('PR-NOBODY')).toBeUndefined();
  });
}
