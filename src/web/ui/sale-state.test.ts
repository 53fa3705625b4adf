import { describe, expect, it } from 'vitest';
import type { PaymentRequest } from '../../domain/centrapay';
import type { LanePayment, LaneState } from '../../domain/lane';
import { displayScreen, isSaleLocked } from './sale-state';

const NOW = Date.parse('2026-11-24T10:00:00.000Z');
const cart = [{ sku: 'COFFEE-FW', name: 'Flat White', qty: 1, unitPrice: '550', tax: '15' }];

function state(overrides: Partial<LaneState> = {}): LaneState {
  return {
    lane: { id: 'l', name: 'L' }, cart, total: '550', payment: null, connection: null, settlement: null,
    version: 1, serverTime: new Date(NOW).toISOString(), resultSeconds: 10, ...overrides,
  };
}

function payment(outcome: LanePayment['outcome'], request: Partial<PaymentRequest> = {}, finishedAgoMs: number | null = null): LanePayment {
  return {
    paymentRequest: {
      id: 'pr', shortCode: 'CP-AAA-AAA', url: 'u', value: { amount: '550', currency: 'NZD' }, paymentOptions: [], merchantId: 'm',
      merchantName: 'M', configId: 'c', status: outcome === 'pending' || outcome === 'unknown' ? 'new' : outcome,
      createdAt: '', updatedAt: '', expiresAt: '', merchantConditions: [], remainingAmount: outcome === 'paid' ? '0' : '550', ...request,
    },
    tenders: [], outcome, orderRef: 'o', startedAt: '', notice: null, cancelling: false,
    finishedAt: finishedAgoMs === null ? null : new Date(NOW - finishedAgoMs).toISOString(),
  };
}

describe('displayScreen', () => {
  it('is idle with nothing on the lane, and follows the cart as it is built', () => {
    expect(displayScreen(state({ cart: [] }), NOW)).toBe('idle');
    expect(displayScreen(state(), NOW)).toBe('cart');
  });

  it('shows the QR while a payment is pending, then the result for resultSeconds, then idle', () => {
    expect(displayScreen(state({ payment: payment('pending') }), NOW)).toBe('pay');
    expect(displayScreen(state({ payment: payment('paid', {}, 9_000) }), NOW)).toBe('result');
    expect(displayScreen(state({ payment: payment('paid', {}, 11_000) }), NOW)).toBe('idle');
  });

  it('goes back to the undiscounted cart once a cancelled payment has been shown', () => {
    expect(displayScreen(state({ payment: payment('cancelled', {}, 2_000) }), NOW)).toBe('result');
    expect(displayScreen(state({ payment: payment('cancelled', {}, 20_000) }), NOW)).toBe('cart');
  });

  it('asks for the rest when a request was paid in part, until the till takes it', () => {
    const paidInPart = payment('paid', { remainingAmount: '200' }, 1_000);
    expect(displayScreen(state({ payment: paidInPart }), NOW)).toBe('collect');
    const settled = state({ payment: paidInPart, settlement: { tender: { method: 'cash', amount: '200' }, at: new Date(NOW).toISOString() } });
    expect(displayScreen(settled, NOW)).toBe('result');
  });

  it('shows the connect QR while the wallet is awaited', () => {
    const connection = { id: 'cn_1', url: 'u', outcome: 'waiting' as const, walletName: null, startedAt: '', expiresAt: '', finishedAt: null, notice: null };
    expect(displayScreen(state({ connection }), NOW)).toBe('connect');
  });
});

describe('isSaleLocked', () => {
  it('fixes the cart while paying and once paid, and frees it after a cancel', () => {
    expect(isSaleLocked(state())).toBe(false);
    expect(isSaleLocked(state({ payment: payment('pending') }))).toBe(true);
    expect(isSaleLocked(state({ payment: payment('paid', {}, 0) }))).toBe(true);
    expect(isSaleLocked(state({ payment: payment('cancelled', {}, 0) }))).toBe(false);
    expect(isSaleLocked(state({ payment: payment('expired', {}, 0) }))).toBe(false);
  });
});
