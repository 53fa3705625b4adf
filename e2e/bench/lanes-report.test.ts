import { describe, expect, it } from 'vitest';
import { parseMetrics, histogramBetween } from './lanes-observe';
import { lanesTargets, peakInWindow, waitFigures, type StepFigures } from './lanes-report';

describe('peakInWindow', () => {
  it('finds the busiest 60 s among readings a second apart', () => {
    // 1 call a second, then 5 a second from the 30th second to the 50th, then 1 again.
    const samples: { at: number; calls: number }[] = [];
    let calls = 0;
    for (let second = 0; second <= 120; second += 1) {
      samples.push({ at: second * 1000, calls });
      calls += second >= 30 && second < 50 ? 5 : 1;
    }
    expect(peakInWindow(samples, 60_000)).toEqual({ calls: 20 * 5 + 40, windowMs: 60_000 });
  });

  it('is the whole run when the run is shorter than the window', () => {
    expect(peakInWindow([{ at: 0, calls: 0 }, { at: 10_000, calls: 7 }, { at: 20_000, calls: 9 }], 60_000)).toEqual({ calls: 9, windowMs: 20_000 });
  });
});

describe('waitFigures', () => {
  const scrape = (body: string) => parseMetrics(body);
  const before = scrape('');
  const after = scrape([
    'centrapay_rate_wait_seconds_bucket{le="0.5",kind="money"} 90',
    'centrapay_rate_wait_seconds_bucket{le="1",kind="money"} 96',
    'centrapay_rate_wait_seconds_bucket{le="2",kind="money"} 98',
    'centrapay_rate_wait_seconds_bucket{le="5",kind="money"} 99',
    'centrapay_rate_wait_seconds_bucket{le="+Inf",kind="money"} 100',
    'centrapay_rate_wait_seconds_sum{kind="money"} 50',
    'centrapay_rate_wait_seconds_count{kind="money"} 100',
    'centrapay_rate_wait_seconds_count{kind="read"} 7',
  ].join('\n'));

  it('reads bounds of p95 and max, and the calls over 2 s, from the buckets', () => {
    expect(waitFigures(histogramBetween(before, after, 'centrapay_rate_wait_seconds', { kind: 'money' }))).toEqual({
      count: 100, meanMs: 500, p95AtMostMs: 1000, maxAtMostMs: Infinity, overTwoSeconds: 2,
    });
  });
});

describe('lanesTargets', () => {
  const step = (mode: StepFigures['mode'], lanes: number, p95: number, throttled = 0): StepFigures => ({
    mode, lanes, source: 'abc1234', seconds: 120,
    sales: { completed: 10, paid: 8, cancelled: 1, expired: 1, failed: 0, payments: 8 },
    upstream: { calls: 100, perMinuteMean: 50, peak: 60, peakWindowSeconds: 60, throttled },
    paidToShown: { p50: p95 / 2, p95, n: 8, missing: 0 },
    payToQr: { p50: 10, p95: 20, n: 10 },
    payCall: { p50: 5, p95: 9, n: 8 },
    moneyDelayed: 0,
    cpu: { machine: 1, server: 0.5, bench: 0.1 },
  });

  it('checks the steps run and leaves the others as not run', () => {
    const targets = lanesTargets([step('webhooksOn', 12, 100), step('webhooksOff', 12, 1600, 2)], 180);
    const find = (text: string) => targets.find((target) => target.description.includes(text));
    expect(find('429s received, all steps (12 lanes), webhooks off')?.pass).toBe(false);
    expect(find('webhooks on, 12 lanes')?.pass).toBe(true);
    expect(find('webhooks off, 12 lanes')?.pass).toBe(false);
    expect(find('webhooks off, 24 lanes')?.pass).toBeNull();
  });
});
