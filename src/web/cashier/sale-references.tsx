// The invoice a sale goes under: the order's own number unless the store keys its own invoice number, and a purchase
// order when the customer gives one. Every Centrapay request and refund of the sale names them (invoiceRef,
// purchaseOrderRef: the Farmlands guide); the gateway checks them.
import { useId } from 'react';
import { useCartStore, useSaleRefs } from '../cart/cart-store';

/** At most what Centrapay keeps (128 characters). */
const MAX = 128;

export function SaleReferencesFields({ lane, disabled }: { lane: string; disabled: boolean }) {
  const refs = useSaleRefs(lane);
  const id = useId();
  const setRefs = (patch: Partial<typeof refs>) => useCartStore.getState().setRefs(lane, patch);
  return (
    <fieldset className="sale-refs" disabled={disabled}>
      <legend>Invoice</legend>
      <label htmlFor={`${id}-invoice`}>Invoice number</label>
      <input id={`${id}-invoice`} value={refs.invoiceRef} maxLength={MAX} autoComplete="off" placeholder="The order number"
        aria-describedby={`${id}-hint`} onChange={(event) => setRefs({ invoiceRef: event.target.value })} />
      <label htmlFor={`${id}-po`}>Purchase order</label>
      <input id={`${id}-po`} value={refs.purchaseOrderRef} maxLength={MAX} autoComplete="off" placeholder="None"
        onChange={(event) => setRefs({ purchaseOrderRef: event.target.value })} />
      <p id={`${id}-hint`} className="muted">Leave the invoice number empty to use the order number.</p>
    </fieldset>
  );
}
