// /history: the till's sales (the cashier feature), then its tabs and authorisations (the tabs feature) found by the
// same search.
import { HistoryPage } from '../cashier/history-page';
import { TabHistory } from '../tabs/tab-history';

export function HistoryWithTabs() {
  return <HistoryPage holds={(search, lane) => <TabHistory search={search} lane={lane} />} />;
}
