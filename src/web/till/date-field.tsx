// A day as New Zealand writes it — day/month/year — in place of the browser's own date picker, which an en-US browser
// shows as mm/dd/yyyy. Keyboard-first: type "6/12/2026" (or "6.12.26", "2026-12-06"), or step a day at a time with ↑
// and ↓ or the buttons beside it; the day is said in words beside the field ("Sunday 6 December 2026"), so a slip shows.
// Text that is no day is said so, marks the field invalid (a form holding it does not submit) and changes nothing.
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { addDays, formatDay, formatDayTyped, localDateOf, parseDay } from '../../domain/dates';
import './back-office.css';

const NOT_A_DAY = 'Type day/month/year, e.g. 6/12/2026.';

/** `value`: the day chosen, "YYYY-MM-DD", or '' for none (allowed unless `required`, then said as `emptyWords`). */
export function DateField({ label, value, onChange, required = false, emptyWords = 'Any day' }: {
  label: string; value: string; onChange: (day: string) => void; required?: boolean; emptyWords?: string;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(() => (value ? formatDayTyped(value) : ''));
  const [shown, setShown] = useState(value);
  // The day changed from outside (Show all, Back): the field shows it.
  if (value !== shown) {
    setShown(value);
    if (parseDay(text) !== value) setText(value ? formatDayTyped(value) : '');
  }
  const typed = parseDay(text);
  const problem = text.trim() === '' ? (required ? NOT_A_DAY : null) : typed === null ? NOT_A_DAY : null;
  const type = (next: string) => {
    setText(next);
    const day = parseDay(next);
    input.current?.setCustomValidity(day === null && (next.trim() !== '' || required) ? NOT_A_DAY : '');
    if (day !== null) onChange(day);
    else if (next.trim() === '' && !required) onChange('');
  };
  const step = (days: number) => type(formatDayTyped(addDays(typed ?? value ?? '', days) || localDateOf(Date.now())));
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    event.preventDefault();
    step(event.key === 'ArrowUp' ? 1 : -1);
  };
  return (
    <div className="date-field">
      <label htmlFor={id}>{label}</label>
      <div className="date-field-row">
        <button type="button" className="date-field-step" aria-label={`${label}: the day before`} onClick={() => step(-1)}>‹</button>
        <input id={id} ref={input} value={text} onChange={(event) => type(event.target.value)} onKeyDown={onKeyDown}
          inputMode="numeric" autoComplete="off" placeholder="d/m/yyyy" size={10} required={required}
          aria-invalid={problem !== null} aria-describedby={`${id}-words`} />
        <button type="button" className="date-field-step" aria-label={`${label}: the day after`} onClick={() => step(1)}>›</button>
        <span id={`${id}-words`} className={problem ? 'date-field-words error' : 'date-field-words muted'} data-testid="date-field-words">
          {problem ?? (typed ? formatDay(typed) : emptyWords)}
        </span>
      </div>
    </div>
  );
}
