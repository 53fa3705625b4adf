// "I have a code": the patron types the digits of their Centrapay code, card or voucher. Checked here first (the
// domain's rule), then the server decodes and charges it; the patron approves in their app, or a card or voucher pays
// at once.
import { useId, useState, type FormEvent } from 'react';
import type { LaneState } from '../../domain/lane';
import { normalisePatronCode, patronCodeProblem, PATRON_CODE_MAX_DIGITS } from '../../domain/patron-code';
import { amountStillOwed } from '../../domain/sale';
import { useWords } from '../i18n/i18n';
import { tillFailureWords } from '../i18n/patron-words';
import { Money } from '../ui/money';
import { usePayByCode } from './api/pay-by-code';

export function CodeScreen({ lane, state, onBack }: { lane: string; state: LaneState; onBack: () => void }) {
  const words = useWords();
  const { t } = words;
  const charge = usePayByCode(lane);
  const [code, setCode] = useState('');
  const [invalid, setInvalid] = useState(false);
  const fieldId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const digits = normalisePatronCode(code);
    const wrong = patronCodeProblem(digits) !== null;
    setInvalid(wrong);
    if (!wrong) charge.mutate({ cart: state.cart, code: digits }, { onSuccess: onBack });
  };

  return (
    <div className="kiosk-code">
      <h1>{t('kiosk.code.title')}</h1>
      <p className="kiosk-total">{t('display.amountDue')} <strong><Money cents={amountStillOwed(state) ?? state.total} /></strong></p>
      <form onSubmit={submit} className="kiosk-code-form">
        <label htmlFor={fieldId}>{t('kiosk.code.label')}</label>
        <input id={fieldId} value={code} inputMode="numeric" autoComplete="off" autoFocus maxLength={PATRON_CODE_MAX_DIGITS + 8}
          aria-describedby={`${fieldId}-hint`} aria-invalid={invalid}
          onChange={(event) => {
            setCode(event.target.value);
            setInvalid(false);
            charge.reset();
          }} />
        <p id={`${fieldId}-hint`} className="muted">{t('kiosk.code.hint')}</p>
        {invalid && <p className="error" role="alert">{t('kiosk.code.invalid')}</p>}
        {charge.isError && <p className="error" role="alert">{tillFailureWords(charge.error, words)}</p>}
        <button type="submit" className="kiosk-primary" disabled={charge.isPending || code.trim() === ''}>{charge.isPending ? t('kiosk.wait') : t('kiosk.code.submit')}</button>
      </form>
      <button type="button" onClick={onBack}>{t('kiosk.code.back')}</button>
    </div>
  );
}
