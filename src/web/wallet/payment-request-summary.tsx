// What a wallet shows of a Payment Request before the patron pays it: what is left to pay, the items, the conditions.
import type { PaymentRequest } from '../../domain/centrapay';
import { useWords } from '../i18n/i18n';
import { Money } from '../ui/money';

export function PaymentRequestSummary({ paymentRequest }: { paymentRequest: PaymentRequest }) {
  const { t } = useWords();
  return (
    <>
      <p className="wallet-amount"><Money cents={paymentRequest.remainingAmount ?? paymentRequest.value.amount} currency={paymentRequest.value.currency} /></p>
      <RequestItems paymentRequest={paymentRequest} />
      {paymentRequest.merchantConditions.length > 0 && (
        <ul className="wallet-conditions" aria-label={t('wallet.conditions')}>
          {paymentRequest.merchantConditions.map((condition) => <li key={condition.id}>{`${condition.message} (${t(`wallet.conditionStatus.${condition.status}`)})`}</li>)}
        </ul>
      )}
    </>
  );
}

/** What the request is for, line by line (none when the merchant sent no line items). */
export function RequestItems({ paymentRequest }: { paymentRequest: PaymentRequest }) {
  const { t } = useWords();
  if (!paymentRequest.lineItems) return null;
  return (
    <ul className="wallet-items" aria-label={t('common.items')}>
      {paymentRequest.lineItems.map((item, index) => (
        <li key={`${item.sku ?? item.name}-${index}`}>{t('common.quantity', { qty: item.qty })} {item.name} <Money cents={item.price} /></li>
      ))}
    </ul>
  );
}
