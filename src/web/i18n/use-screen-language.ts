// A patron-facing screen speaks the language the patron picked, else its default; the page's words, its `Intl`
// formats and <html lang> follow.
import { useLayoutEffect } from 'react';
import type { Language } from '../../domain/language';
import { i18n } from './i18n';
import { useLanguageStore } from './language-store';

export function useScreenLanguage(defaultLanguage: Language): Language {
  const language = useLanguageStore((state) => state.chosen) ?? defaultLanguage;
  // Before the browser paints, so a switch never shows a frame of the old language.
  useLayoutEffect(() => {
    if (i18n.language !== language) void i18n.changeLanguage(language);
    document.documentElement.lang = language;
  }, [language]);
  return language;
}
