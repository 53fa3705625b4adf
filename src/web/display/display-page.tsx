// The customer-facing display: read-only. It shows the lane's cart, the QR code to connect a wallet or to pay,
// the offers a wallet applied and what is still owed, and the result, then goes back to idle.
import { TENDER_LABELS, type LaneConnection, type LanePayment, type LaneState } from '../../domain/lane';
import { usePosConfig } from '../checkout/get-config';
import { useWakeLock } from '../lib/use-wake-lock';
import { useLaneState } from '../checkout/get-lane-state';
import { useLaneEvents } from '../checkout/use-lane-events';
import { errorMessage } from '../lib/api-client';
import { laneFromLocation } from '../lib/lane-param';
import { useServerNow } from '../lib/use-now';
import { CartLines } from '../ui/cart-lines';
import { CentrapayQr } from '../ui/centrapay-qr';
import { Money } from '../ui/money';
import { ReceiptQr } from './receipt-qr';
import { chooseDisplayLane, useRememberDisplayLane } from './display-lane';
import { useDisplayLaneStore } from './display-lane-store';
import { DisplaySetup } from './display-setup';
import { ReconnectingNotice } from './reconnecting-notice';
import { changeOwed, outcomeDetail, resultTitle, salePaidByLines, timeLeft } from '../ui/payment-words';
import { amountStillOwed, owingRequest } from '../../domain/sale';
import { displayConditionWords, displayScreen, displayStepWords } from '../ui/sale-state';

export function DisplayPage() {
  const config = usePosConfig();
  const remembered = useDisplayLaneStore((state) => state.lane);
  const lane = config.data ? chooseDisplayLane(laneFromLocation(undefined), remembered, config.data.lanes) : null;
  useRememberDisplayLane(lane, config.data?.lanes);
  if (config.isError) return <main className="display display-message" role="alert">{errorMessage(config.error)}</main>;
  if (!config.data) return <main className="display display-message">Connecting…</main>;
  if (!lane) return <DisplaySetup lanes={config.data.lanes} />;
  return <Display lane={lane} logoUrl={config.data.logoUrl} />;
}

function Display({ lane, logoUrl }: { lane: string; logoUrl: string }) {
  useWakeLock();
  useLaneEvents(lane);
  const laneState = useLaneState(lane);
  const now = useServerNow(laneState.data?.serverTime, 500);

  if (!laneState.data) {
    return (
      <main className="display display-message" role={laneState.isError ? 'alert' : undefined}>
        {laneState.isError ? errorMessage(laneState.error) : 'Connecting…'}
      </main>
    );
  }
  const state = laneState.data;
  const screen = displayScreen(state, now);
  return (
    <main className="display" data-screen={screen} aria-live="polite">
      <ReconnectingNotice lane={lane} read={laneState} />
      {screen === 'idle' && <Idle />}
      {screen === 'cart' && <CartScreen state={state} />}
      {screen === 'starting' && <StartingScreen state={state} />}
      {screen === 'connect' && state.connection && <ConnectScreen state={state} connection={state.connection} logoUrl={logoUrl} now={now} />}
      {screen === 'pay' && state.payment && <PayScreen state={state} payment={state.payment} logoUrl={logoUrl} now={now} />}
      {screen === 'collect' && <CollectScreen state={state} />}
      {screen === 'result' && <ResultScreen state={state} />}
      {screen === 'result' && <ReceiptQr state={state} />}
    </main>
  );
}

function Idle() {
  return (
    <div className="idle">
      <h1>Welcome</h1>
      <p>Pay with Centrapay at this counter.</p>
    </div>
  );
}

function CartScreen({ state }: { state: LaneState }) {
  return (
    <div className="display-cart">
      <h1>Your order</h1>
      <CartLines cart={state.cart} total={state.total} />
    </div>
  );
}

/** Pay (or the wallet's link) was pressed: the request is being made, so there is no QR code to scan yet. */
function StartingScreen({ state }: { state: LaneState }) {
  const wallet = state.connection?.outcome === 'linked' ? state.connection : null;
  return (
    <div className="display-pay">
      <div className="display-pay-cart">
        {wallet && <p className="wallet-connected" data-testid="wallet-connected">Connected: {wallet.walletName ?? 'your wallet'}</p>}
        <h1>Your order</h1>
        <CartLines cart={state.cart} total={state.total} />
      </div>
      <div className="display-pay-qr">
        <p className="amount-due">Amount due <strong data-testid="amount-due"><Money cents={state.order?.total ?? state.total} /></strong></p>
        <p className="display-step" role="status" data-testid="display-step">{displayStepWords(state)}</p>
      </div>
    </div>
  );
}

function ConnectScreen({ state, connection, logoUrl, now }: { state: LaneState; connection: LaneConnection; logoUrl: string; now: number }) {
  return (
    <div className="display-pay">
      <div className="display-pay-cart">
        <h1>Your order</h1>
        <CartLines cart={state.cart} total={state.total} />
      </div>
      <div className="display-pay-qr">
        <p className="amount-due">Get your rewards</p>
        <CentrapayQr url={connection.url} label="Scan to connect your wallet" logoUrl={logoUrl} />
        <p className="scan-hint">Scan with your wallet app to connect</p>
        <p className="time-left">Time left <strong>{timeLeft(connection.expiresAt, now)}</strong></p>
      </div>
    </div>
  );
}

function PayScreen({ state, payment, logoUrl, now }: { state: LaneState; payment: LanePayment; logoUrl: string; now: number }) {
  const { paymentRequest } = payment;
  const wallet = state.connection?.outcome === 'linked' && paymentRequest.connectionId === state.connection.id ? state.connection : null;
  const step = displayStepWords(state);
  const check = displayConditionWords(state);
  const code = state.order?.kind === 'code' ? state.order.code : null;
  return (
    <div className="display-pay">
      <div className="display-pay-cart">
        {wallet && <p className="wallet-connected" data-testid="wallet-connected">Connected: {wallet.walletName ?? 'your wallet'}</p>}
        <h1>Your order</h1>
        <CartLines cart={state.cart} total={state.total} paymentRequest={paymentRequest} />
        {state.parts.length + state.counter.length > 0 && (
          <ul className="paid-by" aria-label="Already paid">{salePaidByLines(state.parts, null, state.counter).map((line) => <li key={line}>{line}</li>)}</ul>
        )}
      </div>
      <div className="display-pay-qr">
        <p className="amount-due">
          {wallet || state.parts.length + state.counter.length > 0 ? 'Still to pay' : 'Amount due'}{' '}
          <strong data-testid="amount-due"><Money cents={paymentRequest.remainingAmount ?? paymentRequest.value.amount} currency={paymentRequest.value.currency} /></strong>
        </p>
        {check && <p className="display-check" role="status" data-testid="display-check">{check}</p>}
        {/* While the till cancels the request or records a payment on it, nobody should scan it. */}
        {step ? (
          <p className="display-step" role="status" data-testid="display-step">{step}</p>
        ) : code ? (
          <>
            {/* The customer showed a code: the request waits in their app, so there is nothing to scan here. */}
            <p className="approve-hint" data-testid="approve-hint">Approve the payment in your app</p>
            <p className="muted">{code.displayName} · {code.masked}</p>
            <p className="time-left">Time left <strong>{timeLeft(paymentRequest.expiresAt, now)}</strong></p>
          </>
        ) : (
          <>
            <CentrapayQr url={paymentRequest.url} label="Scan to pay with Centrapay" logoUrl={logoUrl} />
            <p className="scan-hint">{wallet ? 'Pay the rest with Centrapay, or at the counter' : 'Scan with your Centrapay app'}</p>
            <p className="time-left">Time left <strong>{timeLeft(paymentRequest.expiresAt, now)}</strong></p>
          </>
        )}
      </div>
    </div>
  );
}

/** Paid in part through Centrapay; the rest is taken at the counter. */
function CollectScreen({ state }: { state: LaneState }) {
  // The request that paid part, if any: a sale begun at the counter has none.
  const owing = owingRequest(state);
  const step = displayStepWords(state);
  return (
    <div className="display-cart">
      <h1>Your order</h1>
      <CartLines cart={state.cart} total={state.total} paymentRequest={owing?.paymentRequest} />
      <ul className="paid-by" aria-label="Paid by">
        {salePaidByLines(state.parts, state.payment, state.counter).map((line) => <li key={line}>{line}</li>)}
      </ul>
      <p className="amount-due">
        Still to pay <strong data-testid="amount-due"><Money cents={amountStillOwed(state) ?? '0'} currency={owing?.paymentRequest.value.currency} /></strong>
      </p>
      {step ? <p className="display-step" role="status" data-testid="display-step">{step}</p> : <p>Please pay the rest at the counter.</p>}
    </div>
  );
}

/** The change the customer is owed for their cash, large enough to read across the counter. */
function ChangeLine({ state }: { state: LaneState }) {
  const change = changeOwed(state);
  return change ? <p className="change-due" data-testid="change-due">Your change <strong><Money cents={change} /></strong></p> : null;
}

function ResultScreen({ state }: { state: LaneState }) {
  const { payment, settlement, connection } = state;
  if (settlement) {
    // Either the whole sale at the counter (no wallet), or the rest after a part paid through Centrapay.
    const paidPart = payment?.outcome === 'paid' ? payment : null;
    return (
      <div className="display-result result-paid" role="status">
        <h1>{paidPart || state.parts.length > 0 ? 'Payment successful' : 'Thank you!'}</h1>
        <ul className="paid-by" aria-label="Paid by">
          {salePaidByLines(state.parts, paidPart, state.counter).map((line) => <li key={line}>{line}</li>)}
          <li>{TENDER_LABELS[settlement.tender.method]} <Money cents={settlement.tender.amount} /></li>
        </ul>
        <ChangeLine state={state} />
      </div>
    );
  }
  if (!payment) {
    return (
      <div className="display-result result-cancelled" role="status">
        <h1>{connection?.outcome === 'expired' ? 'Wallet not connected' : 'Payment cancelled'}</h1>
        {connection?.notice && <p>{connection.notice}</p>}
      </div>
    );
  }
  const detail = payment.outcome === 'paid' ? null : outcomeDetail(payment, state.order?.code ?? null);
  return (
    <div className={`display-result result-${payment.outcome}`} role="status">
      <h1>{resultTitle(payment.outcome, 'patron')}</h1>
      {payment.outcome === 'paid' && (
        <ul className="paid-by" aria-label="Paid by">
          {salePaidByLines(state.parts, payment, state.counter).map((line) => <li key={line}>{line}</li>)}
        </ul>
      )}
      {payment.outcome === 'paid' && <ChangeLine state={state} />}
      {detail && <p>{detail}</p>}
      {payment.outcome !== 'paid' && state.cart.length > 0 && (
        <div className="result-cart"><CartLines cart={state.cart} total={state.total} /></div>
      )}
      <p className="muted">Reference {payment.paymentRequest.shortCode}</p>
    </div>
  );
}
