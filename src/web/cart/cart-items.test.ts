import { describe, expect, it } from 'vitest';
import { cartItemsOf, migrateCart, sameItems, withOneMore, withQty } from './cart-items';

describe('cart items', () => {
  it('adds one more (a new line at the end), sets a quantity, and removes a line at none', () => {
    const cart = withOneMore(withOneMore(withOneMore([], 'A'), 'B'), 'A');
    expect(cart).toEqual([{ sku: 'A', qty: 2 }, { sku: 'B', qty: 1 }]);
    expect(withQty(cart, 'B', 5)).toEqual([{ sku: 'A', qty: 2 }, { sku: 'B', qty: 5 }]);
    expect(withQty(cart, 'A', 0)).toEqual([{ sku: 'B', qty: 1 }]);
    expect(withOneMore([{ sku: 'A', qty: 99 }], 'A')).toEqual([{ sku: 'A', qty: 99 }]);
  });

  it('keeps only what a screen sends, and compares by sku and qty in order', () => {
    const lines = [{ sku: 'COFFEE-FW', name: 'Flat White', qty: 2, unitPrice: '550', tax: '15' }];
    expect(cartItemsOf(lines)).toEqual([{ sku: 'COFFEE-FW', qty: 2 }]);
    expect(sameItems(cartItemsOf(lines), [{ sku: 'COFFEE-FW', qty: 2 }])).toBe(true);
    expect(sameItems([{ sku: 'A', qty: 1 }, { sku: 'B', qty: 1 }], [{ sku: 'B', qty: 1 }, { sku: 'A', qty: 1 }])).toBe(false);
    expect(sameItems([{ sku: 'A', qty: 1 }], [{ sku: 'A', qty: 2 }])).toBe(false);
  });

  it('reads a version 1 cart (priced lines) as sku and qty, keeping the operator and cashier code', () => {
    const v1 = {
      carts: { 'lane-1': [{ sku: 'COFFEE-FW', name: 'Flat White', qty: 2, unitPrice: '1', tax: '15' }, { sku: '', qty: 1 }, { sku: 'X', qty: 0 }] },
      operatorId: 'sam',
      cashierCode: '2468',
    };
    expect(migrateCart(v1, 1)).toEqual({ carts: { 'lane-1': [{ sku: 'COFFEE-FW', qty: 2 }] }, edited: {}, operatorId: 'sam', cashierCode: '2468' });
  });

  it('survives saved state it cannot read', () => {
    expect(migrateCart(null, 0)).toEqual({ carts: {}, edited: {}, operatorId: 'cashier-1', cashierCode: '' });
    expect(migrateCart({ carts: { a: 'nope' }, edited: { a: 'yes', b: true } }, 2)).toEqual({ carts: {}, edited: { b: true }, operatorId: 'cashier-1', cashierCode: '' });
  });
});
