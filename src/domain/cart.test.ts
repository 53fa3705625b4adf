import { describe, expect, it } from 'vitest';
import { cartLineSchema, cartToLineItems, cartTotal } from './cart';

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

  it('rejects bad lines', () => {
    expect(cartLineSchema.safeParse({ ...flatWhite, qty: 0 }).success).toBe(false);
    expect(cartLineSchema.safeParse({ ...flatWhite, unitPrice: '5.50' }).success).toBe(false);
    expect(cartLineSchema.safeParse({ ...flatWhite, sku: '' }).success).toBe(false);
  });
});
