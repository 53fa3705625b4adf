// Recent sales of this lane with their order reference, the short code of each Payment Request (checklist 103.5),
// the amount and how each ended, straight from the journal.
import { useQueryClient } from '@tanstack/react-query';
import { memo, useEffect, useState } from 'react';
import { formatTime } from '../../domain/dates';
import { actorWords, eventWords } from '../../domain/journal-words';
import { errorMessage } from '../lib/api-client';
import { afterPaint } from '../lib/use-after-paint';
import { Money } from '../ui/money';
import { useRecentSales } from './api/get-recent-sales';
import { useSale } from './api/get-sale';
import type { SaleSummary } from './api/get-sales';
import { historyKeys } from './api/history-keys';
import { saleResultWords } from './sale-words';

function SaleRow({ sale }: { sale: SaleSummary }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <tr data-testid="history-sale">
        <td><a href={`/history/${encodeURIComponent(sale.ref)}?lane=${encodeURIComponent(sale.lane)}`}>{sale.ref}</a></td>
        <td>{sale.requests.length ? sale.requests.map((request) => request.shortCode).join(', ') : '—'}</td>
        <td><Money cents={sale.total} currency={sale.currency} /></td>
        <td>{saleResultWords(sale)}</td>
        <td>
          <button type="button" className="link" aria-expanded={open} aria-label={`${open ? 'Hide' : 'Show'} what happened to ${sale.ref}`}
            onClick={() => setOpen(!open)}>{open ? 'Hide' : 'Details'}</button>
        </td>
      </tr>
      {open && <tr><td colSpan={5}><SaleEvents saleRef={sale.ref} /></td></tr>}
    </>
  );
}

/** The journal's own record of a sale in words: who did what, when (a code presented, checks accepted or declined). */
function SaleEvents({ saleRef }: { saleRef: string }) {
  const events = useSale(saleRef);
  if (events.isError) return <p role="alert" className="error">{errorMessage(events.error)}</p>;
  if (!events.data) return <p className="muted">Loading…</p>;
  return (
    <ol className="sale-events" aria-label={`What happened to ${saleRef}`}>
      {events.data.events.map((event, index) => (
        <li key={index}>
          <time dateTime={event.at}>{formatTime(event.at, 'en-NZ', { seconds: true })}</time> {eventWords(event)}
          {' · '}{actorWords(event.actor)}{event.detail ? ` · ${event.detail}` : ''}
        </li>
      ))}
    </ol>
  );
}

/**
 * Drawn again only when its list or `result` changes, not at every step of a payment the till redraws.
 * `result` names the lane's sale's result (null while the sale is open or under way): the list is read again when a new
 * one comes, once the result is painted — not at every step before it, nor while the screens are drawing it.
 */
export const HistoryPanel = memo(function HistoryPanel({ lane, result }: { lane: string; result: string | null }) {
  const history = useRecentSales(lane);
  const queryClient = useQueryClient();
  useEffect(() => {
    if (result === null) return;
    return afterPaint(() => void queryClient.invalidateQueries({ queryKey: historyKeys.lane(lane) }));
  }, [lane, result, queryClient]);
  return (
    <section aria-labelledby="history-heading" className="history">
      <h2 id="history-heading">Recent payments</h2>
      {history.data?.items.length ? (
        <table>
          <thead><tr><th scope="col">Order</th><th scope="col">Short code</th><th scope="col">Amount</th><th scope="col">Result</th><th scope="col"><span className="visually-hidden">Details</span></th></tr></thead>
          <tbody>
            {history.data.items.map((sale) => <SaleRow key={sale.ref} sale={sale} />)}
          </tbody>
        </table>
      ) : <p className="muted">No payments yet.</p>}
    </section>
  );
});
