// A receipt by its link's token (GET /api/receipts/:token): public, no cashier code. The token is passed on as the
// page's own address has it (percent-encoded), so a link that was cut or mangled is the server's to refuse, in words.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { receiptSchema } from '../../../domain/receipt';
import { ApiError, apiRequest } from '../../lib/api-client';

export const receiptKeys = {
  all: ['receipts'] as const,
  detail: (token: string) => [...receiptKeys.all, token] as const,
};

export function getReceipt(token: string, signal?: AbortSignal) {
  return apiRequest(`/api/receipts/${token}`, receiptSchema, { signal });
}

export function getReceiptQueryOptions(token: string) {
  return queryOptions({
    queryKey: receiptKeys.detail(token),
    queryFn: ({ signal }) => getReceipt(token, signal),
    // A link that is not valid stays so, and asking again too often is what the server limits.
    retry: (failures, error) => failures < 2 && !(error instanceof ApiError && (error.status === 404 || error.status === 429)),
    refetchOnWindowFocus: false,
  });
}

export function useReceipt(token: string) {
  return useQuery(getReceiptQueryOptions(token));
}
