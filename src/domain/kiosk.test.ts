import { describe, expect, it } from 'vitest';
import { startOverStep } from './kiosk';
import type { LaneState } from './lane';

const LINE = { sku: 'COFFEE-FW', name: 'Flat white', qty: 1, unitPrice: '550', tax: '15' };
const EMPTY = { cart: [], order: null, step: null, payment: null, parts: [], counter: [], connection: null, settlement: null } satisfies Partial<LaneState>;
const ORDER = { ref: 'k-1', kind: 'qr' as const, total: '550', startedAt: '', code: null, patronNotPresent: false };
const request = (status: string, remainingAmount?: string) => ({
  paymentRequest: { id: 'pr', status, value: { amount: '550', currency: 'NZD' }, remainingAmount } as never,
  tenders: [], outcome: status === 'new' ? 'pending' as const : status as 'paid', startedAt: '', finishedAt: null, notice: null,
});
const step = (kind: 'creating' | 'cancelling', cancelRequested = false) => ({ kind, since: '', notice: null, cancelRequested, method: null, decision: null });

describe('how a kiosk lane starts over', () => {
  it('voids what is under way, refunds a part paid, clears the rest, and waits on Centrapay', () => {
    expect(startOverStep(EMPTY)).toBeNull();
    expect(startOverStep({ ...EMPTY, cart: [LINE] })).toBe('newSale');
    expect(startOverStep({ ...EMPTY, cart: [LINE], order: ORDER, step: step('creating') })).toBe('cancel');
    expect(startOverStep({ ...EMPTY, cart: [LINE], order: ORDER, step: step('creating', true) })).toBe('wait');
    expect(startOverStep({ ...EMPTY, cart: [LINE], order: ORDER, payment: request('new') })).toBe('cancel');
    expect(startOverStep({ ...EMPTY, cart: [LINE], order: ORDER, payment: request('new'), step: step('cancelling') })).toBe('wait');
    expect(startOverStep({ ...EMPTY, cart: [LINE], order: ORDER, payment: request('paid', '300') })).toBe('refund');
    expect(startOverStep({ ...EMPTY, cart: [LINE], order: ORDER, payment: request('paid') })).toBe('newSale');
    expect(startOverStep({ ...EMPTY, cart: [LINE], order: ORDER, payment: request('cancelled') })).toBe('newSale');
  });
});
