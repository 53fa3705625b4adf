// GET /api/holds/:id: one tab (or pump authorisation) with its journal; read every second while the patron or
// Centrapay has yet to answer.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { holdViewSchema, type HoldView } from '../../../domain/pre-auth';
import { cashierRequest } from '../../till/cashier-request';
import { journalEventSchema } from '../../till/journal-event';
import { holdKeys } from './hold-keys';

const holdDetailSchema = z.extend(holdViewSchema, { events: z.array(journalEventSchema) });
export type HoldDetail = z.infer<typeof holdDetailSchema>;

/** The customer has yet to approve the authorisation. */
export const waitingForPatron = (hold: Pick<HoldView, 'status'>) => hold.status === 'opening' || hold.status === 'pending';
const sending = (hold: HoldView) => hold.confirmations.some((round) => round.status === 'sending') || hold.returns.some((row) => row.status === 'sending');

export function getHold(id: string, signal?: AbortSignal): Promise<HoldDetail> {
  return cashierRequest(`/api/holds/${encodeURIComponent(id)}`, holdDetailSchema, { signal });
}

export function getHoldQueryOptions(id: string) {
  return queryOptions({
    queryKey: holdKeys.detail(id),
    queryFn: ({ signal }) => getHold(id, signal),
    refetchInterval: (query) => (query.state.data && (waitingForPatron(query.state.data) || sending(query.state.data)) ? 1_000 : false),
  });
}

export function useHold(id: string) {
  return useQuery(getHoldQueryOptions(id));
}
