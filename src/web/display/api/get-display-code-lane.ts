// Resolving a display pairing code to its lane (a read: displays never change a lane).
import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { displayCodeLaneSchema } from '../../../domain/display-code';
import { apiRequest } from '../../lib/api-client';

export const displayCodeKeys = {
  all: ['display-codes'] as const,
  detail: (code: string) => [...displayCodeKeys.all, code] as const,
};

export async function getDisplayCodeLane(code: string, signal?: AbortSignal): Promise<string> {
  const { lane } = await apiRequest(`/api/display-codes/${encodeURIComponent(code)}`, displayCodeLaneSchema, { signal });
  return lane;
}

export function getDisplayCodeLaneQueryOptions(code: string) {
  return queryOptions({
    queryKey: displayCodeKeys.detail(code),
    queryFn: ({ signal }) => getDisplayCodeLane(code, signal),
    staleTime: Infinity,
  });
}

export function useDisplayCodeLane(code: string) {
  return useQuery(getDisplayCodeLaneQueryOptions(code));
}

/** A code typed in on the display. */
export function useResolveDisplayCode() {
  return useMutation({ mutationFn: (code: string) => getDisplayCodeLane(code) });
}
