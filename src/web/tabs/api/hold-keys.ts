// Query keys of the till's pre-auth holds (bar tabs, pumps): the open tabs, the history's searches, one hold. After a
// press on a tab, `holdKeys.all` is read again.
import type { HistorySearch } from '../../till/history-search';

export const holdKeys = {
  all: ['holds'] as const,
  openTabs: () => [...holdKeys.all, 'open-tabs'] as const,
  search: (search: HistorySearch) => [...holdKeys.all, 'search', search] as const,
  detail: (id: string) => [...holdKeys.all, 'detail', id] as const,
};
