// The patron wallet simulator for a Payment Request: what a phone shows after scanning the QR code.
import { useMemo, useState } from 'react';
import type { PaymentRequest } from '../../domain/centrapay';
import { formatMoney } from '../../domain/money';
import { SEED_PATRONS, type SeedPatron } from '../../domain/sandbox-seeds';
import { browserLanguage } from '../i18n/browser-language';
import { useWords } from '../i18n/i18n';
import { LanguageSwitch } from '../i18n/language-switch';
import { centrapayFailureWords, tillFailureWords } from '../i18n/patron-words';
import { useScreenLanguage } from '../i18n/use-screen-language';
import { useAcceptCondition } from './api/accept-condition';
import { useDeclinePaymentRequest } from './api/decline-payment-request';
import { usePaymentRequest } from './api/get-payment-request';
import { usePayAsPatron } from './api/pay-payment-request';
import { ConditionsBeforePaying, heldByConditions } from './conditions-before-paying';
import { PatronChoice } from './patron-choice';
import { PaymentRequestSummary } from './payment-request-summary';
import { redirectBackUrl, useRedirectBack } from './redirect-back';

export function PayPage({ paymentRequestId }: { paymentRequestId: string }) {
  const [patron, setPatron] = useState<SeedPatron>(SEED_PATRONS[0]!);
  const request = usePaymentRequest(paymentRequestId, patron);
  const answer = usePatronAnswer(paymentRequestId, patron);
  // As Centrapay's page: once paid or declined here, back to the merchant's page when the request names one.
  useRedirectBack(request.data, answer.pay.isSuccess || answer.decline.isSuccess);
  useScreenLanguage(browserLanguage());
  const words = useWords();
  const { t } = words;

  if (request.isPending) return <main className="wallet"><p>{t('wallet.loading')}</p></main>;
  if (request.isError) return <main className="wallet"><p role="alert" className="error">{tillFailureWords(request.error, words)}</p></main>;
  const paymentRequest = request.data;
  return (
    <main className="wallet">
      <LanguageSwitch size="small" />
      <p className="wallet-badge">{t('wallet.badge')}</p>
      <h1>{paymentRequest.merchantName}</h1>
      <PaymentRequestSummary paymentRequest={paymentRequest} />
      {paymentRequest.status === 'new' ? (
        <PayOrDecline paymentRequest={paymentRequest} patron={patron} answer={answer}
          onPatron={(candidate) => { setPatron(candidate); answer.pay.reset(); }} />
      ) : (
        <Outcome paymentRequest={paymentRequest} />
      )}
      <p className="muted">{t('common.reference', { code: paymentRequest.shortCode })}</p>
      <p><a href={`/sandbox/codes?patron=${patron.id}`}>{t('wallet.myCodes')}</a></p>
    </main>
  );
}

/** How the request ended, and the way back to the merchant's page when the request names one. */
function Outcome({ paymentRequest }: { paymentRequest: PaymentRequest }) {
  const { t } = useWords();
  // A pre-auth request (a bar tab, a pump) is authorised, not paid: only what is used is taken later.
  const preAuth = paymentRequest.preAuth === true;
  const { status } = paymentRequest;
  const back = redirectBackUrl(paymentRequest);
  return (
    <>
      <p role="status" className={`wallet-status status-${status}`}>
        {preAuth && status === 'paid' ? t('wallet.authorised') : t(`wallet.status.${status === 'paid' || status === 'expired' ? status : 'cancelled'}`)}
      </p>
      {back && <p><a href={back}>{t('wallet.backToMerchant', { merchant: paymentRequest.merchantName })}</a></p>}
    </>
  );
}

/** Paying (in full, or a part where allowed) or declining, as the chosen patron, and the part being typed. */
function usePatronAnswer(paymentRequestId: string, patron: SeedPatron) {
  // One idempotency key per patron on this page: a double tap never pays twice.
  const keys = useMemo(() => new Map(SEED_PATRONS.map((p) => [p.id, crypto.randomUUID()])), []);
  const pay = usePayAsPatron(paymentRequestId);
  const decline = useDeclinePaymentRequest(paymentRequestId);
  const confirm = useAcceptCondition(patron);
  const [part, setPart] = useState('');
  const key = keys.get(patron.id)!;
  const payInFull = () => pay.mutate({ patron, idempotencyKey: key });
  const payPart = (amount: string) => pay.mutate({ patron, amount, idempotencyKey: `${key}-${amount}` });
  return { pay, decline, confirm, part, setPart, payInFull, payPart, declineAs: () => decline.mutate(patron) };
}

function PayOrDecline({ paymentRequest, patron, answer, onPatron }: {
  paymentRequest: PaymentRequest; patron: SeedPatron; answer: ReturnType<typeof usePatronAnswer>; onPatron: (patron: SeedPatron) => void;
}) {
  const words = useWords();
  const { t } = words;
  const { pay, decline, part } = answer;
  const failure = pay.error ?? decline.error;
  const partCents = /^\d+(\.\d{1,2})?$/.test(part) ? String(Math.round(Number(part) * 100)) : null;
  const preAuth = paymentRequest.preAuth === true;
  const amount = formatMoney(paymentRequest.value.amount, paymentRequest.value.currency, words.language);
  // Centrapay takes no payment while a check waits (§6.9): the app says so and offers no way to pay meanwhile.
  const held = heldByConditions(paymentRequest);
  return (
    <>
      <PatronChoice legend={t('wallet.payAs')} patrons={SEED_PATRONS} chosen={patron} onChoose={onPatron} />
      <ConditionsBeforePaying paymentRequest={paymentRequest} confirm={answer.confirm} />
      <button type="button" className="pay-button" disabled={held || pay.isPending || decline.isPending} onClick={answer.payInFull}>
        {pay.isPending ? t(preAuth ? 'wallet.authorising' : 'wallet.paying')
          : preAuth ? t('wallet.authoriseAsPatron', { amount, name: patron.name }) : t('wallet.payAsPatron', { name: patron.name })}
      </button>
      {preAuth && <p className="muted">{t('wallet.authoriseHint')}</p>}
      {paymentRequest.partialAllowed && (
        <form className="wallet-part" onSubmit={(event) => { event.preventDefault(); if (partCents) answer.payPart(partCents); }}>
          <label>{t('wallet.payPart')} <input inputMode="decimal" value={part} onChange={(event) => answer.setPart(event.target.value)} /></label>
          <button type="submit" disabled={held || !partCents || pay.isPending}>{t('wallet.payPartButton')}</button>
        </form>
      )}
      <button type="button" className="link" disabled={pay.isPending || decline.isPending} onClick={answer.declineAs}>{t('wallet.decline')}</button>
      {failure && <p role="alert" className="error">{centrapayFailureWords(failure, words)}</p>}
    </>
  );
}
