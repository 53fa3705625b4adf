import { describe, expect, it } from 'vitest';
import type { LanePayment } from './lane';
import { NOT_PAID_YET_SECONDS, notPaidYet } from './sale';

const STARTED = Date.parse('2026-12-07T09:00:00.000Z');

function pending(conditions: LanePayment['paymentRequest']['merchantConditions'] = []): LanePayment {
  return {
    paymentRequest: {
      id: 'pr-1', shortCode: 'CP-AAA-AAA', url: 'u', value: { amount: '600', currency: 'NZD' }, paymentOptions: [], merchantId: 'm',
      merchantName: 'M', configId: 'c', status: 'new', createdAt: '', updatedAt: '', expiresAt: '', merchantConditions: conditions,
    },
    tenders: [], outcome: 'pending', startedAt: new Date(STARTED).toISOString(), finishedAt: null, notice: null,
  };
}

describe('notPaidYet', () => {
  const later = STARTED + NOT_PAID_YET_SECONDS * 1000;

  it('asks only once a request has waited on the patron alone for a while', () => {
    expect(notPaidYet({ step: null, payment: pending() }, later - 1)).toBe(false);
    expect(notPaidYet({ step: null, payment: pending() }, later)).toBe(true);
  });

  it('never while the cashier has a check to answer, the till is busy, or the payment has ended', () => {
    const check = { id: '1', name: 'photo-id-check', message: 'Please check ID', status: 'awaiting-merchant' as const };
    expect(notPaidYet({ step: null, payment: pending([check]) }, later)).toBe(false);
    const cancelling = { kind: 'cancelling' as const, since: '', notice: null, cancelRequested: true, method: null, decision: null };
    expect(notPaidYet({ step: cancelling, payment: pending() }, later)).toBe(false);
    expect(notPaidYet({ step: null, payment: { ...pending(), outcome: 'paid' } }, later)).toBe(false);
    expect(notPaidYet({ step: null, payment: null }, later)).toBe(false);
  });
});
