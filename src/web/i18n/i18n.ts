// The one i18next instance of a page, set up once with both catalogs bundled (no backend: a display must not wait
// on a request for its words). Every page starts in English; patron-facing screens switch it (use-screen-language).
import i18next, { type TFunction } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, type Language } from '../../domain/language';
import { enNZ, type Catalog } from './en-NZ';
import type { enNZPages } from './en-NZ-pages';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof enNZ & typeof enNZPages };
  }
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  // English is bundled; another language's words come with the first screen that speaks it (loadLanguage).
  resources: { 'en-NZ': { translation: enNZ } },
  partialBundledLanguages: true,
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES,
  load: 'currentOnly',
  // Synchronous: the words are here already, so the first render has them.
  initAsync: false,
  // React escapes what it renders.
  interpolation: { escapeValue: false },
});

/** Each other language's catalog, its own chunk: a display that never speaks it never downloads it. */
const CATALOGS: Partial<Record<Language, () => Promise<Catalog>>> = {
  'mi-NZ': () => import('./mi-NZ').then((module) => module.miNZ),
};

/** Makes a language's words available (at once for English, after one small download for another). */
export async function loadLanguage(language: Language): Promise<void> {
  const load = CATALOGS[language];
  if (!load || i18n.hasResourceBundle(language, 'translation')) return;
  i18n.addResourceBundle(language, 'translation', await load());
}

/**
 * The English words of the patron's pages other than the display (en-NZ-pages.ts): the wallet simulator's, the
 * machines', the kiosk's and the receipt's pages load them with their code (router.tsx). Another language's catalog
 * has them already.
 */
export async function loadPageWords(): Promise<void> {
  const { enNZPages } = await import('./en-NZ-pages');
  i18n.addResourceBundle(DEFAULT_LANGUAGE, 'translation', enNZPages, true, false);
}

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
