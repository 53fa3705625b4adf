// GET /api/lanes/:lane/tender: what the cashier's Centrapay button is called on this lane (checklist 101.3): "Farmlands"
// when Farmlands is the only asset type the lane's merchant config accepts, "Centrapay" otherwise.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { cashierRequest } from '../../till/cashier-request';
import { lanePath } from './lane-action';

const laneTenderSchema = z.object({ name: z.enum(['Farmlands', 'Centrapay']), assetTypes: z.array(z.string()) });

export const laneTenderKeys = {
  all: ['lane-tender'] as const,
  detail: (lane: string) => [...laneTenderKeys.all, lane] as const,
};

export function getLaneTender(lane: string, signal?: AbortSignal) {
  return cashierRequest(`${lanePath(lane)}/tender`, laneTenderSchema, { signal });
}

/** What a merchant config accepts changes only when Centrapay's support changes it: read once a screen, kept 10 minutes. */
export function getLaneTenderQueryOptions(lane: string) {
  return queryOptions({
    queryKey: laneTenderKeys.detail(lane),
    queryFn: ({ signal }) => getLaneTender(lane, signal),
    staleTime: 10 * 60_000,
  });
}

/** The tender's name; "Centrapay" until it is known. */
export function useLaneTenderName(lane: string): 'Farmlands' | 'Centrapay' {
  return useQuery(getLaneTenderQueryOptions(lane)).data?.name ?? 'Centrapay';
}
