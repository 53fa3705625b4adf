// The rewards wallet simulator for a Connection: what the patron's wallet app does after scanning the connect QR.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { offerCover, REWARDS_OFFER, REWARDS_WALLET } from '../../domain/sandbox-seeds';
import { formatMoney } from '../../domain/money';
import { browserLanguage } from '../i18n/browser-language';
import { useWords } from '../i18n/i18n';
import { LanguageSwitch } from '../i18n/language-switch';
import { centrapayFailureWords, tillFailureWords } from '../i18n/patron-words';
import { useScreenLanguage } from '../i18n/use-screen-language';
import { Money } from '../ui/money';
import { authorizeConnection, getConnectionSummaryQueryOptions, getLatestPaymentRequestQueryOptions, payOffer, walletKeys } from './sandbox-api';

export function ConnectPage({ connectionId }: { connectionId: string }) {
  const queryClient = useQueryClient();
  const summary = useQuery(getConnectionSummaryQueryOptions(connectionId));
  const authorize = useMutation({
    mutationFn: () => authorizeConnection(connectionId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: walletKeys.connection(connectionId) }),
  });
  const authorized = summary.data?.status === 'authorized' || authorize.isSuccess;
  const latest = useQuery(getLatestPaymentRequestQueryOptions(connectionId, authorized));
  const paymentRequest = latest.data;
  const offer = useMemo(() => offerCover(REWARDS_OFFER, paymentRequest?.lineItems ?? []), [paymentRequest]);
  const offerTaken = paymentRequest?.paidBy?.assetTotals.some((total) => total.type === REWARDS_WALLET.assetType) ?? false;
  const apply = useMutation({
    mutationFn: () => payOffer(paymentRequest!.id, offer.amount, `${paymentRequest!.id}-rewards`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: walletKeys.latestPaymentRequest(connectionId) }),
  });

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
        <>
          <p role="status" className="wallet-status">{t('wallet.connect.connectedTo', { merchant: paymentRequest.merchantName })}</p>
          {paymentRequest.lineItems && (
            <ul className="wallet-items" aria-label={t('common.items')}>
              {paymentRequest.lineItems.map((item, index) => (
                <li key={`${item.sku ?? item.name}-${index}`}>{t('common.quantity', { qty: item.qty })} {item.name} <Money cents={item.price} /></li>
              ))}
            </ul>
          )}
          {offerTaken ? (
            <p role="status" className="wallet-status status-paid">{t('wallet.connect.offerApplied')}</p>
          ) : paymentRequest.status !== 'new' ? (
            <p role="status">{t(`wallet.saleStatus.${paymentRequest.status}`)}</p>
          ) : offer.amount === '0' ? (
            <p>{t('wallet.connect.noOffers')}</p>
          ) : (
            <button type="button" className="pay-button" disabled={apply.isPending} onClick={() => apply.mutate()}>
              {t('wallet.connect.applyOffer', { amount: formatMoney(offer.amount, 'NZD', words.language) })}
            </button>
          )}
          <p className="muted">{t('common.stillToPay')} <Money cents={paymentRequest.remainingAmount ?? paymentRequest.value.amount} /></p>
        </>
      )}
      {failure && <p role="alert" className="error">{centrapayFailureWords(failure, words)}</p>}
    </main>
  );
}
