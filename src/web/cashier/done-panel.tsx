// The sale's end: paid (how, the change to hand back, the short code), or how it ended otherwise; the receipt, and
// New sale.
import type { ReactNode } from 'react';
import { TENDER_LABELS, type LanePayment, type LaneState } from '../../domain/lane';
import { refusal } from '../../domain/sale';
import { discountTotals, saleTally } from '../../domain/sale-tally';
import { Money } from '../ui/money';
import { changeOwed, discountLabel, outcomeDetail, paidLines, resultTitle } from '../ui/payment-words';
import { OrderLine } from './order-line';
import { PrintReceiptButton } from './print-receipt-button';

export function DonePanel({ state, onNewSale, busy, footer }: { state: LaneState; onNewSale: () => void; busy: boolean; footer: ReactNode }) {
  const { payment, settlement } = state;
  const newSale = <button type="button" onClick={onNewSale} disabled={busy || refusal(state, 'newSale') !== null}>New sale</button>;
  if (!settlement) {
    return (
      <>
        {payment && <ResultPanel state={state} payment={payment} onNewSale={onNewSale} busy={busy} />}
        {footer}
      </>
    );
  }
  const paidPart = payment?.outcome === 'paid' ? payment : null;
  return (
    <div className="result-panel result-paid" role="status">
      <p className="status-line" data-testid="cashier-status">{paidPart ? 'Payment successful' : `Paid by ${TENDER_LABELS[settlement.tender.method]}`}</p>
      <PaidBy state={state} />
      <CashierChange state={state} />
      {!paidPart && state.parts.length === 0 && state.connection && <p>Taken at the counter; the wallet did not connect.</p>}
      {paidPart && <p>Short code <strong data-testid="short-code">{paidPart.paymentRequest.shortCode}</strong></p>}
      <OrderLine order={state.order} />
      {footer}
      <div className="result-actions">{newSale}<PrintReceiptButton saleRef={state.order?.ref} /></div>
    </div>
  );
}

/** "Change $2.70": what to hand back for the cash just taken. */
function CashierChange({ state }: { state: Pick<LaneState, 'settlement' | 'payment'> }) {
  const change = changeOwed(state);
  return change ? <p className="change-due" data-testid="cashier-change">Change <strong><Money cents={change} /></strong></p> : null;
}

/** What paid for the sale, each tender by name, and what came off it (a wallet's offers, the Card Partner discount). */
function PaidBy({ state }: { state: LaneState }) {
  const tally = saleTally(state);
  return (
    <>
      <ul className="paid-by" aria-label="Paid by">{paidLines(tally).map((line, index) => <li key={index}>{line}</li>)}</ul>
      {discountTotals(tally).map((discount, index) => (
        <p key={index} data-testid="cashier-discount">{discountLabel(discount)} <strong>−<Money cents={discount.amount} /></strong></p>
      ))}
    </>
  );
}

/** How the sale's latest payment ended; `state` is the lane it is the payment of. */
export function ResultPanel({ state, payment, onNewSale, busy }: { state: LaneState; payment: LanePayment; onNewSale: () => void; busy: boolean }) {
  const { order } = state;
  const detail = outcomeDetail(payment, order?.code ?? null);
  return (
    <div className={`result-panel result-${payment.outcome}`} role="status" aria-live="polite">
      <p className="status-line" data-testid="cashier-status">{resultTitle(payment.outcome)}</p>
      {payment.outcome === 'paid' && <PaidBy state={state} />}
      {payment.outcome === 'paid' && <CashierChange state={{ payment, settlement: null }} />}
      {detail && <p>{detail}</p>}
      <p>Short code <strong data-testid="short-code">{payment.paymentRequest.shortCode}</strong></p>
      <OrderLine order={order} />
      <div className="result-actions">
        <button type="button" onClick={onNewSale} disabled={busy}>New sale</button>
        <PrintReceiptButton saleRef={order?.ref ?? null} />
      </div>
    </div>
  );
}
