// Bar tabs (pre-auth holds, GET/POST /api/holds…): the till's open tabs, one tab with its journal, the history's list,
// and the presses that move money on a tab. A round carries a key made once per round: the same round pressed again
// after a lost answer is the same confirmation, never a second draw.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod/mini';
import type { CartItem } from '../../../domain/cart';
import { holdViewSchema, type HoldView } from '../../../domain/pre-auth';
import type { HistorySearch } from '../../till/history-search';
import { journalEventSchema } from '../../till/journal-event';
import { cashierRequest } from '../../till/cashier-request';

const holdsSchema = z.object({ holds: z.array(holdViewSchema) });
const holdDetailSchema = z.extend(holdViewSchema, { events: z.array(journalEventSchema) });
export type HoldDetail = z.infer<typeof holdDetailSchema>;

/** Found like the history's sales: what was typed, the day, the lane ('' for every lane). */
export type HoldSearch = HistorySearch;

export const holdKeys = {
  all: ['holds'] as const,
  openTabs: () => [...holdKeys.all, 'open-tabs'] as const,
  search: (search: HoldSearch) => [...holdKeys.all, 'search', search] as const,
  detail: (id: string) => [...holdKeys.all, 'detail', id] as const,
};

const holdPath = (id: string) => `/api/holds/${encodeURIComponent(id)}`;
const waitingForPatron = (hold: Pick<HoldView, 'status'>) => hold.status === 'opening' || hold.status === 'pending';
const sending = (hold: HoldView) => hold.confirmations.some((round) => round.status === 'sending') || hold.returns.some((row) => row.status === 'sending');

/** Every lane's open tabs; read every second while one waits for its patron, else every 10 s (another till's rounds). */
export function getOpenTabsQueryOptions() {
  return queryOptions({
    queryKey: holdKeys.openTabs(),
    queryFn: ({ signal }) => cashierRequest('/api/holds?open=1&kind=tab', holdsSchema, { signal }),
    select: (data) => data.holds,
    refetchInterval: (query) => (query.state.data?.holds.some(waitingForPatron) ? 1_000 : 10_000),
  });
}

export function useOpenTabs() {
  return useQuery(getOpenTabsQueryOptions());
}

/** One tab with its journal; read every second while the patron or Centrapay has yet to answer. */
export function getHoldQueryOptions(id: string) {
  return queryOptions({
    queryKey: holdKeys.detail(id),
    queryFn: ({ signal }) => cashierRequest(holdPath(id), holdDetailSchema, { signal }),
    refetchInterval: (query) => (query.state.data && (waitingForPatron(query.state.data) || sending(query.state.data)) ? 1_000 : false),
  });
}

export function useHold(id: string) {
  return useQuery(getHoldQueryOptions(id));
}

/** The history's tabs and authorisations, found like its sales (lane, day, and what was typed). */
export function getHoldsQueryOptions(search: HoldSearch) {
  const params = new URLSearchParams();
  if (search.lane) params.set('lane', search.lane);
  if (search.date) params.set('date', search.date);
  if (search.q.trim()) params.set('q', search.q.trim());
  return queryOptions({
    queryKey: holdKeys.search(search),
    queryFn: ({ signal }) => cashierRequest(`/api/holds?${params}`, holdsSchema, { signal }),
    select: (data) => data.holds,
  });
}

export function useHolds(search: HoldSearch) {
  return useQuery(getHoldsQueryOptions(search));
}

/** A press on a tab: its answer is the tab as it now stands; everything read about tabs is read again after it. */
function useHoldAction<Input>(request: (input: Input) => Promise<HoldView>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (hold) => queryClient.setQueryData<HoldDetail>(holdKeys.detail(hold.id), (current) => current && { ...hold, events: current.events }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: holdKeys.all }),
  });
}

export interface OpenTab {
  lane: string;
  amount: string;
  label: string;
  operatorId: string;
}

export function useOpenTab() {
  return useHoldAction((input: OpenTab) => cashierRequest('/api/holds', holdViewSchema, { method: 'POST', body: input }));
}

export interface AddRound {
  id: string;
  /** The lane whose cart the round is: the gateway refuses it while a sale on that lane has it. */
  lane: string;
  /** One per round: kept until the round is answered, so a press sent again draws once. */
  key: string;
  cart: CartItem[];
  /** The cashier checked the customer's ID (a round with age-restricted items needs it). */
  idChecked: boolean;
  operatorId: string;
}

export function useAddRound() {
  return useHoldAction(({ id, lane, key, cart, idChecked, operatorId }: AddRound) =>
    cashierRequest(`${holdPath(id)}/confirmations`, holdViewSchema, { method: 'POST', body: { key, lane, cart: cart.map(({ sku, qty }) => ({ sku, qty })), idChecked, operatorId } }));
}

export function useCloseTab() {
  return useHoldAction(({ id, operatorId }: { id: string; operatorId: string }) =>
    cashierRequest(`${holdPath(id)}/close`, holdViewSchema, { method: 'POST', body: { operatorId } }));
}

export function useVoidTab() {
  return useHoldAction(({ id, operatorId, reason }: { id: string; operatorId: string; reason: string }) =>
    cashierRequest(`${holdPath(id)}/void`, holdViewSchema, { method: 'POST', body: { operatorId, reason } }));
}
