import { describe, expect, it } from 'vitest';
import { rewardsOffer } from './rewards-offer';

describe('rewardsOffer', () => {
  it('takes 20% off every coffee line, rounded up per line', () => {
    const offer = rewardsOffer([
      { name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100' },
      { name: 'Long Black', sku: 'COFFEE-LB', qty: '1', price: '481' },
      { name: 'Blueberry Muffin', sku: 'FOOD-MUF', qty: '1', price: '600' },
    ]);
    expect(offer.amount).toBe('317');
    expect(offer.lines.map((line) => line.sku)).toEqual(['COFFEE-FW', 'COFFEE-LB']);
  });

  it('offers nothing without coffee', () => {
    expect(rewardsOffer([{ name: 'Orange Juice', sku: 'DRINK-OJ', qty: '1', price: '450' }]).amount).toBe('0');
  });
});
