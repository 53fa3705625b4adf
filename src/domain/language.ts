// The languages patron-facing screens speak. The server checks DISPLAY_LANGUAGE against this list; the screens have
// a catalog for each.
export const LANGUAGES = ['en-NZ', 'mi-NZ'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's own name in itself, as a switch offers it: shown before that language's words are loaded. */
export const LANGUAGE_NAMES: Record<Language, string> = { 'en-NZ': 'English', 'mi-NZ': 'Te reo Māori' };

/** The language the gateway writes its own words in (notices, error messages), and every screen's fallback. */
export const DEFAULT_LANGUAGE: Language = 'en-NZ';

export function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}
