// The order a sale on the lane is under, as the cashier reads it on the receipt and in the history: its reference, the
// invoice every Centrapay request and refund of it names (when the store keyed its own) and its purchase order.
import type { LaneOrder } from '../../domain/lane';

export function OrderLine({ order }: { order: Pick<LaneOrder, 'ref' | 'invoiceRef' | 'purchaseOrderRef'> | null }) {
  if (!order) return null;
  const invoice = order.invoiceRef && order.invoiceRef !== order.ref ? order.invoiceRef : null;
  return (
    <p className="muted">
      Order <span data-testid="order-ref">{order.ref}</span>
      {invoice && <> · Invoice <span data-testid="invoice-ref">{invoice}</span></>}
      {order.purchaseOrderRef && <> · Purchase order <span data-testid="purchase-order-ref">{order.purchaseOrderRef}</span></>}
    </p>
  );
}
