// The order a sale on the lane is under, as the cashier reads it on the receipt and in the history: its reference, the
// invoice every Centrapay request and refund of it names (when the store keyed its own) and its purchase order.
import type { LaneOrder } from '../../domain/lane';

type Order = Pick<LaneOrder, 'ref' | 'invoiceRef' | 'purchaseOrderRef'>;

/** "Order till-1-000042-K7QZ2M · Invoice INV-42 · Purchase order PO-7", to go inside a line. */
export function OrderWords({ order }: { order: Order }) {
  const invoice = order.invoiceRef && order.invoiceRef !== order.ref ? order.invoiceRef : null;
  return (
    <>
      Order <span data-testid="order-ref">{order.ref}</span>
      {invoice && <> · Invoice <span data-testid="invoice-ref">{invoice}</span></>}
      {order.purchaseOrderRef && <> · Purchase order <span data-testid="purchase-order-ref">{order.purchaseOrderRef}</span></>}
    </>
  );
}

export function OrderLine({ order }: { order: Order | null }) {
  return order ? <p className="muted"><OrderWords order={order} /></p> : null;
}
