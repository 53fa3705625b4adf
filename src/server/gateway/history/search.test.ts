import { describe, expect, it } from 'vitest';
import { normaliseShortCode, parseLocalDate, parseSaleSearch } from './search';

describe('short codes as the cashier types them', () => {
  it.each([
    ['CP-C7F-ZS5', 'CP-C7F-ZS5'],
    ['cp-c7f-zs5', 'CP-C7F-ZS5'],
    ['CPC7FZS5', 'CP-C7F-ZS5'],
    [' cp c7f zs5 ', 'CP-C7F-ZS5'],
    ['CP-C7FZS5', 'CP-C7F-ZS5'],
    ['CP-X4V-6N', 'CP-X4V-6N'],
    ['cpx4v6n', 'CP-X4V-6N'],
    // A refund's activity code names its request's.
    ['CP-C7F-ZS5-015', 'CP-C7F-ZS5'],
  ])('%s is %s', (typed, code) => {
    expect(normaliseShortCode(typed)).toBe(code);
  });

  it.each(['C7F-ZS5', 'CP-C7F', 'CP-C7F-ZS55', 'XP-C7F-ZS5', 'CP-C7F-Z', 'CP-C7!-ZS5', ''])('%j is not one', (typed) => {
    expect(normaliseShortCode(typed)).toBeNull();
  });
});

describe('dates', () => {
  it('reads ISO and day-first dates, and refuses days that do not exist', () => {
    expect(parseLocalDate('2026-11-26')).toBe('2026-11-26');
    expect(parseLocalDate('26/11/2026')).toBe('2026-11-26');
    expect(parseLocalDate('6/3/2026')).toBe('2026-03-06');
    expect(parseLocalDate('2026-02-30')).toBeNull();
    expect(parseLocalDate('31/4/2026')).toBeNull();
    expect(parseLocalDate('11/26/2026')).toBeNull();
  });
});

describe('what the cashier typed', () => {
  it('finds everything when nothing is typed', () => {
    expect(parseSaleSearch('  ')).toEqual({ matches: [], date: null });
  });

  it('reads a short code in any case, with or without dashes', () => {
    expect(parseSaleSearch('cpc7fzs5')).toEqual({ matches: [{ by: 'short-code', shortCode: 'CP-C7F-ZS5' }], date: null });
  });

  it.each([
    ['27.00', '2700'],
    ['$27', '2700'],
    ['$27.5', '2750'],
    ['$ 1,234.05', '123405'],
    ['0.99', '99'],
  ])('reads %s as an amount of %s cents', (typed, cents) => {
    expect(parseSaleSearch(typed)).toEqual({ matches: [{ by: 'amount', amount: cents }], date: null });
  });

  it('reads #42 and "no. 42" as an order number', () => {
    expect(parseSaleSearch('#42')).toEqual({ matches: [{ by: 'number', number: 42 }], date: null });
    expect(parseSaleSearch('No. 42')).toEqual({ matches: [{ by: 'number', number: 42 }], date: null });
  });

  it('reads a bare number as an order number or dollars', () => {
    expect(parseSaleSearch('27')).toEqual({ matches: [{ by: 'number', number: 27 }, { by: 'amount', amount: '2700' }], date: null });
  });

  it('reads a date', () => {
    expect(parseSaleSearch('26/11/2026')).toEqual({ matches: [], date: '2026-11-26' });
  });

  it('reads anything else as part of an order reference or a Payment Request id', () => {
    expect(parseSaleSearch(' K7QZ2M ')).toEqual({ matches: [{ by: 'reference', text: 'K7QZ2M' }], date: null });
    expect(parseSaleSearch('till-1-000042')).toEqual({ matches: [{ by: 'reference', text: 'till-1-000042' }], date: null });
    expect(parseSaleSearch('27.001')).toEqual({ matches: [{ by: 'reference', text: '27.001' }], date: null });
  });
});
