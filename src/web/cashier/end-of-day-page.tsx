// /reports?lane=…: the end-of-day report for a day and a lane (or all lanes): sales, refunds and net by tender and by
// Centrapay asset type, with counts, and the same as a CSV file. The day is the till server's local date.
import { useState } from 'react';
import { refundMethodWords } from '../../domain/after-sale';
import { formatDay, localDateOf } from '../../domain/dates';
import { resultWords } from '../../domain/journal-words';
import { errorMessage } from '../lib/api-client';
import { CashierGate } from '../till/cashier-gate';
import { DateField } from '../till/date-field';
import { Details } from '../till/details';
import { TillHeader } from '../till/till-header';
import { When } from '../till/when';
import { Money } from '../ui/money';
import { useDownloadEndOfDayCsv, useEndOfDay, type EndOfDay, type ReportRow } from './api/get-end-of-day';

export function EndOfDayPage() {
  return <CashierGate>{(lane, config) => <Report lane={lane} lanes={config.lanes} />}</CashierGate>;
}

function Report({ lane, lanes }: { lane: string; lanes: { id: string; name: string }[] }) {
  // Today on this screen's clock.
  const [date, setDate] = useState(() => localDateOf(Date.now()));
  const [reportLane, setReportLane] = useState(lane);
  const report = useEndOfDay(date, reportLane);
  const download = useDownloadEndOfDayCsv(date, reportLane);
  return (
    <div className="cashier">
      <TillHeader lane={lane} lanes={lanes} title="End of day" current="reports" />
      <main className="till-page">
        <form className="history-search" aria-label="Which day" onSubmit={(event) => event.preventDefault()}>
          <DateField label="Day" value={date} onChange={setDate} required />
          <label>
            Lane
            <select value={reportLane} onChange={(event) => setReportLane(event.target.value)}>
              {lanes.map((each) => <option key={each.id} value={each.id}>{each.name}</option>)}
              <option value="">All lanes</option>
            </select>
          </label>
          <button type="button" disabled={!report.data || download.isPending} onClick={() => download.mutate()}>
            {download.isPending ? 'Preparing the CSV…' : 'Download CSV'}
          </button>
        </form>
        {download.isError && <p role="alert" className="error">{errorMessage(download.error)}</p>}
        {report.isError && <p role="alert" className="error">{errorMessage(report.error)}</p>}
        {report.isPending && date && <p className="muted">Loading…</p>}
        {report.data && <ReportTables report={report.data} lanes={lanes} />}
      </main>
    </div>
  );
}

export function ReportTables({ report, lanes }: { report: EndOfDay; lanes: { id: string; name: string }[] }) {
  const laneName = report.lane === null ? 'all lanes' : lanes.find((each) => each.id === report.lane)?.name ?? report.lane;
  return (
    <>
      <p className="history-summary" aria-live="polite">
        {formatDay(report.date)} · {laneName} · the day as the till counts it ({report.timeZone})
      </p>
      <ReportTable caption="By tender" firstColumn="Tender" rows={report.tenders} total={report.total} currency={report.currency} testId="eod-tenders" />
      <ReportTable caption="Centrapay by asset type" firstColumn="Asset" rows={report.assets} currency={report.currency} testId="eod-assets"
        empty="Nothing was paid or refunded through Centrapay." />

      <section aria-labelledby="eod-pending-heading" className="till-card">
        <h2 id="eod-pending-heading">Refunds not completed</h2>
        {report.pendingRefunds.count === 0 ? <p className="muted">None: every refund of the day is completed.</p> : (
          <table className="till-table">
            <caption className="visually-hidden">Refunds not completed, not in the totals</caption>
            <thead><tr><th scope="col">When</th><th scope="col">Order</th><th scope="col">How</th><th scope="col" className="amount">Amount</th></tr></thead>
            <tbody>
              {report.pendingRefunds.items.map((refund, index) => (
                <tr key={index}>
                  <td><When at={refund.createdAt} /></td>
                  <th scope="row">{refund.orderRef}</th>
                  <td>{refundMethodWords(refund.method)}</td>
                  <td className="amount"><Money cents={refund.amount} currency={report.currency} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="muted">Not in the totals until Centrapay completes them.</p>
      </section>

      {report.notCounted.length > 0 && (
        <section aria-labelledby="eod-not-counted-heading" className="till-card">
          <h2 id="eod-not-counted-heading">Sales that took nothing</h2>
          <ul>
            {report.notCounted.map((entry) => (
              <li key={entry.result}>{resultWords(entry.result)}: {entry.count} (<Money cents={entry.amount} currency={report.currency} />)</li>
            ))}
          </ul>
        </section>
      )}
      {report.assets.length > 0 && <AssetTypes assets={report.assets} />}
    </>
  );
}

/** Each asset's type as Centrapay names it (the CSV's key), for support: under Details. */
function AssetTypes({ assets }: { assets: ReportRow[] }) {
  return (
    <Details testId="eod-details">
      <table className="till-table" data-testid="eod-asset-types">
        <caption className="visually-hidden">Assets by type</caption>
        <thead><tr><th scope="col">Asset</th><th scope="col">Asset type</th></tr></thead>
        <tbody>{assets.map((asset) => <tr key={asset.key}><th scope="row">{asset.label}</th><td><code>{asset.key}</code></td></tr>)}</tbody>
      </table>
    </Details>
  );
}

function ReportTable({ caption, firstColumn, rows, total, currency, testId, empty }: {
  caption: string;
  firstColumn: string;
  rows: ReportRow[];
  total?: ReportRow;
  currency: string;
  testId: string;
  empty?: string;
}) {
  const headingId = `${testId}-heading`;
  return (
    <section aria-labelledby={headingId} className="till-card">
      <h2 id={headingId}>{caption}</h2>
      {rows.length === 0 ? <p className="muted">{empty}</p> : (
        <table className="till-table" data-testid={testId}>
          <caption className="visually-hidden">{caption}: sales, refunds and net</caption>
          <thead>
            <tr>
              <th scope="col">{firstColumn}</th>
              <th scope="col" className="amount">Sales</th>
              <th scope="col" className="amount">Sales amount</th>
              <th scope="col" className="amount">Refunds</th>
              <th scope="col" className="amount">Refunds amount</th>
              <th scope="col" className="amount">Net</th>
            </tr>
          </thead>
          <tbody>{rows.map((row) => <Row key={row.key} row={row} currency={currency} />)}</tbody>
          {total && <tfoot><Row row={total} currency={currency} /></tfoot>}
        </table>
      )}
    </section>
  );
}

function Row({ row, currency }: { row: ReportRow; currency: string }) {
  return (
    <tr>
      <th scope="row">{row.label}</th>
      <td className="amount">{row.sales.count}</td>
      <td className="amount"><Money cents={row.sales.amount} currency={currency} /></td>
      <td className="amount">{row.refunds.count}</td>
      <td className="amount"><Money cents={row.refunds.amount} currency={currency} /></td>
      <td className="amount"><Money cents={row.net} currency={currency} /></td>
    </tr>
  );
}
