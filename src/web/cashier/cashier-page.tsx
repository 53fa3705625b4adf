import { useEffect, useRef } from 'react';
import { cartTotal, lineTotal } from '../../domain/cart';
import { DEMO_CATALOG } from '../../domain/catalog';
import type { LanePayment, LaneState } from '../../domain/lane';
import { useCart, useCartStore } from '../cart/cart-store';
import { usePosConfig } from '../checkout/get-config';
import { useLaneState } from '../checkout/get-lane-state';
import { useLaneEvents } from '../checkout/use-lane-events';
import { errorMessage } from '../lib/api-client';
import { laneFromLocation } from '../lib/lane-param';
import { useNow } from '../lib/use-now';
import { Money } from '../ui/money';
import { formatCountdown, outcomeDetail, paidByLines, secondsLeft } from '../ui/payment-words';
import { useCancelPayment, useStartPayment } from './api/lane-actions';
import { useCartSync } from './api/use-cart-sync';
import { HistoryPanel } from './history-panel';

export function CashierPage() {
  const config = usePosConfig();
  const lane = laneFromLocation(config.data?.lanes[0]?.id);
  if (config.isError) return <main className="screen-message" role="alert">{errorMessage(config.error)}</main>;
  if (!lane) return <main className="screen-message">Loading…</main>;
  return <Cashier lane={lane} />;
}

function Cashier({ lane }: { lane: string }) {
  useLaneEvents(lane);
  const laneState = useLaneState(lane);
  const cart = useCart(lane);
  const operatorId = useCartStore((state) => state.operatorId);
  const setOperator = useCartStore((state) => state.setOperator);
  const replaceCart = useCartStore((state) => state.replace);
  const payment = laneState.data?.payment ?? null;
  const pending = payment?.outcome === 'pending';
  // The cart is fixed while it is being paid for and once it is paid, until the cashier starts a new sale.
  const locked = pending || payment?.outcome === 'paid';
  const syncError = useCartSync(lane, cart, laneState.data?.cart, locked || !laneState.data);

  // A reload in the middle of a payment resumes it with the cart that is being paid for.
  const resumed = useRef(false);
  useEffect(() => {
    if (resumed.current || !laneState.data) return;
    resumed.current = true;
    if (laneState.data.payment?.outcome === 'pending') replaceCart(lane, laneState.data.cart);
  }, [lane, laneState.data, replaceCart]);

  if (laneState.isError && !laneState.data) {
    return <main className="screen-message" role="alert">{errorMessage(laneState.error)}</main>;
  }

  return (
    <div className="cashier">
      <header className="cashier-header">
        <h1>{laneState.data?.lane.name ?? 'Till'} <span className="muted">· Cashier</span></h1>
        <label className="operator">
          Operator
          <input value={operatorId} onChange={(event) => setOperator(event.target.value)} maxLength={64} />
        </label>
      </header>
      <main className="cashier-main">
        <section aria-labelledby="catalog-heading" className="catalog">
          <h2 id="catalog-heading">Products</h2>
          <div className="catalog-grid">
            {DEMO_CATALOG.map((item) => (
              <button key={item.sku} type="button" className="product" disabled={locked}
                onClick={() => useCartStore.getState().add(lane, item)} aria-label={`Add ${item.name}`}>
                <span className="product-name">{item.name}</span>
                <Money cents={item.unitPrice} />
              </button>
            ))}
          </div>
        </section>
        <section aria-labelledby="cart-heading" className="cart">
          <h2 id="cart-heading">Cart</h2>
          {cart.length === 0 ? <p className="muted">The cart is empty. Tap a product to add it.</p> : (
            <ul className="cart-edit" aria-label="Cart items">
              {cart.map((line) => (
                <li key={line.sku}>
                  <span className="line-name">{line.name}</span>
                  <span className="qty-controls">
                    <button type="button" disabled={locked} aria-label={`One less ${line.name}`}
                      onClick={() => useCartStore.getState().setQty(lane, line.sku, line.qty - 1)}>−</button>
                    <span aria-label={`Quantity of ${line.name}`}>{line.qty}</span>
                    <button type="button" disabled={locked} aria-label={`One more ${line.name}`}
                      onClick={() => useCartStore.getState().setQty(lane, line.sku, line.qty + 1)}>+</button>
                  </span>
                  <Money cents={lineTotal(line)} />
                  <button type="button" className="link" disabled={locked} aria-label={`Remove ${line.name}`}
                    onClick={() => useCartStore.getState().remove(lane, line.sku)}>Remove</button>
                </li>
              ))}
            </ul>
          )}
          <p className="cart-total">Total <strong data-testid="cashier-total"><Money cents={cartTotal(cart)} /></strong></p>
          {syncError && <p role="alert" className="error">{syncError}</p>}
          <Tender lane={lane} state={laneState.data} operatorId={operatorId} />
        </section>
        <HistoryPanel lane={lane} refreshKey={`${payment?.paymentRequest.id}:${payment?.outcome}`} />
      </main>
    </div>
  );
}

function Tender({ lane, state, operatorId }: { lane: string; state: LaneState | undefined; operatorId: string }) {
  const cart = useCart(lane);
  const start = useStartPayment(lane);
  const cancel = useCancelPayment(lane);
  const payment = state?.payment ?? null;

  if (payment?.outcome === 'pending') {
    return (
      <PaymentPanel payment={payment} cancelling={cancel.isPending || payment.cancelling}
        error={cancel.error ? errorMessage(cancel.error) : null}
        onCancel={() => cancel.mutate({ paymentRequestId: payment.paymentRequest.id, operatorId })} />
    );
  }
  return (
    <>
      {payment && <ResultPanel payment={payment} onNewSale={() => useCartStore.getState().clear(lane)} />}
      {payment?.outcome !== 'paid' && (
        <button type="button" className="pay-button" disabled={cart.length === 0 || start.isPending || !state}
          onClick={() => start.mutate({ cart, operatorId })}>
          {start.isPending ? 'Starting payment…' : 'Pay with Centrapay'}
        </button>
      )}
      {start.error && <p role="alert" className="error">{errorMessage(start.error)}</p>}
    </>
  );
}

function PaymentPanel({ payment, cancelling, error, onCancel }: { payment: LanePayment; cancelling: boolean; error: string | null; onCancel: () => void }) {
  const now = useNow();
  const { paymentRequest } = payment;
  return (
    <div className="payment-panel" role="status" aria-live="polite">
      <p className="status-line" data-testid="cashier-status">
        {cancelling ? 'Cancelling payment…' : 'Waiting for the customer to pay'}
      </p>
      <p>Amount due <strong><Money cents={paymentRequest.remainingAmount ?? paymentRequest.value.amount} currency={paymentRequest.value.currency} /></strong></p>
      <p>Time left <strong>{formatCountdown(secondsLeft(paymentRequest.expiresAt, now))}</strong> · Short code <strong>{paymentRequest.shortCode}</strong></p>
      <p className="muted">Order {payment.orderRef}</p>
      {payment.notice && <p className="notice">{payment.notice}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      <button type="button" className="cancel-button" onClick={onCancel} disabled={cancelling}>Cancel payment</button>
    </div>
  );
}

const RESULT_TITLES = { paid: 'Payment successful', cancelled: 'Payment cancelled', expired: 'Payment expired', unknown: 'Payment status unknown', pending: '' } as const;

function ResultPanel({ payment, onNewSale }: { payment: LanePayment; onNewSale: () => void }) {
  const { paymentRequest } = payment;
  const detail = outcomeDetail(payment);
  return (
    <div className={`result-panel result-${payment.outcome}`} role="status" aria-live="polite">
      <p className="status-line" data-testid="cashier-status">{RESULT_TITLES[payment.outcome]}</p>
      {payment.outcome === 'paid' && (
        <ul className="paid-by" aria-label="Paid by">
          {paidByLines(paymentRequest.paidBy).map((line) => <li key={line}>{line}</li>)}
        </ul>
      )}
      {detail && <p>{detail}</p>}
      <p>Short code <strong data-testid="short-code">{paymentRequest.shortCode}</strong> · Order {payment.orderRef}</p>
      <button type="button" onClick={onNewSale}>New sale</button>
    </div>
  );
}
