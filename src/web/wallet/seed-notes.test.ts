import { describe, expect, it } from 'vitest';
import { SEED_PATRONS, SEED_QUICK_PAY_CODES } from '../../domain/sandbox-seeds';
import { wordsFor } from '../i18n/i18n';
import { patronNote, quickPayNote } from './seed-notes';

const english = wordsFor('en-NZ');
const maori = wordsFor('mi-NZ');

describe('the wallet simulator’s notes', () => {
  it('say in English what the seeds say of each patron, card and voucher', () => {
    for (const patron of SEED_PATRONS) expect(patronNote(patron, english), patron.id).toBe(patron.note);
    for (const code of SEED_QUICK_PAY_CODES) expect(quickPayNote(code, english), code.barcode).toBe(code.note);
  });

  it('say it in te reo Māori, with money as New Zealand writes it ("$1,000.00", never "NZ$")', () => {
    expect(SEED_PATRONS.map((patron) => patronNote(patron, maori))).toEqual(['$1,000.00 i Centrapay NZD', '$5.00 i Centrapay NZD', 'Kua whakawetohia te pūkoro']);
    expect(SEED_QUICK_PAY_CODES.map((code) => quickPayNote(code, maori))).toEqual([
      'Hohe, $100,000.00', 'Hohe, kāore he moni', 'Kua pau te wā', 'Kāore i te hohe', '$20.00 kei roto', '$0.00 kei roto', 'Kua pau te wā',
    ]);
  });
});
