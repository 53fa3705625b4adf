// GET /api/reports/end-of-day: a day's sales, refunds and net by tender and by Centrapay asset type, for one lane or
// all; the same as CSV for the accounts (downloaded with the cashier's code, which a plain link could not send).
import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { ApiError } from '../../lib/api-client';
import { cashierHeaders, cashierRequest } from '../../till/cashier-request';
import { historyKeys } from './history-keys';

const tallySchema = z.object({ count: z.number(), amount: z.string() });
const reportRowSchema = z.object({ key: z.string(), label: z.string(), sales: tallySchema, refunds: tallySchema, net: z.string() });
export type ReportRow = z.infer<typeof reportRowSchema>;

const endOfDaySchema = z.object({
  date: z.string(),
  lane: z.nullable(z.string()),
  timeZone: z.string(),
  currency: z.string(),
  tenders: z.array(reportRowSchema),
  assets: z.array(reportRowSchema),
  total: reportRowSchema,
  pendingRefunds: z.object({
    count: z.number(),
    amount: z.string(),
    items: z.array(z.object({ orderRef: z.string(), method: z.string(), amount: z.string(), createdAt: z.string() })),
  }),
  notCounted: z.array(z.object({ result: z.string(), count: z.number(), amount: z.string() })),
});
export type EndOfDay = z.infer<typeof endOfDaySchema>;

/** `lane` '' for every lane. */
export function endOfDayPath(date: string, lane: string, format: 'json' | 'csv' = 'json'): string {
  const params = new URLSearchParams({ date });
  if (lane) params.set('lane', lane);
  if (format === 'csv') params.set('format', 'csv');
  return `/api/reports/end-of-day?${params}`;
}

export function getEndOfDay(date: string, lane: string, signal?: AbortSignal): Promise<EndOfDay> {
  return cashierRequest(endOfDayPath(date, lane), endOfDaySchema, { signal });
}

export function getEndOfDayQueryOptions(date: string, lane: string) {
  return queryOptions({
    queryKey: historyKeys.endOfDay(date, lane),
    queryFn: ({ signal }) => getEndOfDay(date, lane, signal),
    enabled: /^\d{4}-\d{2}-\d{2}$/.test(date),
  });
}

export function useEndOfDay(date: string, lane: string) {
  return useQuery(getEndOfDayQueryOptions(date, lane));
}

/** Fetches the CSV with the cashier's code and hands it to the browser as a download under the server's file name. */
export async function downloadEndOfDayCsv(date: string, lane: string): Promise<void> {
  const response = await fetch(endOfDayPath(date, lane, 'csv'), { headers: { Accept: 'text/csv', ...cashierHeaders() } });
  if (!response.ok) throw new ApiError(response.status, `HTTP_${response.status}`, 'The till could not make the CSV file. Try again.');
  const filename = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? `end-of-day-${date}.csv`;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked once the browser has taken the file.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function useDownloadEndOfDayCsv(date: string, lane: string) {
  return useMutation({ mutationFn: () => downloadEndOfDayCsv(date, lane) });
}
