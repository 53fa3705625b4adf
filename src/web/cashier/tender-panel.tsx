// How the sale is paid: start the QR or Connect flow, follow every wait on the lane, take payment at the counter,
// collect or refund what is owed, cancel, and the result. Which buttons are offered follows the domain's rules
// (`refusal`), the same ones the server checks each press against.
import { useState, type ReactNode } from 'react';
import { cartTotal, totalProblem, type CartItem, type CartLine } from '../../domain/cart';
import { TENDER_LABELS, type CounterTender, type LaneConnection, type LaneOrder, type LanePayment, type LaneSettlement, type LaneState } from '../../domain/lane';
import { amountStillOwed, conditionsAwaitingCashier, conditionsAwaitingPatron, refusal, salePhase, type SalePhase } from '../../domain/sale';
import { errorMessage } from '../lib/api-client';
import { useServerNow } from '../lib/use-now';
import { Money } from '../ui/money';
import { changeOwed, outcomeDetail, resultTitle, salePaidByLines, timeLeft } from '../ui/payment-words';
import { followUpWords } from '../ui/sale-state';
import { useCancelSale, useConnectWallet, useDecideCondition, useNewSale, usePayAtCounter, useRefundPart, useStartPayment, useTender } from './api/lane-actions';
import { CounterTenderButtons } from './counter-tender';
import { PatronCodePanel } from './patron-code-panel';
import { PrintReceiptButton } from './print-receipt-button';

interface TenderPanelProps {
  lane: string;
  state: LaneState | undefined;
  /** This screen's cart (sku and qty) and its lines priced by the server's catalog. */
  cart: CartItem[];
  priced: CartLine[];
  operatorId: string;
}

export function TenderPanel({ lane, state, cart, priced, operatorId }: TenderPanelProps) {
  const start = useStartPayment(lane);
  const connect = useConnectWallet(lane);
  const tender = useTender(lane);
  const cancel = useCancelSale(lane);
  const nextSale = useNewSale(lane);
  const refund = useRefundPart(lane);
  const counterPay = usePayAtCounter(lane);
  const now = useServerNow(state?.serverTime);
  const phase: SalePhase | null = state ? salePhase(state) : null;
  const ref = state?.order?.ref ?? null;

  // A failed press is shown until the next one, while the sale is where it was when pressed or still under way (a
  // refusal often comes with news of what another screen did); once the lane is settled elsewhere, it is old news.
  const scope = `${ref}|${phase}`;
  const [pressedIn, setPressedIn] = useState<string | null>(null);
  const mutations = [start, connect, tender, cancel, nextSale, refund, counterPay];
  const last = mutations.reduce((a, b) => (b.submittedAt > a.submittedAt ? b : a));
  const current = pressedIn === scope || (phase !== 'open' && phase !== 'done');
  const errorText = last.error && current ? errorMessage(last.error) : null;
  const errorLine = errorText ? <p role="alert" className="error">{errorText}</p> : null;
  const press = (run: () => void) => {
    setPressedIn(scope);
    run();
  };

  const followUps = state ? followUpWords(state.followUps) : null;
  const footer = (
    <>
      {errorLine}
      {followUps && <p className="notice" data-testid="follow-ups">{followUps}</p>}
    </>
  );

  if (!state || !phase) return <>{footer}</>;
  const busy = mutations.some((m) => m.isPending);
  const onTender = ref ? (counter: CounterTender) => press(() => tender.mutate({ ref, operatorId, ...counter })) : undefined;
  const onCancel = ref ? () => press(() => cancel.mutate({ ref, operatorId })) : undefined;
  const onNewSale = () => press(() => nextSale.mutate({ operatorId }));
  const tenderRefused = refusal(state, 'tender');
  const cancelRefused = refusal(state, 'cancel');
  const cancelling = cancel.isPending || state.step?.kind === 'cancelling' || state.step?.cancelRequested === true;
  const tenderProps = {
    onTake: onTender,
    disabled: busy || tenderRefused !== null,
    // Why the counter buttons cannot be used now (another screen is cancelling, a tender is being recorded…).
    why: state.step && tenderRefused && tenderRefused.message !== errorText ? tenderRefused.message : null,
  };
  const cancelButton = (label: string) => (
    <button type="button" className="cancel-button" onClick={onCancel} disabled={!onCancel || cancelling || cancelRefused !== null}>{label}</button>
  );

  switch (phase) {
    case 'starting': {
      const linked = state.connection?.outcome === 'linked' ? state.connection : null;
      const words = cancelling ? 'Cancelling payment…' : state.step?.kind === 'connecting' ? 'Starting the wallet connection…' : 'Starting the payment…';
      return (
        <div className="payment-panel" role="status" aria-live="polite">
          {linked && <p className="muted">Connected: {linked.walletName ?? 'wallet'}</p>}
          <p className="status-line" data-testid="cashier-status">{words}</p>
          {state.step?.notice && <p className="notice" data-testid="step-notice">{state.step.notice}</p>}
          <OrderLine orderRef={ref} />
          {footer}
          {cancelButton(state.step?.kind === 'connecting' ? 'Cancel' : 'Cancel payment')}
        </div>
      );
    }
    case 'connecting':
      return (
        <ConnectionPanel connection={state.connection!} now={now} cancelling={cancelling} footer={footer}
          tender={<CounterTenderButtons {...tenderProps} due={state.order?.total ?? state.total} amountLabel="Take payment without the wallet" />}
          cancel={cancelButton('Cancel')} />
      );
    case 'paying':
      return (
        <PaymentPanel state={state} payment={state.payment!} now={now} cancelling={cancelling}
          tender={(amountLabel, due) => <CounterTenderButtons {...tenderProps} due={due} amountLabel={amountLabel} />} footer={footer}
          checks={ref && <ConditionPrompts lane={lane} state={state} saleRef={ref} operatorId={operatorId} />}
          cancel={cancelButton('Cancel payment')} />
      );
    case 'owed': {
      // The request that paid part, or (after a request for the rest ended unpaid) that one, with what it said.
      const { payment } = state;
      const owed = amountStillOwed(state)!;
      const refundRefused = refusal(state, 'refund');
      return (
        <div className="payment-panel" role="status" aria-live="polite">
          <p className="status-line" data-testid="cashier-status">{stepWords(state) ?? 'Paid in part'}</p>
          {state.step?.notice && <p className="notice">{state.step.notice}</p>}
          <ul className="paid-by" aria-label="Paid by">{salePaidByLines(state.parts, payment, state.counter).map((line) => <li key={line}>{line}</li>)}</ul>
          <p>Still to pay <strong data-testid="cashier-remaining"><Money cents={owed} /></strong></p>
          {payment && payment.outcome !== 'paid' && <p className="notice" data-testid="rest-outcome">The payment for the rest ended: {resultTitle(payment.outcome, 'cashier').toLowerCase()}. {outcomeDetail(payment, state.order?.code ?? null)}</p>}
          {payment?.outcome === 'paid' && payment.notice && <p className="notice">{payment.notice}</p>}
          {state.notice && <p className="notice">{state.notice}</p>}
          <CounterTenderButtons {...tenderProps} due={owed} amountLabel="Collect the rest" />
          <button type="button" className="pay-button" disabled={busy || refusal(state, 'pay') !== null}
            onClick={() => press(() => start.mutate({ cart, operatorId }))}>
            {start.isPending ? 'Starting payment…' : <>Pay the rest <Money cents={owed} /> with Centrapay</>}
          </button>
          <PatronCodePanel lane={lane} cart={cart} total={owed} operatorId={operatorId}
            blocked={refusal(state, 'pay')?.message ?? (busy ? 'Wait for the last press to finish.' : null)} />
          {footer}
          <button type="button" className="cancel-button" disabled={busy || refundRefused !== null}
            onClick={() => ref && press(() => refund.mutate({ ref, operatorId }))}>
            Customer cannot pay: refund
          </button>
        </div>
      );
    }
    case 'done':
      return <DonePanel state={state} onNewSale={onNewSale} busy={busy} footer={footer} />;
    case 'open':
      break;
  }

  // Open: the cart can be changed and paid. What happened to the last attempt, if anything, shows above.
  const { payment, connection } = state;
  const total = cartTotal(priced);
  const problem = cart.length > 0 ? totalProblem(total) : null;
  const payRefused = refusal(state, 'pay');
  const canStart = cart.length > 0 && !problem && !payRefused && !busy;
  return (
    <>
      {payment ? <ResultPanel payment={payment} parts={state.parts} counter={state.counter} order={state.order} onNewSale={onNewSale} busy={busy} />
        : connection && connection.outcome !== 'linked' && (
          <p className="notice" role="status" data-testid="cashier-status">{connection.outcome === 'cancelled' ? 'Wallet connection cancelled' : connection.notice}</p>
        )}
      {!payment && state.notice && <p className="notice" role="status" data-testid="lane-notice">{state.notice}</p>}
      {problem && <p className="error">{problem}</p>}
      <div className="tender-actions">
        <button type="button" className="pay-button" disabled={!canStart}
          onClick={() => press(() => start.mutate({ cart, operatorId }))}>
          {start.isPending ? 'Starting payment…' : 'Pay with Centrapay'}
        </button>
        <button type="button" className="connect-button" disabled={!canStart}
          onClick={() => press(() => connect.mutate({ cart, operatorId }))}>
          {connect.isPending ? 'Connecting…' : 'Connect wallet'}
        </button>
      </div>
      <PatronCodePanel lane={lane} cart={cart} total={total} operatorId={operatorId}
        blocked={cart.length === 0 ? 'Add something to the cart first.' : problem ?? payRefused?.message ?? (busy ? 'Wait for the last press to finish.' : null)} />
      <h3 className="counter-heading">At the counter</h3>
      {/* No Centrapay step: the whole sale, or a first part with the rest by Centrapay or a code (split tender). */}
      <CounterTenderButtons due={total} disabled={!canStart} why={null} amountLabel="Take payment at the counter"
        onTake={(counter) => press(() => counterPay.mutate({ cart, operatorId, ...counter }))} />
      {footer}
    </>
  );
}

/** The wait on the lane in the cashier's words; null when nothing is under way. */
function stepWords(state: LaneState): string | null {
  switch (state.step?.kind) {
    case undefined:
      return null;
    case 'creating':
      return state.step.cancelRequested ? 'Cancelling payment…' : 'Starting the payment…';
    case 'connecting':
      return 'Starting the wallet connection…';
    case 'cancelling':
      return 'Cancelling payment…';
    case 'tendering':
      return `Recording the ${state.step.method === 'card' ? 'card' : 'cash'} payment with Centrapay…`;
    case 'refunding':
      return 'Refunding the customer’s payment…';
    case 'deciding':
      return state.step.decision?.decision === 'decline' ? 'Declining the check…' : 'Accepting the check…';
  }
}

function OrderLine({ orderRef }: { orderRef: string | null }) {
  return orderRef ? <p className="muted">Order <span data-testid="order-ref">{orderRef}</span></p> : null;
}

function ConnectionPanel({ connection, now, cancelling, tender, cancel, footer }: {
  connection: LaneConnection; now: number; cancelling: boolean; tender: ReactNode; cancel: ReactNode; footer: ReactNode;
}) {
  return (
    <div className="payment-panel" role="status" aria-live="polite">
      <p className="status-line" data-testid="cashier-status">{cancelling ? 'Cancelling…' : 'Waiting for the customer’s wallet to connect'}</p>
      <p>Time left <strong>{timeLeft(connection.expiresAt, now)}</strong></p>
      {connection.notice && <p className="notice">{connection.notice}</p>}
      <p className="muted">No wallet? Take the payment at the counter:</p>
      {tender}
      {footer}
      {cancel}
    </div>
  );
}

function PaymentPanel({ state, payment, now, cancelling, tender, checks, cancel, footer }: {
  state: LaneState; payment: LanePayment; now: number; cancelling: boolean;
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
      {state.parts.length + state.counter.length > 0 && <ul className="paid-by" aria-label="Already paid">{salePaidByLines(state.parts, null, state.counter).map((line) => <li key={line}>{line}</li>)}</ul>}
      <p>{linked || state.parts.length > 0 ? 'Still to pay' : 'Amount due'} <strong data-testid="cashier-remaining"><Money cents={remaining} currency={paymentRequest.value.currency} /></strong></p>
      <p>Time left <strong>{timeLeft(paymentRequest.expiresAt, now)}</strong> · Short code <strong>{paymentRequest.shortCode}</strong></p>
      <OrderLine orderRef={state.order?.ref ?? null} />
      {payment.notice && <p className="notice" data-testid="payment-notice">{payment.notice}</p>}
      {/* With a wallet linked, the rest; without one, the customer may still pay the whole sale at the counter. */}
      {tender(linked || state.parts.length > 0 || state.counter.length > 0 ? 'Collect the rest' : 'Take payment at the counter', remaining)}
      {footer}
      {cancel}
    </div>
  );
}

/** Checks Centrapay asks for before the payment (§6.9): the cashier answers theirs; the customer's are shown. */
function ConditionPrompts({ lane, state, saleRef, operatorId }: { lane: string; state: LaneState; saleRef: string; operatorId: string }) {
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

function DonePanel({ state, onNewSale, busy, footer }: { state: LaneState; onNewSale: () => void; busy: boolean; footer: ReactNode }) {
  const { payment, settlement } = state;
  const newSale = <button type="button" onClick={onNewSale} disabled={busy || refusal(state, 'newSale') !== null}>New sale</button>;
  if (!settlement) {
    return (
      <>
        {payment && <ResultPanel payment={payment} parts={state.parts} counter={state.counter} order={state.order} onNewSale={onNewSale} busy={busy} />}
        <PrintReceiptButton saleRef={state.order?.ref} />
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
      <OrderLine orderRef={state.order?.ref ?? null} />
      <PrintReceiptButton saleRef={state.order?.ref} />
      {footer}
      {newSale}
    </div>
  );
}

/** "Change $2.70": what to hand back for the cash just taken. */
function CashierChange({ state }: { state: Pick<LaneState, 'settlement' | 'payment'> }) {
  const change = changeOwed(state);
  return change ? <p className="change-due" data-testid="cashier-change">Change <strong><Money cents={change} /></strong></p> : null;
}

function ResultPanel({ payment, parts, counter, order, onNewSale, busy }: {
  payment: LanePayment; parts: LanePayment[]; counter: LaneSettlement[]; order: LaneOrder | null; onNewSale: () => void; busy: boolean;
}) {
  const detail = outcomeDetail(payment, order?.code ?? null);
  const orderRef = order?.ref ?? null;
  return (
    <div className={`result-panel result-${payment.outcome}`} role="status" aria-live="polite">
      <p className="status-line" data-testid="cashier-status">{resultTitle(payment.outcome, 'cashier')}</p>
      {payment.outcome === 'paid' && (
        <ul className="paid-by" aria-label="Paid by">
          {salePaidByLines(parts, payment, counter).map((line) => <li key={line}>{line}</li>)}
        </ul>
      )}
      {payment.outcome === 'paid' && <CashierChange state={{ payment, settlement: null }} />}
      {detail && <p>{detail}</p>}
      <p>Short code <strong data-testid="short-code">{payment.paymentRequest.shortCode}</strong>{orderRef && <> · Order {orderRef}</>}</p>
      <button type="button" onClick={onNewSale} disabled={busy}>New sale</button>
    </div>
  );
}
