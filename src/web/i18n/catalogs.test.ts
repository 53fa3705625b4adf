// Both catalogs say the same things: every key in both, no empty words, the same {{placeholders}} in each pair. The
// Māori catalog is also typed with the English one's shape; this catches what a type cannot (an empty string, a
// placeholder spelt differently) and any catalog added later without the type.
import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../domain/language';
import { enNZ } from './en-NZ';
import { enNZPages } from './en-NZ-pages';
import { i18n } from './i18n';
import { miNZ } from './mi-NZ';

const CATALOGS: Record<Language, object> = { 'en-NZ': { ...enNZ, ...enNZPages }, 'mi-NZ': miNZ };

function entries(catalog: object, prefix = ''): Map<string, unknown> {
  const flat = new Map<string, unknown>();
  for (const [key, value] of Object.entries(catalog)) {
    if (value !== null && typeof value === 'object') for (const [inner, word] of entries(value, `${prefix}${key}.`)) flat.set(inner, word);
    else flat.set(`${prefix}${key}`, value);
  }
  return flat;
}

const placeholders = (word: string) => [...word.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)].map((match) => match[1]).sort();

describe('the catalogs', () => {
  const english = entries(CATALOGS['en-NZ']);

  it('has one for every language the server accepts, and i18next has them all', () => {
    expect(Object.keys(CATALOGS).sort()).toEqual([...LANGUAGES].sort());
    for (const language of LANGUAGES) expect(i18n.hasResourceBundle(language, 'translation')).toBe(true);
  });

  for (const language of LANGUAGES) {
    describe(language, () => {
      const words = entries(CATALOGS[language]);

      it('has exactly the English catalog’s keys', () => {
        expect([...words.keys()].sort()).toEqual([...english.keys()].sort());
      });

      it('has no empty or non-string words', () => {
        const bad = [...words].filter(([, word]) => typeof word !== 'string' || word.trim() === '').map(([key]) => key);
        expect(bad).toEqual([]);
      });

      it('has the same {{placeholders}} as English in every word', () => {
        const differing = [...english]
          .filter(([key, word]) => JSON.stringify(placeholders(String(word))) !== JSON.stringify(placeholders(String(words.get(key) ?? ''))))
          .map(([key]) => key);
        expect(differing).toEqual([]);
      });
    });
  }

  it('has te reo Māori words for what a patron reads, not English left in place', () => {
    const same = [...entries(miNZ)].filter(([key, word]) => word === english.get(key)).map(([key]) => key);
    // Words that are the same in both: a name, a symbol, a heading made only of placeholders.
    expect(same.sort()).toEqual(['common.quantity', 'receipt.centrapay', 'wallet.codes.heading']);
  });
});
