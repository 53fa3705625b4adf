// The cashier's cart: editable while the sale is open, then the sale's bill while it is paid.
import { cartTotal, lineTotal, type CartLine } from '../../domain/cart';
import type { LaneState } from '../../domain/lane';
import { salePhase } from '../../domain/sale';
import { saleTally } from '../../domain/sale-tally';
import { useCartStore } from '../cart/cart-store';
import { Money } from '../ui/money';
import { discountLabel, paymentLabel } from '../ui/payment-words';

/**
 * The cart, editable while the sale is open. Once a payment is under way it is the sale's bill (domain/sale-tally.ts):
 * under each line what a connected wallet's offer or the Card Partner discount takes off it, the total after them, and
 * what was paid towards it (a voucher, a card, cash…), until the sale is done (its result then says how it was paid).
 * What is still to pay is said by the panel under it.
 */
export function CartEditor({ lane, state, lines, editable }: { lane: string; state: LaneState | undefined; lines: CartLine[]; editable: boolean }) {
  const phase = state ? salePhase(state) : 'open';
  // While the sale is open this screen's own cart leads (the lane catches up); after Pay, the lane's sale is the truth.
  const tally = state && phase !== 'open' ? saleTally(state) : null;
  const total = cartTotal(lines);
  const locked = !editable;

  if (lines.length === 0) return <p className="muted">The cart is empty. Tap a product to add it.</p>;
  return (
    <>
      <ul className="cart-edit" aria-label="Cart items">
        {lines.map((line) => (
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
            {(tally?.lines.find((candidate) => candidate.sku === line.sku)?.discounts ?? []).map((discount, index) => (
              <span key={index} className="line-discount" data-testid={`cashier-discount-${line.sku}`}>
                {discountLabel(discount)} −<Money cents={discount.amount} />
              </span>
            ))}
          </li>
        ))}
      </ul>
      {tally?.orderDiscounts.map((discount, index) => (
        <p key={index} className="line-discount">{discountLabel(discount)} −<Money cents={discount.amount} /></p>
      ))}
      {tally && tally.discountTotal !== '0' && <p className="cart-subtotal">Before discounts <Money cents={tally.price} /></p>}
      <p className="cart-total">Total <strong data-testid="cashier-total"><Money cents={tally?.total ?? total} /></strong></p>
      {/* What is still to pay is the panel's, right under the cart: said once, the cart's lines keep the room. */}
      {tally && tally.payments.length > 0 && phase !== 'done' && (
        <div className="cart-paid">
          <span className="cart-paid-heading" aria-hidden="true">Paid</span>
          <ul aria-label="Paid">
            {tally.payments.map((payment, index) => (
              <li key={index}>{paymentLabel(payment)} <Money cents={payment.amount} currency={payment.kind === 'asset' ? payment.currency : undefined} /></li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
