// The end-of-day report as CSV (RFC 4180, CRLF), one row per tender, asset type and total, for a spreadsheet or the
// accounts: amounts in dollars and cents ("27.00"), the date and lane on every row so several days can be joined.
import type { EndOfDayReport, ReportRow } from './end-of-day';

export const CSV_HEADER = [
  'date', 'lane', 'section', 'key', 'description', 'sales_count', 'sales_amount', 'refunds_count', 'refunds_amount', 'net_amount', 'currency',
] as const;

export function endOfDayCsv(report: EndOfDayReport): string {
  const lane = report.lane ?? 'all';
  const line = (section: string, row: ReportRow) => [
    report.date, lane, section, row.key, row.label,
    String(row.sales.count), decimal(row.sales.amount), String(row.refunds.count), decimal(row.refunds.amount), decimal(row.net), report.currency,
  ];
  const rows: string[][] = [
    [...CSV_HEADER],
    ...report.tenders.map((row) => line('tender', row)),
    ...report.assets.map((row) => line('centrapay-asset', row)),
    line('total', report.total),
    [report.date, lane, 'pending-refunds', '', 'Refunds not completed (not in the totals)', '', '',
      String(report.pendingRefunds.count), decimal(report.pendingRefunds.amount), '', report.currency],
    ...report.notCounted.map(({ result, count, amount }) =>
      [report.date, lane, 'not-counted', result, `Sales ${result} (took nothing)`, String(count), decimal(amount), '', '', '', report.currency]),
  ];
  return rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

/** "end-of-day-2026-11-26-all-lanes.csv"; lane ids are letters, digits, `-` and `_` (LANE_ID_PATTERN). */
export function endOfDayFilename(date: string, lane: string | null): string {
  return `end-of-day-${date}-${lane ?? 'all-lanes'}.csv`;
}

/** Cents as dollars and cents: "2700" → "27.00", "-5" → "-0.05". */
export function decimal(cents: string): string {
  const value = BigInt(cents);
  const abs = value < 0n ? -value : value;
  return `${value < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/**
 * Quoted when it holds a comma, quote or line break. Text a spreadsheet would run as a formula (=, +, -, @ first: an
 * asset description comes from Centrapay) is prefixed with an apostrophe; amounts are written by `decimal` and left be.
 */
function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-\d+\.\d{2}$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
