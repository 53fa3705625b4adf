// The patron's receipt, opened from the display's QR code on a phone (no login: the link is the key) or printed by
// the cashier on an 80 mm receipt printer (receipt.css's print styles). A sale with refunds is a refund receipt.
import { useEffect, useRef } from 'react';
import { TENDER_LABELS } from '../../domain/lane';
import type { Receipt, ReceiptAsset, ReceiptLine, ReceiptRefund, ReceiptTender } from '../../domain/receipt';
import { errorMessage } from '../lib/api-client';
import { Money } from '../ui/money';
import { useReceipt } from './get-receipt';
import './receipt.css';

const dateTime = new Intl.DateTimeFormat('en-NZ', { dateStyle: 'medium', timeStyle: 'short' });

const REFUND_WORDS: Record<ReceiptRefund['method'], string> = {
  centrapay: 'Refunded through Centrapay',
  void: 'Centrapay payment cancelled and returned',
  cash: 'Refunded in cash',
  card: 'Refunded to card',
};

export function ReceiptPage({ token }: { token: string }) {
  const receipt = useReceipt(token);
  usePrintOnOpen(receipt.data);
  if (!receipt.data) {
    return (
      <main className="receipt receipt-message" role={receipt.isError ? 'alert' : 'status'}>
        {receipt.isError ? errorMessage(receipt.error) : 'Loading your receipt…'}
      </main>
    );
  }
  return (
    <main className="receipt">
      <ReceiptView receipt={receipt.data} />
      <button type="button" className="receipt-print" onClick={() => window.print()}>Print receipt</button>
    </main>
  );
}

/** Opened by the till's Print receipt button (`?print`): print once the receipt is here, then close the tab. */
function usePrintOnOpen(receipt: Receipt | undefined) {
  const printed = useRef(false);
  useEffect(() => {
    if (!receipt || printed.current || !new URLSearchParams(window.location.search).has('print')) return;
    printed.current = true;
    window.addEventListener('afterprint', () => window.close(), { once: true });
    window.print();
  }, [receipt]);
}

export function ReceiptView({ receipt }: { receipt: Receipt }) {
  const { merchant, order, currency } = receipt;
  const refunded = receipt.refunds.length > 0;
  return (
    <article aria-labelledby="receipt-title">
      <header className="receipt-header">
        {merchant.name && <p className="receipt-merchant">{merchant.name}</p>}
        <h1 id="receipt-title">{refunded ? 'Refund receipt' : 'Receipt'}</h1>
        <dl className="receipt-facts">
          {merchant.gstNumber && <><dt>GST number</dt><dd>{merchant.gstNumber}</dd></>}
          <dt>Date</dt><dd>{dateTime.format(new Date(order.date))}</dd>
          <dt>Order</dt><dd data-testid="receipt-order-number">{order.number}</dd>
          <dt>Reference</dt><dd className="receipt-ref">{order.ref}</dd>
        </dl>
      </header>

      {refunded && (
        <section aria-labelledby="receipt-refunds">
          <h2 id="receipt-refunds">Refunds</h2>
          {receipt.refunds.map((refund, index) => <RefundView key={`${refund.at}-${index}`} refund={refund} currency={currency} />)}
        </section>
      )}

      <section aria-labelledby="receipt-items">
        <h2 id="receipt-items">{refunded ? 'Original sale' : 'Items'}</h2>
        <LinesTable caption="Items bought" lines={receipt.lines} currency={currency}
          footer={[['Total', receipt.total], ['Includes GST', receipt.gst]]} />
      </section>

      <section aria-labelledby="receipt-paid">
        <h2 id="receipt-paid">Paid by</h2>
        <ul className="receipt-tenders">
          {receipt.tenders.map((tender, index) => <TenderView key={index} tender={tender} currency={currency} />)}
        </ul>
      </section>
      <p className="receipt-thanks">
        Thank you.{receipt.tenders.some((tender) => tender.kind === 'centrapay') && ' For a refund, show the Centrapay short code above.'}
      </p>
    </article>
  );
}

function LinesTable({ caption, lines, currency, footer }: {
  caption: string; lines: ReceiptLine[]; currency: string; footer: [label: string, cents: string][];
}) {
  return (
    <table className="receipt-lines">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr><th scope="col">Item</th><th scope="col" className="num">Qty</th><th scope="col" className="num">Amount</th></tr>
      </thead>
      <tbody>
        {lines.map((line, index) => (
          <tr key={index}>
            <td>{line.name}</td>
            <td className="num">{line.qty}</td>
            <td className="num"><Money cents={line.total} currency={currency} /></td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        {footer.map(([label, cents]) => (
          <tr key={label}><th scope="row" colSpan={2}>{label}</th><td className="num"><Money cents={cents} currency={currency} /></td></tr>
        ))}
      </tfoot>
    </table>
  );
}

function TenderView({ tender, currency }: { tender: ReceiptTender; currency: string }) {
  if (tender.kind === 'counter') {
    return <li><span>{TENDER_LABELS[tender.method]}</span> <Money cents={tender.amount} currency={currency} /></li>;
  }
  return (
    <li>
      <span>Centrapay <span className="receipt-short-code" data-testid="receipt-short-code">{tender.shortCode}</span></span>{' '}
      <Money cents={tender.amount} currency={currency} />
      {tender.paidBy.length > 0 && <Assets assets={tender.paidBy} currency={currency} />}
    </li>
  );
}

function Assets({ assets, currency }: { assets: ReceiptAsset[]; currency: string }) {
  return (
    <ul className="receipt-assets">
      {assets.map((asset, index) => <li key={index}>{asset.description} <Money cents={asset.amount} currency={currency} /></li>)}
    </ul>
  );
}

function RefundView({ refund, currency }: { refund: ReceiptRefund; currency: string }) {
  return (
    <div className="receipt-refund">
      <p>
        <strong>{REFUND_WORDS[refund.method]}</strong>{' '}
        <Money cents={refund.amount} currency={currency} />
        {refund.status === 'pending' && <> (being processed)</>}
      </p>
      <p className="receipt-small">
        {dateTime.format(new Date(refund.at))}
        {refund.shortCode && <> · Centrapay {refund.shortCode}</>}
        {refund.reason && <> · {refund.reason}</>}
      </p>
      {refund.lines.length > 0 && (
        <LinesTable caption="Items refunded" lines={refund.lines} currency={currency}
          footer={[['Refunded', refund.amount], ...(refund.gst ? [['Includes GST', refund.gst] as [string, string]] : [])]} />
      )}
      {refund.paidBy.length > 0 && <Assets assets={refund.paidBy} currency={currency} />}
    </div>
  );
}
