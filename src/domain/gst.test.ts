import { describe, expect, it } from 'vitest';
import { gstIncluded, gstOfLines } from './gst';

describe('GST included in a tax-inclusive price', () => {
  it.each([
    ['1150', '15', '150'], // exactly 3/23 of the price
    ['1100', '15', '143'], // 143.478… rounds down
    ['600', '15', '78'], // 78.26…
    ['550', '15', '72'], // 71.739… rounds up
    ['23', '15', '3'],
    ['1', '15', '0'],
    ['4', '15', '1'], // 0.5217… rounds up
    ['1125', '12.5', '125'],
    ['1000', '0', '0'],
    ['-1500', '15', '-196'], // a discount line: 195.65… below zero mirrors its positive
    ['99999999', '15', '13043478'],
  ])('%s cents at %s%% holds %s cents', (price, tax, gst) => {
    expect(gstIncluded(price, tax)).toBe(gst);
  });

  it('rounds a half cent away from zero', () => {
    // 3 c at 20% holds exactly half a cent.
    expect(gstIncluded('3', '20')).toBe('1');
    expect(gstIncluded('-3', '20')).toBe('-1');
  });

  it('rounds each line before adding them up', () => {
    // Each 4 c line holds 0.52 c (1 c rounded); the 8 c together would hold 1.04 c (1 c).
    expect(gstOfLines([{ price: '4', tax: '15' }, { price: '4', tax: '15' }])).toBe('2');
    expect(gstOfLines([{ price: '1100', tax: '15' }, { price: '600', tax: '15' }, { price: '500' }])).toBe('221');
  });

  it('refuses a tax rate that is not a percentage', () => {
    expect(() => gstIncluded('100', '-15')).toThrow(/tax percentage/);
    expect(() => gstIncluded('100', 'abc')).toThrow(/tax percentage/);
  });
});
