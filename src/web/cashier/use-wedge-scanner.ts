// A keyboard-wedge barcode scanner types the code's digits faster than any person, then Enter. Whatever has focus on
// the till's screen, such a burst is taken as a scan, unless the cashier is typing in a field (then the keys are
// theirs). Enter at the end of a scan is swallowed, so it never presses the button that happened to have focus.
import { useEffect, useRef } from 'react';

/** Keys of one scan arrive closer together than this; a person's typing does not. */
const SCAN_GAP_MS = 50;
/** Fewer digits than this in a burst could be a person's quick double tap. */
const MIN_SCAN_DIGITS = 4;
const MAX_SCAN_DIGITS = 32;

function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement ||
    (target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(target.type));
}

export function useWedgeScanner(onScan: (digits: string) => void, enabled: boolean): void {
  const latest = useRef(onScan);
  useEffect(() => {
    latest.current = onScan;
  });

  useEffect(() => {
    if (!enabled) return undefined;
    let digits = '';
    let last = 0;
    const onKeyDown = (event: KeyboardEvent) => {
      if (typingInField(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      const now = event.timeStamp;
      const inBurst = now - last <= SCAN_GAP_MS;
      if (/^\d$/.test(event.key)) {
        digits = inBurst && digits.length < MAX_SCAN_DIGITS ? digits + event.key : event.key;
        last = now;
        return;
      }
      if (event.key === 'Enter' && inBurst && digits.length >= MIN_SCAN_DIGITS) {
        event.preventDefault();
        event.stopPropagation();
        latest.current(digits);
      }
      digits = '';
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [enabled]);
}
