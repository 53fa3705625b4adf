import { describe, expect, it } from 'vitest';
import { SEED, SEED_QUICK_PAY_CODES } from '../../domain/sandbox-seeds';
import { barsOf, code128Modules } from './barcode-modules';

// Code 128's start symbols and its stop pattern (ISO/IEC 15417), which frame every symbol.
const START_B = '11010010000';
const START_C = '11010011100';
const STOP = '1100011101011';

describe('code128Modules', () => {
  it('encodes a 16-digit patron code in code set C: start, 8 digit pairs, check symbol, stop', () => {
    for (const code of [SEED.aliceBarcode, SEED.bobBarcode]) {
      const modules = code128Modules(code);
      expect(modules).toMatch(/^[01]+$/);
      expect(modules.startsWith(START_C)).toBe(true);
      expect(modules.endsWith(STOP)).toBe(true);
      expect(modules).toHaveLength(11 * (1 + 8 + 1) + STOP.length);
    }
    expect(code128Modules(SEED.aliceBarcode)).not.toBe(code128Modules(SEED.bobBarcode));
  });

  it('encodes the 9-digit Farmlands cards and 12-digit vouchers too', () => {
    for (const { barcode } of SEED_QUICK_PAY_CODES) {
      const modules = code128Modules(barcode);
      expect([START_B, START_C]).toContain(modules.slice(0, 11));
      expect(modules.endsWith(STOP)).toBe(true);
    }
  });
});

describe('barsOf', () => {
  it('turns runs of dark modules into bars that draw the modules back', () => {
    expect(barsOf('0110100111')).toEqual([{ x: 1, width: 2 }, { x: 4, width: 1 }, { x: 7, width: 3 }]);
    const modules = code128Modules(SEED.aliceBarcode);
    const drawn = Array.from(modules, () => '0');
    for (const bar of barsOf(modules)) drawn.fill('1', bar.x, bar.x + bar.width);
    expect(drawn.join('')).toBe(modules);
  });
});
