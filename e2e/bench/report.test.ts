// The sale bench's figures and targets (report.ts): issue 20's p95 limits hold at the limit and fail just past it.
import { describe, expect, it } from 'vitest';
import { PAID_TO_SCREEN_P95_MS, PAY_TO_QR_P95_MS, percentiles, targets, type BenchResult } from './report';

type Figures = Omit<BenchResult, 'ratios' | 'targets' | 'seconds'>;

const p = (p95: number) => ({ p50: p95 / 2, p95, n: 40 });

function figures({ qrOn = 60, qrOff = 60, paidOn = 30, paidOff = 900 } = {}): Figures {
  return {
    machine: { cpus: 2, node: '20', chromium: '150' },
    paymentsPerRun: 20,
    payToQr: { webhooksOn: p(qrOn), webhooksOff: p(qrOff), plain: p(950) },
    paidToScreen: { webhooksOn: p(paidOn), webhooksOff: p(paidOff), plain: p(950) },
    upstreamPerPayment: { webhooksOn: { displays1: 1.5, displays3: 1.5 }, webhooksOff: { displays1: 2.6, displays3: 2.6 }, plain: { displays1: 6, displays3: 11 } },
    displayJs: { gzipBytes: 137_000, bytes: 420_000, files: [] },
    displayHeap: { after1: 3e6, after100: 4e6, after500: 4.5e6, growth100to500: 0.5e6, payments: 500 },
    webhookDeliveriesAccepted: 40,
  };
}

const missed = (f: Figures) => targets(f).filter((target) => !target.pass).map((target) => target.description);

describe('the sale bench targets', () => {
  it('are issue 20’s: Pay → QR p95 ≤ 70 ms (webhooks on and off), paid → "Payment successful" p95 ≤ 35 ms with webhooks', () => {
    expect(PAY_TO_QR_P95_MS).toBe(70);
    expect(PAID_TO_SCREEN_P95_MS).toBe(35);
    expect(missed(figures({ qrOn: 70, qrOff: 70, paidOn: 35 }))).toEqual([]);
  });

  it('are missed just past them', () => {
    expect(missed(figures({ qrOn: 71 }))).toEqual(['Pay → QR on display, p95, webhooks on']);
    expect(missed(figures({ qrOff: 71 }))).toEqual(['Pay → QR on display, p95, webhooks off']);
    expect(missed(figures({ paidOn: 36 }))).toEqual(['paid → "Payment successful", p95, webhooks on']);
    // Without webhooks the result waits for the next read of a 1 s poll.
    expect(missed(figures({ paidOff: 1199 }))).toEqual([]);
    expect(missed(figures({ paidOff: 1200 }))).toEqual(['paid → "Payment successful", p95, webhooks off']);
  });
});

describe('percentiles', () => {
  it('are nearest-rank', () => {
    const samples = Array.from({ length: 40 }, (_, i) => i + 1);
    expect(percentiles(samples)).toEqual({ p50: 20, p95: 38, n: 40 });
    expect(percentiles([7])).toEqual({ p50: 7, p95: 7, n: 1 });
  });
});
