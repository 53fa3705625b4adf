import { describe, expect, it } from 'vitest';
import { refundedWords, refundMethodWords, saleStanding, type AfterSale, type SaleRefund } from './after-sale';

const refund = (method: SaleRefund['method'], amount: string, status: SaleRefund['status']): SaleRefund => ({
  id: `r-${method}-${amount}`, orderRef: 'o', paymentRequestId: 'PR1', shortCode: 'CP-AAA-BBB', method, amount, currency: 'NZD', lineItems: null,
  reason: 'r', actor: 'cashier:op-1', status, error: null, assetTotals: null, handBack: null, createdAt: '', updatedAt: '',
});
const tender = (method: 'centrapay' | 'cash', paid: string) => ({ method, paymentRequestId: null, shortCode: null, paid, refunded: '0', refundable: paid, assets: [] });

function sale(refundState: AfterSale['refundState'], refunds: SaleRefund[], tenders = [tender('centrapay', '1050')], result = 'paid') {
  return { result, refundState, refunds, tenders, currency: 'NZD' };
}

describe('where a sale stands after its refunds', () => {
  it('is Paid with no refund', () => {
    expect(saleStanding(sale('none', []))).toEqual({ label: 'Paid', words: 'Paid' });
  });

  it('is Part refunded, with what went back of what was paid', () => {
    expect(saleStanding(sale('part', [refund('centrapay', '600', 'completed')]))).toEqual({ label: 'Part refunded', words: 'Part refunded: $6.00 of $10.50' });
    // A refused refund gave nothing back.
    expect(saleStanding(sale('part', [refund('centrapay', '600', 'completed'), refund('centrapay', '450', 'failed')])).words).toBe('Part refunded: $6.00 of $10.50');
  });

  it('is Refunded, or Voided, when nothing is left', () => {
    expect(saleStanding(sale('whole', [refund('centrapay', '600', 'completed'), refund('centrapay', '450', 'completed')]))).toEqual({ label: 'Refunded', words: 'Refunded: $10.50' });
    expect(saleStanding(sale('whole', [refund('void', '1050', 'completed')]))).toEqual({ label: 'Voided', words: 'Voided: $10.50' });
    // A voided split sale: the request voided, the cash handed back with it.
    expect(saleStanding(sale('whole', [refund('void', '550', 'completed'), refund('cash', '500', 'completed')], [tender('centrapay', '550'), tender('cash', '500')])).words)
      .toBe('Voided: $10.50');
  });

  it('says a refund still on its way', () => {
    expect(saleStanding(sale('pending', [refund('centrapay', '600', 'pending')]))).toEqual({ label: 'Refund pending', words: 'Refund pending: $6.00 of $10.50' });
    expect(saleStanding(sale('pending', [refund('centrapay', '600', 'completed'), refund('centrapay', '450', 'pending')])).words)
      .toBe('Part refunded: $6.00 of $10.50, $4.50 pending');
  });

  it('counts against what the tenders took (a wallet discount), as the server judges whole or part', () => {
    expect(saleStanding(sale('whole', [refund('centrapay', '850', 'completed')], [tender('centrapay', '850')])).words).toBe('Refunded: $8.50');
  });

  it('is how the sale ended when it was not paid', () => {
    expect(saleStanding(sale('not-refundable', [], [], 'cancelled'))).toEqual({ label: 'Cancelled', words: 'Cancelled' });
  });
});

describe('what went back of a sale, for a list of sales', () => {
  it('says the amounts refunded, voided and pending; nothing when none', () => {
    expect(refundedWords([], 'NZD')).toBeNull();
    expect(refundedWords([refund('centrapay', '600', 'completed'), refund('cash', '100', 'completed')], 'NZD')).toBe('$7.00 refunded');
    expect(refundedWords([refund('void', '1050', 'completed')], 'NZD')).toBe('$10.50 voided');
    expect(refundedWords([refund('centrapay', '600', 'completed'), refund('centrapay', '450', 'pending'), refund('centrapay', '1', 'failed')], 'NZD'))
      .toBe('$6.00 refunded, $4.50 refund pending');
  });

  it('names how a refund went back', () => {
    expect(['centrapay', 'void', 'cash', 'card', 'other'].map(refundMethodWords)).toEqual(['Centrapay refund', 'Void', 'Cash', 'Card at the counter', 'other']);
  });
});
