// The wallet simulator calls the sandbox's Centrapay-compatible API as a patron, like a real wallet app would.
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { connectionSchema, paymentActivitySchema, paymentRequestSchema } from '../../domain/centrapay';
import { REWARDS_WALLET, type SeedPatron } from '../../domain/sandbox-seeds';
import { ApiError, apiRequest } from '../lib/api-client';

const SANDBOX_API = '/sandbox/api';

export const walletKeys = {
  all: ['wallet'] as const,
  paymentRequest: (id: string) => [...walletKeys.all, 'payment-request', id] as const,
  connection: (id: string) => [...walletKeys.all, 'connection', id] as const,
  latestPaymentRequest: (id: string) => [...walletKeys.all, 'connection', id, 'latest-payment-request'] as const,
  patronCodePaymentRequest: (patronId: string) => [...walletKeys.all, 'patron', patronId, 'patron-code-payment-request'] as const,
};

const asWallet = { 'X-Api-Key': REWARDS_WALLET.apiKey };

export function getConnectionSummaryQueryOptions(id: string) {
  return queryOptions({
    queryKey: walletKeys.connection(id),
    queryFn: ({ signal }) =>
      apiRequest(`${SANDBOX_API}/connections/${encodeURIComponent(id)}/summary`,
        z.object({ id: z.string(), status: z.string(), merchantId: z.string(), createdByAccountName: z.optional(z.string()) }), { signal }),
  });
}

export function authorizeConnection(id: string) {
  return apiRequest(`${SANDBOX_API}/connections/${encodeURIComponent(id)}/authorize`, connectionSchema, {
    method: 'POST',
    headers: asWallet,
    body: { walletId: REWARDS_WALLET.walletId },
  });
}

/** The wallet looks for the till's Payment Request until it is there (403 before). */
export function getLatestPaymentRequestQueryOptions(id: string, enabled: boolean) {
  return queryOptions({
    queryKey: walletKeys.latestPaymentRequest(id),
    queryFn: ({ signal }) =>
      apiRequest(`${SANDBOX_API}/connections/${encodeURIComponent(id)}/latest-payment-request`, paymentRequestSchema, { headers: asWallet, signal }),
    enabled,
    retry: false,
    refetchInterval: (query) => (!query.state.data || query.state.data.status === 'new' ? 1000 : false),
  });
}

export function payOffer(id: string, amount: string, idempotencyKey: string) {
  return apiRequest(`${SANDBOX_API}/payment-requests/${encodeURIComponent(id)}/pay`, paymentActivitySchema, {
    method: 'POST',
    headers: asWallet,
    body: { assetType: REWARDS_WALLET.assetType, authorization: `offer-${idempotencyKey}`, mode: 'multi-asset-payment', amount, idempotencyKey },
  });
}

export function getPatronPaymentRequestQueryOptions(id: string, patron: SeedPatron) {
  return queryOptions({
    queryKey: walletKeys.paymentRequest(id),
    queryFn: ({ signal }) =>
      apiRequest(`${SANDBOX_API}/payment-requests/${encodeURIComponent(id)}`, paymentRequestSchema, {
        headers: { Authorization: patron.token },
        signal,
      }),
    refetchInterval: (query) => (query.state.data?.status === 'new' ? 2000 : false),
  });
}

export function payAsPatron(id: string, patron: SeedPatron, idempotencyKey: string) {
  return apiRequest(`${SANDBOX_API}/payment-requests/${encodeURIComponent(id)}/pay`, paymentActivitySchema, {
    method: 'POST',
    headers: { Authorization: patron.token },
    body: { assetType: patron.assetType, assetId: patron.assetId, idempotencyKey },
  });
}

/**
 * The newest `new` request made with one of the patron's codes (§3.4); null while there is none (the sandbox answers
 * 403). Polled while "My codes" is open, the way a wallet app watches for its code to be scanned.
 */
export function getPatronCodePaymentRequestQueryOptions(patron: SeedPatron) {
  return queryOptions({
    queryKey: walletKeys.patronCodePaymentRequest(patron.id),
    queryFn: async ({ signal }) => {
      try {
        return await apiRequest(`${SANDBOX_API}/me/patron-code-payment-request`, paymentRequestSchema, {
          headers: { Authorization: patron.token },
          signal,
        });
      } catch (error) {
        if (error instanceof ApiError && error.status === 403) return null;
        throw error;
      }
    },
    refetchInterval: 1000,
  });
}
