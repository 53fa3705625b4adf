/** "2026-11-26 14:05" in the screen's own words and time zone: when something happened, on the till's screens. */
export function whenWords(at: string): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
