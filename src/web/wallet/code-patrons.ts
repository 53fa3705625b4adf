// The patrons "My codes" can show, and which one the address asks for.
import { SEED_PATRONS, type SeedPatron } from '../../domain/sandbox-seeds';

/** The seeded patrons with a patron code to show (Alice and Bob). */
export const CODE_PATRONS: readonly SeedPatron[] = SEED_PATRONS.filter((patron) => patron.barcode !== undefined);

/** `?patron=` names one of CODE_PATRONS; anything else (missing, unknown, mistyped) is the first of them. */
export function patronFromSearch(search: string): SeedPatron {
  const id = new URLSearchParams(search).get('patron');
  const patron = CODE_PATRONS.find((candidate) => candidate.id === id) ?? CODE_PATRONS[0];
  if (!patron) throw new Error('the sandbox seeds no patron with a code');
  return patron;
}
