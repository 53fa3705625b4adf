// The history's tabs and authorisations (pre-auth holds: bar tabs, pumps), found with the same search as the sales
// (lane, day, and a short code, a name, a reference or a round's invoice number), each opening its own page.
import { errorMessage } from '../lib/api-client';
import { Money } from '../ui/money';
import type { HistorySearch } from '../till/history-search';
import { When } from '../till/when';
import { useHolds } from './api/get-holds';
import { tabStatusWords, tabTitle } from './tab-words';

export function TabHistory({ search, lane }: { search: HistorySearch; lane: string }) {
  const holds = useHolds(search);
  return (
    <section aria-labelledby="tab-history-heading" className="till-card">
      <h2 id="tab-history-heading">Tabs and authorisations</h2>
      {holds.isError && <p role="alert" className="error">{errorMessage(holds.error)}</p>}
      {holds.data?.length === 0 && <p className="muted">No tabs or authorisations{search.q || search.date ? ' match' : ''}.</p>}
      {holds.data && holds.data.length > 0 && (
        <table className="till-table">
          <caption className="visually-hidden">Tabs and authorisations, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Tab</th>
              <th scope="col">Short code</th>
              <th scope="col" className="amount">Authorised</th>
              <th scope="col" className="amount">Taken</th>
              <th scope="col">Rounds</th>
              <th scope="col">Status</th>
              {!search.lane && <th scope="col">Lane</th>}
            </tr>
          </thead>
          <tbody>
            {holds.data.map((hold) => (
              <tr key={hold.id} data-testid="history-tab">
                <td><When at={hold.createdAt} /></td>
                <th scope="row">
                  <a href={`/history/tabs/${encodeURIComponent(hold.id)}?lane=${encodeURIComponent(lane)}`}>
                    {tabTitle(hold)} <span className="muted">{hold.id}</span>
                  </a>
                </th>
                <td>{hold.shortCode ?? '—'}</td>
                <td className="amount"><Money cents={hold.amount} currency={hold.currency} /></td>
                <td className="amount"><Money cents={hold.confirmed} currency={hold.currency} /></td>
                <td>{hold.confirmations.filter((round) => round.status === 'confirmed').length}</td>
                <td>{tabStatusWords(hold.status)}</td>
                {!search.lane && <td>{hold.owner}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
