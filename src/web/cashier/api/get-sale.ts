// GET /api/history/:ref: one sale as the journal keeps it (its lines, tenders, Payment Requests with what paid them,
// refunds and the journal's events), found by order reference, Payment Request id or short code.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { lineItemSchema, paidBySchema } from '../../../domain/centrapay';
import { cashierRequest } from '../../till/cashier-request';
import { journalEventSchema } from '../../till/journal-event';
import { saleRowSchema } from './get-sales';
import { historyKeys } from './history-keys';

const saleDetailSchema = z.object({
  sale: z.extend(saleRowSchema, { updatedAt: z.string() }),
  lineItems: z.array(lineItemSchema),
  requests: z.array(z.object({
    id: z.string(),
    shortCode: z.string(),
    status: z.string(),
    amount: z.string(),
    currency: z.string(),
    createdAt: z.string(),
    paidBy: z.nullable(paidBySchema),
  })),
  tenders: z.array(z.object({
    paymentRequestId: z.nullable(z.string()),
    onRequest: z.boolean(),
    method: z.string(),
    amount: z.string(),
    actor: z.string(),
    at: z.string(),
  })),
  refunds: z._default(z.array(z.object({
    paymentRequestId: z.nullable(z.string()),
    method: z.string(),
    amount: z.string(),
    currency: z.string(),
    status: z.string(),
    reason: z.nullable(z.string()),
    createdAt: z.string(),
  })), []),
  events: z.array(journalEventSchema),
});
export type SaleDetail = z.infer<typeof saleDetailSchema>;

export function getSale(ref: string, signal?: AbortSignal): Promise<SaleDetail> {
  return cashierRequest(`/api/history/${encodeURIComponent(ref)}`, saleDetailSchema, { signal });
}

export function getSaleQueryOptions(ref: string) {
  return queryOptions({
    queryKey: historyKeys.sale(ref),
    queryFn: ({ signal }) => getSale(ref, signal),
  });
}

export function useSale(ref: string) {
  return useQuery(getSaleQueryOptions(ref));
}
