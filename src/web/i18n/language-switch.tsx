// One tap to the other language, offered by its own name in its own language ("Te reo Māori" while English is shown,
// "English" while Māori is). Local to this screen: it changes no lane and calls no API.
import { LANGUAGE_NAMES, LANGUAGES } from '../../domain/language';
import { useWords } from './i18n';
import { useLanguageStore } from './language-store';
import './language-switch.css';

export function LanguageSwitch({ size = 'large' }: { size?: 'large' | 'small' }) {
  const { language } = useWords();
  const choose = useLanguageStore((state) => state.choose);
  const other = LANGUAGES[(LANGUAGES.indexOf(language) + 1) % LANGUAGES.length]!;
  return (
    <button type="button" className={`language-switch language-switch-${size}`} lang={other} onClick={() => choose(other)}>
      {LANGUAGE_NAMES[other]}
    </button>
  );
}
