// Percentiles, the targets of issues 5 and 20, and the table the bench prints.

export interface Percentiles {
  p50: number;
  p95: number;
  n: number;
}

/** Nearest-rank percentiles, in ms. */
export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
  return { p50: rank(50), p95: rank(95), n: sorted.length };
}

export interface BenchResult {
  machine: { cpus: number; node: string; chromium: string };
  paymentsPerRun: number;
  /** (a) Pay clicked → QR visible on the display, ms. */
  payToQr: { webhooksOn: Percentiles; webhooksOff: Percentiles; plain: Percentiles };
  /** (b) patron pays → "Payment successful" on the display, ms. */
  paidToScreen: { webhooksOn: Percentiles; webhooksOff: Percentiles; plain: Percentiles };
  /** (c) upstream Centrapay requests per payment, by displays watching. */
  upstreamPerPayment: {
    webhooksOn: { displays1: number; displays3: number };
    webhooksOff: { displays1: number; displays3: number };
    plain: { displays1: number; displays3: number };
  };
  /** (d) JS the display route loads. */
  displayJs: { gzipBytes: number; bytes: number; files: { path: string; bytes: number; gzipBytes: number }[] };
  /** (e) display JS heap in use after GC, bytes, by payments shown. */
  displayHeap: { after1: number; after100: number; after500: number; growth100to500: number; payments: number };
  webhookDeliveriesAccepted: number;
  ratios: Record<string, number>;
  targets: { id: string; description: string; value: number; limit: string; pass: boolean }[];
  seconds: number;
}

export function ratios(r: Omit<BenchResult, 'ratios' | 'targets' | 'seconds'>): Record<string, number> {
  const over = (ours: number, plain: number) => round(ours / plain, 3);
  return {
    'a.p50 webhooks on / plain': over(r.payToQr.webhooksOn.p50, r.payToQr.plain.p50),
    'a.p95 webhooks on / plain': over(r.payToQr.webhooksOn.p95, r.payToQr.plain.p95),
    'b.p50 webhooks on / plain': over(r.paidToScreen.webhooksOn.p50, r.paidToScreen.plain.p50),
    'b.p95 webhooks on / plain': over(r.paidToScreen.webhooksOn.p95, r.paidToScreen.plain.p95),
    'b.p50 webhooks off / plain': over(r.paidToScreen.webhooksOff.p50, r.paidToScreen.plain.p50),
    'b.p95 webhooks off / plain': over(r.paidToScreen.webhooksOff.p95, r.paidToScreen.plain.p95),
    'c.1 display webhooks on / plain': over(r.upstreamPerPayment.webhooksOn.displays1, r.upstreamPerPayment.plain.displays1),
    'c.3 displays webhooks on / plain': over(r.upstreamPerPayment.webhooksOn.displays3, r.upstreamPerPayment.plain.displays3),
    'c.1 display webhooks off / plain': over(r.upstreamPerPayment.webhooksOff.displays1, r.upstreamPerPayment.plain.displays1),
    'c.3 displays webhooks off / plain': over(r.upstreamPerPayment.webhooksOff.displays3, r.upstreamPerPayment.plain.displays3),
  };
}

/**
 * Screens add no upstream requests: 3 displays cost at most 5 % more per payment than 1 (a payment that ends just
 * across a poll tick costs one GET more, whoever watches). With webhooks the paid result needs no read, so how many
 * routine reads a payment costs is a matter of where it falls in the poll's second, and 3 displays may cost less.
 */
const SAME_COUNT_TOLERANCE = 0.05;

/**
 * Issue 20 (fast again, and kept fast): Pay → QR on the display, p95, at most this (150 ms until then). No webhook is
 * involved in it, so it holds with webhooks off too.
 */
export const PAY_TO_QR_P95_MS = 70;
/** Issue 20: the patron pays → "Payment successful" on the display with webhooks, p95, at most this (150 ms until then). */
export const PAID_TO_SCREEN_P95_MS = 35;

export function targets(r: Omit<BenchResult, 'ratios' | 'targets' | 'seconds'>): BenchResult['targets'] {
  const sameCount = (counts: { displays1: number; displays3: number }) => round(counts.displays3 / counts.displays1, 3);
  return [
    { id: 'a', description: 'Pay → QR on display, p95, webhooks on', value: r.payToQr.webhooksOn.p95, limit: `≤ ${PAY_TO_QR_P95_MS} ms`, pass: r.payToQr.webhooksOn.p95 <= PAY_TO_QR_P95_MS },
    { id: 'a', description: 'Pay → QR on display, p95, webhooks off', value: r.payToQr.webhooksOff.p95, limit: `≤ ${PAY_TO_QR_P95_MS} ms`, pass: r.payToQr.webhooksOff.p95 <= PAY_TO_QR_P95_MS },
    { id: 'b', description: 'paid → "Payment successful", p95, webhooks on', value: r.paidToScreen.webhooksOn.p95, limit: `≤ ${PAID_TO_SCREEN_P95_MS} ms`, pass: r.paidToScreen.webhooksOn.p95 <= PAID_TO_SCREEN_P95_MS },
    { id: 'b', description: 'paid → "Payment successful", p95, webhooks off', value: r.paidToScreen.webhooksOff.p95, limit: '< 1200 ms', pass: r.paidToScreen.webhooksOff.p95 < 1200 },
    { id: 'c', description: 'upstream per payment, 3 displays / 1, webhooks on', value: sameCount(r.upstreamPerPayment.webhooksOn), limit: '<= 1 (+5 %)', pass: sameCount(r.upstreamPerPayment.webhooksOn) <= 1 + SAME_COUNT_TOLERANCE },
    { id: 'c', description: 'upstream per payment, 3 displays / 1, webhooks off', value: sameCount(r.upstreamPerPayment.webhooksOff), limit: '<= 1 (+5 %)', pass: sameCount(r.upstreamPerPayment.webhooksOff) <= 1 + SAME_COUNT_TOLERANCE },
    // 120 kB until issue 12, which asks for a well-kept translation library on every patron screen: i18next alone is 16 kB.
    { id: 'd', description: 'display route JS, gzipped, kB', value: round(r.displayJs.gzipBytes / 1000, 1), limit: '< 140 kB', pass: r.displayJs.gzipBytes < 140_000 },
    { id: 'e', description: 'display heap growth 100 → 500 payments, MB', value: round(r.displayHeap.growth100to500 / 1e6, 2), limit: '< 5 MB', pass: r.displayHeap.growth100to500 < 5e6 },
  ];
}

export function table(r: BenchResult): string {
  const ms = (p: Percentiles) => `${fmt(p.p50)} / ${fmt(p.p95)} ms`;
  const rows: string[][] = [
    ['', 'webhooks on', 'webhooks off', 'plain (every screen polls Centrapay, 1 s)'],
    ['(a) Pay → QR on display, p50 / p95', ms(r.payToQr.webhooksOn), ms(r.payToQr.webhooksOff), ms(r.payToQr.plain)],
    ['(b) paid → "Payment successful", p50 / p95', ms(r.paidToScreen.webhooksOn), ms(r.paidToScreen.webhooksOff), ms(r.paidToScreen.plain)],
    ['(c) upstream requests per payment, 1 display', fmt(r.upstreamPerPayment.webhooksOn.displays1, 2), fmt(r.upstreamPerPayment.webhooksOff.displays1, 2), fmt(r.upstreamPerPayment.plain.displays1, 2)],
    ['(c) upstream requests per payment, 3 displays', fmt(r.upstreamPerPayment.webhooksOn.displays3, 2), fmt(r.upstreamPerPayment.webhooksOff.displays3, 2), fmt(r.upstreamPerPayment.plain.displays3, 2)],
  ];
  const lines = [
    `centrapay-pos benchmark: ${r.paymentsPerRun} payments per run, ${r.machine.cpus} CPUs, Node ${r.machine.node}, Chromium ${r.machine.chromium}, ${fmt(r.seconds)} s`,
    '',
    ...grid(rows),
    '',
    `(d) display route JS: ${fmt(r.displayJs.gzipBytes / 1000, 1)} kB gzipped (${fmt(r.displayJs.bytes / 1000, 1)} kB raw) in ${r.displayJs.files.length} files: ${r.displayJs.files.map((file) => `${file.path} ${fmt(file.gzipBytes / 1000, 1)}`).join(', ')}`,
    `(e) display JS heap after GC: ${mb(r.displayHeap.after1)} after 1 payment, ${mb(r.displayHeap.after100)} after 100, ${mb(r.displayHeap.after500)} after ${r.displayHeap.payments}; growth 100 → ${r.displayHeap.payments}: ${mb(r.displayHeap.growth100to500)}`,
    `webhook deliveries the gateway accepted (webhooks-on runs): ${r.webhookDeliveriesAccepted}`,
    '',
    'ours / plain:',
    ...grid(Object.entries(r.ratios).map(([name, value]) => [`  ${name}`, fmt(value, 3)])),
    '',
    'targets:',
    ...grid(r.targets.map((t) => [`  (${t.id}) ${t.description}`, fmt(t.value, 2), t.limit, t.pass ? 'met' : 'MISSED'])),
  ];
  return lines.join('\n');
}

export function grid(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('   ').trimEnd());
}

export function fmt(value: number, digits = 0): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

function mb(bytes: number): string {
  return `${fmt(bytes / 1e6, 2)} MB`;
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
