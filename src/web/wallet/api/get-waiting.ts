// GET /sandbox/_sandbox/waiting: what a patron or a wallet could act on now, from the sandbox itself (never Centrapay).
// Centrapay's look-ups answer 403 until there is something to find, so the simulator asks here first: the wallet
// landing lists what is waiting, and My codes and a connected wallet call Centrapay's look-ups only once there is an
// answer, so a patron who is only waiting meets no refusals.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { apiRequest } from '../../lib/api-client';
import { walletKeys } from './wallet-keys';

const waitingSchema = z.object({
  paymentRequests: z.array(z.object({
    id: z.string(),
    shortCode: z.string(),
    merchantName: z.string(),
    value: z.object({ amount: z.string(), currency: z.string() }),
    remainingAmount: z.string(),
    expiresAt: z.string(),
    preAuth: z.boolean(),
    connectionId: z.nullable(z.string()),
    patronAccountId: z.nullable(z.string()),
  })),
  connections: z.array(z.object({ id: z.string(), merchantName: z.string(), createdAt: z.string() })),
});
export type Waiting = z.infer<typeof waitingSchema>;

export function getWaiting(signal?: AbortSignal): Promise<Waiting> {
  return apiRequest('/sandbox/_sandbox/waiting', waitingSchema, { signal });
}

export function getWaitingQueryOptions() {
  return queryOptions({ queryKey: walletKeys.waiting, queryFn: ({ signal }) => getWaiting(signal), refetchInterval: 1000 });
}

export function useWaiting() {
  return useQuery(getWaitingQueryOptions());
}
