// The customer-facing display: read-only. It shows the lane's cart, the QR code while a payment is pending,
// and the result, then goes back to idle.
import type { LanePayment, LaneState } from '../../domain/lane';
import { usePosConfig } from '../checkout/get-config';
import { useLaneState } from '../checkout/get-lane-state';
import { useLaneEvents } from '../checkout/use-lane-events';
import { errorMessage } from '../lib/api-client';
import { laneFromLocation } from '../lib/lane-param';
import { useNow } from '../lib/use-now';
import { CartLines } from '../ui/cart-lines';
import { CentrapayQr } from '../ui/centrapay-qr';
import { Money } from '../ui/money';
import { formatCountdown, outcomeDetail, paidByLines, secondsLeft } from '../ui/payment-words';

export function DisplayPage() {
  const config = usePosConfig();
  const lane = laneFromLocation(config.data?.lanes[0]?.id);
  if (config.isError) return <main className="display display-message" role="alert">{errorMessage(config.error)}</main>;
  if (!lane || !config.data) return <main className="display display-message">Connecting…</main>;
  return <Display lane={lane} logoUrl={config.data.logoUrl} />;
}

function Display({ lane, logoUrl }: { lane: string; logoUrl: string }) {
  useLaneEvents(lane);
  const laneState = useLaneState(lane);
  const now = useNow(500);

  if (!laneState.data) {
    return (
      <main className="display display-message" role={laneState.isError ? 'alert' : undefined}>
        {laneState.isError ? errorMessage(laneState.error) : 'Connecting…'}
      </main>
    );
  }
  const state = laneState.data;
  const screen = screenFor(state, now);
  return (
    <main className="display" data-screen={screen} aria-live="polite">
      {screen === 'idle' && <Idle />}
      {screen === 'cart' && <CartScreen state={state} />}
      {screen === 'pay' && state.payment && <PayScreen state={state} payment={state.payment} logoUrl={logoUrl} now={now} />}
      {screen === 'result' && state.payment && <ResultScreen payment={state.payment} />}
    </main>
  );
}

type Screen = 'idle' | 'cart' | 'pay' | 'result';

function screenFor(state: LaneState, now: number): Screen {
  const { payment } = state;
  if (payment?.outcome === 'pending') return 'pay';
  if (payment?.finishedAt) {
    return Date.parse(payment.finishedAt) + state.resultSeconds * 1000 > now ? 'result' : 'idle';
  }
  return state.cart.length > 0 ? 'cart' : 'idle';
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

function PayScreen({ state, payment, logoUrl, now }: { state: LaneState; payment: LanePayment; logoUrl: string; now: number }) {
  const { paymentRequest } = payment;
  return (
    <div className="display-pay">
      <div className="display-pay-cart">
        <h1>Your order</h1>
        <CartLines cart={state.cart} total={state.total} />
      </div>
      <div className="display-pay-qr">
        <p className="amount-due">
          Amount due <strong data-testid="amount-due"><Money cents={paymentRequest.remainingAmount ?? paymentRequest.value.amount} currency={paymentRequest.value.currency} /></strong>
        </p>
        <CentrapayQr url={paymentRequest.url} label="Scan to pay with Centrapay" logoUrl={logoUrl} />
        <p className="scan-hint">Scan with your Centrapay app</p>
        <p className="time-left">Time left <strong>{formatCountdown(secondsLeft(paymentRequest.expiresAt, now))}</strong></p>
        {payment.cancelling && <p className="notice">Cancelling…</p>}
      </div>
    </div>
  );
}

const RESULT_TITLES = { paid: 'Payment successful', cancelled: 'Payment cancelled', expired: 'Payment expired', unknown: 'Payment not completed', pending: '' } as const;

function ResultScreen({ payment }: { payment: LanePayment }) {
  const detail = payment.outcome === 'paid' ? null : outcomeDetail(payment);
  return (
    <div className={`display-result result-${payment.outcome}`} role="status">
      <h1>{RESULT_TITLES[payment.outcome]}</h1>
      {payment.outcome === 'paid' && (
        <ul className="paid-by" aria-label="Paid by">
          {paidByLines(payment.paymentRequest.paidBy).map((line) => <li key={line}>{line}</li>)}
        </ul>
      )}
      {detail && <p>{detail}</p>}
      <p className="muted">Reference {payment.paymentRequest.shortCode}</p>
    </div>
  );
}
