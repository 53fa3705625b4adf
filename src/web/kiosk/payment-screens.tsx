// The kiosk while money moves and after: the payment starting, the QR to scan (or "approve in your app" for a code),
// the rest of a sale paid in part, and the result. The words are the display's, in the patron's language.
import { useEffect } from 'react';
import type { LaneState } from '../../domain/lane';
import { amountStillOwed, refusal } from '../../domain/sale';
import { saleTally } from '../../domain/sale-tally';
import { useWords } from '../i18n/i18n';
import { tillFailureWords, patronNoteWords } from '../i18n/patron-words';
import { CartLines } from '../ui/cart-lines';
import { CentrapayQr } from '../ui/centrapay-qr';
import { Money } from '../ui/money';
import { paidLines, patronOutcomeDetail, patronResultTitle } from '../ui/payment-words';
import { TimeLeft } from '../ui/clock';
import { displayConditionWords, displayStepWords } from '../ui/sale-state';
import { useCancelPayment } from './api/cancel-payment';
import { usePayByQr } from './api/pay-by-qr';

/** Pay was pressed: the request is being made. The patron may still cancel. */
export function WaitScreen({ lane, state }: { lane: string; state: LaneState }) {
  const words = useWords();
  return (
    <div className="kiosk-pay">
      <Order state={state} />
      <div className="kiosk-pay-side">
        <p className="kiosk-amount">{words.t('display.amountDue')} <strong><Money cents={state.order?.total ?? state.total} /></strong></p>
        <p className="kiosk-step" role="status">{displayStepWords(state, words) ?? words.t('kiosk.wait')}</p>
        <CancelButton lane={lane} state={state} />
      </div>
    </div>
  );
}

export function PayScreen({ lane, state, logoUrl }: { lane: string; state: LaneState; logoUrl: string }) {
  const words = useWords();
  const { t } = words;
  const request = state.payment!.paymentRequest;
  const step = displayStepWords(state, words);
  const check = displayConditionWords(state, words);
  const code = state.order?.kind === 'code' ? state.order.code : null;
  return (
    <div className="kiosk-pay">
      <Order state={state} />
      <div className="kiosk-pay-side">
        <p className="kiosk-amount">
          {state.parts.length + state.counter.length > 0 ? t('common.stillToPay') : t('display.amountDue')}{' '}
          <strong data-testid="amount-due"><Money cents={request.remainingAmount ?? request.value.amount} currency={request.value.currency} /></strong>
        </p>
        {check && <p className="kiosk-step" role="status">{check}</p>}
        {step ? (
          <p className="kiosk-step" role="status">{step}</p>
        ) : code ? (
          <>
            <p className="kiosk-step" data-testid="approve-hint">{t('display.pay.approveHint')}</p>
            <p className="muted">{code.displayName} · {code.masked}</p>
          </>
        ) : (
          <>
            <CentrapayQr url={request.url} label={t('display.pay.qrLabel')} logoUrl={logoUrl} />
            <p className="kiosk-hint">{t('display.pay.hint')}</p>
          </>
        )}
        <p className="muted">{t('display.timeLeft')} <TimeLeft expiresAt={request.expiresAt} serverTime={state.serverTime} /></p>
        <CancelButton lane={lane} state={state} />
      </div>
    </div>
  );
}

/** Part of the sale is paid (a voucher that held less; the order lists it): the rest by QR or another code, or cancel and get it back. */
export function CollectScreen({ lane, state, onCode, onStartOver }: { lane: string; state: LaneState; onCode: () => void; onStartOver: () => void }) {
  const words = useWords();
  const { t } = words;
  const pay = usePayByQr(lane);
  const blocked = pay.isPending || refusal(state, 'pay') !== null;
  return (
    <div className="kiosk-pay">
      <Order state={state} />
      <div className="kiosk-pay-side">
        <p className="kiosk-amount">{t('common.stillToPay')} <strong data-testid="amount-due"><Money cents={amountStillOwed(state) ?? '0'} /></strong></p>
        {pay.isError && <p className="error" role="alert">{tillFailureWords(pay.error, words)}</p>}
        <button type="button" className="kiosk-primary" disabled={blocked} onClick={() => pay.mutate(state.cart)}>{t('kiosk.collect.payRest')}</button>
        <button type="button" disabled={blocked} onClick={onCode}>{t('kiosk.haveCode')}</button>
        <button type="button" className="kiosk-quiet" disabled={state.step !== null} onClick={onStartOver}>{t('kiosk.collect.cancel')}</button>
      </div>
    </div>
  );
}

/**
 * How the payment ended. Paid: the kiosk starts over by itself after the till's result time (or on Done). Not paid:
 * back to the order, or start over.
 */
export function ResultScreen({ state, onDone, onBack }: { state: LaneState; onDone: () => void; onBack: () => void }) {
  const words = useWords();
  const { t } = words;
  const { payment } = state;
  const paid = payment?.outcome === 'paid' || state.settlement !== null;
  useEffect(() => {
    if (!paid) return;
    const timer = setTimeout(onDone, state.resultSeconds * 1000);
    return () => clearTimeout(timer);
  }, [paid, state.resultSeconds, onDone]);

  if (paid) {
    return (
      <div className="kiosk-result kiosk-result-paid" role="status">
        <h1>{t('payment.paid')}</h1>
        <ul className="kiosk-paid-by" aria-label={t('common.paidBy')}>
          {paidLines(saleTally(state), words).map((line, index) => <li key={index}>{line}</li>)}
        </ul>
        <p className="kiosk-thanks">{t('display.result.thankYou')} {t('kiosk.result.takeItems')}</p>
        {payment && <p className="muted">{t('common.reference', { code: payment.paymentRequest.shortCode })}</p>}
        <button type="button" className="kiosk-primary" onClick={onDone}>{t('kiosk.result.done')}</button>
      </div>
    );
  }
  const detail = payment ? patronOutcomeDetail(payment, state.order?.code ?? null, words) : state.notice ? patronNoteWords(state.notice, words) : null;
  return (
    <div className="kiosk-result kiosk-result-failed" role="status">
      <h1>{payment ? patronResultTitle(payment.outcome, words) : t('payment.cancelled')}</h1>
      {detail && <p>{detail}</p>}
      {payment && <p className="muted">{t('common.reference', { code: payment.paymentRequest.shortCode })}</p>}
      <button type="button" className="kiosk-primary" onClick={onBack}>{t('kiosk.result.backToOrder')}</button>
      <button type="button" className="kiosk-quiet" onClick={onDone}>{t('kiosk.startOver')}</button>
    </div>
  );
}

function Order({ state }: { state: LaneState }) {
  const { t } = useWords();
  return (
    <div className="kiosk-pay-order">
      <h1>{t('kiosk.order')}</h1>
      <CartLines cart={state.cart} total={state.total} tally={saleTally(state)} />
    </div>
  );
}

function CancelButton({ lane, state }: { lane: string; state: LaneState }) {
  const words = useWords();
  const cancel = useCancelPayment(lane);
  const ref = state.order?.ref;
  return (
    <>
      {cancel.isError && <p className="error" role="alert">{tillFailureWords(cancel.error, words)}</p>}
      <button type="button" className="kiosk-quiet" disabled={!ref || cancel.isPending || refusal(state, 'cancel') !== null} onClick={() => ref && cancel.mutate(ref)}>
        {words.t('kiosk.cancelPayment')}
      </button>
    </>
  );
}
