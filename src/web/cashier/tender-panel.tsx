// How the sale is paid: start the QR or Connect flow, follow it, collect the rest, cancel, and the result.
import type { ReactNode } from 'react';
import { TENDER_LABELS, type LaneConnection, type LanePayment, type LaneState, type TenderMethod } from '../../domain/lane';
import { useCart } from '../cart/cart-store';
import { errorMessage } from '../lib/api-client';
import { useServerNow } from '../lib/use-now';
import { Money } from '../ui/money';
import { outcomeDetail, paidByLines, resultTitle, timeLeft } from '../ui/payment-words';
import { amountStillOwed } from '../../domain/sale';
import { useCancelConnection, useCancelPayment, useConnectWallet, useNewSale, useRefundPartial, useStartPayment, useTender } from './api/lane-actions';

export function TenderPanel({ lane, state, operatorId }: { lane: string; state: LaneState | undefined; operatorId: string }) {
  const cart = useCart(lane);
  const start = useStartPayment(lane);
  const connect = useConnectWallet(lane);
  const tender = useTender(lane);
  const cancelPayment = useCancelPayment(lane);
  const cancelConnection = useCancelConnection(lane);
  const nextSale = useNewSale(lane);
  const refund = useRefundPartial(lane);
  const errors = [start, connect, tender, cancelPayment, cancelConnection, nextSale, refund].flatMap((m) => (m.error ? [errorMessage(m.error)] : []));
  const errorLine = errors[0] ? <p role="alert" className="error">{errors[0]}</p> : null;
  const onTender = (method: TenderMethod) => tender.mutate({ method, operatorId });
  const payment = state?.payment ?? null;
  const connection = state?.connection ?? null;
  const now = useServerNow(state?.serverTime);

  if (payment?.outcome === 'pending') {
    return (
      <PaymentPanel payment={payment} connection={connection} now={now} busy={tender.isPending} onTender={onTender}
        cancelling={cancelPayment.isPending || payment.cancelling} error={errorLine}
        onCancel={() => cancelPayment.mutate({ paymentRequestId: payment.paymentRequest.id, operatorId })} />
    );
  }
  if (connection?.outcome === 'waiting') {
    return (
      <ConnectionPanel connection={connection} now={now} busy={tender.isPending || cancelConnection.isPending} onTender={onTender} error={errorLine}
        onCancel={() => cancelConnection.mutate({ connectionId: connection.id, operatorId })} />
    );
  }
  const newSale = () => nextSale.mutate();
  const owed = state ? amountStillOwed(state) : null;
  if (payment && owed) {
    return (
      <div className="payment-panel" role="status" aria-live="polite">
        <p className="status-line" data-testid="cashier-status">Paid in part</p>
        <ul className="paid-by" aria-label="Paid by">{paidByLines(payment).map((line) => <li key={line}>{line}</li>)}</ul>
        <p>Still to pay <strong data-testid="cashier-remaining"><Money cents={owed} /></strong></p>
        <TenderButtons busy={tender.isPending || refund.isPending} onTender={onTender} amountLabel="Collect the rest" />
        {errorLine}
        <button type="button" className="cancel-button" disabled={tender.isPending || refund.isPending}
          onClick={() => refund.mutate({ paymentRequestId: payment.paymentRequest.id, operatorId })}>
          Customer cannot pay: refund
        </button>
      </div>
    );
  }
  if (state?.settlement) {
    const paidPart = payment?.outcome === 'paid' ? payment : null;
    return (
      <div className="result-panel result-paid" role="status">
        <p className="status-line" data-testid="cashier-status">{paidPart ? 'Payment successful' : `Paid by ${TENDER_LABELS[state.settlement.tender.method]}`}</p>
        <ul className="paid-by" aria-label="Paid by">
          {paidPart && paidByLines(paidPart).map((line) => <li key={line}>{line}</li>)}
          <li>{TENDER_LABELS[state.settlement.tender.method]} <Money cents={state.settlement.tender.amount} /></li>
        </ul>
        {!paidPart && <p>Taken at the counter; the wallet did not connect.</p>}
        <button type="button" onClick={newSale}>New sale</button>
      </div>
    );
  }
  const starting = start.isPending || connect.isPending;
  return (
    <>
      {payment ? <ResultPanel payment={payment} onNewSale={newSale} />
        : connection && <p className="notice" role="status" data-testid="cashier-status">{connection.outcome === 'cancelled' ? 'Wallet connection cancelled' : connection.notice}</p>}
      {payment?.outcome !== 'paid' && (
        <div className="tender-actions">
          <button type="button" className="pay-button" disabled={cart.length === 0 || starting || !state}
            onClick={() => start.mutate({ cart, operatorId })}>
            {start.isPending ? 'Starting payment…' : 'Pay with Centrapay'}
          </button>
          <button type="button" className="connect-button" disabled={cart.length === 0 || starting || !state}
            onClick={() => connect.mutate({ cart, operatorId })}>
            {connect.isPending ? 'Connecting…' : 'Connect wallet'}
          </button>
        </div>
      )}
      {errorLine}
    </>
  );
}

function TenderButtons({ busy, onTender, amountLabel }: { busy: boolean; onTender: (method: TenderMethod) => void; amountLabel: string }) {
  return (
    <div className="tender-buttons" role="group" aria-label={amountLabel}>
      {(['cash', 'card'] as const).map((method) => (
        <button key={method} type="button" disabled={busy} onClick={() => onTender(method)}>{TENDER_LABELS[method]}</button>
      ))}
    </div>
  );
}

function ConnectionPanel({ connection, now, busy, onTender, onCancel, error }: {
  connection: LaneConnection; now: number; busy: boolean; onTender: (method: TenderMethod) => void; onCancel: () => void; error: ReactNode;
}) {
  return (
    <div className="payment-panel" role="status" aria-live="polite">
      <p className="status-line" data-testid="cashier-status">Waiting for the customer’s wallet to connect</p>
      <p>Time left <strong>{timeLeft(connection.expiresAt, now)}</strong></p>
      <p className="muted">No wallet? Take the payment at the counter:</p>
      <TenderButtons busy={busy} onTender={onTender} amountLabel="Take payment without the wallet" />
      {error}
      <button type="button" className="cancel-button" onClick={onCancel} disabled={busy}>Cancel</button>
    </div>
  );
}

function PaymentPanel({ payment, connection, now, busy, cancelling, onTender, onCancel, error }: {
  payment: LanePayment; connection: LaneConnection | null; now: number; busy: boolean; cancelling: boolean;
  onTender: (method: TenderMethod) => void; onCancel: () => void; error: ReactNode;
}) {
  const { paymentRequest } = payment;
  const remaining = paymentRequest.remainingAmount ?? paymentRequest.value.amount;
  const linked = connection?.outcome === 'linked' && paymentRequest.connectionId === connection.id;
  return (
    <div className="payment-panel" role="status" aria-live="polite">
      <p className="status-line" data-testid="cashier-status">
        {cancelling ? 'Cancelling payment…' : linked ? `Connected: ${connection.walletName ?? 'wallet'}` : 'Waiting for the customer to pay'}
      </p>
      <p>{linked ? 'Still to pay' : 'Amount due'} <strong data-testid="cashier-remaining"><Money cents={remaining} currency={paymentRequest.value.currency} /></strong></p>
      <p>Time left <strong>{timeLeft(paymentRequest.expiresAt, now)}</strong> · Short code <strong>{paymentRequest.shortCode}</strong></p>
      <p className="muted">Order {payment.orderRef}</p>
      {payment.notice && <p className="notice">{payment.notice}</p>}
      {linked && <TenderButtons busy={busy || cancelling} onTender={onTender} amountLabel="Collect the rest" />}
      {error}
      <button type="button" className="cancel-button" onClick={onCancel} disabled={cancelling}>Cancel payment</button>
    </div>
  );
}

function ResultPanel({ payment, onNewSale }: { payment: LanePayment; onNewSale: () => void }) {
  const detail = outcomeDetail(payment);
  return (
    <div className={`result-panel result-${payment.outcome}`} role="status" aria-live="polite">
      <p className="status-line" data-testid="cashier-status">{resultTitle(payment.outcome, 'cashier')}</p>
      {payment.outcome === 'paid' && (
        <ul className="paid-by" aria-label="Paid by">
          {paidByLines(payment).map((line) => <li key={line}>{line}</li>)}
        </ul>
      )}
      {detail && <p>{detail}</p>}
      <p>Short code <strong data-testid="short-code">{payment.paymentRequest.shortCode}</strong> · Order {payment.orderRef}</p>
      <button type="button" onClick={onNewSale}>New sale</button>
    </div>
  );
}
