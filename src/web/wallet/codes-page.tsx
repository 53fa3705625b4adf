// "My codes" in the wallet simulator: the patron's barcode to show at the till, and the payment it started, waiting
// for the patron's approval (the barcode flow, centrapay-api.md §6.3). Also the sandbox's Quick Pay cards and vouchers,
// which the till charges without asking anyone (§6.4).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PaymentRequest } from '../../domain/centrapay';
import { formatMoney } from '../../domain/money';
import { SEED_QUICK_PAY_CODES, type SeedPatron } from '../../domain/sandbox-seeds';
import { browserLanguage } from '../i18n/browser-language';
import { useWords } from '../i18n/i18n';
import { LanguageSwitch } from '../i18n/language-switch';
import { centrapayFailureWords, tillFailureWords } from '../i18n/patron-words';
import { useScreenLanguage } from '../i18n/use-screen-language';
import { useAcceptCondition } from './api/accept-condition';
import { ConditionsBeforePaying, heldByConditions } from './conditions-before-paying';
import { declinePaymentRequest } from './api/decline-payment-request';
import { usePatronCodePaymentRequest } from './api/get-patron-code-payment-request';
import { payAsPatron } from './api/pay-payment-request';
import { walletKeys } from './api/wallet-keys';
import { CODE_PATRONS } from './code-patrons';
import { useCodesStore } from './codes-store';
import { PatronBarcode } from './patron-barcode';
import { PatronChoice } from './patron-choice';
import { PaymentRequestSummary } from './payment-request-summary';
import { quickPayNote } from './seed-notes';

export function CodesPage() {
  const patronId = useCodesStore((state) => state.patronId);
  const choosePatron = useCodesStore((state) => state.choosePatron);
  const patron = CODE_PATRONS.find((candidate) => candidate.id === patronId) ?? CODE_PATRONS[0]!;
  useScreenLanguage(browserLanguage());
  const { t } = useWords();

  return (
    <main className="wallet codes">
      <LanguageSwitch size="small" />
      <p className="wallet-badge">{t('wallet.badge')}</p>
      <h1>{t('wallet.myCodes')}</h1>
      <PatronChoice legend={t('wallet.codes.patron')} patrons={CODE_PATRONS} chosen={patron} onChoose={(candidate) => choosePatron(candidate.id)} />
      <section aria-labelledby="my-code">
        <h2 id="my-code">{t('wallet.codes.codeOf', { name: patron.name })}</h2>
        <PatronBarcode value={patron.barcode!} />
        <p className="muted">{t('wallet.codes.showIt')}</p>
      </section>
      <PendingPayment key={patron.id} patron={patron} />
      <QuickPayCodes />
    </main>
  );
}

interface Answer {
  paymentRequest: PaymentRequest;
  action: 'approve' | 'decline';
}

/** The patron approves (the pay page's pay in full) or declines the request their code started. */
function useAnswer(patron: SeedPatron) {
  const queryClient = useQueryClient();
  // The key is per request, so a double tap never pays twice.
  return useMutation({
    mutationFn: ({ paymentRequest, action }: Answer) =>
      action === 'approve' ? payAsPatron(paymentRequest.id, patron, `codes-${patron.id}-${paymentRequest.id}`) : declinePaymentRequest(paymentRequest.id, patron),
    onSettled: () => queryClient.invalidateQueries({ queryKey: walletKeys.patronCodePaymentRequest(patron.id) }),
  });
}

function PendingPayment({ patron }: { patron: SeedPatron }) {
  const pending = usePatronCodePaymentRequest(patron);
  const answer = useAnswer(patron);
  const confirm = useAcceptCondition(patron);
  const paymentRequest = pending.data;
  const answered = answer.variables;
  const words = useWords();
  const { t } = words;
  return (
    <section aria-labelledby="waiting-payment" className="codes-pending">
      <h2 id="waiting-payment">{t('wallet.codes.waiting')}</h2>
      {answer.isSuccess && answered && (
        answered.action === 'approve' ? (
          <p role="status" className="wallet-status status-paid">
            {t('wallet.codes.paidTo', {
              amount: formatMoney(answered.paymentRequest.remainingAmount ?? answered.paymentRequest.value.amount, answered.paymentRequest.value.currency, words.language),
              merchant: answered.paymentRequest.merchantName,
            })}
          </p>
        ) : (
          <p role="status" className="wallet-status">{t('wallet.codes.declinedTo', { merchant: answered.paymentRequest.merchantName })}</p>
        )
      )}
      {pending.isPending ? (
        <p>{t('wallet.codes.looking')}</p>
      ) : pending.isError ? (
        <p role="alert" className="error">{tillFailureWords(pending.error, words)}</p>
      ) : !paymentRequest ? (
        <p>{t('wallet.codes.nothing')}</p>
      ) : (
        <PendingRequest paymentRequest={paymentRequest} answer={answer} confirm={confirm} />
      )}
    </section>
  );
}

/** The request waiting for the patron: what it is, the checks they must confirm first, and approve or decline. */
function PendingRequest({ paymentRequest, answer, confirm }: {
  paymentRequest: PaymentRequest; answer: ReturnType<typeof useAnswer>; confirm: ReturnType<typeof useAcceptCondition>;
}) {
  const words = useWords();
  const { t } = words;
  const answered = answer.variables;
  const failure = answer.error && answered?.paymentRequest.id === paymentRequest.id ? answer.error : null;
  return (
    <article aria-label={t('wallet.codes.paymentTo', { merchant: paymentRequest.merchantName })}>
      <h3>{paymentRequest.merchantName}</h3>
      <PaymentRequestSummary paymentRequest={paymentRequest} />
      <ConditionsBeforePaying paymentRequest={paymentRequest} confirm={confirm} />
      <div className="codes-actions">
        <button type="button" className="pay-button" disabled={answer.isPending || heldByConditions(paymentRequest)}
          onClick={() => answer.mutate({ paymentRequest, action: 'approve' })}>
          {answer.isPending && answered?.action === 'approve' ? t('wallet.paying') : t('wallet.codes.approve')}
        </button>
        <button type="button" disabled={answer.isPending} onClick={() => answer.mutate({ paymentRequest, action: 'decline' })}>{t('wallet.decline')}</button>
      </div>
      {failure && <p role="alert" className="error">{centrapayFailureWords(failure, words)}</p>}
      <p className="muted">{t('common.reference', { code: paymentRequest.shortCode })}</p>
    </article>
  );
}

function QuickPayCodes() {
  const words = useWords();
  const { t } = words;
  return (
    <details className="codes-cards">
      <summary>{t('wallet.codes.testCards')}</summary>
      <p className="muted">{t('wallet.codes.quickPay')}</p>
      <ul>
        {SEED_QUICK_PAY_CODES.map((code) => (
          <li key={code.barcode}>
            <h3>{t('wallet.codes.heading', { type: code.type.description, note: quickPayNote(code, words) })}</h3>
            <PatronBarcode value={code.barcode} />
          </li>
        ))}
      </ul>
    </details>
  );
}
