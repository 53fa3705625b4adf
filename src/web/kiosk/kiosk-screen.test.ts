import { describe, expect, it } from 'vitest';
import type { LaneState } from '../../domain/lane';
import { FRESH_VIEW, idleWarningSeconds, kioskScreen } from './kiosk-screen';

const LINE = { sku: 'COFFEE-FW', name: 'Flat White', qty: 1, unitPrice: '550', tax: '15' };
const ORDER = { ref: 'k-1', kind: 'qr' as const, total: '550', startedAt: '', code: null, patronNotPresent: false };
const LANE: LaneState = {
  lane: { id: 'kiosk-1', name: 'Kiosk 1' }, cart: [], total: '0', order: null, step: null, payment: null, parts: [], counter: [],
  connection: null, settlement: null, notice: null, followUps: 0,
  tab: null, version: 1, serverTime: '', resultSeconds: 10,
};
const payment = (outcome: 'pending' | 'paid' | 'cancelled') => ({
  paymentRequest: { id: 'pr', status: outcome === 'pending' ? 'new' : outcome, value: { amount: '550', currency: 'NZD' } } as never,
  tenders: [], outcome, startedAt: '', finishedAt: null, notice: null,
});

describe('what the kiosk shows', () => {
  it('follows the lane: attract until touched, the order, the payment, the result', () => {
    expect(kioskScreen(LANE, FRESH_VIEW)).toBe('attract');
    expect(kioskScreen(LANE, { ...FRESH_VIEW, started: true })).toBe('shop');
    // A reload keeps whatever the lane holds.
    expect(kioskScreen({ ...LANE, cart: [LINE] }, FRESH_VIEW)).toBe('shop');
    expect(kioskScreen({ ...LANE, cart: [LINE] }, { ...FRESH_VIEW, enteringCode: true })).toBe('code');
    expect(kioskScreen({ ...LANE, cart: [LINE], order: ORDER, step: { kind: 'creating', since: '', notice: null, cancelRequested: false, method: null, decision: null } }, FRESH_VIEW)).toBe('wait');
    expect(kioskScreen({ ...LANE, cart: [LINE], order: ORDER, payment: payment('pending') }, FRESH_VIEW)).toBe('pay');
    expect(kioskScreen({ ...LANE, cart: [LINE], order: ORDER, payment: payment('paid') }, FRESH_VIEW)).toBe('result');
  });

  it('shows a failed payment until the patron goes back to their order', () => {
    const failed = { ...LANE, cart: [LINE], order: ORDER, payment: payment('cancelled') };
    expect(kioskScreen(failed, { ...FRESH_VIEW, started: true })).toBe('result');
    expect(kioskScreen(failed, { ...FRESH_VIEW, started: true, dismissed: 'k-1' })).toBe('shop');
  });

  it('warns in the last part of the idle time, 5 to 20 seconds of it', () => {
    expect(idleWarningSeconds(90)).toBe(20);
    expect(idleWarningSeconds(12)).toBe(5);
    expect(idleWarningSeconds(5)).toBe(5);
  });
});
