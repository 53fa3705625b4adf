// Money taken at the counter: Card (external) for what is due, or Cash, where the cashier keys what the customer
// handed over (quick buttons for the next round amounts) and sees the change, or takes less than is due as a first
// part (split tender: the rest by Centrapay, a code, or more at the counter).
import { useId, useState } from 'react';
import { TENDER_LABELS, type CounterTender } from '../../domain/lane';
import { compareCents, parseDollars, quickCashAmounts, subtractCents } from '../../domain/money';
import { Money } from '../ui/money';

export interface CounterTenderProps {
  /** What is due now. */
  due: string;
  onTake: ((tender: CounterTender) => void) | undefined;
  disabled: boolean;
  /** Why the buttons cannot be used now, in words; null when they can. */
  why: string | null;
  amountLabel: string;
}

export function CounterTenderButtons({ due, onTake, disabled, why, amountLabel }: CounterTenderProps) {
  const [cashOpen, setCashOpen] = useState(false);
  const off = disabled || !onTake;
  return (
    <>
      <div className="tender-buttons" role="group" aria-label={amountLabel}>
        <button type="button" disabled={off} aria-expanded={cashOpen} onClick={() => setCashOpen(!cashOpen)}>{TENDER_LABELS.cash}</button>
        <button type="button" disabled={off} onClick={() => onTake?.({ method: 'card' })}>{TENDER_LABELS.card}</button>
      </div>
      {cashOpen && !off && <CashForm due={due} onTake={(tender) => { setCashOpen(false); onTake?.(tender); }} />}
      {why && <p className="muted" data-testid="tender-refusal">{why}</p>}
    </>
  );
}

function CashForm({ due, onTake }: { due: string; onTake: (tender: CounterTender) => void }) {
  const [text, setText] = useState('');
  const fieldId = useId();
  const received = parseDollars(text);
  const short = received !== null && compareCents(received, due) < 0;
  const change = received !== null && !short ? subtractCents(received, due) : null;
  const problem = text && received === null ? 'Key the cash as dollars and cents, e.g. 20 or 20.50.'
    : received === '0' ? 'Key how much cash the customer gave.' : null;
  const take = () => received && received !== '0' && !problem && onTake({ method: 'cash', tendered: received });
  return (
    <form className="cash-form" onSubmit={(event) => { event.preventDefault(); take(); }}>
      <div className="cash-head">
        <label htmlFor={fieldId}>Cash received ($)</label>
        <span>Due <strong data-testid="cash-due"><Money cents={due} /></strong></span>
      </div>
      <div className="cash-entry">
        <input id={fieldId} inputMode="decimal" autoComplete="off" value={text} autoFocus aria-invalid={problem !== null}
          onChange={(event) => setText(event.target.value)} />
        <button type="submit" className="pay-button" disabled={!received || received === '0' || problem !== null}>Take cash</button>
      </div>
      <div className="quick-cash" role="group" aria-label="Cash handed over">
        {quickCashAmounts(due).map((amount) => (
          <button key={amount} type="button" onClick={() => onTake({ method: 'cash', tendered: amount })}>
            <Money cents={amount} />
          </button>
        ))}
      </div>
      {problem && <p role="alert" className="error">{problem}</p>}
      {change !== null && <p className="change-due" data-testid="cash-change">Change <strong><Money cents={change} /></strong></p>}
      {short && !problem && (
        <p className="notice" data-testid="cash-part">Takes <Money cents={received} /> now; <Money cents={subtractCents(due, received)} /> still to pay.</p>
      )}
    </form>
  );
}
