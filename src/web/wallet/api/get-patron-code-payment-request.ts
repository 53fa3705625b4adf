// GET /sandbox/api/me/patron-code-payment-request: the newest `new` request made with one of the patron's codes
// (§3.4); null while there is none (the sandbox answers 403). Polled while "My codes" is open, the way a wallet app
// watches for its code to be scanned.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { paymentRequestSchema } from '../../../domain/centrapay';
import type { SeedPatron } from '../../../domain/sandbox-seeds';
import { ApiError, apiRequest } from '../../lib/api-client';
import { asPatron, SANDBOX_API, walletKeys } from './wallet-keys';

export async function getPatronCodePaymentRequest(patron: SeedPatron, signal?: AbortSignal) {
  try {
    return await apiRequest(`${SANDBOX_API}/me/patron-code-payment-request`, paymentRequestSchema, { headers: asPatron(patron), signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) return null;
    throw error;
  }
}

export function getPatronCodePaymentRequestQueryOptions(patron: SeedPatron) {
  return queryOptions({
    queryKey: walletKeys.patronCodePaymentRequest(patron.id),
    queryFn: ({ signal }) => getPatronCodePaymentRequest(patron, signal),
    refetchInterval: 1000,
  });
}

export function usePatronCodePaymentRequest(patron: SeedPatron) {
  return useQuery(getPatronCodePaymentRequestQueryOptions(patron));
}
