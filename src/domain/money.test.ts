import { describe, expect, it, vi } from 'vitest';
import { compareCents, formatMoney, multiplyCents, parseDollars, quickCashAmounts, subtractCents, sumCents } from './money';

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
    expect(formatMoney('5')).toBe('$0.05');
    expect(formatMoney('0')).toBe('$0.00');
    expect(formatMoney('123456789012345678')).toBe('$1,234,567,890,123,456.78');
  });

  it('writes te reo Māori money as English does: "$5.50", never "NZ$5.50" nor "$ 5.50"', () => {
    expect(formatMoney('550', 'NZD', 'mi-NZ')).toBe('$5.50');
    expect(formatMoney('-123456', 'NZD', 'mi-NZ')).toBe('-$1,234.56');
  });

  it('does not depend on the runtime’s locale data (Intl is never asked)', () => {
    const spy = vi.spyOn(Intl, 'NumberFormat');
    expect(formatMoney('550', 'NZD', 'mi-NZ')).toBe('$5.50');
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it('writes another currency with its code', () => {
    expect(formatMoney('550', 'AUD')).toBe('AUD\u00a05.50');
  });
});

describe('cash at the counter', () => {
  it('reads what the cashier keys as dollars and cents', () => {
    expect(parseDollars('20')).toBe('2000');
    expect(parseDollars('$20.5')).toBe('2050');
    expect(parseDollars(' 17.35 ')).toBe('1735');
    expect(parseDollars('1,000')).toBe('100000');
    for (const bad of ['', 'abc', '20.555', '-5', '1e3']) expect(parseDollars(bad)).toBeNull();
  });

  it('offers the exact amount and the next round amounts above it', () => {
    expect(quickCashAmounts('1730')).toEqual(['1730', '2000', '5000', '10000']);
    expect(quickCashAmounts('2000')).toEqual(['2000', '5000', '10000']);
    expect(quickCashAmounts('480')).toEqual(['480', '500', '1000', '2000']);
  });
});
