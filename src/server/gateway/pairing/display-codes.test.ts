import { describe, expect, it } from 'vitest';
import { DISPLAY_CODE_PATTERN } from '../../../domain/display-code';
import { DISPLAY_CODE_TTL_MS, DisplayCodes } from './display-codes';

describe('display pairing codes', () => {
  it('are six characters with no 0, O, 1 or I, and open the lane they were given for', () => {
    const codes = new DisplayCodes();
    const issued = Array.from({ length: 200 }, (_, i) => ({ lane: `lane-${i}`, ...codes.issue(`lane-${i}`) }));
    for (const { code, lane } of issued) {
      expect(code).toMatch(DISPLAY_CODE_PATTERN);
      expect(code).not.toMatch(/[0O1I]/);
      expect(codes.resolve(code)).toBe(lane);
    }
    expect(new Set(issued.map(({ code }) => code)).size).toBe(issued.length);
  });

  it('last ten minutes, and may be used by more than one display meanwhile', () => {
    let now = 1_000_000;
    const codes = new DisplayCodes(() => now);
    const { code, expiresAt } = codes.issue('front');
    expect(expiresAt).toBe(now + DISPLAY_CODE_TTL_MS);
    now += DISPLAY_CODE_TTL_MS - 1;
    expect(codes.resolve(code)).toBe('front');
    expect(codes.resolve(code)).toBe('front');
    now += 1;
    expect(codes.resolve(code)).toBeUndefined();
  });

  it('answer nothing for a code never given', () => {
    expect(new DisplayCodes().resolve('ABCDEF')).toBeUndefined();
  });
});
