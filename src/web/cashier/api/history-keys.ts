// Query keys of everything read from the till's journal: the recent payments panel, the history screen's searches,
// one sale, the end-of-day report and the machines' history. Invalidating `historyKeys.all` refreshes them all (after a refund, say).
import type { HistorySearch } from '../../till/history-search';

export const historyKeys = {
  all: ['history'] as const,
  lane: (lane: string) => [...historyKeys.all, lane] as const,
  search: (search: HistorySearch) => [...historyKeys.all, 'search', search] as const,
  sale: (ref: string) => [...historyKeys.all, 'sale', ref] as const,
  /** What Centrapay has under a short code, asked for a lane's store. */
  atCentrapay: (shortCode: string, lane: string) => [...historyKeys.all, 'at-centrapay', shortCode, lane] as const,
  endOfDay: (date: string, lane: string) => [...historyKeys.all, 'end-of-day', date, lane] as const,
  machines: () => [...historyKeys.all, 'machines'] as const,
};
