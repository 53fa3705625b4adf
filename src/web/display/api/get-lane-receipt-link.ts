// The link to the receipt of the lane's finished sale (GET /api/lanes/:lane/receipt), for the patron to scan.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { receiptLinkSchema } from '../../../domain/receipt';
import { apiRequest } from '../../lib/api-client';

export const laneReceiptLinkKeys = {
  all: ['lane-receipt-links'] as const,
  sale: (lane: string, ref: string) => [...laneReceiptLinkKeys.all, lane, ref] as const,
};

export function getLaneReceiptLink(lane: string, signal?: AbortSignal) {
  return apiRequest(`/api/lanes/${encodeURIComponent(lane)}/receipt`, receiptLinkSchema, { signal });
}

export function getLaneReceiptLinkQueryOptions(lane: string, ref: string) {
  return queryOptions({
    queryKey: laneReceiptLinkKeys.sale(lane, ref),
    queryFn: ({ signal }) => getLaneReceiptLink(lane, signal),
    // One sale's link never changes.
    staleTime: Infinity,
  });
}

/** Asks only while the lane shows a paid sale (`ref`); a display keeps no more than the last one. */
export function useLaneReceiptLink(lane: string, ref: string | null) {
  return useQuery({ ...getLaneReceiptLinkQueryOptions(lane, ref ?? ''), enabled: ref !== null, gcTime: 60_000 });
}
