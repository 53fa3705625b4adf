// What holds a payment back in the patron's app (payment-conditions guide): a check waiting on the cashier is told by
// its message (the patron waits: the app offers no way to pay until it is accepted), and a check of the patron's own
// is theirs to confirm. Both wallet pages (the QR's page and My codes) show it the same way.
import { conditionsAwaiting, type PaymentRequest } from '../../domain/centrapay';
import { useWords } from '../i18n/i18n';
import { centrapayFailureWords } from '../i18n/patron-words';
import type { useAcceptCondition } from './api/accept-condition';

/** Is the request waiting on a check (the cashier's or the patron's) before it can be paid? */
export function heldByConditions(paymentRequest: PaymentRequest): boolean {
  return conditionsAwaiting(paymentRequest, 'merchant').length + conditionsAwaiting(paymentRequest, 'patron').length > 0;
}

export function ConditionsBeforePaying({ paymentRequest, confirm }: { paymentRequest: PaymentRequest; confirm: ReturnType<typeof useAcceptCondition> }) {
  const words = useWords();
  const { t } = words;
  const forCashier = conditionsAwaiting(paymentRequest, 'merchant');
  const forPatron = conditionsAwaiting(paymentRequest, 'patron');
  return (
    <>
      {forCashier.length > 0 && (
        <p className="notice" role="status" data-testid="wallet-cashier-checks">
          {t('wallet.cashierChecks')} {forCashier.map((condition) => condition.message).join(' · ')}
        </p>
      )}
      {forPatron.map((condition) => (
        <div key={condition.id} className="codes-condition" role="group" aria-label={t('wallet.confirmBefore')}>
          <p>{condition.message}</p>
          <button type="button" disabled={confirm.isPending} onClick={() => confirm.mutate({ id: paymentRequest.id, conditionId: condition.id })}>{t('wallet.confirm')}</button>
        </div>
      ))}
      {confirm.error && <p role="alert" className="error">{centrapayFailureWords(confirm.error, words)}</p>}
    </>
  );
}
