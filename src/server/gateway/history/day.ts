// A day of trading is the till's local date: midnight to midnight in the server's time zone (the process's `TZ`;
// set e.g. TZ=Pacific/Auckland where the machine's own zone is not the shop's). The journal keeps UTC instants, so a
// day is the half-open range of instants [from, to); a day that changes to or from daylight saving is 23 or 25 hours.
import { z } from 'zod';

export const localDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD')
  .refine((date) => localDay(date) !== null, 'no such date');

export interface DayRange {
  /** First instant of the day, ISO in UTC, as the journal writes them. */
  from: string;
  /** First instant of the next day. */
  to: string;
}

/** The instants of a local date "YYYY-MM-DD"; null when there is no such date (2026-02-30). */
export function localDay(date: string): DayRange | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const start = new Date(year, month, day);
  if (start.getFullYear() !== year || start.getMonth() !== month || start.getDate() !== day) return null;
  return { from: start.toISOString(), to: new Date(year, month, day + 1).toISOString() };
}

/** The local date of an instant, "YYYY-MM-DD". */
export function localDateOf(instant: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`;
}

/** The zone days are counted in, for people reading a report. */
export function timeZoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
