import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addDays, formatDate, formatDateTime, formatDay, formatDayTyped, formatTime, localDateOf, parseDay } from './dates';

// Instants are shown in the device's zone: these tests stand in Auckland (NZDT, UTC+13, in December).
const zone = process.env.TZ;
beforeEach(() => {
  process.env.TZ = 'Pacific/Auckland';
});
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

const EVENING = '2026-12-06T08:14:43.000Z'; // 9:14:43 pm on Sunday 6 December 2026 in Auckland
const MORNING = '2026-12-06T20:05:00.000Z'; // 9:05 am on Monday 7 December
const MIDNIGHT = '2026-12-06T11:00:00.000Z'; // 12:00 am on Monday 7 December
const NOON = '2026-12-06T23:00:00.000Z';

describe('dates and times in English (en-NZ)', () => {
  it('writes the date day first, the month as the receipt does', () => {
    expect(formatDate(EVENING)).toBe('6 Dec 2026');
    expect(formatDate(MORNING, 'en-NZ')).toBe('7 Dec 2026');
  });

  it('writes the time on the 12-hour clock with am and pm in small letters', () => {
    expect(formatTime(EVENING)).toBe('9:14 pm');
    expect(formatTime(EVENING, 'en-NZ', { seconds: true })).toBe('9:14:43 pm');
    expect(formatTime(MORNING)).toBe('9:05 am');
    expect(formatTime(MIDNIGHT)).toBe('12:00 am');
    expect(formatTime(NOON)).toBe('12:00 pm');
  });

  it('writes a date and time as the receipt always has: "6 Dec 2026, 9:14 pm"', () => {
    expect(formatDateTime(EVENING)).toBe('6 Dec 2026, 9:14 pm');
    expect(formatDateTime(Date.parse(EVENING))).toBe('6 Dec 2026, 9:14 pm');
    expect(formatDateTime(new Date(EVENING))).toBe('6 Dec 2026, 9:14 pm');
    // As Intl writes it for en-NZ where the runtime has its data (Node does).
    expect(formatDateTime(EVENING)).toBe(new Intl.DateTimeFormat('en-NZ', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(EVENING)));
  });

  it('writes a day of trading in full', () => {
    expect(formatDay('2026-12-06')).toBe('Sunday 6 December 2026');
    expect(formatDay('2026-02-30')).toBe('2026-02-30');
  });
});

describe('dates and times in te reo Māori (mi-NZ)', () => {
  it('names the month in full and keeps the 24-hour clock: no "PM"', () => {
    expect(formatDate(EVENING, 'mi-NZ')).toBe('6 Tīhema 2026');
    expect(formatTime(EVENING, 'mi-NZ')).toBe('21:14');
    expect(formatTime(MORNING, 'mi-NZ', { seconds: true })).toBe('09:05:00');
    expect(formatTime(MIDNIGHT, 'mi-NZ')).toBe('00:00');
    expect(formatDateTime(EVENING, 'mi-NZ')).toBe('6 Tīhema 2026, 21:14');
    expect(formatDay('2026-12-06', 'mi-NZ')).toBe('Rātapu 6 Tīhema 2026');
    expect(formatDay('2026-01-05', 'mi-NZ')).toBe('Mane 5 Hānuere 2026');
  });

  it('does not depend on the runtime’s locale data (Intl is never asked)', () => {
    const spy = vi.spyOn(Intl, 'DateTimeFormat');
    expect(formatDateTime(EVENING, 'mi-NZ')).toBe('6 Tīhema 2026, 21:14');
    expect(formatDay('2026-12-06', 'mi-NZ')).toBe('Rātapu 6 Tīhema 2026');
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
});

describe('a day as a person types it', () => {
  it('reads day, then month, then year', () => {
    expect(parseDay('6/12/2026')).toBe('2026-12-06');
    expect(parseDay(' 06-12-2026 ')).toBe('2026-12-06');
    expect(parseDay('6.12.26')).toBe('2026-12-06');
    expect(parseDay('6 12 2026')).toBe('2026-12-06');
    expect(parseDay('2026-12-06')).toBe('2026-12-06');
    expect(parseDay('29/2/2028')).toBe('2028-02-29');
  });

  it('refuses what is no day, and a month written first', () => {
    for (const bad of ['', 'today', '12/31/2026', '31/2/2026', '29/2/2026', '6/12', '6/12/202', '0/1/2026', '2026-13-01']) expect(parseDay(bad)).toBeNull();
  });

  it('writes a day back the way it is typed', () => {
    expect(formatDayTyped('2026-12-06')).toBe('6/12/2026');
    expect(parseDay(formatDayTyped('2026-01-31'))).toBe('2026-01-31');
  });

  it('counts days on the local calendar, across daylight saving', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    // Daylight saving ends in New Zealand on 5 April 2026 (a 25-hour day).
    expect(addDays('2026-04-05', 1)).toBe('2026-04-06');
    expect(addDays('2026-04-06', -1)).toBe('2026-04-05');
    expect(localDateOf(EVENING)).toBe('2026-12-06');
    expect(localDateOf(MORNING)).toBe('2026-12-07');
  });
});
