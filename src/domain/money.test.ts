import { describe, expect, it } from 'vitest';
import { compareCents, formatMoney, multiplyCents, subtractCents, sumCents } from './money';

describe('money', () => {
  it('adds and multiplies cents exactly', () => {
    expect(sumCents(['550', '480', '600'])).toBe('1630');
    expect(sumCents([])).toBe('0');
    expect(multiplyCents('550', 3)).toBe('1650');
    expect(subtractCents('1000', '1250')).toBe('-250');
    expect(sumCents(['10', '20', '-30'])).toBe('0');
    expect(sumCents(['99999999', '1'])).toBe('100000000');
  });

  it('compares cents', () => {
    expect(compareCents('100', '99')).toBe(1);
    expect(compareCents('99', '100')).toBe(-1);
    expect(compareCents('7', '7')).toBe(0);
  });

  it('formats NZD for New Zealand', () => {
    expect(formatMoney('550')).toBe('$5.50');
    expect(formatMoney('123456')).toBe('$1,234.56');
    expect(formatMoney('-220')).toBe('-$2.20');
    expect(formatMoney('99999999')).toBe('$999,999.99');
  });
});
