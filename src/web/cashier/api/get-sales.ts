// GET /api/history: sales newest first, a page at a time, found by what the cashier typed (short code, order number,
// amount, date or part of a reference), on one lane or all.
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { saleDiscountSchema } from '../../../domain/card-partner';
import { cashierRequest } from '../../till/cashier-request';
import type { HistorySearch } from '../../till/history-search';
import { historyKeys } from './history-keys';

/** A sale as the journal keeps it (the row itself; its requests and tenders are read with it). */
export const saleRowSchema = z.object({
  ref: z.string(),
  number: z.number(),
  lane: z.string(),
  kind: z.string(),
  total: z.string(),
  currency: z.string(),
  operatorId: z.nullable(z.string()),
  result: z.string(),
  createdAt: z.string(),
  /** The invoice its requests and refunds name (null: a sale from before the journal kept it), its purchase order. */
  invoiceRef: z.optional(z.nullable(z.string())),
  purchaseOrderRef: z.optional(z.nullable(z.string())),
  /** The Farmlands Card Partner discount in its total. */
  discount: z.optional(z.nullable(saleDiscountSchema)),
});

export const saleSummarySchema = z.extend(saleRowSchema, {
  requests: z.array(z.object({ id: z.string(), shortCode: z.string(), status: z.string(), amount: z.string(), currency: z.string() })),
  tenders: z.array(z.object({ method: z.string(), amount: z.string(), onRequest: z.boolean() })),
  refunds: z._default(z.array(z.object({ method: z.string(), amount: z.string(), status: z.string() })), []),
});
export type SaleSummary = z.infer<typeof saleSummarySchema>;

const matchSchema = z.discriminatedUnion('by', [
  z.object({ by: z.literal('short-code'), shortCode: z.string() }),
  z.object({ by: z.literal('number'), number: z.number() }),
  z.object({ by: z.literal('amount'), amount: z.string() }),
  z.object({ by: z.literal('reference'), text: z.string() }),
]);
export type SaleMatch = z.infer<typeof matchSchema>;

const salesPageSchema = z.object({
  items: z.array(saleSummarySchema),
  nextCursor: z.nullable(z.string()),
  /** How the server read what was typed. */
  search: z.object({ matches: z.array(matchSchema), date: z.nullable(z.string()) }),
});

const PAGE_SIZE = 25;

/** One page of the sales the search finds; `cursor` '' for the newest. */
export function getSales(search: HistorySearch, cursor: string, signal?: AbortSignal) {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (search.lane) params.set('lane', search.lane);
  if (search.q.trim()) params.set('q', search.q.trim());
  if (search.date) params.set('date', search.date);
  if (cursor) params.set('cursor', cursor);
  return cashierRequest(`/api/history?${params}`, salesPageSchema, { signal });
}

export function getSalesQueryOptions(search: HistorySearch) {
  return infiniteQueryOptions({
    queryKey: historyKeys.search(search),
    queryFn: ({ pageParam, signal }) => getSales(search, pageParam, signal),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useSales(search: HistorySearch) {
  return useInfiniteQuery(getSalesQueryOptions(search));
}
