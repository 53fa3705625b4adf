// The patron's receipt, opened from the display's QR code on a phone (no login: the link is the key) or printed by
// the cashier on an 80 mm receipt printer (receipt.css's print styles). A sale with refunds is a refund receipt.
import { useEffect, useRef } from 'react';
import { formatDateTime } from '../../domain/dates';
import { formatMoney, sumCents } from '../../domain/money';
import type { Receipt, ReceiptAsset, ReceiptLine, ReceiptRefund, ReceiptTender } from '../../domain/receipt';
import { browserLanguage } from '../i18n/browser-language';
import { useWords } from '../i18n/i18n';
import { LanguageSwitch } from '../i18n/language-switch';
import { tillFailureWords } from '../i18n/patron-words';
import { useScreenLanguage } from '../i18n/use-screen-language';
import { Money } from '../ui/money';
import { useReceipt } from './api/get-receipt';
import './receipt.css';

/** A date and time as the receipt's language writes them (domain/dates.ts): "6 Dec 2026, 9:14 pm". */
function useDateTime(): (iso: string) => string {
  const { language } = useWords();
  return (iso) => formatDateTime(iso, language);
}

export function ReceiptPage({ token }: { token: string }) {
  const receipt = useReceipt(token);
  usePrintOnOpen(receipt.data);
  useScreenLanguage(browserLanguage());
  const words = useWords();
  if (!receipt.data) {
    return (
      <main className="receipt receipt-message" role={receipt.isError ? 'alert' : 'status'}>
        {receipt.isError ? tillFailureWords(receipt.error, words) : words.t('receipt.loading')}
      </main>
    );
  }
  return (
    <main className="receipt">
      <LanguageSwitch size="small" />
      <ReceiptView receipt={receipt.data} />
      <button type="button" className="receipt-print" onClick={() => window.print()}>{words.t('receipt.print')}</button>
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
  const { t, language } = useWords();
  const dateTime = useDateTime();
  return (
    <article aria-labelledby="receipt-title">
      <header className="receipt-header">
        {merchant.name && <p className="receipt-merchant">{merchant.name}</p>}
        <h1 id="receipt-title">{refunded ? t('receipt.refundTitle') : t('receipt.title')}</h1>
        <dl className="receipt-facts">
          {merchant.gstNumber && <><dt>{t('receipt.gstNumber')}</dt><dd>{merchant.gstNumber}</dd></>}
          <dt>{t('receipt.date')}</dt><dd>{dateTime(order.date)}</dd>
          {/* A sale found at Centrapay (another till's, refunded here) has no order number of this till's: its reference says it. */}
          {order.number > 0 && <><dt>{t('receipt.order')}</dt><dd data-testid="receipt-order-number">{order.number}</dd></>}
          <dt>{t('receipt.reference')}</dt><dd className="receipt-ref">{order.ref}</dd>
          {order.invoiceRef && order.invoiceRef !== order.ref && <><dt>{t('receipt.invoice')}</dt><dd data-testid="receipt-invoice">{order.invoiceRef}</dd></>}
          {order.purchaseOrderRef && <><dt>{t('receipt.purchaseOrder')}</dt><dd data-testid="receipt-purchase-order">{order.purchaseOrderRef}</dd></>}
        </dl>
      </header>

      {refunded && (
        <section aria-labelledby="receipt-refunds">
          <h2 id="receipt-refunds">{t('receipt.refunds')}</h2>
          {receipt.refunds.map((refund, index) => <RefundView key={`${refund.at}-${index}`} refund={refund} currency={currency} />)}
        </section>
      )}

      <section aria-labelledby="receipt-items">
        <h2 id="receipt-items">{refunded ? t('receipt.originalSale') : t('common.items')}</h2>
        <LinesTable caption={t('receipt.itemsBought')} lines={receipt.lines} currency={currency}
          footer={[...offerRows(receipt, t('cart.beforeDiscounts')), [t('common.total'), receipt.total], [t('receipt.includesGst'), receipt.gst]]} />
        {receipt.discount && (
          <p className="receipt-discount" data-testid="receipt-discount">
            {t('receipt.cardPartnerDiscount', { percent: receipt.discount.percent, amount: formatMoney(receipt.discount.amount, currency, language) })}
          </p>
        )}
      </section>

      <section aria-labelledby="receipt-paid">
        <h2 id="receipt-paid">{t('common.paidBy')}</h2>
        <ul className="receipt-tenders">
          {receipt.tenders.map((tender, index) => <TenderView key={index} tender={tender} currency={currency} />)}
        </ul>
      </section>
      <p className="receipt-thanks">
        {t('receipt.thanks')}{receipt.tenders.some((tender) => tender.kind === 'centrapay') && ` ${t('receipt.refundHint')}`}
      </p>
    </article>
  );
}

/** A connected wallet's offers, as discounts under the lines: the price before them, then each offer off it. */
function offerRows(receipt: Receipt, beforeDiscounts: string): [label: string, cents: string][] {
  if (receipt.offers.length === 0) return [];
  const price = sumCents([receipt.total, ...receipt.offers.map((offer) => offer.amount)]);
  return [[beforeDiscounts, price], ...receipt.offers.map((offer): [string, string] => [offer.description, `-${offer.amount}`])];
}

function LinesTable({ caption, lines, currency, footer }: {
  caption: string; lines: ReceiptLine[]; currency: string; footer: [label: string, cents: string][];
}) {
  const { t } = useWords();
  return (
    <table className="receipt-lines">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr><th scope="col">{t('receipt.item')}</th><th scope="col" className="num">{t('receipt.qty')}</th><th scope="col" className="num">{t('receipt.amount')}</th></tr>
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
        {footer.map(([label, cents], index) => (
          <tr key={index}><th scope="row" colSpan={2}>{label}</th><td className="num"><Money cents={cents} currency={currency} /></td></tr>
        ))}
      </tfoot>
    </table>
  );
}

function TenderView({ tender, currency }: { tender: ReceiptTender; currency: string }) {
  const { t } = useWords();
  if (tender.kind === 'counter') {
    return <li><span>{t(`tender.${tender.method}`)}</span> <Money cents={tender.amount} currency={currency} /></li>;
  }
  return (
    <li>
      <span>{t('receipt.centrapay')} <span className="receipt-short-code" data-testid="receipt-short-code">{tender.shortCode}</span></span>{' '}
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
  const { t } = useWords();
  const dateTime = useDateTime();
  return (
    <div className="receipt-refund">
      <p>
        <strong>{t(`receipt.refundMethod.${refund.method}`)}</strong>{' '}
        <Money cents={refund.amount} currency={currency} />
        {refund.status === 'pending' && <> {t('receipt.beingProcessed')}</>}
      </p>
      <p className="receipt-small">
        {dateTime(refund.at)}
        {refund.shortCode && <> · {t('receipt.centrapay')} {refund.shortCode}</>}
        {refund.reason && <> · {refund.reason}</>}
      </p>
      {refund.lines.length > 0 && (
        <LinesTable caption={t('receipt.itemsRefunded')} lines={refund.lines} currency={currency}
          footer={[[t('receipt.refunded'), refund.amount], ...(refund.gst ? [[t('receipt.includesGst'), refund.gst] as [string, string]] : [])]} />
      )}
      {refund.paidBy.length > 0 && <Assets assets={refund.paidBy} currency={currency} />}
    </div>
  );
}
