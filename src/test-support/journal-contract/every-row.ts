// A row of every kind a journal writes, each from a place named for its store (`store-of-<place>`), and the stores each
// table must then hold: what a backend's own test reads back from its tables to see the store on every row.
import type { Journal } from '../../server/gateway/journal/journal';
import { EMPTY_LANE } from '../../server/gateway/sale/state';
import { busyHold, refund, vend } from './fixtures';

export const STORE_OF_PLACE = (place: string) => `store-of-${place}`;

/** Table → the stores its rows are in, once every kind has been written (quarantine is written only at start-up). */
export const EVERY_ROW_STORES = {
  sales: ['store-of-lane-1'], payment_requests: ['store-of-lane-1'], tenders: ['store-of-lane-1'], lanes: ['store-of-lane-1'], refunds: ['store-of-lane-1'],
  events: ['store-of-lane-1', 'store-of-vend-1'],
  holds: ['store-of-lane-1'], hold_confirmations: ['store-of-lane-1'], hold_returns: ['store-of-lane-1'], vends: ['store-of-vend-1'],
};

/** Writes a sale (order, request, status, tender, event), a busy hold, a vend, a refund and a found sale, with their events. */
export async function writeEveryKind(journal: Journal): Promise<void> {
  const ref = 'lane-1-000001-ABC';
  const order = { ref, number: 1, kind: 'qr' as const, total: '500', currency: 'NZD', operatorId: 'op-1', terminalId: 'till-1', startedAt: '' };
  const request = { id: 'PR1', shortCode: 'CP-AAA-BB1', url: 'http://pos.test/pay/PR1', value: { amount: '500', currency: 'NZD' }, paymentOptions: [], merchantId: 'm',
    merchantName: 'Cafe', configId: 'c', status: 'new' as const, createdAt: '', updatedAt: '', expiresAt: '', merchantConditions: [] };
  await journal.sales.commit('lane-1', EMPTY_LANE, [
    { kind: 'order', order, lineItems: [] }, { kind: 'request', ref, paymentRequest: request, operatorId: 'op-1' }, { kind: 'status', id: 'PR1', status: 'paid' },
    { kind: 'tender', ref, paymentRequestId: null, onRequest: false, method: 'cash', amount: '100', actor: 'cashier:op-1' },
    { kind: 'event', subject: ref, ref, name: 'paid', actor: 'cashier:op-1', detail: null },
  ]);
  await journal.holds.commit(busyHold('TAB-1'), [{ subject: 'TAB-1', ref: 'TAB-1', name: 'confirmed', actor: 'cashier:op-1', detail: null }]);
  await journal.vends.commit(vend('V1'), [{ subject: 'V1', ref: 'V1', name: 'vend-requested', actor: 'patron', detail: null }]);
  await journal.refunds.commit(ref, [refund('R1', ref)], [{ subject: 'R1', ref, name: 'refund-requested', actor: 'cashier:op-1', detail: null }]);
  const found = 'lane-1-FOUND-ABC123';
  await journal.foundSales.record({
    sale: { ref: found, lane: 'lane-1', terminalId: 'till-9', operatorId: null, total: '500', currency: 'NZD', result: 'paid', createdAt: '2026-11-20T00:00:00.000Z', lineItems: [] },
    request: { id: 'PR-FOUND', shortCode: 'CP-FND-AB2', externalRef: found, amount: '500', currency: 'NZD', status: 'paid', createdAt: '2026-11-20T00:00:00.000Z', paidBy: null, connectionId: null },
    event: { subject: 'PR-FOUND', ref: found, name: 'found-at-centrapay', actor: 'cashier:op-1', detail: null },
  });
}
