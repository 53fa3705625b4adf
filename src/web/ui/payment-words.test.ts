// The words a payment's end is told in: the cashier's English (unchanged), and the patron's language on a display.
import { describe, expect, it } from 'vitest';
import type { LanePayment } from '../../domain/lane';
import { wordsFor } from '../i18n/i18n';
import { discountLabel, paidLines, patronOutcomeDetail, patronResultTitle } from './payment-words';

const english = wordsFor('en-NZ');
const maori = wordsFor('mi-NZ');

function payment(outcome: LanePayment['outcome'], extra: Partial<LanePayment['paymentRequest']> = {}, notice: string | null = null): LanePayment {
  return {
    paymentRequest: {
      id: 'pr', shortCode: 'CP-AAA-AAA', url: 'u', value: { amount: '1700', currency: 'NZD' }, paymentOptions: [], merchantId: 'm',
      merchantName: 'M', configId: 'c', status: outcome === 'paid' ? 'paid' : 'cancelled', createdAt: '', updatedAt: '', expiresAt: '',
      merchantConditions: [], ...extra,
    },
    tenders: [], outcome, startedAt: '', finishedAt: '', notice,
  };
}

const tally = {
  payments: [
    { kind: 'counter' as const, method: 'cash' as const, amount: '500' },
    { kind: 'asset' as const, description: 'Centrapay NZD', amount: '1200', currency: 'NZD' },
  ],
};

describe('paidLines', () => {
  it('is the cashier’s English without words, as before', () => {
    expect(paidLines(tally)).toEqual(['Cash $5.00', 'Centrapay NZD $12.00']);
  });

  it('names the till’s tenders in the patron’s language and writes money as New Zealand does, in either', () => {
    expect(paidLines(tally, english)).toEqual(['Cash $5.00', 'Centrapay NZD $12.00']);
    expect(paidLines(tally, maori)).toEqual(['Moni $5.00', 'Centrapay NZD $12.00']);
  });
});

describe('discountLabel', () => {
  it('names an offer by its description and the Card Partner discount with its percentage, in the reader’s words', () => {
    expect(discountLabel({ kind: 'offer', description: 'Sandbox Rewards', amount: '220' }, maori)).toBe('Sandbox Rewards');
    expect(discountLabel({ kind: 'card-partner', percent: '10', amount: '107' })).toBe('Farmlands Card Partner discount (10%)');
    expect(discountLabel({ kind: 'card-partner', percent: '10', amount: '107' }, maori)).toBe('Heke utu Hoa Kāri Farmlands (10%)');
  });
});

describe('patronResultTitle', () => {
  it('heads each outcome in the patron’s language, never “unknown”', () => {
    expect(['paid', 'cancelled', 'expired', 'unknown'].map((outcome) => patronResultTitle(outcome as LanePayment['outcome'], english)))
      .toEqual(['Payment successful', 'Payment cancelled', 'Payment expired', 'Please see the cashier']);
    expect(['paid', 'cancelled', 'expired', 'unknown'].map((outcome) => patronResultTitle(outcome as LanePayment['outcome'], maori)))
      .toEqual(['Kua tutuki te utu', 'Kua whakakorea te utu', 'Kua pau te wā o te utu', 'Tēnā, kōrero ki te kaimahi']);
  });
});

describe('patronOutcomeDetail', () => {
  it('says Centrapay’s cancel reason by its code, naming a card the patron showed', () => {
    const declined = payment('cancelled', { cancellationReason: 'PAYMENT_DECLINED' });
    expect(patronOutcomeDetail(payment('cancelled', { cancellationReason: 'CANCELLED_BY_PATRON' }), null, english)).toBe('Cancelled by the customer.');
    expect(patronOutcomeDetail(payment('cancelled', { cancellationReason: 'CANCELLED_BY_PATRON' }), null, maori)).toBe('I whakakorea e te kiritaki.');
    const voucher = { provider: 'sbx-voucher', displayName: 'Sandbox Voucher', masked: '•••• 0011' };
    expect(patronOutcomeDetail(declined, voucher, english)).toBe('Sandbox Voucher declined: it has no balance, or not enough for this sale.');
    expect(patronOutcomeDetail(declined, voucher, maori)).toMatch(/^I whakakāhoretia a Sandbox Voucher/);
  });

  it('tells the patron in their own words what the till noted for the cashier, never the note itself', () => {
    const timedOut = payment('cancelled', {}, 'The customer did not pay in time, so the payment is being cancelled.');
    expect(patronOutcomeDetail(timedOut, null, english)).toBe('The time to pay ran out.');
    expect(patronOutcomeDetail(timedOut, null, maori)).toBe('Kua pau te wā ki te utu.');
    expect(patronOutcomeDetail(payment('cancelled'), null, maori)).toBeNull();
    // An unknown outcome's heading sends the patron to the cashier; the cashier's instruction stays on the till.
    const unknown = payment('unknown', {}, 'Centrapay will neither cancel this payment nor show it. Check it in Centrapay’s portal before handing over the goods.');
    expect(patronOutcomeDetail(unknown, null, english)).toBeNull();
  });
});
