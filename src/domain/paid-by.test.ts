import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AssetTotal, LineItem } from './centrapay';
import { discountedCart, isMoneyAssetType, isOffer, offersOf, offPerLine, splitByWeight, tendersOf } from './paid-by';
import { sumCents } from './money';

const flatWhites = { name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100', tax: '15' };
const longBlack = { name: 'Long Black', sku: 'COFFEE-LB', qty: '1', price: '480', tax: '15' };
const muffin = { name: 'Blueberry Muffin', sku: 'FOOD-MUF', qty: '1', price: '600', tax: '15' };
const nzd = (amount: string) => ({ amount, currency: 'NZD' });

const asset = (type: string, description: string, amount: string, lineItems?: LineItem[]): AssetTotal =>
  ({ type, description, total: nzd(amount), ...(lineItems ? { lineItems } : {}) });
const rewards = (amount: string, lineItems?: LineItem[]) => asset('sbx.rewards.test', 'Sandbox Rewards', amount, lineItems);
const connected = (...totals: AssetTotal[]) => ({ connectionId: 'cn_1', paidBy: { assetTotals: totals } });

describe('offers and tenders (isOffer)', () => {
  it('counts a connected wallet’s own asset as its offer: a discount', () => {
    expect(offersOf(connected(rewards('220')))).toEqual([rewards('220')]);
    expect(tendersOf(connected(rewards('220')))).toEqual([]);
    expect(isOffer({ connectionId: 'cn_1' }, { type: 'uplinkapi.test' })).toBe(true);
  });

  it('counts money paid on a connected request as a tender: Centrapay NZD, a token, a Farmlands card, the till’s cash', () => {
    const paid = connected(
      rewards('220'), asset('centrapay.nzd.test', 'Centrapay NZD', '500'), asset('centrapay.token.test', 'Centrapay Token', '450', [flatWhites]),
      asset('farmlands.nzd.main', 'Farmlands', '300'), asset('external.test', 'External', '100'),
    );
    expect(offersOf(paid).map((total) => total.type)).toEqual(['sbx.rewards.test']);
    expect(tendersOf(paid).map((total) => total.type)).toEqual(['centrapay.nzd.test', 'centrapay.token.test', 'farmlands.nzd.main', 'external.test']);
  });

  it('counts a voucher as a tender: on a request no wallet is connected to, or one a presented code made (Quick Pay)', () => {
    const voucher = asset('sbx.voucher.test', 'Sandbox Voucher', '2000');
    expect(offersOf({ paidBy: { assetTotals: [voucher] } })).toEqual([]);
    expect(offersOf({ connectionId: 'cn_1', barcode: '700000000011', paidBy: { assetTotals: [voucher] } })).toEqual([]);
    expect(tendersOf({ paidBy: { assetTotals: [voucher] } })).toEqual([voucher]);
  });

  it('knows money families by name whatever their liveness, and nothing by a prefix alone', () => {
    expect(['centrapay.nzd.main', 'centrapay.token.test', 'external.main', 'farmlands.nzd.test', 'epay.test'].every(isMoneyAssetType)).toBe(true);
    expect(['sbx.rewards.test', 'uplinkapi.test', 'sbx.voucher.test', 'centrapay', 'external'].some(isMoneyAssetType)).toBe(false);
  });
});

describe('discountedCart', () => {
  it('puts a wallet offer under the item it paid for', () => {
    const cart = discountedCart([flatWhites, muffin], [rewards('220', [flatWhites])]);
    expect(cart.lines.map((line) => line.discounts)).toEqual([[{ description: 'Sandbox Rewards', amount: '220' }], []]);
    expect(cart.discountTotal).toBe('220');
    expect(cart.orderDiscounts).toEqual([]);
  });

  it('splits one offer over several items so the parts add up to what was paid', () => {
    const cart = discountedCart([flatWhites, longBlack, muffin], [rewards('316', [flatWhites, longBlack])]);
    expect(cart.lines[0]!.discounts[0]!.amount).toBe('220');
    expect(cart.lines[1]!.discounts[0]!.amount).toBe('96');
    expect(cart.lines[2]!.discounts).toEqual([]);
  });

  it('keeps an offer that names no cart line as an order discount', () => {
    expect(discountedCart([muffin], [rewards('50')]).orderDiscounts).toEqual([{ description: 'Sandbox Rewards', amount: '50' }]);
  });
});

describe('offPerLine', () => {
  it('gives each line its offers and its share of an offer that names no line, adding up to the offers', () => {
    const off = offPerLine([flatWhites, longBlack, muffin], [rewards('220', [flatWhites]), rewards('218')]);
    // 220 on the flat whites; 218 over all by price (1100, 480, 600 of 2180): 110, 48, 60.
    expect(off).toEqual(['330', '48', '60']);
    expect(sumCents(off)).toBe('438');
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
