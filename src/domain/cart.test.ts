import { describe, expect, it } from 'vitest';
import { cartItemsSchema, cartLineSchema, cartToLineItems, cartTotal, priceCart, totalProblem } from './cart';
import { DEMO_CATALOG } from './catalog';

const catalog = new Map(DEMO_CATALOG.map((item) => [item.sku, item]));
const flatWhite = { sku: 'COFFEE-FW', name: 'Flat White', qty: 2, unitPrice: '550', tax: '15' };
const muffin = { sku: 'FOOD-MUF', name: 'Blueberry Muffin', qty: 1, unitPrice: '600', tax: '15' };

describe('cart', () => {
  it('totals lines in cents', () => {
    expect(cartTotal([flatWhite, muffin])).toBe('1700');
    expect(cartTotal([])).toBe('0');
  });

  it('turns lines into Centrapay line items whose prices are line totals', () => {
    expect(cartToLineItems([flatWhite, muffin])).toEqual([
      { name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100', tax: '15' },
      { name: 'Blueberry Muffin', sku: 'FOOD-MUF', qty: '1', price: '600', tax: '15' },
    ]);
  });

  it('prices items from the catalog, never from what the screen sent', () => {
    const sent = cartItemsSchema.parse([{ sku: 'COFFEE-FW', qty: 2, unitPrice: '1' }, { sku: 'FOOD-MUF', qty: 1 }]);
    expect(priceCart(sent, catalog)).toEqual({ lines: [flatWhite, muffin] });
    expect(priceCart([{ sku: 'FREE-LUNCH', qty: 1 }], catalog)).toEqual({ unknown: ['FREE-LUNCH'] });
  });

  it('refuses totals Centrapay cannot take', () => {
    expect(totalProblem('0')).toMatch(/Add something/);
    expect(totalProblem('100000000')).toMatch(/more than Centrapay can take/);
    expect(totalProblem('99999999')).toBeNull();
  });

  it('rejects bad items', () => {
    expect(cartItemsSchema.safeParse([{ sku: 'COFFEE-FW', qty: 0 }]).success).toBe(false);
    expect(cartItemsSchema.safeParse([{ sku: 'COFFEE-FW', qty: 1.5 }]).success).toBe(false);
    expect(cartItemsSchema.safeParse([{ sku: '', qty: 1 }]).success).toBe(false);
    expect(cartItemsSchema.safeParse([{ sku: 'COFFEE-FW', qty: 1 }, { sku: 'COFFEE-FW', qty: 2 }]).success).toBe(false);
    expect(cartLineSchema.safeParse({ ...flatWhite, unitPrice: '5.50' }).success).toBe(false);
  });
});
