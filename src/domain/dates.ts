// Dates and times as New Zealand writes them, in English or te reo Māori — never in the browser's own locale (an en-US
// browser would write "12/6/2026, 9:14:43 PM"). Written out here rather than left to Intl, whose data for `mi` some
// browsers lack (Chromium falls back to en-US: "PM"). An instant is shown in the device's own time zone: the till, the
// display and the back office stand in the shop (docs/using.md, "Dates, times and money").
//
//                 en-NZ                          mi-NZ
//   date          6 Dec 2026                     6 Tīhema 2026
//   time          9:14 pm   (9:14:43 pm)         21:14     (21:14:43)   — te reo Māori uses the 24-hour clock
//   date & time   6 Dec 2026, 9:14 pm            6 Tīhema 2026, 21:14
//   day           Sunday 6 December 2026         Rātapu 6 Tīhema 2026
//   typed day     6/12/2026 (day/month/year)     6/12/2026
import type { Language } from './language';

/** An instant: ISO text ("2026-12-06T08:14:43.000Z"), milliseconds since the epoch, or a Date. */
export type Instant = string | number | Date;

const MONTHS: Record<Language, readonly string[]> = {
  'en-NZ': ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  // CLDR's month names for mi.
  'mi-NZ': ['Hānuere', 'Pēpuere', 'Māehe', 'Āperira', 'Mei', 'Hune', 'Hūrae', 'Ākuhata', 'Hepetema', 'Oketopa', 'Noema', 'Tīhema'],
};

const WEEKDAYS: Record<Language, readonly string[]> = {
  'en-NZ': ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  'mi-NZ': ['Rātapu', 'Mane', 'Tūrei', 'Wenerei', 'Tāite', 'Paraire', 'Rāhoroi'],
};

/** "Dec" in English (as the receipt has always written it); te reo Māori's month names are not abbreviated. */
function monthName(month: number, language: Language, short: boolean): string {
  const name = MONTHS[language][month]!;
  return short && language === 'en-NZ' ? name.slice(0, 3) : name;
}

function toDate(at: Instant): Date {
  return at instanceof Date ? at : new Date(at);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "6 Dec 2026" (en-NZ), "6 Tīhema 2026" (mi-NZ). */
export function formatDate(at: Instant, language: Language = 'en-NZ'): string {
  const date = toDate(at);
  return `${date.getDate()} ${monthName(date.getMonth(), language, true)} ${date.getFullYear()}`;
}

/** "9:14 pm" (en-NZ), "21:14" (mi-NZ); with `seconds`, "9:14:43 pm" and "21:14:43". */
export function formatTime(at: Instant, language: Language = 'en-NZ', { seconds = false }: { seconds?: boolean } = {}): string {
  const date = toDate(at);
  const rest = `${pad(date.getMinutes())}${seconds ? `:${pad(date.getSeconds())}` : ''}`;
  if (language === 'mi-NZ') return `${pad(date.getHours())}:${rest}`;
  const hour = date.getHours() % 12 === 0 ? 12 : date.getHours() % 12;
  return `${hour}:${rest} ${date.getHours() < 12 ? 'am' : 'pm'}`;
}

/** "6 Dec 2026, 9:14 pm" (en-NZ), "6 Tīhema 2026, 21:14" (mi-NZ). */
export function formatDateTime(at: Instant, language: Language = 'en-NZ'): string {
  return `${formatDate(at, language)}, ${formatTime(at, language)}`;
}

/** A local date "YYYY-MM-DD" (a day of trading) in words: "Sunday 6 December 2026"; the text itself if it is no date. */
export function formatDay(day: string, language: Language = 'en-NZ'): string {
  const date = dateOfDay(day);
  if (!date) return day;
  return `${WEEKDAYS[language][date.getDay()]} ${date.getDate()} ${monthName(date.getMonth(), language, false)} ${date.getFullYear()}`;
}

/** A local date "YYYY-MM-DD" as a person types it: "6/12/2026" (day/month/year). */
export function formatDayTyped(day: string): string {
  const date = dateOfDay(day);
  return date ? `${date.getDate()}/${date.getMonth() + 1}/${date.getFullYear()}` : day;
}

/**
 * A day as a person types it in New Zealand — day, then month, then year: "6/12/2026", "06-12-2026", "6.12.26",
 * "6 12 2026" (a two-digit year is this century) — or as ISO "2026-12-06"; "YYYY-MM-DD", or null for anything else
 * (a month first, "31/2/2026", a word).
 */
export function parseDay(text: string): string | null {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  const typed = /^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{2}|\d{4})$/.exec(trimmed);
  const [year, month, day] = iso ? [iso[1]!, iso[2]!, iso[3]!] : typed ? [typed[3]!, typed[2]!, typed[1]!] : [];
  if (year === undefined) return null;
  const fullYear = year.length === 2 ? `20${year}` : year;
  const candidate = `${fullYear}-${pad(Number(month))}-${pad(Number(day))}`;
  return dateOfDay(candidate) ? candidate : null;
}

/** The local date of an instant on this device, "YYYY-MM-DD". */
export function localDateOf(at: Instant): string {
  const date = toDate(at);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The local date `days` after (or before, when negative) `day`; `day` itself if it is no date. */
export function addDays(day: string, days: number): string {
  const date = dateOfDay(day);
  return date ? localDateOf(new Date(date.getFullYear(), date.getMonth(), date.getDate() + days)) : day;
}

/** Local midnight of "YYYY-MM-DD"; null when there is no such date (2026-02-30). */
function dateOfDay(day: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const midnight = new Date(year, month, date);
  return midnight.getFullYear() === year && midnight.getMonth() === month && midnight.getDate() === date ? midnight : null;
}
