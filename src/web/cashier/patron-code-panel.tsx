// The barcode flow at the till (centrapay-api.md §6.3; checklist 201.1–201.3): the customer's code is scanned (a
// keyboard-wedge scanner, whatever has focus) or typed into Patron code, checked here before anything is sent, decoded
// by Centrapay so the cashier sees whose code it is, then charged. A phone order marks the customer not present.
import { useId, useState, type FormEvent } from 'react';
import type { CartItem } from '../../domain/cart';
import type { PresentedCode } from '../../domain/lane';
import { normalisePatronCode, patronCodeProblem, PATRON_CODE_MAX_DIGITS } from '../../domain/patron-code';
import { errorMessage } from '../lib/api-client';
import { Money } from '../ui/money';
import { useDecodeCode, usePayByCode } from './api/lane-actions';
import { useWedgeScanner } from './use-wedge-scanner';

interface PatronCodePanelProps {
  lane: string;
  cart: CartItem[];
  total: string;
  operatorId: string;
  /** Why a sale cannot be started now (empty cart, another press under way); null when it can. */
  blocked: string | null;
}

export function PatronCodePanel({ lane, cart, total, operatorId, blocked }: PatronCodePanelProps) {
  const decode = useDecodeCode(lane);
  const charge = usePayByCode(lane);
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [decoded, setDecoded] = useState<{ code: string; presented: PresentedCode } | null>(null);
  const [patronNotPresent, setPatronNotPresent] = useState(false);
  const fieldId = useId();

  const check = (raw: string) => {
    const digits = normalisePatronCode(raw);
    setCode(digits);
    setDecoded(null);
    charge.reset();
    const wrong = blocked ?? patronCodeProblem(digits);
    setProblem(wrong);
    if (wrong) return;
    decode.mutate(digits, { onSuccess: (presented) => setDecoded({ code: digits, presented }) });
  };
  useWedgeScanner(check, true);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    check(code);
  };
  const clear = () => {
    setCode('');
    setProblem(null);
    setDecoded(null);
    decode.reset();
    charge.reset();
  };
  const error = problem ?? (decode.error ? errorMessage(decode.error) : charge.error ? errorMessage(charge.error) : null);

  return (
    <section className="patron-code" aria-labelledby={`${fieldId}-heading`}>
      <h3 id={`${fieldId}-heading`}>Customer’s code or voucher</h3>
      <form onSubmit={onSubmit} className="patron-code-form">
        <label htmlFor={fieldId}>Patron code</label>
        <input id={fieldId} value={code} inputMode="numeric" autoComplete="off" maxLength={PATRON_CODE_MAX_DIGITS + 8}
          aria-describedby={`${fieldId}-hint`} aria-invalid={problem !== null}
          onChange={(event) => {
            setCode(event.target.value);
            setProblem(null);
            setDecoded(null);
          }} />
        <button type="submit" disabled={decode.isPending || code.length === 0}>{decode.isPending ? 'Checking…' : 'Check code'}</button>
      </form>
      <p id={`${fieldId}-hint`} className="muted">Scan it, or type the digits under the barcode (up to 16).</p>
      {error && <p role="alert" className="error" data-testid="patron-code-error">{error}</p>}
      {decoded && decoded.code === normalisePatronCode(code) && (
        <div className="patron-code-decoded" role="status">
          <p data-testid="patron-code-provider"><strong>{decoded.presented.displayName}</strong> · {decoded.presented.masked}</p>
          <label className="checkbox">
            <input type="checkbox" checked={patronNotPresent} onChange={(event) => setPatronNotPresent(event.target.checked)} />
            Phone order: the customer is not here
          </label>
          <div className="tender-actions">
            {/* Focused once the code is known, so the cashier (or the scanner's next Enter) charges it deliberately. */}
            <button type="button" className="pay-button" autoFocus disabled={blocked !== null || charge.isPending}
              onClick={() => charge.mutate({ cart, operatorId, code: decoded.code, patronNotPresent })}>
              {charge.isPending ? 'Charging…' : <>Charge <Money cents={total} /> to {decoded.presented.displayName}</>}
            </button>
            <button type="button" onClick={clear}>Clear code</button>
          </div>
        </div>
      )}
    </section>
  );
}
