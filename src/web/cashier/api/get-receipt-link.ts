// The link to a sale's receipt (GET /api/receipt-links/:ref), for an authorised cashier screen to print it.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { receiptLinkSchema } from '../../../domain/receipt';
import { cashierRequest } from '../../till/cashier-request';

export const receiptLinkKeys = {
  all: ['receipt-links'] as const,
  sale: (ref: string) => [...receiptLinkKeys.all, ref] as const,
};

export function getReceiptLink(ref: string, signal?: AbortSignal) {
  return cashierRequest(`/api/receipt-links/${encodeURIComponent(ref)}`, receiptLinkSchema, { signal });
}

export function getReceiptLinkQueryOptions(ref: string) {
  return queryOptions({
    queryKey: receiptLinkKeys.sale(ref),
    queryFn: ({ signal }) => getReceiptLink(ref, signal),
    // A sale's link never changes.
    staleTime: Infinity,
  });
}

/** Asks only once there is a sale (`ref`). */
export function useReceiptLink(ref: string | null) {
  return useQuery({ ...getReceiptLinkQueryOptions(ref ?? ''), enabled: ref !== null });
}
