import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PaidBy } from './centrapay';
import { discountedCart, paymentLines, splitByWeight } from './paid-by';
import { sumCents } from './money';

const flatWhites = { name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100', tax: '15' };
const longBlack = { name: 'Long Black', sku: 'COFFEE-LB', qty: '1', price: '480', tax: '15' };
const muffin = { name: 'Blueberry Muffin', sku: 'FOOD-MUF', qty: '1', price: '600', tax: '15' };
const nzd = (amount: string) => ({ amount, currency: 'NZD' });

describe('discountedCart', () => {
  it('puts a wallet offer under the item it paid for', () => {
    const paidBy: PaidBy = { assetTotals: [{ type: 'sbx.rewards.test', description: 'Sandbox Rewards', total: nzd('220'), lineItems: [flatWhites] }] };
    const cart = discountedCart([flatWhites, muffin], paidBy);
    expect(cart.lines.map((line) => line.discounts)).toEqual([[{ description: 'Sandbox Rewards', amount: '220' }], []]);
    expect(cart.discountTotal).toBe('220');
    expect(cart.orderDiscounts).toEqual([]);
  });

  it('splits one offer over several items so the parts add up to what was paid', () => {
    const paidBy: PaidBy = { assetTotals: [{ type: 'sbx.rewards.test', description: 'Sandbox Rewards', total: nzd('316'), lineItems: [flatWhites, longBlack] }] };
    const cart = discountedCart([flatWhites, longBlack, muffin], paidBy);
    expect(cart.lines[0]!.discounts[0]!.amount).toBe('220');
    expect(cart.lines[1]!.discounts[0]!.amount).toBe('96');
    expect(cart.lines[2]!.discounts).toEqual([]);
  });

  it('does not count money tenders as discounts', () => {
    const paidBy: PaidBy = { assetTotals: [
      { type: 'centrapay.nzd.test', description: 'Centrapay NZD', total: nzd('1480') },
      { type: 'external.test', description: 'External', total: nzd('100'), lineItems: [muffin] },
    ] };
    const cart = discountedCart([flatWhites, muffin], paidBy);
    expect(cart.discountTotal).toBe('0');
    expect(cart.lines.every((line) => line.discounts.length === 0)).toBe(true);
  });

  it('counts a Farmlands card as the money it is, never as a discount (the sale does not show a total of $0.00 once it pays)', () => {
    const paidBy: PaidBy = { assetTotals: [{ type: 'farmlands.nzd.test', description: 'Farmlands', total: nzd('1700') }] };
    const cart = discountedCart([flatWhites, muffin], paidBy);
    expect(cart.discountTotal).toBe('0');
    expect(cart.orderDiscounts).toEqual([]);
  });

  it('keeps an offer that names no cart line as an order discount', () => {
    const paidBy: PaidBy = { assetTotals: [{ type: 'sbx.rewards.test', description: 'Sandbox Rewards', total: nzd('50') }] };
    expect(discountedCart([muffin], paidBy).orderDiscounts).toEqual([{ description: 'Sandbox Rewards', amount: '50' }]);
  });
});

describe('paymentLines', () => {
  it('names external tenders as the till recorded them', () => {
    const paidBy: PaidBy = { assetTotals: [
      { type: 'sbx.rewards.test', description: 'Sandbox Rewards', total: nzd('220') },
      { type: 'external.test', description: 'External', total: nzd('1480') },
    ] };
    expect(paymentLines(paidBy, [{ method: 'cash', amount: '1480' }])).toEqual([
      { label: 'Sandbox Rewards', amount: '220', currency: 'NZD' },
      { label: 'Cash', amount: '1480', currency: 'NZD' },
    ]);
    expect(paymentLines(paidBy, [])[1]!.label).toBe('External');
  });
});

describe('splitByWeight', () => {
  it('always adds up exactly and never goes negative', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 10_000_000 }),
      fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 8 }),
      (total, weights) => {
        const parts = splitByWeight(String(total), weights.map(String));
        expect(sumCents(parts)).toBe(String(total));
        expect(parts.every((part) => BigInt(part) >= 0n)).toBe(true);
      },
    ));
  });
});
