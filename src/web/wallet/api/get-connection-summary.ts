// GET /sandbox/api/connections/:id/summary: the Connection the patron scanned: whose it is and whether it is linked.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { apiRequest } from '../../lib/api-client';
import { connectionPath, walletKeys } from './wallet-keys';

const connectionSummarySchema = z.object({ id: z.string(), status: z.string(), merchantId: z.string(), createdByAccountName: z.optional(z.string()) });

export function getConnectionSummary(id: string, signal?: AbortSignal) {
  return apiRequest(`${connectionPath(id)}/summary`, connectionSummarySchema, { signal });
}

export function getConnectionSummaryQueryOptions(id: string) {
  return queryOptions({ queryKey: walletKeys.connection(id), queryFn: ({ signal }) => getConnectionSummary(id, signal) });
}

export function useConnectionSummary(id: string) {
  return useQuery(getConnectionSummaryQueryOptions(id));
}
