// Unit tests speak every language at once (wordsFor('mi-NZ')), so each test file starts with all the catalogs loaded,
// as a screen has them once it has switched, with the English words of every page.
import { LANGUAGES } from '../domain/language';
import { loadLanguage, loadPageWords } from '../web/i18n/i18n';

await Promise.all([...LANGUAGES.map(loadLanguage), loadPageWords()]);
