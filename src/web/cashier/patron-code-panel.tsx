// The barcode flow at the till (centrapay-api.md §6.3; checklist 201.1–201.3): the customer's code is scanned (a
// keyboard-wedge scanner, whatever has focus) or typed into Patron code, checked here before anything is sent, decoded
// by Centrapay so the cashier sees whose code it is, then charged. A phone order marks the customer not present.
import { useId, useState, type FormEvent } from 'react';
import { applyCardPartnerDiscount, CARD_PARTNER_DISCOUNT_WORDS, discountWords } from '../../domain/card-partner';
import type { CartItem, CartLine } from '../../domain/cart';
import type { DecodedCode } from '../../domain/lane';
import { normalisePatronCode, patronCodeProblem, PATRON_CODE_MAX_DIGITS } from '../../domain/patron-code';
import { errorMessage } from '../lib/api-client';
import { Money } from '../ui/money';
import type { SaleRefsInput } from '../cart/cart-store';
import { useDecodeCode } from './api/decode-code';
import { usePayByCode } from './api/pay-by-code';
import { useWedgeScanner } from './use-wedge-scanner';

interface PatronCodePanelProps {
  lane: string;
  cart: CartItem[];
  /** The whole sale's lines, when the code would pay all of it (a Farmlands card then gets the store's discount). */
  priced?: CartLine[];
  total: string;
  operatorId: string;
  refs?: SaleRefsInput;
  /** Why a sale cannot be started now (empty cart, another press under way); null when it can. */
  blocked: string | null;
}

export function PatronCodePanel({ lane, cart, priced, total, operatorId, refs, blocked }: PatronCodePanelProps) {
  const entry = usePatronCodeEntry(lane, blocked);
  const { code, decode, decoded } = entry;
  const fieldId = useId();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    entry.check(code);
  };
  return (
    <section className="patron-code" aria-labelledby={`${fieldId}-heading`}>
      <h3 id={`${fieldId}-heading`}>Customer’s code or voucher</h3>
      <form onSubmit={onSubmit} className="patron-code-form">
        <label htmlFor={fieldId}>Patron code</label>
        <input id={fieldId} value={code} inputMode="numeric" autoComplete="off" maxLength={PATRON_CODE_MAX_DIGITS + 8}
          aria-describedby={`${fieldId}-hint`} aria-invalid={entry.problem !== null} onChange={(event) => entry.type(event.target.value)} />
        <button type="submit" disabled={decode.isPending || code.length === 0}>{decode.isPending ? 'Checking…' : 'Check code'}</button>
      </form>
      <p id={`${fieldId}-hint`} className="muted">Scan it, or type the digits under the barcode (up to 16).</p>
      {entry.error && <p role="alert" className="error" data-testid="patron-code-error">{entry.error}</p>}
      {decoded && decoded.code === normalisePatronCode(code) && (
        <ChargeCode decoded={decoded} entry={entry} blocked={blocked} total={total} priced={priced}
          onCharge={() => entry.charge.mutate({ cart, operatorId, refs, code: decoded.code, patronNotPresent: entry.patronNotPresent })} />
      )}
    </section>
  );
}

/**
 * The code being entered: typed, or scanned (a keyboard-wedge scanner, whatever has focus); checked here before
 * anything is sent, then decoded by Centrapay; and the charge to it.
 */
function usePatronCodeEntry(lane: string, blocked: string | null) {
  const decode = useDecodeCode(lane);
  const charge = usePayByCode(lane);
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [decoded, setDecoded] = useState<{ code: string; presented: DecodedCode } | null>(null);
  const [patronNotPresent, setPatronNotPresent] = useState(false);
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
  const type = (text: string) => {
    setCode(text);
    setProblem(null);
    setDecoded(null);
  };
  const clear = () => {
    type('');
    decode.reset();
    charge.reset();
  };
  const error = problem ?? (decode.error ? errorMessage(decode.error) : charge.error ? errorMessage(charge.error) : null);
  return { code, problem, decoded, decode, charge, check, type, clear, error, patronNotPresent, setPatronNotPresent };
}

/**
 * Whose code it is, and charging it (a phone order marks the customer not present). A Farmlands card is charged the
 * store's Card Partner price (the rule the gateway applies, domain/card-partner.ts): the screen says so before.
 */
function ChargeCode({ decoded, entry, blocked, total, priced, onCharge }: {
  decoded: { presented: DecodedCode }; entry: ReturnType<typeof usePatronCodeEntry>; blocked: string | null; total: string; priced?: CartLine[]; onCharge: () => void;
}) {
  const { charge } = entry;
  const percent = priced && priced.length > 0 ? decoded.presented.cardPartnerPercent : null;
  const discounted = percent ? applyCardPartnerDiscount(priced!, percent) : null;
  return (
    <div className="patron-code-decoded" role="status">
      <p data-testid="patron-code-provider"><strong>{decoded.presented.displayName}</strong> · {decoded.presented.masked}</p>
      {discounted && percent && (
        <p data-testid="patron-code-discount">
          {discountWords({ description: CARD_PARTNER_DISCOUNT_WORDS, percent })} −<Money cents={discounted.off} />, if the card pays
        </p>
      )}
      <label className="checkbox">
        <input type="checkbox" checked={entry.patronNotPresent} onChange={(event) => entry.setPatronNotPresent(event.target.checked)} />
        Phone order: the customer is not here
      </label>
      <div className="tender-actions">
        {/* Focused once the code is known, so the cashier (or the scanner's next Enter) charges it deliberately. */}
        <button type="button" className="pay-button" autoFocus disabled={blocked !== null || charge.isPending} onClick={onCharge}>
          {charge.isPending ? 'Charging…' : <>Charge <Money cents={discounted?.total ?? total} /> to {decoded.presented.displayName}</>}
        </button>
        <button type="button" onClick={entry.clear}>Clear code</button>
      </div>
    </div>
  );
}
