// GET /sandbox/api/me/patron-code-payment-request: the newest `new` request made with one of the patron's codes
// (§3.4); null while there is none. Polled while "My codes" is open, the way a wallet app watches for its code to be
// scanned. Centrapay's look-up answers 403 while there is none, so the sandbox is asked first whether one is waiting
// for this patron (get-waiting): a patron who is only showing their code meets no refusals.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { paymentRequestSchema } from '../../../domain/centrapay';
import type { SeedPatron } from '../../../domain/sandbox-seeds';
import { ApiError, apiRequest } from '../../lib/api-client';
import { getWaiting } from './get-waiting';
import { asPatron, SANDBOX_API, walletKeys } from './wallet-keys';

export async function getPatronCodePaymentRequest(patron: SeedPatron, signal?: AbortSignal) {
  const { paymentRequests } = await getWaiting(signal);
  if (!paymentRequests.some((waiting) => waiting.patronAccountId === patron.accountId)) return null;
  try {
    return await apiRequest(`${SANDBOX_API}/me/patron-code-payment-request`, paymentRequestSchema, { headers: asPatron(patron), signal });
  } catch (error) {
    // Paid or cancelled in the moment between the two reads.
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
