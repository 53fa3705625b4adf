// A patron-facing screen speaks the language the patron picked, else its default; the page's words, its `Intl`
// formats and <html lang> follow.
import { useLayoutEffect } from 'react';
import type { Language } from '../../domain/language';
import { i18n, loadLanguage } from './i18n';
import { useLanguageStore } from './language-store';

export function useScreenLanguage(defaultLanguage: Language): Language {
  const language = useLanguageStore((state) => state.chosen) ?? defaultLanguage;
  // Before the browser paints, so a switch never shows a frame of the old language; a language whose words are not
  // here yet (its first use on this screen) switches once they are.
  useLayoutEffect(() => {
    let current = true;
    const speak = () => {
      if (!current) return;
      if (i18n.language !== language) void i18n.changeLanguage(language);
      document.documentElement.lang = language;
    };
    if (i18n.hasResourceBundle(language, 'translation')) speak();
    else void loadLanguage(language).then(speak, () => undefined);
    return () => {
      current = false;
    };
  }, [language]);
  return language;
}
