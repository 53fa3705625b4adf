// Setting up a display by hand: type the code the till shows under Add a display, or pick the lane.
import { useState } from 'react';
import { DISPLAY_CODE_PATTERN, formatDisplayCode, normaliseDisplayCode } from '../../domain/display-code';
import { useWords } from '../i18n/i18n';
import { tillFailureWords } from '../i18n/patron-words';
import { useResolveDisplayCode } from './api/get-display-code-lane';
import { openDisplayOf } from './display-lane';
import './display-setup.css';

/** What a code from the till looks like: the field's placeholder and the example in its error. */
const EXAMPLE_CODE = formatDisplayCode('K7QZ2M');

export function DisplaySetup({ lanes, problem }: { lanes: readonly { id: string; name: string }[]; problem?: string }) {
  const { t } = useWords();
  return (
    <main className="display display-setup">
      <h1>{t('display.setup.title')}</h1>
      {problem && <p className="error" role="alert">{problem}</p>}
      <PairCodeForm />
      {lanes.length > 0 && (
        <section aria-labelledby="setup-lanes-title" className="setup-lanes">
          <h2 id="setup-lanes-title">{t('display.setup.chooseLane')}</h2>
          <ul>
            {lanes.map((lane) => (
              <li key={lane.id}><a href={`/display?lane=${encodeURIComponent(lane.id)}`}>{lane.name}</a></li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}

function PairCodeForm() {
  const [typed, setTyped] = useState('');
  const [mistake, setMistake] = useState<string | null>(null);
  const resolve = useResolveDisplayCode();
  const words = useWords();
  const { t } = words;
  const submit = () => {
    const code = normaliseDisplayCode(typed);
    if (!DISPLAY_CODE_PATTERN.test(code)) {
      // A non-breaking hyphen keeps the example whole.
      setMistake(t('display.setup.badFormat', { example: EXAMPLE_CODE.replace('-', '\u2011') }));
      return;
    }
    setMistake(null);
    resolve.mutate(code, { onSuccess: openDisplayOf });
  };
  return (
    <form className="pair-code-form" onSubmit={(event) => { event.preventDefault(); submit(); }}>
      <label htmlFor="pair-code">{t('display.setup.codeLabel')}</label>
      <p id="pair-code-hint" className="muted">{t('display.setup.codeHint')}</p>
      <input
        id="pair-code"
        className="pair-code-input"
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
        aria-describedby="pair-code-hint"
        placeholder={EXAMPLE_CODE}
        aria-invalid={mistake !== null || resolve.isError}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={12}
        // The set-up screen is for typing the code and nothing else.
        autoFocus
      />
      <button type="submit" className="primary" disabled={resolve.isPending}>{t('display.setup.open')}</button>
      {resolve.isPending && <p role="status">{t('display.setup.checking')}</p>}
      {(mistake || resolve.isError) && <p className="error" role="alert">{mistake ?? tillFailureWords(resolve.error, words)}</p>}
    </form>
  );
}
