import { describe, expect, it } from 'vitest';
import { SEED } from '../../domain/sandbox-seeds';
import { CODE_PATRONS, patronFromSearch } from './code-patrons';

describe('code patrons', () => {
  it('are Alice and Bob, with their seeded patron codes', () => {
    expect(CODE_PATRONS.map((patron) => [patron.id, patron.barcode])).toEqual([
      ['alice', SEED.aliceBarcode],
      ['bob', SEED.bobBarcode],
    ]);
  });

  it('come from ?patron=, Alice when it names nobody with a code', () => {
    expect(patronFromSearch('?patron=bob').id).toBe('bob');
    expect(patronFromSearch('?patron=alice').id).toBe('alice');
    for (const search of ['', '?patron=', '?patron=carol', '?patron=BOB', '?patron=mallory', '?lane=1']) {
      expect(patronFromSearch(search).id).toBe('alice');
    }
  });
});
