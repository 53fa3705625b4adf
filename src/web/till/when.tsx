/** When something happened, on the till's screens: "2026-11-26 14:05" in the screen's own words and time zone. */
export function When({ at }: { at: string }) {
  return <time dateTime={at}>{new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}</time>;
}
