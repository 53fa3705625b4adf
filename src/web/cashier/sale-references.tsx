// The invoice a sale goes under: the order's own number unless the store keys its own invoice number, and a purchase
// order when the customer gives one. Every Centrapay request and refund of the sale names them (invoiceRef,
// purchaseOrderRef: the Farmlands guide); the gateway checks them. Folded away until wanted, so the till's pay buttons
// stay in view; open by itself while something is keyed.
import { useId, useState } from 'react';
import { useCartStore, useSaleRefs } from '../cart/cart-store';

/** At most what Centrapay keeps (128 characters). */
const MAX = 128;

export function SaleReferencesFields({ lane, disabled }: { lane: string; disabled: boolean }) {
  const refs = useSaleRefs(lane);
  const keyed = [refs.invoiceRef.trim() && `Invoice ${refs.invoiceRef.trim()}`, refs.purchaseOrderRef.trim() && `Purchase order ${refs.purchaseOrderRef.trim()}`].filter(Boolean);
  const [open, setOpen] = useState(keyed.length > 0);
  const id = useId();
  const setRefs = (patch: Partial<typeof refs>) => useCartStore.getState().setRefs(lane, patch);
  return (
    <details className="sale-refs" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{keyed.length > 0 && !open ? keyed.join(' · ') : 'Invoice number, purchase order'}</summary>
      <fieldset disabled={disabled}>
        <legend className="visually-hidden">Invoice</legend>
        <label htmlFor={`${id}-invoice`}>Invoice number</label>
        <input id={`${id}-invoice`} value={refs.invoiceRef} maxLength={MAX} autoComplete="off" placeholder="The order number"
          aria-describedby={`${id}-hint`} onChange={(event) => setRefs({ invoiceRef: event.target.value })} />
        <label htmlFor={`${id}-po`}>Purchase order</label>
        <input id={`${id}-po`} value={refs.purchaseOrderRef} maxLength={MAX} autoComplete="off" placeholder="None"
          onChange={(event) => setRefs({ purchaseOrderRef: event.target.value })} />
        <p id={`${id}-hint`} className="muted">Leave the invoice number empty to use the order number.</p>
      </fieldset>
    </details>
  );
}
