// The patron wallet simulator for a Payment Request: what a phone shows after scanning the QR code.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { formatMoney } from '../../domain/money';
import { SEED_PATRONS, type SeedPatron } from '../../domain/sandbox-seeds';
import { useWords } from '../i18n/i18n';
import { LanguageSwitch } from '../i18n/language-switch';
import { centrapayFailureWords, tillFailureWords } from '../i18n/patron-words';
import { browserLanguage } from '../i18n/browser-language';
import { useScreenLanguage } from '../i18n/use-screen-language';
import { patronNote } from './seed-notes';
import { declineAsPatron, payPartAsPatron } from './patron-actions';
import { PaymentRequestSummary } from './payment-request-summary';
import { getPatronPaymentRequestQueryOptions, payAsPatron, walletKeys } from './sandbox-api';

export function PayPage({ paymentRequestId }: { paymentRequestId: string }) {
  const [patron, setPatron] = useState<SeedPatron>(SEED_PATRONS[0]!);
  const queryClient = useQueryClient();
  const request = useQuery(getPatronPaymentRequestQueryOptions(paymentRequestId, patron));
  // One idempotency key per patron on this page: a double tap never pays twice.
  const keys = useMemo(() => new Map(SEED_PATRONS.map((p) => [p.id, crypto.randomUUID()])), []);
  const [part, setPart] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: walletKeys.paymentRequest(paymentRequestId) });
  const pay = useMutation({
    // With an amount, pay that part of it (only where the merchant allows partial payment).
    mutationFn: (amount?: string) =>
      amount ? payPartAsPatron(paymentRequestId, patron, amount, `${keys.get(patron.id)!}-${amount}`) : payAsPatron(paymentRequestId, patron, keys.get(patron.id)!),
    onSettled: refresh,
  });
  const decline = useMutation({ mutationFn: () => declineAsPatron(paymentRequestId, patron), onSettled: refresh });
  useScreenLanguage(browserLanguage());
  const words = useWords();
  const { t } = words;

  if (request.isPending) return <main className="wallet"><p>{t('wallet.loading')}</p></main>;
  if (request.isError) return <main className="wallet"><p role="alert" className="error">{tillFailureWords(request.error, words)}</p></main>;
  const paymentRequest = request.data;
  const failure = pay.error ?? decline.error;
  const payError = failure ? centrapayFailureWords(failure, words) : null;
  const partCents = /^\d+(\.\d{1,2})?$/.test(part) ? String(Math.round(Number(part) * 100)) : null;
  // A pre-auth request (a bar tab, a pump) is authorised, not paid: only what is used is taken later.
  const preAuth = paymentRequest.preAuth === true;
  const amount = formatMoney(paymentRequest.value.amount, paymentRequest.value.currency, words.language);

  return (
    <main className="wallet">
      <LanguageSwitch size="small" />
      <p className="wallet-badge">{t('wallet.badge')}</p>
      <h1>{paymentRequest.merchantName}</h1>
      <PaymentRequestSummary paymentRequest={paymentRequest} />
      {paymentRequest.status === 'new' ? (
        <>
          <fieldset className="patrons">
            <legend>{t('wallet.payAs')}</legend>
            {SEED_PATRONS.map((candidate) => (
              <label key={candidate.id}>
                <input type="radio" name="patron" value={candidate.id} checked={candidate.id === patron.id}
                  onChange={() => { setPatron(candidate); pay.reset(); }} />
                {candidate.name} <span className="muted">({patronNote(candidate, words)})</span>
              </label>
            ))}
          </fieldset>
          <button type="button" className="pay-button" disabled={pay.isPending || decline.isPending} onClick={() => pay.mutate(undefined)}>
            {pay.isPending ? t(preAuth ? 'wallet.authorising' : 'wallet.paying')
              : preAuth ? t('wallet.authoriseAsPatron', { amount, name: patron.name }) : t('wallet.payAsPatron', { name: patron.name })}
          </button>
          {preAuth && <p className="muted">{t('wallet.authoriseHint')}</p>}
          {paymentRequest.partialAllowed && (
            <form className="wallet-part" onSubmit={(event) => { event.preventDefault(); if (partCents) pay.mutate(partCents); }}>
              <label>{t('wallet.payPart')} <input inputMode="decimal" value={part} onChange={(event) => setPart(event.target.value)} /></label>
              <button type="submit" disabled={!partCents || pay.isPending}>{t('wallet.payPartButton')}</button>
            </form>
          )}
          <button type="button" className="link" disabled={pay.isPending || decline.isPending} onClick={() => decline.mutate()}>{t('wallet.decline')}</button>
          {payError && <p role="alert" className="error">{payError}</p>}
        </>
      ) : (
        <p role="status" className={`wallet-status status-${paymentRequest.status}`}>
          {preAuth && paymentRequest.status === 'paid' ? t('wallet.authorised')
            : t(`wallet.status.${paymentRequest.status === 'paid' || paymentRequest.status === 'expired' ? paymentRequest.status : 'cancelled'}`)}
        </p>
      )}
      <p className="muted">{t('common.reference', { code: paymentRequest.shortCode })}</p>
      <p><a href={`/sandbox/codes?patron=${patron.id}`}>{t('wallet.myCodes')}</a></p>
    </main>
  );
}
