// The waits on a customer: for their wallet to connect (Connect), and for them to pay the Payment Request (QR, or a
// code they presented), with what is still owed, the checks Centrapay asks for, and payment at the counter instead.
import type { ReactNode } from 'react';
import type { LaneConnection, LanePayment, LaneState } from '../../domain/lane';
import { conditionsAwaitingCashier, conditionsAwaitingPatron, notPaidYet, refusal } from '../../domain/sale';
import { errorMessage } from '../lib/api-client';
import { Money } from '../ui/money';
import { ShownByClock, TimeLeft } from '../ui/clock';
import { useDecideCondition } from './api/decide-condition';
import { OrderWords } from './order-line';
import { stepWords } from './sale-words';

export function ConnectionPanel({ connection, serverTime, cancelling, tender, cancel, footer }: {
  connection: LaneConnection; serverTime: string; cancelling: boolean; tender: ReactNode; cancel: ReactNode; footer: ReactNode;
}) {
  return (
    <div className="payment-panel" role="status" aria-live="polite">
      <p className="status-line" data-testid="cashier-status">{cancelling ? 'Cancelling…' : 'Waiting for the customer’s wallet to connect'}</p>
      <p>Time left <TimeLeft expiresAt={connection.expiresAt} serverTime={serverTime} /></p>
      {connection.notice && <p className="notice">{connection.notice}</p>}
      <p className="muted">No wallet? Take the payment at the counter:</p>
      {tender}
      {footer}
      {cancel}
    </div>
  );
}

export function PaymentPanel({ state, payment, cancelling, tender, checks, cancel, footer }: {
  state: LaneState; payment: LanePayment; cancelling: boolean;
  tender: (amountLabel: string, due: string) => ReactNode; checks: ReactNode; cancel: ReactNode; footer: ReactNode;
}) {
  const { paymentRequest } = payment;
  const { connection, order } = state;
  const remaining = paymentRequest.remainingAmount ?? paymentRequest.value.amount;
  const linked = connection?.outcome === 'linked' && paymentRequest.connectionId === connection.id ? connection : null;
  const waiting = linked ? `Connected: ${linked.walletName ?? 'wallet'}`
    : order?.kind === 'code' ? 'Waiting for the customer to approve the payment in their app' : 'Waiting for the customer to pay';
  const status = cancelling ? 'Cancelling payment…' : stepWords(state) ?? waiting;
  return (
    <div className="payment-panel" role="status" aria-live="polite">
      <p className="status-line" data-testid="cashier-status">{status}</p>
      {order?.code && (
        <p data-testid="cashier-code">
          Code <strong>{order.code.displayName}</strong> · {order.code.masked}{order.patronNotPresent && ' · phone order (customer not here)'}
        </p>
      )}
      {checks}
      {state.step?.notice && <p className="notice" data-testid="step-notice">{state.step.notice}</p>}
      <p>
        {linked || state.parts.length > 0 ? 'Still to pay' : 'Amount due'} <strong data-testid="cashier-remaining"><Money cents={remaining} currency={paymentRequest.value.currency} /></strong>
        {' · '}Time left <TimeLeft expiresAt={paymentRequest.expiresAt} serverTime={state.serverTime} />
      </p>
      <p className="muted">Short code <strong>{paymentRequest.shortCode}</strong>{state.order && <> · <OrderWords order={state.order} /></>}</p>
      {payment.notice && <p className="notice" data-testid="payment-notice">{payment.notice}</p>}
      <ShownByClock shown={(now) => notPaidYet(state, now)} serverTime={state.serverTime}>
        <p className="notice" data-testid="not-paid-yet">
          Not paid yet. Centrapay does not tell the till when a customer’s app turns a payment down (not enough money, a
          wallet switched off): ask the customer, and take payment another way if it did.
        </p>
      </ShownByClock>
      {/* With a wallet linked, the rest; without one, the customer may still pay the whole sale at the counter. */}
      {tender(linked || state.parts.length > 0 || state.counter.length > 0 ? 'Collect the rest' : 'Take payment at the counter', remaining)}
      {footer}
      {cancel}
    </div>
  );
}

/** Checks Centrapay asks for before the payment (§6.9): the cashier answers theirs; the customer's are shown. */
export function ConditionPrompts({ lane, state, saleRef, operatorId }: { lane: string; state: LaneState; saleRef: string; operatorId: string }) {
  const decide = useDecideCondition(lane);
  const forCashier = conditionsAwaitingCashier(state);
  const forPatron = conditionsAwaitingPatron(state);
  const refused = refusal(state, 'decide');
  if (forCashier.length === 0 && forPatron.length === 0) return null;
  return (
    <>
      {forCashier.map((condition) => (
        <div key={condition.id} className="condition-prompt" role="group" aria-labelledby={`condition-${condition.id}`}>
          <p id={`condition-${condition.id}`} className="condition-message"><strong>Check needed:</strong> {condition.message}</p>
          <div className="tender-actions">
            <button type="button" className="accept-button" disabled={decide.isPending || refused !== null}
              onClick={() => decide.mutate({ ref: saleRef, operatorId, conditionId: condition.id, decision: 'accept' })}>Accept</button>
            <button type="button" className="cancel-button" disabled={decide.isPending || refused !== null}
              onClick={() => decide.mutate({ ref: saleRef, operatorId, conditionId: condition.id, decision: 'decline' })}>Decline</button>
          </div>
        </div>
      ))}
      {forPatron.map((condition) => (
        <p key={condition.id} className="notice" data-testid="patron-condition">Waiting for the customer: {condition.message}</p>
      ))}
      {decide.error && <p role="alert" className="error">{errorMessage(decide.error)}</p>}
    </>
  );
}
