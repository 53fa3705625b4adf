import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCardPartnerDiscount, cardPartnerPercent, discountPercentSchema, tenderName } from './card-partner';
import type { CartLine } from './cart';
import { cartTotal } from './cart';
import { gstIncluded } from './gst';
import type { LanePayment } from './lane';
import { discountShown } from './sale';

const flatWhites: CartLine = { sku: 'COFFEE-FW', name: 'Flat White', qty: 2, unitPrice: '550', tax: '15' };
const muffin: CartLine = { sku: 'FOOD-MUF', name: 'Blueberry Muffin', qty: 1, unitPrice: '600', tax: '15' };
const beer: CartLine = { sku: 'DRINK-BEER', name: 'Craft Beer', qty: 3, unitPrice: '333', tax: '12.5', restricted: true };

describe('the Card Partner discount on a sale', () => {
  it('takes the percentage off each unit, rounded half up, so a line is its quantity × one discounted price', () => {
    const sale = applyCardPartnerDiscount([flatWhites, muffin, beer], '10');
    // 550 → 495; 600 → 540; 333 less 33.3 → 300 (tax 12.5%).
    expect(sale.lineItems).toEqual([
      { name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '990', tax: '15', discount: '96' },
      { name: 'Blueberry Muffin', sku: 'FOOD-MUF', qty: '1', price: '540', tax: '15', discount: '52' },
      { name: 'Craft Beer', sku: 'DRINK-BEER', qty: '3', price: '900', tax: '12.5', discount: '88', restricted: true },
    ]);
    expect(sale.lines).toEqual([{ sku: 'COFFEE-FW', off: '110' }, { sku: 'FOOD-MUF', off: '60' }, { sku: 'DRINK-BEER', off: '99' }]);
    expect(sale).toMatchObject({ total: '2430', off: '269' });
  });

  it('rounds a half cent up, and takes fractions of a percent', () => {
    expect(applyCardPartnerDiscount([{ ...muffin, unitPrice: '105' }], '10').lines).toEqual([{ sku: 'FOOD-MUF', off: '11' }]);
    expect(applyCardPartnerDiscount([{ ...muffin, unitPrice: '104' }], '10').lines).toEqual([{ sku: 'FOOD-MUF', off: '10' }]);
    expect(applyCardPartnerDiscount([{ ...muffin, unitPrice: '1000' }], '12.5').total).toBe('875');
    expect(applyCardPartnerDiscount([{ ...muffin, unitPrice: '1000' }], '0.01').total).toBe('1000');
  });

  it('always: prices add up to the total Centrapay is asked for, each is what the cardholder pays with tax, and the discount is the cents off without tax', () => {
    const line = fc.record({
      sku: fc.string({ minLength: 1, maxLength: 8 }), name: fc.constant('Item'), qty: fc.integer({ min: 1, max: 99 }),
      unitPrice: fc.integer({ min: 1, max: 99_999_999 }).map(String), tax: fc.constantFrom('0', '15', '12.5', '9.99'),
    });
    const percent = fc.integer({ min: 1, max: 9999 }).map((points) => `${Math.floor(points / 100)}${points % 100 ? `.${String(points % 100).padStart(2, '0')}` : ''}`);
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 10 }), percent, (lines, pct) => {
      const sale = applyCardPartnerDiscount(lines, pct);
      expect(BigInt(sale.total)).toBe(sale.lineItems.reduce((sum, item) => sum + BigInt(item.price), 0n));
      expect(BigInt(sale.total) + BigInt(sale.off)).toBe(BigInt(cartTotal(lines)));
      sale.lineItems.forEach((item, index) => {
        const off = sale.lines[index]!.off;
        expect(BigInt(item.price) % BigInt(item.qty)).toBe(0n);
        expect(BigInt(item.price)).toBeGreaterThanOrEqual(0n);
        expect(item.discount).toBe((BigInt(off) - BigInt(gstIncluded(off, item.tax!))).toString());
      });
    }));
  });

  it('is the store’s only for a Farmlands card, and only where the store has one', () => {
    expect(cardPartnerPercent('farmlands', '10')).toBe('10');
    expect(cardPartnerPercent('farmlands', null)).toBeNull();
    expect(cardPartnerPercent('centrapay', '10')).toBeNull();
    expect(cardPartnerPercent('sbx-voucher', '10')).toBeNull();
  });

  it('is a percentage above 0 and below 100 with at most two decimals', () => {
    for (const good of ['10', '12.5', '0.01', '99.99', '5']) expect(discountPercentSchema.safeParse(good).success).toBe(true);
    for (const bad of ['0', '0.00', '100', '-5', '10.123', '10%', 'ten', '']) expect(discountPercentSchema.safeParse(bad).success).toBe(false);
  });
});

describe('the discount the screens show (discountShown)', () => {
  const discount = { provider: 'farmlands', description: 'Farmlands Card Partner discount', percent: '10', amount: '170' };
  const order = { ref: 'R', kind: 'code' as const, total: '1530', startedAt: '', code: null, patronNotPresent: false, discount };
  // Only its outcome matters here.
  const payment = (outcome: 'pending' | 'paid' | 'cancelled' | 'expired' | 'unknown') =>
    ({ paymentRequest: {} as LanePayment['paymentRequest'], tenders: [], outcome, startedAt: '', finishedAt: null, notice: null });
  const step = { kind: 'creating' as const, since: '', notice: null, cancelRequested: false, method: null, decision: null };

  it('is the order’s while its request is being made, is live or has paid', () => {
    expect(discountShown({ order, step, payment: null })).toBe(discount);
    expect(discountShown({ order, step: null, payment: payment('pending') })).toBe(discount);
    expect(discountShown({ order, step: null, payment: payment('paid') })).toBe(discount);
  });

  it('is gone once the card did not pay: the sale is at full price', () => {
    for (const outcome of ['cancelled', 'expired', 'unknown'] as const) expect(discountShown({ order, step: null, payment: payment(outcome) })).toBeNull();
    expect(discountShown({ order: { ...order, discount: null }, step: null, payment: payment('paid') })).toBeNull();
    expect(discountShown({ order: null, step: null, payment: null })).toBeNull();
  });
});

describe('the name of Centrapay’s tender at the till (checklist 101.3)', () => {
  it('is "Farmlands" only when Farmlands is all the merchant config accepts', () => {
    expect(tenderName(['farmlands.nzd.main'])).toBe('Farmlands');
    expect(tenderName(['farmlands.nzd.test', 'farmlands.nzd.main'])).toBe('Farmlands');
    expect(tenderName(['farmlands.nzd.test', 'centrapay.nzd.test'])).toBe('Centrapay');
    expect(tenderName(['centrapay.nzd.main'])).toBe('Centrapay');
    expect(tenderName([])).toBe('Centrapay');
  });
});
