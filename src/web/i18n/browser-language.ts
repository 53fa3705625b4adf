// The language a patron's own phone asks for: te reo Māori when its first choice is Māori, else English.
import { DEFAULT_LANGUAGE, type Language } from '../../domain/language';

export function browserLanguage(preferred: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages): Language {
  return /^mi\b/i.test(preferred[0] ?? '') ? 'mi-NZ' : DEFAULT_LANGUAGE;
}
