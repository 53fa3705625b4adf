import { describe, expect, it } from 'vitest';
import { browserLanguage } from './browser-language';

describe('browserLanguage', () => {
  it('is te reo Māori when the phone asks for Māori first, in any region', () => {
    expect(browserLanguage(['mi-NZ', 'en-NZ'])).toBe('mi-NZ');
    expect(browserLanguage(['mi'])).toBe('mi-NZ');
    expect(browserLanguage(['MI-nz'])).toBe('mi-NZ');
  });

  it('is English otherwise, including when Māori is only a later choice', () => {
    expect(browserLanguage(['en-NZ', 'mi-NZ'])).toBe('en-NZ');
    expect(browserLanguage(['fr-FR'])).toBe('en-NZ');
    expect(browserLanguage(['min'])).toBe('en-NZ');
    expect(browserLanguage([])).toBe('en-NZ');
  });
});
