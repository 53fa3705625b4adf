// The one i18next instance of a page, set up once with both catalogs bundled (no backend: a display must not wait
// on a request for its words). Every page starts in English; patron-facing screens switch it (use-screen-language).
import i18next, { type TFunction } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, type Language } from '../../domain/language';
import { enNZ } from './en-NZ';
import { miNZ } from './mi-NZ';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof enNZ };
  }
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { 'en-NZ': { translation: enNZ }, 'mi-NZ': { translation: miNZ } },
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES,
  load: 'currentOnly',
  // Synchronous: the words are here already, so the first render has them.
  initAsync: false,
  // React escapes what it renders.
  interpolation: { escapeValue: false },
});

/** What a component needs to speak: `t` for words, `language` for `Intl` (money, dates, times). */
export interface Words {
  t: TFunction;
  language: Language;
}

export function useWords(): Words {
  const { t, i18n: instance } = useTranslation();
  return { t, language: asLanguage(instance.resolvedLanguage) };
}

/** The words of one language, outside React (tests, and code that is handed them). */
export function wordsFor(language: Language): Words {
  return { t: i18n.getFixedT(language), language };
}

function asLanguage(value: unknown): Language {
  return isLanguage(value) ? value : DEFAULT_LANGUAGE;
}
