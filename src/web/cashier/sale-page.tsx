// /history/:ref: one sale as the till's journal keeps it, in people's words: where it stands (Paid, Part refunded,
// Refunded, Voided, with amounts), its lines, how it was paid (counter tenders and each Centrapay Payment Request by its
// short code), what paid each request by asset (`paidBy`, §2.9, named as the receipt names them), what Centrapay did,
// and who did what, when. Ids, asset types and the journal as written are under Details. Refunds and voids are made here.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { refundMethodSchema, refundMethodWords, refundStatusSchema, refundStatusWords, saleStanding, type AfterSale } from '../../domain/after-sale';
import { discountWords } from '../../domain/card-partner';
import { actorWords, eventWords, operatorWords, resultWords } from '../../domain/journal-words';
import { errorMessage } from '../lib/api-client';
import { CashierGate } from '../till/cashier-gate';
import { Details } from '../till/details';
import { JournalRecord, JournalTable } from '../till/journal-table';
import { TillHeader } from '../till/till-header';
import { When } from '../till/when';
import { Money } from '../ui/money';
import { AfterSalePanel } from './after-sale-panel';
import { useAfterSale } from './api/get-after-sale';
import { useSale, type SaleDetail } from './api/get-sale';
import { historyKeys } from './api/history-keys';
import { PrintReceiptButton } from './print-receipt-button';
import { orderWords, tenderWords } from './sale-words';

type Lanes = { id: string; name: string }[];

export function SalePage({ saleRef }: { saleRef: string }) {
  return <CashierGate>{(lane, config) => <Sale saleRef={saleRef} lane={lane} lanes={config.lanes} />}</CashierGate>;
}

function Sale({ saleRef, lane, lanes }: { saleRef: string; lane: string; lanes: Lanes }) {
  const detail = useSale(saleRef);
  // The same read as the refund panel's (one request): where the sale stands after its refunds, as the server counts it.
  const afterSale = useAfterSale(detail.data?.sale.ref ?? saleRef);
  const title = detail.data ? `Sale ${orderWords(detail.data.sale)}` : 'Sale';
  return (
    <div className="cashier">
      <TillHeader lane={lane} lanes={lanes} title={title} current="sale" />
      <main className="till-page sale-page">
        <p><a href={`/history?lane=${encodeURIComponent(lane)}`}>← All sales</a></p>
        {detail.isError && <p role="alert" className="error">{errorMessage(detail.error)}</p>}
        {detail.isPending && <p className="muted">Loading…</p>}
        {detail.data && (
          <SaleDetails detail={detail.data} lanes={lanes} standing={afterSale.data} afterSale={<AfterSale saleRef={detail.data.sale.ref} />} />
        )}
      </main>
    </div>
  );
}

/** `standing`: the server's after-sale view of the sale (its refunds); `afterSale`: where refunds and voids are made. */
export function SaleDetails({ detail, lanes = [], standing, afterSale = null }: {
  detail: SaleDetail; lanes?: Lanes; standing?: AfterSale; afterSale?: ReactNode;
}) {
  const { sale, lineItems, requests, tenders, refunds, events } = detail;
  const shortCodeOf = (id: string | null) => requests.find((request) => request.id === id)?.shortCode ?? '—';
  return (
    <>
      <SaleSummary sale={sale} lanes={lanes} standing={standing} />
      <SaleItems lineItems={lineItems} currency={sale.currency} />
      <SalePayments requests={requests} tenders={tenders} currency={sale.currency} shortCodeOf={shortCodeOf} />
      <SalePaidBy requests={requests} />
      <CentrapayActivities events={events.filter((event) => event.actor === 'centrapay')} refunds={refunds} shortCodeOf={shortCodeOf} />
      {afterSale}
      <section aria-labelledby="sale-journal-heading" className="till-card">
        <h2 id="sale-journal-heading">What happened</h2>
        <JournalTable events={events} testId="sale-journal" />
      </section>
      <SaleRecord detail={detail} />
    </>
  );
}

/** A Payment Request's short code by its id (what the cashier and the receipt know it by). */
type ShortCodeOf = (paymentRequestId: string | null) => string;

function SaleSummary({ sale, lanes, standing }: { sale: SaleDetail['sale']; lanes: Lanes; standing: AfterSale | undefined }) {
  return (
    <section aria-labelledby="sale-summary-heading" className="till-card">
      <h2 id="sale-summary-heading">Summary</h2>
      <dl className="sale-summary">
        <dt>Order</dt><dd>{orderWords(sale)}</dd>
        <dt>Reference</dt><dd>{sale.ref}</dd>
        <dt>When</dt><dd><When at={sale.createdAt} /></dd>
        <dt>Lane</dt><dd>{lanes.find((each) => each.id === sale.lane)?.name ?? sale.lane}</dd>
        <dt>Cashier</dt><dd>{sale.operatorId ? operatorWords(sale.operatorId) : '—'}</dd>
        <dt>Invoice</dt><dd data-testid="sale-invoice">{sale.invoiceRef ?? sale.ref}</dd>
        {sale.purchaseOrderRef && <><dt>Purchase order</dt><dd data-testid="sale-purchase-order">{sale.purchaseOrderRef}</dd></>}
        <dt>Total</dt><dd><Money cents={sale.total} currency={sale.currency} /></dd>
        {sale.discount && <><dt>Discount</dt><dd data-testid="sale-discount">{discountWords(sale.discount)}: <Money cents={sale.discount.amount} currency={sale.currency} /> off, in the total</dd></>}
        <dt>Status</dt><dd data-testid="sale-result">{standing ? saleStanding(standing).words : resultWords(sale.result)}</dd>
      </dl>
    </section>
  );
}

export function SaleItems({ lineItems, currency }: { lineItems: SaleDetail['lineItems']; currency: string }) {
  // Line items with a discount (a Farmlands Card Partner's) carry it as Centrapay has it: cents off, before GST.
  const discounted = lineItems.some((item) => item.discount !== undefined);
  return (
    <section aria-labelledby="sale-lines-heading" className="till-card">
      <h2 id="sale-lines-heading">Items</h2>
      {lineItems.length === 0 ? <p className="muted">The journal has no items for this sale.</p> : (
        <table className="till-table">
          <thead>
            <tr>
              <th scope="col">Item</th><th scope="col" className="amount">Qty</th><th scope="col" className="amount">Amount</th>
              {discounted && <th scope="col" className="amount">Discount (excl. GST)</th>}
            </tr>
          </thead>
          <tbody>
            {lineItems.map((item, index) => (
              <tr key={`${item.sku ?? item.name}-${index}`}>
                <th scope="row">{item.name}</th>
                <td className="amount">{item.qty}</td>
                <td className="amount"><Money cents={item.price} currency={currency} /></td>
                {discounted && <td className="amount">{item.discount === undefined ? '—' : <Money cents={item.discount} currency={currency} />}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Each Centrapay request by its short code with where it stands, then each tender taken (or handed back) at the counter. */
function SalePayments({ requests, tenders, currency, shortCodeOf }: Pick<SaleDetail, 'requests' | 'tenders'> & { currency: string; shortCodeOf: ShortCodeOf }) {
  return (
    <section aria-labelledby="sale-tenders-heading" className="till-card">
      <h2 id="sale-tenders-heading">Payments</h2>
      {requests.length === 0 && tenders.length === 0 ? <p className="muted">Nothing was paid.</p> : (
        <table className="till-table" data-testid="sale-tenders">
          <thead>
            <tr><th scope="col">Tender</th><th scope="col">Short code</th><th scope="col">Status</th><th scope="col" className="amount">Amount</th><th scope="col">When</th></tr>
          </thead>
          <tbody>
            {requests.map((request) => (
              <tr key={request.id}>
                <th scope="row">Centrapay</th>
                <td>{request.shortCode}</td>
                <td>{resultWords(request.status)}</td>
                <td className="amount"><Money cents={request.amount} currency={request.currency} /></td>
                <td><When at={request.createdAt} /></td>
              </tr>
            ))}
            {tenders.map((tender, index) => (
              <tr key={`tender-${index}`}>
                <th scope="row">{tenderWords(tender.method)}{tender.onRequest ? <span className="muted"> (recorded on {shortCodeOf(tender.paymentRequestId)})</span> : null}</th>
                <td>—</td>
                <td>{BigInt(tender.amount) < 0n ? 'Handed back' : 'Taken'} by {actorWords(tender.actor)}</td>
                <td className="amount"><Money cents={tender.amount} currency={currency} /></td>
                <td><When at={tender.at} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** What paid each request, by asset, named as the receipt names it (`paidBy`, §2.9); the asset types are under Details. */
function SalePaidBy({ requests }: Pick<SaleDetail, 'requests'>) {
  return (
    <section aria-labelledby="sale-paid-by-heading" className="till-card">
      <h2 id="sale-paid-by-heading">Paid by (Centrapay)</h2>
      {requests.every((request) => !request.paidBy?.assetTotals.length) ? <p className="muted">Centrapay recorded no payment.</p> : (
        <table className="till-table" data-testid="sale-paid-by">
          <thead><tr><th scope="col">Asset</th><th scope="col">Short code</th><th scope="col" className="amount">Amount</th></tr></thead>
          <tbody>
            {requests.flatMap((request) => (request.paidBy?.assetTotals ?? []).map((total) => (
              <tr key={`${request.id}-${total.type}`}>
                <th scope="row">{total.description}</th>
                <td>{request.shortCode}</td>
                <td className="amount"><Money cents={total.total.amount} currency={total.total.currency} /></td>
              </tr>
            )))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** "Refunded", "Void pending": a journaled refund or void as it stands, in the after-sale panel's words. */
function refundRowWords(refund: SaleDetail['refunds'][number]): string {
  const method = refundMethodSchema.safeParse(refund.method);
  const status = refundStatusSchema.safeParse(refund.status);
  if (!method.success || !status.success) return refundMethodWords(refund.method);
  return refundStatusWords({ method: method.data, status: status.data, error: null });
}

/** What Centrapay did (the statuses it reported), and the refunds and voids made through it. */
function CentrapayActivities({ events, refunds, shortCodeOf }: Pick<SaleDetail, 'events' | 'refunds'> & { shortCodeOf: ShortCodeOf }) {
  return (
    <section aria-labelledby="sale-activities-heading" className="till-card">
      <h2 id="sale-activities-heading">Centrapay activities</h2>
      {events.length === 0 && refunds.length === 0 ? <p className="muted">None recorded.</p> : (
        <table className="till-table" data-testid="sale-activities">
          <thead><tr><th scope="col">When</th><th scope="col">Short code</th><th scope="col">What</th><th scope="col" className="amount">Amount</th><th scope="col">Reason</th></tr></thead>
          <tbody>
            {events.map((event, index) => (
              <tr key={`activity-${index}`}>
                <td><When at={event.at} /></td>
                <td>{shortCodeOf(event.subject)}</td>
                <th scope="row">{eventWords(event)}</th>
                <td className="amount" />
                <td />
              </tr>
            ))}
            {refunds.map((refund, index) => (
              <tr key={`refund-${index}`}>
                <td><When at={refund.createdAt} /></td>
                <td>{shortCodeOf(refund.paymentRequestId)}</td>
                <th scope="row">{refundRowWords(refund)}</th>
                <td className="amount"><Money cents={refund.amount} currency={refund.currency} /></td>
                <td>{refund.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The ids and names the journal keeps, for support: each Payment Request's id, each asset's type, the journal as written. */
function SaleRecord({ detail }: { detail: SaleDetail }) {
  const assets = detail.requests.flatMap((request) => (request.paidBy?.assetTotals ?? []).map((total) => ({ request, total })));
  return (
    <Details testId="sale-details">
      <table className="till-table" data-testid="sale-request-ids">
        <caption className="visually-hidden">Payment Requests by short code</caption>
        <thead><tr><th scope="col">Short code</th><th scope="col">Payment Request id</th><th scope="col">Status at Centrapay</th></tr></thead>
        <tbody>
          {detail.requests.map((request) => (
            <tr key={request.id}><th scope="row">{request.shortCode}</th><td><code>{request.id}</code></td><td><code>{request.status}</code></td></tr>
          ))}
        </tbody>
      </table>
      {assets.length > 0 && (
        <table className="till-table" data-testid="sale-asset-types">
          <caption className="visually-hidden">Assets by type</caption>
          <thead><tr><th scope="col">Asset</th><th scope="col">Asset type</th></tr></thead>
          <tbody>
            {assets.map(({ request, total }) => (
              <tr key={`${request.id}-${total.type}`}><th scope="row">{total.description}</th><td><code>{total.type}</code></td></tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>The journal as written</h3>
      <JournalRecord events={detail.events} testId="sale-journal-record" />
    </Details>
  );
}

/** Refunds and voids of the sale (the after-sale panel); when they change, the sale's page is read again. */
function AfterSale({ saleRef }: { saleRef: string }) {
  const queryClient = useQueryClient();
  const refunds = JSON.stringify(useAfterSale(saleRef).data?.refunds ?? null);
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: historyKeys.sale(saleRef) });
  }, [queryClient, saleRef, refunds]);
  return (
    <section aria-labelledby="sale-after-heading" className="till-card">
      <h2 id="sale-after-heading">Refund or void</h2>
      <AfterSalePanel saleRef={saleRef} />
      <PrintReceiptButton saleRef={saleRef} />
    </section>
  );
}
