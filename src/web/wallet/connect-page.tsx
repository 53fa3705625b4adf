// The rewards wallet simulator for a Connection: what the patron's wallet app does after scanning the connect QR.
import { useMemo } from 'react';
import type { PaymentRequest } from '../../domain/centrapay';
import { formatMoney } from '../../domain/money';
import { offerCover, REWARDS_OFFER, REWARDS_WALLET } from '../../domain/sandbox-seeds';
import { browserLanguage } from '../i18n/browser-language';
import { useWords } from '../i18n/i18n';
import { LanguageSwitch } from '../i18n/language-switch';
import { centrapayFailureWords, tillFailureWords } from '../i18n/patron-words';
import { useScreenLanguage } from '../i18n/use-screen-language';
import { Money } from '../ui/money';
import { useAuthorizeConnection } from './api/authorize-connection';
import { useConnectionSummary } from './api/get-connection-summary';
import { useLatestPaymentRequest } from './api/get-latest-payment-request';
import { usePayOffer } from './api/pay-payment-request';
import { RequestItems } from './payment-request-summary';

export function ConnectPage({ connectionId }: { connectionId: string }) {
  const summary = useConnectionSummary(connectionId);
  const authorize = useAuthorizeConnection(connectionId);
  const authorized = summary.data?.status === 'authorized' || authorize.isSuccess;
  const paymentRequest = useLatestPaymentRequest(connectionId, authorized).data;
  const apply = usePayOffer(connectionId);

  useScreenLanguage(browserLanguage());
  const words = useWords();
  const { t } = words;

  if (summary.isError) return <main className="wallet"><p role="alert" className="error">{tillFailureWords(summary.error, words)}</p></main>;
  const failure = authorize.error ?? apply.error;
  return (
    <main className="wallet">
      <LanguageSwitch size="small" />
      <p className="wallet-badge">{t('wallet.badge')}</p>
      <h1>{REWARDS_WALLET.name}</h1>
      {!authorized ? (
        <>
          <p>{t('wallet.connect.intro', { merchant: summary.data?.createdByAccountName ?? t('wallet.connect.theMerchant') })}</p>
          <button type="button" className="pay-button" disabled={!summary.data || authorize.isPending} onClick={() => authorize.mutate()}>
            {authorize.isPending ? t('wallet.connect.connecting') : t('wallet.connect.button', { wallet: REWARDS_WALLET.name })}
          </button>
        </>
      ) : !paymentRequest ? (
        <p role="status">{t('wallet.connect.waiting')}</p>
      ) : (
        <ConnectedSale paymentRequest={paymentRequest} apply={apply} />
      )}
      {failure && <p role="alert" className="error">{centrapayFailureWords(failure, words)}</p>}
    </main>
  );
}

/** The till's sale on the linked Connection: its items, and the rewards offer applied to it (or why not). */
function ConnectedSale({ paymentRequest, apply }: { paymentRequest: PaymentRequest; apply: ReturnType<typeof usePayOffer> }) {
  const words = useWords();
  const { t } = words;
  const offer = useMemo(() => offerCover(REWARDS_OFFER, paymentRequest.lineItems ?? []), [paymentRequest]);
  const offerTaken = paymentRequest.paidBy?.assetTotals.some((total) => total.type === REWARDS_WALLET.assetType) ?? false;
  return (
    <>
      <p role="status" className="wallet-status">{t('wallet.connect.connectedTo', { merchant: paymentRequest.merchantName })}</p>
      <RequestItems paymentRequest={paymentRequest} />
      {offerTaken ? (
        <p role="status" className="wallet-status status-paid">{t('wallet.connect.offerApplied')}</p>
      ) : paymentRequest.status !== 'new' ? (
        <p role="status">{t(`wallet.saleStatus.${paymentRequest.status}`)}</p>
      ) : offer.amount === '0' ? (
        <p>{t('wallet.connect.noOffers')}</p>
      ) : (
        <button type="button" className="pay-button" disabled={apply.isPending} onClick={() => apply.mutate({ paymentRequestId: paymentRequest.id, amount: offer.amount })}>
          {t('wallet.connect.applyOffer', { amount: formatMoney(offer.amount, 'NZD', words.language) })}
        </button>
      )}
      <p className="muted">{t('common.stillToPay')} <Money cents={paymentRequest.remainingAmount ?? paymentRequest.value.amount} /></p>
    </>
  );
}
