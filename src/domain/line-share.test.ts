import { describe, expect, it } from 'vitest';
import { lineAtPrice, refundLineItems, shareLines } from './line-share';

const flatWhites = { name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '990', tax: '15', discount: '96' };
const muffin = { name: 'Blueberry Muffin', sku: 'FOOD-MUF', qty: '1', price: '540', tax: '15', discount: '52' };

describe('sharing a sale’s lines out over amounts', () => {
  it('takes lines in order, splitting one where an amount runs out, each share adding up to its amount', () => {
    const [first, second] = shareLines([flatWhites, muffin], [500n, 1030n]);
    expect(first).toEqual([{ ...flatWhites, price: '500', discount: '48' }]);
    expect(second).toEqual([{ ...flatWhites, price: '490', discount: '48' }, muffin]);
  });

  it('leaves what is beyond the lines unshared, and gives nothing to an amount of nothing', () => {
    expect(shareLines([muffin], [0n, 600n])).toEqual([[], [muffin]]);
    expect(shareLines([muffin], [300n])).toEqual([[{ ...muffin, price: '300', discount: '29' }]]);
  });

  it('keeps a line’s discount in proportion, rounded half up, and none where it had none', () => {
    expect(lineAtPrice(muffin, 270n).discount).toBe('26');
    expect(lineAtPrice({ name: 'Pie', qty: '1', price: '500' }, 250n)).toEqual({ name: 'Pie', qty: '1', price: '250' });
  });
});

describe('the line items a refund carries', () => {
  it('are its share of the lines when they add up to it', () => {
    expect(refundLineItems([muffin], '540', 'Refund')).toEqual([muffin]);
  });

  it('are one line naming what is refunded otherwise, so a refund always has line items that add up', () => {
    expect(refundLineItems(undefined, '700', 'Refund of invoice INV-1')).toEqual([{ name: 'Refund of invoice INV-1', qty: '1', price: '700' }]);
    expect(refundLineItems([muffin], '700', 'Refund')).toEqual([{ name: 'Refund', qty: '1', price: '700' }]);
  });
});
