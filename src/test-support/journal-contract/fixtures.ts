// States the journal contract writes and reads back: a hold, a vend, a sale's refund, each whole (every field set as
// an engine would set it), so a round trip through any backend must give back exactly what went in.
import type { Refund } from '../../server/gateway/after-sale/ledger';
import type { HoldState } from '../../server/gateway/hold/state';
import type { Vend } from '../../server/gateway/vend/state';

export const AT = '2026-11-26T01:00:00.000Z';
export const LATER = '2026-11-26T01:05:00.000Z';

export function hold(id: string, patch: Partial<HoldState> = {}): HoldState {
  return {
    id, kind: 'tab', owner: 'lane-1', externalRef: id, paymentRequestId: null, shortCode: null, url: null, amount: '10000', currency: 'NZD',
    status: 'opening', error: null, preAuthExpiresAt: null, requestCreatedAt: null, openedBy: 'cashier:op-1', label: 'Bar tab: Sam',
    createdAt: AT, updatedAt: AT, confirmations: [], returns: [], lineItems: [{ name: 'Bar tab: Sam', qty: '1', price: '10000' }], ...patch,
  };
}

/** An authorised tab with a round confirmed, a round in flight, a refund accepted and a release refused. */
export function busyHold(id: string): HoldState {
  return hold(id, {
    paymentRequestId: `PR-${id}`, shortCode: 'CP-AAA-BB1', url: `http://pos.test/pay/PR-${id}`, status: 'authorized', preAuthExpiresAt: '2026-12-03T01:00:00.000Z',
    requestCreatedAt: AT, updatedAt: LATER,
    confirmations: [
      { key: 'k1', invoiceRef: `${id}-R1`, amount: '3720', lineItems: [{ name: 'Round', sku: 'ROUND', qty: '1', price: '3720' }], status: 'confirmed', error: null, activityId: 'A1', actor: 'cashier:op-1', createdAt: AT, updatedAt: LATER },
      { key: 'k2', invoiceRef: `${id}-R2`, amount: '1000', lineItems: [{ name: 'Round', qty: '1', price: '1000' }], status: 'sending', error: null, activityId: null, actor: 'cashier:op-1', createdAt: LATER, updatedAt: LATER },
    ],
    returns: [
      { id: `${id}-L1`, kind: 'release', amount: null, confirmationKey: null, status: 'refused', error: 'PRE_AUTH_PENDING', actor: 'cashier:op-1', createdAt: AT, updatedAt: AT },
      { id: `${id}-RX`, kind: 'refund', amount: '720', confirmationKey: 'k1', status: 'done', error: null, actor: 'cashier:op-1', createdAt: LATER, updatedAt: LATER },
    ],
  });
}

export function vend(id: string, patch: Partial<Vend> = {}): Vend {
  return {
    id, machine: 'vend-1', sku: 'SNACK-1', name: 'Crisps', amount: '350', currency: 'NZD', lineItems: [{ name: 'Crisps', sku: 'SNACK-1', qty: '1', price: '350', tax: '15' }],
    paymentRequestId: null, shortCode: null, url: null, status: 'creating', reason: null, paidAt: null, refundSettled: false, createdAt: AT, updatedAt: AT, ...patch,
  };
}

export function refund(id: string, orderRef: string, patch: Partial<Refund> = {}): Refund {
  return {
    id, orderRef, paymentRequestId: 'PR1', method: 'centrapay', amount: '1100', currency: 'NZD',
    lineItems: [{ name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100', tax: '15' }], reason: 'spilt', actor: 'cashier:op-1', status: 'pending', error: null,
    assetTotals: null, accepted: false, sentLineItems: [{ name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100', tax: '15' }], createdAt: AT, updatedAt: AT, ...patch,
  };
}
