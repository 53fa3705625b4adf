// The poll figures on hand-made read logs: one watcher reading each second, two watchers reading the same request,
// and requests read once (not live long enough to count).
import { describe, expect, it } from 'vitest';
import { liveUntil, pollFigures, type RequestReadAt } from './polls';

const every = (id: string, from: number, count: number, stepMs: number): RequestReadAt[] =>
  Array.from({ length: count }, (_, i) => ({ id, at: from + i * stepMs }));

describe('poll figures', () => {
  it('one watcher a second: about one read per live second, every second with one read', () => {
    const figures = pollFigures(every('A', 0, 20, 1_000));
    expect(figures).toMatchObject({ requests: 1, reads: 20, liveSeconds: 20, perLiveSecond: 1, secondsWith: { one: 20, two: 0, more: 0 } });
    expect(figures.busiest).toEqual({ id: 'A', reads: 20, seconds: 20, perSecond: 1 });
  });

  it('two watchers on one request: two reads in most seconds, and twice the rate', () => {
    const figures = pollFigures([...every('A', 0, 20, 1_000), ...every('A', 300, 20, 1_000)]);
    expect(figures.perLiveSecond).toBeCloseTo(1.98, 1);
    expect(figures.secondsWith).toEqual({ one: 0, two: 20, more: 0 });
  });

  it('a request read once is not counted; rates add up over requests, the busiest among those live 10 s or more', () => {
    const figures = pollFigures([{ id: 'once', at: 5 }, ...every('slow', 0, 5, 4_000), ...every('short', 0, 3, 100)]);
    expect(figures.requests).toBe(2);
    expect(figures.reads).toBe(8);
    expect(figures.liveSeconds).toBe(18.2);
    expect(figures.secondsWith).toEqual({ one: 5, two: 0, more: 1 });
    expect(figures.busiest).toEqual({ id: 'slow', reads: 5, seconds: 17, perSecond: 0.29 });
  });
});

describe('which instance polled', () => {
  const instanceOf = (from: string) => ({ '127.0.0.11': 'C1', '127.0.0.12': 'C2' })[from];
  const from = (reads: RequestReadAt[], address: string) => reads.map((read) => ({ ...read, from: address }));

  it('a takeover: one instance’s reads end and another’s begin; nothing interleaved', () => {
    const figures = pollFigures([...from(every('A', 0, 10, 1_000), '127.0.0.11'), ...from(every('A', 13_000, 10, 1_000), '127.0.0.12')], { instanceOf });
    expect(figures.byInstance).toEqual({ C1: 10, C2: 10 });
    expect(figures.interleaved).toEqual({ reads: 0, requests: 0, worst: null, examples: [] });
  });

  it('two instances polling one request at once: their reads alternate', () => {
    const figures = pollFigures([...from(every('A', 0, 10, 1_000), '127.0.0.11'), ...from(every('A', 4_500, 3, 1_000), '127.0.0.12'), ...from(every('B', 0, 5, 1_000), '127.0.0.12')], { instanceOf });
    // C1 at 4 s, C2 at 4.5, C1 at 5, C2 at 5.5 (the first alternation), C1 at 6, C2 at 6.5, C1 at 7.
    expect(figures.interleaved).toMatchObject({ reads: 4, requests: 1, worst: { id: 'A', reads: 4, instances: ['C1', 'C2'] } });
    expect(figures.interleaved.examples[0]).toEqual({ id: 'A', instance: 'C2', at: '1970-01-01T00:00:05.500Z', previous: '1970-01-01T00:00:04.500Z', other: { instance: 'C1', at: '1970-01-01T00:00:05.000Z' } });
  });

  it('another instance’s one-off look-ups between a watcher’s polls, more than 10 s apart, are not polling', () => {
    const figures = pollFigures([...from(every('A', 0, 16, 1_000), '127.0.0.11'), { id: 'A', at: 2_300, from: '127.0.0.12' }, { id: 'A', at: 13_500, from: '127.0.0.12' }], { instanceOf });
    expect(figures.interleaved.reads).toBe(0);
  });

  it('reads from an address no instance has are not attributed', () => {
    expect(pollFigures(from(every('A', 0, 3, 1_000), '127.0.0.1'), { instanceOf }).byInstance).toEqual({});
  });
});

describe('while a request is live', () => {
  const at = (ms: number) => new Date(ms).toISOString();
  it('a payment is live until paid, cancelled or expired; a pre-auth request until its last activity', () => {
    const until = liveUntil([
      { id: 'paid', expiresAt: at(30_000), activities: [{ type: 'request', createdAt: at(0) }, { type: 'paid', createdAt: at(5_000) }, { type: 'refund', createdAt: at(9_000) }] },
      { id: 'expired', expiresAt: at(30_000), activities: [{ type: 'request', createdAt: at(0) }] },
      { id: 'hold', preAuth: true, expiresAt: at(300_000), activities: [{ type: 'preAuthRequest', createdAt: at(0) }, { type: 'release', createdAt: at(40_000) }] },
    ]);
    expect(Object.fromEntries(until)).toEqual({ paid: 6_000, expired: 31_000, hold: 41_000 });
  });

  it('reads after a request ended are look-ups, left out: three instances looking a paid sale up are not pollers', () => {
    const instanceOf = (from: string) => ({ '127.0.0.11': 'C1', '127.0.0.12': 'C2', '127.0.0.13': 'C3' })[from];
    const reads = [
      ...every('A', 0, 5, 1_000).map((read) => ({ ...read, from: '127.0.0.11' })),
      { id: 'A', at: 6_100, from: '127.0.0.12' }, { id: 'A', at: 6_200, from: '127.0.0.13' }, { id: 'A', at: 7_000, from: '127.0.0.12' }, { id: 'A', at: 8_000, from: '127.0.0.13' },
    ];
    const figures = pollFigures(reads, { instanceOf, liveUntil: new Map([['A', 5_000]]) });
    expect(figures).toMatchObject({ reads: 5, afterEnd: 4, byInstance: { C1: 5 }, interleaved: { reads: 0 } });
    expect(pollFigures(reads, { instanceOf }).interleaved.reads).toBeGreaterThan(0);
  });
});
