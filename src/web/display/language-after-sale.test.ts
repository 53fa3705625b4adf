import { describe, expect, it } from 'vitest';
import { saleEnded, type DisplayMoment } from './language-after-sale';

const at = (screen: DisplayMoment['screen'], phase: DisplayMoment['phase']): DisplayMoment => ({ screen, phase });

describe('saleEnded', () => {
  it('is when the display goes back to idle: after a paid sale’s result, or a cart cleared', () => {
    expect(saleEnded(at('result', 'done'), at('idle', 'done'))).toBe(true);
    expect(saleEnded(at('cart', 'open'), at('idle', 'open'))).toBe(true);
    expect(saleEnded(at('result', 'open'), at('idle', 'open'))).toBe(true);
  });

  it('is when a new sale starts on the heels of a finished one, before the result had timed out', () => {
    expect(saleEnded(at('result', 'done'), at('cart', 'open'))).toBe(true);
    expect(saleEnded(at('result', 'done'), at('idle', 'open'))).toBe(true);
  });

  it('is not while the sale goes on: cart, pay, a cancelled payment back to its cart, paid in part', () => {
    expect(saleEnded(at('idle', 'open'), at('cart', 'open'))).toBe(false);
    expect(saleEnded(at('cart', 'open'), at('starting', 'starting'))).toBe(false);
    expect(saleEnded(at('pay', 'paying'), at('result', 'done'))).toBe(false);
    expect(saleEnded(at('pay', 'paying'), at('result', 'open'))).toBe(false);
    expect(saleEnded(at('result', 'open'), at('cart', 'open'))).toBe(false);
    expect(saleEnded(at('pay', 'paying'), at('collect', 'owed'))).toBe(false);
    expect(saleEnded(at('idle', 'open'), at('idle', 'open'))).toBe(false);
    expect(saleEnded(at('idle', 'done'), at('idle', 'done'))).toBe(false);
  });

  it('is not when a patron who picked a language on the idle screen starts the next sale', () => {
    expect(saleEnded(at('idle', 'done'), at('idle', 'open'))).toBe(false);
    expect(saleEnded(at('idle', 'done'), at('cart', 'open'))).toBe(false);
  });
});
