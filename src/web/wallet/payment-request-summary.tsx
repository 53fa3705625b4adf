// What a wallet shows of a Payment Request before the patron pays it: what is left to pay, the items, the conditions.
import type { PaymentRequest } from '../../domain/centrapay';
import { Money } from '../ui/money';

export function PaymentRequestSummary({ paymentRequest }: { paymentRequest: PaymentRequest }) {
  return (
    <>
      <p className="wallet-amount"><Money cents={paymentRequest.remainingAmount ?? paymentRequest.value.amount} currency={paymentRequest.value.currency} /></p>
      {paymentRequest.lineItems && (
        <ul className="wallet-items" aria-label="Items">
          {paymentRequest.lineItems.map((item, index) => (
            <li key={`${item.sku ?? item.name}-${index}`}>{item.qty} × {item.name} <Money cents={item.price} /></li>
          ))}
        </ul>
      )}
      {paymentRequest.merchantConditions.length > 0 && (
        <ul className="wallet-conditions" aria-label="Conditions">
          {paymentRequest.merchantConditions.map((condition) => <li key={condition.id}>{condition.message} ({condition.status})</li>)}
        </ul>
      )}
    </>
  );
}
