// A display goes back to the store's language after each sale, so the next patron is not greeted in the last one's
// choice. A sale has ended when the display leaves it for idle (after the result, or a cart cleared), or when a new
// sale starts on a lane whose last one was finished (the cashier pressed New sale during the result). A language
// picked on the idle screen is for the sale about to start, so it is kept.
import { useEffect, useRef } from 'react';
import type { SalePhase } from '../../domain/sale';
import { useLanguageStore } from '../i18n/language-store';
import type { DisplayScreen } from '../ui/sale-state';

export interface DisplayMoment {
  screen: DisplayScreen;
  phase: SalePhase;
}

export function saleEnded(before: DisplayMoment, now: DisplayMoment): boolean {
  return before.screen !== 'idle' && (now.screen === 'idle' || (before.phase === 'done' && now.phase !== 'done'));
}

export function useForgetLanguageAfterSale(now: DisplayMoment): void {
  const forget = useLanguageStore((state) => state.forget);
  const before = useRef(now);
  const { screen, phase } = now;
  useEffect(() => {
    if (saleEnded(before.current, { screen, phase })) forget();
    before.current = { screen, phase };
  }, [screen, phase, forget]);
}
