import { useEffect, useRef } from 'react';
import { cartTotal, lineTotal } from '../../domain/cart';
import { DEMO_CATALOG } from '../../domain/catalog';
import type { LaneState } from '../../domain/lane';
import { subtractCents } from '../../domain/money';
import { discountedCart } from '../../domain/paid-by';
import { useCart, useCartStore } from '../cart/cart-store';
import { usePosConfig } from '../checkout/get-config';
import { useLaneState } from '../checkout/get-lane-state';
import { useLaneEvents } from '../checkout/use-lane-events';
import { errorMessage } from '../lib/api-client';
import { laneFromLocation } from '../lib/lane-param';
import { Money } from '../ui/money';
import { isSaleLocked } from '../ui/sale-state';
import { useCartSync } from './api/use-cart-sync';
import { CashierCodeForm } from './cashier-code-form';
import { HistoryPanel } from './history-panel';
import { TenderPanel } from './tender-panel';

export function CashierPage() {
  const config = usePosConfig();
  const cashierCode = useCartStore((state) => state.cashierCode);
  const lane = laneFromLocation(config.data?.lanes[0]?.id);
  if (config.isError) return <main className="screen-message" role="alert">{errorMessage(config.error)}</main>;
  if (!lane || !config.data) return <main className="screen-message">Loading…</main>;
  if (config.data.cashierCodeRequired && !cashierCode) return <CashierCodeForm />;
  return <Cashier lane={lane} />;
}

function Cashier({ lane }: { lane: string }) {
  useLaneEvents(lane);
  const laneState = useLaneState(lane);
  const cart = useCart(lane);
  const operatorId = useCartStore((state) => state.operatorId);
  const setOperator = useCartStore((state) => state.setOperator);
  const replaceCart = useCartStore((state) => state.replace);
  const state = laneState.data;
  const locked = state ? isSaleLocked(state) : true;
  const syncError = useCartSync(lane, cart, state?.cart, locked);

  // A reload in the middle of a sale resumes it with the cart that is being paid for.
  const resumed = useRef(false);
  useEffect(() => {
    if (resumed.current || !state) return;
    resumed.current = true;
    if (isSaleLocked(state)) replaceCart(lane, state.cart);
  }, [lane, state, replaceCart]);

  if (laneState.isError && !state) {
    return <main className="screen-message" role="alert">{errorMessage(laneState.error)}</main>;
  }

  return (
    <div className="cashier">
      <header className="cashier-header">
        <h1>{state?.lane.name ?? 'Till'} <span className="muted">· Cashier</span></h1>
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
          <CartEditor lane={lane} state={state} locked={locked} />
          {syncError && <p role="alert" className="error">{syncError}</p>}
          <TenderPanel lane={lane} state={state} operatorId={operatorId} />
        </section>
        <HistoryPanel lane={lane} refreshKey={`${state?.payment?.paymentRequest.id}:${state?.payment?.outcome}`} />
      </main>
    </div>
  );
}

function CartEditor({ lane, state, locked }: { lane: string; state: LaneState | undefined; locked: boolean }) {
  const cart = useCart(lane);
  const payment = state?.payment;
  // Offers count while the request is live or paid; a cancelled request gave them back.
  const withOffers = payment && (payment.outcome === 'pending' || payment.outcome === 'paid') ? payment.paymentRequest : undefined;
  const discounts = withOffers ? discountedCart(withOffers.lineItems ?? [], withOffers.paidBy) : undefined;
  const total = cartTotal(cart);

  if (cart.length === 0) return <p className="muted">The cart is empty. Tap a product to add it.</p>;
  return (
    <>
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
            {discounts?.lines.find(({ item }) => item.sku === line.sku)?.discounts.map((discount) => (
              <span key={discount.description} className="line-discount" data-testid={`cashier-discount-${line.sku}`}>
                {discount.description} −<Money cents={discount.amount} />
              </span>
            ))}
          </li>
        ))}
      </ul>
      {discounts && discounts.discountTotal !== '0' ? (
        <>
          <p className="cart-subtotal">Before discounts <Money cents={total} /></p>
          <p className="cart-total">Total <strong data-testid="cashier-total"><Money cents={subtractCents(total, discounts.discountTotal)} /></strong></p>
        </>
      ) : (
        <p className="cart-total">Total <strong data-testid="cashier-total"><Money cents={total} /></strong></p>
      )}
    </>
  );
}
