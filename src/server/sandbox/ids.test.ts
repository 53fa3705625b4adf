import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEED } from '../../domain/sandbox-seeds';
import { checkShortCode, luhnValid, newShortCode, SHORT_CODE_ALPHABET } from './ids';

describe('short codes', () => {
  it('look like CP-XXX-XXX and pass their own check', () => {
    for (let i = 0; i < 200; i++) {
      const code = newShortCode();
      expect(code).toMatch(/^CP-[A-Z0-9]{3}-[A-Z0-9]{3}$/);
      expect(checkShortCode(code)).toBe('ok');
    }
  });

  it('catch every single-character mistake', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: SHORT_CODE_ALPHABET.length - 1 }), (position, shift) => {
        const code = newShortCode();
        const chars = code.replace(/^CP-|-/g, '').split('');
        const original = chars[position] ?? '';
        chars[position] = SHORT_CODE_ALPHABET[(SHORT_CODE_ALPHABET.indexOf(original) + shift) % SHORT_CODE_ALPHABET.length] ?? '';
        const typo = `CP-${chars.slice(0, 3).join('')}-${chars.slice(3).join('')}`;
        expect(checkShortCode(typo)).toBe('checksum-failed');
      }),
    );
  });

  it('tell malformed input from a failed check', () => {
    expect(checkShortCode('CP-ABC')).toBe('malformed');
    expect(checkShortCode('XX-ABC-DEF')).toBe('malformed');
    expect(checkShortCode('CP-AB0-DEF')).toBe('checksum-failed');
  });
});

describe('Luhn', () => {
  it('accepts the contract’s patron barcodes and refuses the mistyped one', () => {
    expect(luhnValid(SEED.aliceBarcode)).toBe(true);
    expect(luhnValid(SEED.bobBarcode)).toBe(true);
    expect(luhnValid(SEED.expiredBarcode)).toBe(true);
    expect(luhnValid(SEED.badChecksumBarcode)).toBe(false);
    expect(luhnValid('99900010000000a9')).toBe(false);
  });
});
