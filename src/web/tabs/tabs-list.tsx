// Every lane's open tabs (a customer may order at any till of the bar), read from the till's journal, so they are
// still here after a reload or a restart of the till. Picking one lets the cashier add a round to it or close it.
import { usePosConfig } from '../config/api/get-config';
import { errorMessage } from '../lib/api-client';
import { Money } from '../ui/money';
import { useOpenTabs } from './api/get-open-tabs';
import { tabStatusWords, tabTitle } from './tab-words';

export function TabsList({ selected, onSelect }: { selected: string | null; onSelect: (id: string) => void }) {
  const tabs = useOpenTabs();
  const lanes = usePosConfig().data?.lanes ?? [];
  return (
    <div className="tabs-list">
      <h3 id="open-tabs-heading">Open tabs</h3>
      {tabs.isError && <p role="alert" className="error">{errorMessage(tabs.error)}</p>}
      {tabs.data?.length === 0 && <p className="muted">No open tabs.</p>}
      {tabs.data && tabs.data.length > 0 && (
        <table className="till-table" aria-labelledby="open-tabs-heading">
          <thead>
            <tr><th scope="col">Tab</th><th scope="col">Lane</th><th scope="col" className="amount">Taken</th><th scope="col" className="amount">Left</th><th scope="col">Status</th></tr>
          </thead>
          <tbody>
            {tabs.data.map((tab) => (
              <tr key={tab.id} data-testid="open-tab" aria-current={tab.id === selected ? 'true' : undefined}>
                <th scope="row">
                  <button type="button" className="link" onClick={() => onSelect(tab.id)}>{tabTitle(tab)}</button>
                </th>
                <td>{lanes.find((lane) => lane.id === tab.owner)?.name ?? tab.owner}</td>
                <td className="amount"><Money cents={tab.confirmed} currency={tab.currency} /></td>
                <td className="amount"><Money cents={tab.remaining} currency={tab.currency} /></td>
                <td>{tabStatusWords(tab.status)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
