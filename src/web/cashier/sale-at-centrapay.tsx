// A short code the till's journal has no sale of, looked up at Centrapay: a receipt from another till or gateway, or
// from this one before its journal was lost (checklist 104.3). Shows what Centrapay has — when, how much, how it
// stands, its lines, what was refunded of it and what is left — and, when this till can refund it, "Refund from this
// till": the sale is journaled as found and opened on its own page, where it is refunded like any sale.
import type { SaleRefund } from '../../domain/after-sale';
import type { FoundSale } from '../../domain/found-sale';
import { resultWords } from '../../domain/journal-words';
import { useCartStore } from '../cart/cart-store';
import { errorMessage } from '../lib/api-client';
import { When } from '../till/when';
import { Money } from '../ui/money';
import { RefundLine } from './after-sale-panel';
import { useSaleAtCentrapay } from './api/get-sale-at-centrapay';
import { useJournalSaleAtCentrapay } from './api/journal-sale-at-centrapay';
import { SaleItems } from './sale-page';

export function SaleAtCentrapay({ shortCode, lane }: { shortCode: string; lane: string }) {
  const found = useSaleAtCentrapay(shortCode, lane);
  return (
    <section aria-labelledby="at-centrapay-heading" className="till-card" data-testid="sale-at-centrapay">
      <h2 id="at-centrapay-heading">{shortCode} at Centrapay</h2>
      {found.isPending && <p className="muted">Not in this till’s journal: asking Centrapay…</p>}
      {found.isError && <p role="alert" className="error">{errorMessage(found.error)}</p>}
      {found.data && <FoundDetails sale={found.data} lane={lane} />}
    </section>
  );
}

export function FoundDetails({ sale, lane }: { sale: FoundSale; lane: string }) {
  const paidBy = sale.paidBy?.assetTotals.map((total) => total.description).join(', ');
  return (
    <>
      <p>{sale.ref ? 'This sale is in the till’s journal.' : `Not in this till’s journal: sold ${sale.terminalId ? `on terminal ${sale.terminalId}` : 'elsewhere'}, as Centrapay has it.`}</p>
      <dl className="sale-summary">
        <dt>When</dt><dd><When at={sale.createdAt} /></dd>
        <dt>Amount</dt><dd><Money cents={sale.amount} currency={sale.currency} /></dd>
        <dt>Status</dt><dd data-testid="at-centrapay-status">{resultWords(sale.status)}{paidBy ? ` · ${paidBy}` : ''}</dd>
        <dt>Left to refund</dt><dd data-testid="at-centrapay-refundable"><Money cents={sale.refundable} currency={sale.currency} /></dd>
      </dl>
      <SaleItems lineItems={sale.lineItems} currency={sale.currency} />
      <RefundsMade refunds={sale.refunds} />
      <RefundFromHere sale={sale} lane={lane} />
    </>
  );
}

function RefundsMade({ refunds }: { refunds: SaleRefund[] }) {
  if (refunds.length === 0) return <p className="muted">Nothing has been refunded of it.</p>;
  return (
    <ul className="refunds" aria-label="Refunded already">
      {refunds.map((refund) => <RefundLine key={refund.id} refund={refund} />)}
    </ul>
  );
}

/** Opens the journal's sale of it, or journals it as found and opens it; or says why this till cannot refund it. */
function RefundFromHere({ sale, lane }: { sale: FoundSale; lane: string }) {
  const operatorId = useCartStore((state) => state.operatorId);
  const pageOf = (ref: string) => `/history/${encodeURIComponent(ref)}?lane=${encodeURIComponent(lane)}`;
  const journal = useJournalSaleAtCentrapay(sale.shortCode, lane, (journaled) => journaled.ref && window.location.assign(pageOf(journaled.ref)));
  if (sale.ref) return <p><a href={pageOf(sale.ref)}>Open the sale</a></p>;
  if (sale.refusal) return <p className="notice">{sale.refusal}</p>;
  return (
    <>
      <button type="button" disabled={journal.isPending} onClick={() => journal.mutate(operatorId)}>
        {journal.isPending ? 'Working…' : 'Refund from this till'}
      </button>
      <p className="muted">The sale is first added to this till’s journal as found at Centrapay, then refunded from its page.</p>
      {journal.isError && <p role="alert" className="error">{errorMessage(journal.error)}</p>}
    </>
  );
}
