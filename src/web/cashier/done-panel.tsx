// The sale's end: paid (how, the change to hand back, the short code), or how it ended otherwise; the receipt, and
// New sale.
import type { ReactNode } from 'react';
import { discountWords } from '../../domain/card-partner';
import { TENDER_LABELS, type LaneOrder, type LanePayment, type LaneSettlement, type LaneState } from '../../domain/lane';
import { refusal } from '../../domain/sale';
import { Money } from '../ui/money';
import { changeOwed, outcomeDetail, resultTitle, salePaidByLines } from '../ui/payment-words';
import { OrderLine } from './order-line';
import { PrintReceiptButton } from './print-receipt-button';

export function DonePanel({ state, onNewSale, busy, footer }: { state: LaneState; onNewSale: () => void; busy: boolean; footer: ReactNode }) {
  const { payment, settlement } = state;
  const newSale = <button type="button" onClick={onNewSale} disabled={busy || refusal(state, 'newSale') !== null}>New sale</button>;
  if (!settlement) {
    return (
      <>
        {payment && <ResultPanel payment={payment} parts={state.parts} counter={state.counter} order={state.order} onNewSale={onNewSale} busy={busy} />}
        {footer}
      </>
    );
  }
  const paidPart = payment?.outcome === 'paid' ? payment : null;
  return (
    <div className="result-panel result-paid" role="status">
      <p className="status-line" data-testid="cashier-status">{paidPart ? 'Payment successful' : `Paid by ${TENDER_LABELS[settlement.tender.method]}`}</p>
      <ul className="paid-by" aria-label="Paid by">
        {salePaidByLines(state.parts, paidPart, state.counter).map((line) => <li key={line}>{line}</li>)}
        <li>{TENDER_LABELS[settlement.tender.method]} <Money cents={settlement.tender.amount} /></li>
      </ul>
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

export function ResultPanel({ payment, parts, counter, order, onNewSale, busy }: {
  payment: LanePayment; parts: LanePayment[]; counter: LaneSettlement[]; order: LaneOrder | null; onNewSale: () => void; busy: boolean;
}) {
  const detail = outcomeDetail(payment, order?.code ?? null);
  const discount = order?.discount && payment.outcome === 'paid' ? order.discount : null;
  return (
    <div className={`result-panel result-${payment.outcome}`} role="status" aria-live="polite">
      <p className="status-line" data-testid="cashier-status">{resultTitle(payment.outcome)}</p>
      {payment.outcome === 'paid' && (
        <ul className="paid-by" aria-label="Paid by">
          {salePaidByLines(parts, payment, counter).map((line) => <li key={line}>{line}</li>)}
        </ul>
      )}
      {payment.outcome === 'paid' && <CashierChange state={{ payment, settlement: null }} />}
      {discount && <p data-testid="cashier-discount">{discountWords(discount)} <strong>−<Money cents={discount.amount} /></strong></p>}
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
