import { describe, expect, it } from 'vitest';
import {
  effectiveStatus,
  holdRefusal,
  holdStatusOf,
  holdTotals,
  holdView,
  isOpenHold,
  preAuthErrorWords,
  type Hold,
  type HoldConfirmation,
  type HoldReturn,
} from './pre-auth';

const NOW = Date.parse('2026-11-26T12:00:00.000Z');
const HOUR = 60 * 60 * 1000;

const confirmation = (amount: string, status: HoldConfirmation['status'] = 'confirmed', key = `k-${amount}-${status}`): HoldConfirmation => ({
  key, invoiceRef: `INV-${key}`, amount, lineItems: [{ name: 'Round', qty: '1', price: amount }], status, error: null, activityId: null,
  actor: 'cashier:op-7', createdAt: '', updatedAt: '',
});
const refund = (amount: string, confirmationKey: string | null, status: HoldReturn['status'] = 'done'): HoldReturn => ({
  id: `R-${amount}`, kind: 'refund', amount, confirmationKey, status, error: null, actor: 'cashier:op-7', createdAt: '', updatedAt: '',
});
const hold = (patch: Partial<Hold> = {}): Hold => ({
  id: 'till-1-TAB-X', kind: 'tab', owner: 'lane-1', externalRef: 'till-1-TAB-X', paymentRequestId: 'pr-1', shortCode: 'CP-1', url: 'http://pay',
  amount: '10000', currency: 'NZD', status: 'authorized', error: null,
  preAuthExpiresAt: new Date(NOW + 90 * 24 * HOUR).toISOString(), requestCreatedAt: new Date(NOW - HOUR).toISOString(),
  openedBy: 'cashier:op-7', createdAt: '', updatedAt: '', confirmations: [], returns: [], ...patch,
});

describe('what is still authorised', () => {
  it('is the authorised amount less what was confirmed, what is in flight and what was refunded of the authorisation', () => {
    const totals = holdTotals(hold({
      confirmations: [confirmation('3720'), confirmation('1000', 'sending'), confirmation('9000', 'refused')],
      returns: [refund('500', null), refund('3720', 'k-3720-confirmed'), refund('200', null, 'refused')],
    }));
    expect(totals).toEqual({ confirmed: '3720', inFlight: '1000', remaining: '4780' });
  });
});

describe('a confirmation', () => {
  it('may take up to what is still authorised', () => {
    const tab = hold({ confirmations: [confirmation('6000')] });
    expect(holdRefusal(tab, { type: 'confirm', amount: '4000' }, NOW)).toBeNull();
    expect(holdRefusal(tab, { type: 'confirm', amount: '4001' }, NOW)).toMatchObject({ code: 'OVER_AUTHORISED', message: '$40.01 is more than the $40.00 still authorised. Nothing was taken: take the difference another way.' });
    expect(holdRefusal(tab, { type: 'confirm', amount: '0' }, NOW)).toMatchObject({ code: 'INVALID_AMOUNT' });
  });

  it('waits while a release or void is on its way', () => {
    const releasing: HoldReturn = { ...refund('0', null, 'sending'), kind: 'release', amount: null };
    expect(holdRefusal(hold({ returns: [releasing] }), { type: 'confirm', amount: '100' }, NOW)).toMatchObject({ code: 'RETURN_IN_FLIGHT' });
    expect(holdRefusal(hold({ returns: [refund('100', null, 'sending')] }), { type: 'confirm', amount: '100' }, NOW)).toBeNull();
  });

  it('counts a confirmation still waiting for its answer as taken', () => {
    expect(holdRefusal(hold({ confirmations: [confirmation('9000', 'sending')] }), { type: 'confirm', amount: '1001' }, NOW)).toMatchObject({ code: 'OVER_AUTHORISED' });
  });

  it('is refused before the patron authorised, after release, once expired, and on a closed hold', () => {
    expect(holdRefusal(hold({ status: 'pending' }), { type: 'confirm', amount: '100' }, NOW)).toMatchObject({ code: 'PRE_AUTH_PENDING', message: preAuthErrorWords('PRE_AUTH_PENDING') });
    expect(holdRefusal(hold({ status: 'released' }), { type: 'confirm', amount: '100' }, NOW)).toMatchObject({ code: 'PRE_AUTH_RELEASED' });
    expect(holdRefusal(hold({ preAuthExpiresAt: new Date(NOW - 1).toISOString() }), { type: 'confirm', amount: '100' }, NOW)).toMatchObject({ code: 'PRE_AUTH_RELEASED' });
    expect(holdRefusal(hold({ status: 'voided' }), { type: 'confirm', amount: '100' }, NOW)).toMatchObject({ code: 'HOLD_CLOSED' });
  });
});

describe('expiry', () => {
  it('shows an authorisation past its preAuthExpiresAt as expired, and no longer open', () => {
    const lapsed = hold({ preAuthExpiresAt: new Date(NOW).toISOString() });
    expect(effectiveStatus(lapsed, NOW)).toBe('expired');
    expect(isOpenHold(lapsed, NOW)).toBe(false);
    expect(holdView(lapsed, NOW)).toMatchObject({ status: 'expired', words: expect.stringContaining('expired') });
    expect(isOpenHold(hold(), NOW)).toBe(true);
  });

  it('reads Centrapay’s request: authorised is paid + preAuthStatus authorized; a release we did not ask for is a lapse', () => {
    expect(holdStatusOf({ status: 'new' }, false)).toBe('pending');
    expect(holdStatusOf({ status: 'paid', preAuthStatus: 'authorized' }, false)).toBe('authorized');
    expect(holdStatusOf({ status: 'paid', preAuthStatus: 'released' }, false)).toBe('expired');
    expect(holdStatusOf({ status: 'paid', preAuthStatus: 'released' }, true)).toBe('released');
    expect(holdStatusOf({ status: 'expired' }, false)).toBe('cancelled');
  });
});

describe('release', () => {
  it('needs funds left and no confirmation in flight', () => {
    expect(holdRefusal(hold({ confirmations: [confirmation('3720')] }), { type: 'release' }, NOW)).toBeNull();
    expect(holdRefusal(hold({ confirmations: [confirmation('3720', 'sending')] }), { type: 'release' }, NOW)).toMatchObject({ code: 'CONFIRMATION_IN_FLIGHT' });
    expect(holdRefusal(hold({ confirmations: [confirmation('10000')] }), { type: 'release' }, NOW)).toMatchObject({ code: 'NOTHING_TO_RELEASE' });
    expect(holdRefusal(hold({ status: 'released' }), { type: 'release' }, NOW)).toMatchObject({ code: 'PRE_AUTH_RELEASED' });
    // Never authorised: releasing it cancels it (§3.12).
    expect(holdRefusal(hold({ status: 'pending' }), { type: 'release' }, NOW)).toBeNull();
  });
});

describe('void', () => {
  it('is allowed within 24 h of Centrapay’s createdAt and without confirmations', () => {
    expect(holdRefusal(hold(), { type: 'void' }, NOW)).toBeNull();
    expect(holdRefusal(hold({ requestCreatedAt: new Date(NOW - 24 * HOUR - 1).toISOString() }), { type: 'void' }, NOW)).toMatchObject({ code: 'VOID_WINDOW_EXCEEDED' });
    expect(holdRefusal(hold({ confirmations: [confirmation('100', 'sending')] }), { type: 'void' }, NOW)).toMatchObject({ code: 'PRE_AUTH_ALREADY_CONFIRMED' });
    expect(holdRefusal(hold({ confirmations: [confirmation('100', 'refused')] }), { type: 'void' }, NOW)).toBeNull();
    expect(holdRefusal(hold({ status: 'released' }), { type: 'void' }, NOW)).toMatchObject({ code: 'HOLD_CLOSED' });
  });
});

describe('refund', () => {
  it('of a confirmation: at most what is left of it; of the authorisation once authorised', () => {
    const tab = hold({ confirmations: [confirmation('3720', 'confirmed', 'c1')], returns: [refund('1000', 'c1')] });
    expect(holdRefusal(tab, { type: 'refund', confirmationKey: 'c1', amount: '2720' }, NOW)).toBeNull();
    expect(holdRefusal(tab, { type: 'refund', confirmationKey: 'c1', amount: '2721' }, NOW)).toMatchObject({ code: 'INVALID_AMOUNT', message: 'At most $27.20 of invoice INV-c1 can still be refunded.' });
    expect(holdRefusal(tab, { type: 'refund', confirmationKey: 'nope', amount: '100' }, NOW)).toMatchObject({ code: 'CONFIRMATION_NOT_FOUND' });
    expect(holdRefusal(tab, { type: 'refund', confirmationKey: null, amount: '100' }, NOW)).toBeNull();
    expect(holdRefusal(hold({ status: 'pending' }), { type: 'refund', confirmationKey: null, amount: '100' }, NOW)).toMatchObject({ code: 'PRE_AUTH_PENDING' });
  });
});

describe('Centrapay’s refusals in words', () => {
  it.each(['PRE_AUTH_RELEASED', 'PRE_AUTH_PENDING', 'INVALID_AMOUNT', 'IDEMPOTENT_OPERATION_FAILED'])('%s is said in words, not as a code', (code) => {
    const words = preAuthErrorWords(code);
    expect(words).not.toContain(code);
    expect(words.length).toBeGreaterThan(20);
  });

  it('falls back to the shared words, then to the code itself', () => {
    expect(preAuthErrorWords('REQUEST_EXPIRED')).toBe('This payment has expired. Ask the cashier to start again.');
    expect(preAuthErrorWords('SOMETHING_NEW')).toBe('Centrapay said: SOMETHING_NEW');
  });
});

describe('a second void while the first is on its way', () => {
  it('is refused before anything is sent: one void per hold', () => {
    const voiding = { id: 'h-V1', kind: 'void' as const, amount: null, confirmationKey: null, status: 'sending' as const, error: null, actor: 'cashier:op', createdAt: '', updatedAt: '' };
    expect(holdRefusal(hold({ returns: [voiding] }), { type: 'void' }, NOW)).toMatchObject({ code: 'RETURN_IN_FLIGHT' });
  });
});
