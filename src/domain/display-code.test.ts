import { describe, expect, it } from 'vitest';
import { DISPLAY_CODE_ALPHABET, DISPLAY_CODE_PATTERN, formatDisplayCode, normaliseDisplayCode } from './display-code';

describe('display pairing codes as people read and type them', () => {
  it('leave out the characters people mistake for others', () => {
    expect(DISPLAY_CODE_ALPHABET).toHaveLength(32);
    for (const lookalike of ['0', 'O', '1', 'I']) expect(DISPLAY_CODE_ALPHABET).not.toContain(lookalike);
  });

  it('are shown in two groups of three, and typed in any case with or without the dash or a space', () => {
    expect(formatDisplayCode('K7QZ2M')).toBe('K7Q-Z2M');
    for (const typed of ['K7Q-Z2M', 'k7q z2m', ' k7qz2m ', 'K7Q - Z2M']) expect(normaliseDisplayCode(typed)).toBe('K7QZ2M');
    expect(DISPLAY_CODE_PATTERN.test('K7QZ2M')).toBe(true);
  });

  it('a code with a look-alike, or of the wrong length, is not a code', () => {
    for (const typed of ['K7QZ2O', 'K7QZ20', 'K7QZ2', 'K7QZ2MM']) expect(DISPLAY_CODE_PATTERN.test(normaliseDisplayCode(typed))).toBe(false);
  });
});
