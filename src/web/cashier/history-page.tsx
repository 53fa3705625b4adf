// /history?lane=…: every sale the till made, newest first, a page at a time; found by the short code on the receipt,
// the order number, the amount or the date. Each sale opens its own page (/history/:ref). A short code the journal has
// no sale of is looked up at Centrapay (another till's receipt), to be refunded from here. Cashier screens only.
import { useState, type FormEvent, type ReactNode } from 'react';
import { formatDay } from '../../domain/dates';
import { formatMoney } from '../../domain/money';
import { errorMessage } from '../lib/api-client';
import { CashierGate } from '../till/cashier-gate';
import { DateField } from '../till/date-field';
import type { HistorySearch } from '../till/history-search';
import { TillHeader } from '../till/till-header';
import { When } from '../till/when';
import { Money } from '../ui/money';
import { useSales, type SaleMatch, type SaleSummary } from './api/get-sales';
import { MachineHistory } from './machine-history';
import { SaleAtCentrapay } from './sale-at-centrapay';
import { orderWords, saleResultWords } from './sale-words';

type Lanes = { id: string; name: string }[];
/** The history's tabs and authorisations, found by the same search (the tabs feature's; app/ composes the two). */
type HoldsSection = (search: HistorySearch, lane: string) => ReactNode;

export function HistoryPage({ holds }: { holds: HoldsSection }) {
  return <CashierGate>{(lane, config) => <History lane={lane} lanes={config.lanes} holds={holds} />}</CashierGate>;
}

/** The search as the address has it, so Back from a sale's page comes back to the same list. */
function searchFromLocation(lane: string): HistorySearch {
  const params = new URLSearchParams(window.location.search);
  return { q: params.get('q') ?? '', date: params.get('date') ?? '', lane: params.get('lanes') === 'all' ? '' : lane };
}

/** The search shown (kept in the address) and the one being typed. */
function useHistorySearch(lane: string) {
  const [search, setSearch] = useState(() => searchFromLocation(lane));
  const [draft, setDraft] = useState(search);
  const show = (next: HistorySearch) => {
    setDraft(next);
    setSearch(next);
    const params = new URLSearchParams({ lane });
    if (next.q) params.set('q', next.q);
    if (next.date) params.set('date', next.date);
    if (!next.lane) params.set('lanes', 'all');
    window.history.replaceState(null, '', `/history?${params}`);
  };
  return { search, draft, setDraft, show };
}

function History({ lane, lanes, holds }: { lane: string; lanes: Lanes; holds: HoldsSection }) {
  const { search, draft, setDraft, show } = useHistorySearch(lane);
  const sales = useSales(search);
  const items = sales.data?.pages.flatMap((page) => page.items) ?? [];
  const understood = sales.data?.pages[0]?.search;
  // A short code the journal has no sale of: Centrapay is asked.
  const shortCode = understood?.matches.find((match) => match.by === 'short-code')?.shortCode;
  const askCentrapay = sales.isSuccess && items.length === 0 && shortCode !== undefined;
  return (
    <div className="cashier">
      <TillHeader lane={lane} lanes={lanes} title="Sales history" current="history" />
      <main className="till-page">
        <SearchForm draft={draft} lanes={lanes} onChange={setDraft} onFind={() => show(draft)} onShowAll={() => show({ q: '', date: '', lane })} />
        <p aria-live="polite" className="history-summary">{sales.isSuccess ? summary(items.length, sales.hasNextPage, understood) : ''}</p>
        {sales.isError && <p role="alert" className="error">{errorMessage(sales.error)}</p>}
        {sales.isPending && <p className="muted">Loading…</p>}
        {items.length > 0 && <SalesTable sales={items} lane={lane} allLanes={!search.lane} />}
        {askCentrapay && <SaleAtCentrapay shortCode={shortCode} lane={lane} />}
        {sales.hasNextPage && (
          <button type="button" className="more-button" disabled={sales.isFetchingNextPage} onClick={() => void sales.fetchNextPage()}>
            {sales.isFetchingNextPage ? 'Loading older sales…' : 'Show older sales'}
          </button>
        )}
        {holds(search, lane)}
        <MachineHistory />
      </main>
    </div>
  );
}

function SearchForm({ draft, lanes, onChange, onFind, onShowAll }: {
  draft: HistorySearch; lanes: Lanes; onChange: (draft: HistorySearch) => void; onFind: () => void; onShowAll: () => void;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onFind();
  };
  return (
    <form role="search" aria-label="Find a sale" className="history-search" onSubmit={submit}>
      <label>
        Find a sale
        <input type="search" value={draft.q} onChange={(event) => onChange({ ...draft, q: event.target.value })} maxLength={100}
          placeholder="CP-C7F-ZS5, #42, $27.00" aria-describedby="history-search-hint" autoComplete="off" />
      </label>
      <DateField label="Date" value={draft.date} onChange={(date) => onChange({ ...draft, date })} />
      <label>
        Lane
        <select value={draft.lane} onChange={(event) => onChange({ ...draft, lane: event.target.value })}>
          {lanes.map((each) => <option key={each.id} value={each.id}>{each.name}</option>)}
          <option value="">All lanes</option>
        </select>
      </label>
      <button type="submit">Find</button>
      <button type="button" onClick={onShowAll}>Show all</button>
      <p id="history-search-hint" className="muted">
        The short code on the receipt (with or without dashes), an order number, an amount, or part of the order reference.
      </p>
    </form>
  );
}

/** `allLanes`: the search is of every lane, so each sale says its lane. */
function SalesTable({ sales, lane, allLanes }: { sales: SaleSummary[]; lane: string; allLanes: boolean }) {
  return (
    <table className="till-table">
      <caption className="visually-hidden">Sales, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Order</th>
          <th scope="col">Short code</th>
          <th scope="col" className="amount">Amount</th>
          <th scope="col">Result</th>
          {allLanes && <th scope="col">Lane</th>}
        </tr>
      </thead>
      <tbody>
        {sales.map((sale) => (
          <tr key={sale.ref} data-testid="history-page-sale">
            <td><When at={sale.createdAt} /></td>
            <th scope="row">
              <a href={`/history/${encodeURIComponent(sale.ref)}?lane=${encodeURIComponent(lane)}`}>
                {orderWords(sale)} <span className="muted">{sale.ref}</span>
              </a>
            </th>
            <td>{sale.requests.length ? sale.requests.map((request) => request.shortCode).join(', ') : '—'}</td>
            <td className="amount"><Money cents={sale.total} currency={sale.currency} /></td>
            <td>{saleResultWords(sale)}</td>
            {allLanes && <td>{sale.lane}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "3 sales with short code CP-C7F-ZS5 on Thursday 26 November 2026", so the cashier sees how the till read what they typed. */
function summary(count: number, more: boolean, understood: { matches: SaleMatch[]; date: string | null } | undefined): string {
  const found = count === 0 ? 'No sales' : `${count}${more ? '+' : ''} ${count === 1 ? 'sale' : 'sales'}`;
  const by = (understood?.matches ?? []).map(matchWords).join(' or ');
  return `${found}${by ? ` with ${by}` : ''}${understood?.date ? ` on ${formatDay(understood.date)}` : ''}.`;
}

function matchWords(match: SaleMatch): string {
  switch (match.by) {
    case 'short-code':
      return `short code ${match.shortCode}`;
    case 'number':
      return `order number ${match.number}`;
    case 'amount':
      return `an amount of ${formatMoney(match.amount)}`;
    case 'reference':
      return `“${match.text}” in the order reference or Payment Request id`;
  }
}
