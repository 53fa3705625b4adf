// The order a sale on the lane is under, as the cashier reads it on the receipt and in the history.
export function OrderLine({ orderRef }: { orderRef: string | null }) {
  return orderRef ? <p className="muted">Order <span data-testid="order-ref">{orderRef}</span></p> : null;
}
