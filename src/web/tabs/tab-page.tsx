// /history/tabs/:id: one tab (or pump authorisation) as the journal keeps it: what was authorised and when, each round
// with its invoice number and amount, what went back to the customer (the release, a void or refunds), and the
// journal's events (who did what, when). Read from the journal only.
import { describeCentrapayCode } from '../../domain/centrapay';
import { actorWords } from '../../domain/journal-words';
import { errorMessage } from '../lib/api-client';
import { Money } from '../ui/money';
import { CashierGate } from '../till/cashier-gate';
import { Details } from '../till/details';
import { JournalRecord, JournalTable } from '../till/journal-table';
import { TillHeader } from '../till/till-header';
import { When } from '../till/when';
import { useHold, type HoldDetail } from './api/get-hold';
import { TabRounds } from './tab-rounds';
import { tabStatusWords, tabTitle } from './tab-words';

export function TabPage({ holdId }: { holdId: string }) {
  return <CashierGate>{(lane, config) => <Tab holdId={holdId} lane={lane} lanes={config.lanes} />}</CashierGate>;
}

function Tab({ holdId, lane, lanes }: { holdId: string; lane: string; lanes: { id: string; name: string }[] }) {
  const hold = useHold(holdId);
  return (
    <div className="cashier">
      <TillHeader lane={lane} lanes={lanes} title={hold.data ? tabTitle(hold.data) : 'Tab'} current="sale" />
      <main className="till-page sale-page">
        <p><a href={`/history?lane=${encodeURIComponent(lane)}`}>← All sales and tabs</a></p>
        {hold.isError && <p role="alert" className="error">{errorMessage(hold.error)}</p>}
        {hold.isPending && <p className="muted">Loading…</p>}
        {hold.data && <TabDetails hold={hold.data} lanes={lanes} />}
      </main>
    </div>
  );
}

const RETURN_WORDS = { release: 'Release of the rest', void: 'Void', refund: 'Refund' } as const;
const RETURN_STATUS_WORDS: Record<HoldDetail['returns'][number]['status'], string> = {
  sending: 'Being sent to Centrapay',
  done: 'Done',
  completed: 'Completed',
  refused: 'Refused by Centrapay',
};

function TabDetails({ hold, lanes }: { hold: HoldDetail; lanes: { id: string; name: string }[] }) {
  return (
    <>
      <section aria-labelledby="tab-summary-heading" className="till-card">
        <h2 id="tab-summary-heading">Summary</h2>
        <dl className="sale-summary">
          <dt>Reference</dt><dd>{hold.id}</dd>
          <dt>Opened</dt><dd><When at={hold.createdAt} /> by {actorWords(hold.openedBy)}</dd>
          <dt>{hold.kind === 'tab' ? 'Lane' : 'Machine'}</dt><dd>{lanes.find((lane) => lane.id === hold.owner)?.name ?? hold.owner}</dd>
          <dt>Short code</dt><dd>{hold.shortCode ?? '—'}</dd>
          <dt>Authorised</dt><dd><Money cents={hold.amount} currency={hold.currency} /></dd>
          <dt>Taken</dt><dd data-testid="tab-history-taken"><Money cents={hold.confirmed} currency={hold.currency} /></dd>
          <dt>Status</dt><dd data-testid="tab-history-status">{tabStatusWords(hold.status)}: {hold.words}</dd>
          {hold.preAuthExpiresAt && <><dt>Authorisation lapses</dt><dd><When at={hold.preAuthExpiresAt} /></dd></>}
        </dl>
      </section>

      <section aria-labelledby="tab-rounds-heading" className="till-card">
        <h2 id="tab-rounds-heading">Rounds</h2>
        <TabRounds hold={hold} caption="Rounds with their invoice numbers" />
      </section>

      <section aria-labelledby="tab-returns-heading" className="till-card">
        <h2 id="tab-returns-heading">Back to the customer</h2>
        {hold.returns.length === 0 ? <p className="muted">Nothing yet.</p> : (
          <table className="till-table" data-testid="tab-returns">
            <thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col" className="amount">Amount</th><th scope="col">Status</th></tr></thead>
            <tbody>
              {hold.returns.map((row) => (
                <tr key={row.id}>
                  <td><When at={row.createdAt} /></td>
                  <th scope="row">{RETURN_WORDS[row.kind]}</th>
                  <td className="amount">{row.amount ? <Money cents={row.amount} currency={hold.currency} /> : '—'}</td>
                  <td>{RETURN_STATUS_WORDS[row.status]}{row.error ? `: ${describeCentrapayCode(row.error)}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="tab-journal-heading" className="till-card">
        <h2 id="tab-journal-heading">What happened</h2>
        <JournalTable events={hold.events} testId="tab-journal" />
      </section>
      <Details testId="tab-details">
        <h3>The journal as written</h3>
        <JournalRecord events={hold.events} testId="tab-journal-record" />
      </Details>
    </>
  );
}
