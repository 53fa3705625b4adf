// How long this display shows a sale's result before its thank-you and attract screen: the till's setting
// (DISPLAY_RESULT_SECONDS), unless the display's address sets its own, `?resultSeconds=N` (whole seconds, 1 to 600, the
// till's bounds) — a display a queue walks past may want it shorter, one at a slow counter longer. Anything else is ignored.
export const RESULT_SECONDS_MIN = 1;
export const RESULT_SECONDS_MAX = 600;

export function resultSecondsFromLocation(search: string = window.location.search): number | null {
  const raw = new URLSearchParams(search).get('resultSeconds')?.trim();
  if (!raw || !/^\d{1,3}$/.test(raw)) return null;
  const seconds = Number(raw);
  return seconds >= RESULT_SECONDS_MIN && seconds <= RESULT_SECONDS_MAX ? seconds : null;
}

/** The lane's state as this display times it: with its own result time, if its address sets one. */
export function withOwnResultSeconds<State extends { resultSeconds: number }>(state: State, search: string = window.location.search): State {
  const own = resultSecondsFromLocation(search);
  return own === null ? state : { ...state, resultSeconds: own };
}
