import { afterEach, describe, expect, it } from 'vitest';
import { localDateOf, localDateSchema, localDay } from './day';

const zone = process.env.TZ;
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('a day of trading is the server’s local date', () => {
  it('runs from local midnight to local midnight (Pacific/Auckland in summer, UTC+13)', () => {
    process.env.TZ = 'Pacific/Auckland';
    expect(localDay('2026-11-26')).toEqual({ from: '2026-11-25T11:00:00.000Z', to: '2026-11-26T11:00:00.000Z' });
    expect(localDateOf(new Date('2026-11-25T11:00:00.000Z'))).toBe('2026-11-26');
    expect(localDateOf(new Date('2026-11-25T10:59:59.999Z'))).toBe('2026-11-25');
  });

  it('is 23 hours on the day daylight saving starts', () => {
    process.env.TZ = 'Pacific/Auckland';
    expect(localDay('2026-09-27')).toEqual({ from: '2026-09-26T12:00:00.000Z', to: '2026-09-27T11:00:00.000Z' });
  });

  it('follows TZ when it is set', () => {
    process.env.TZ = 'UTC';
    expect(localDay('2026-11-26')).toEqual({ from: '2026-11-26T00:00:00.000Z', to: '2026-11-27T00:00:00.000Z' });
  });

  it('refuses days that do not exist', () => {
    expect(localDay('2026-02-29')).toBeNull();
    expect(localDay('2028-02-29')).not.toBeNull();
    expect(localDay('2026-13-01')).toBeNull();
    expect(localDateSchema.safeParse('2026-02-30').success).toBe(false);
    expect(localDateSchema.safeParse('26/11/2026').success).toBe(false);
    expect(localDateSchema.safeParse('2026-11-26').success).toBe(true);
  });
});
