// What a cashier types to find a sale, read the way people give it: the short code on the receipt ("CP-C7F-ZS5",
// "cp c7f zs5", "CPC7FZS5"), an order number ("#42", "42"), an amount ("27.00", "$27"), a date ("2026-11-26",
// "26/11/2026"), or part of the order reference or a Payment Request id. A bare number may be an order number or
// dollars, so it looks for both.
import { parseDollars } from '../../../domain/money';
import { localDay } from './day';

export type SaleMatch =
  | { by: 'short-code'; shortCode: string }
  | { by: 'number'; number: number }
  | { by: 'amount'; amount: string }
  /** Part of the order reference ("000042", "K7QZ2M"), or a whole Payment Request id. */
  | { by: 'reference'; text: string };

export interface SaleSearch {
  /** A sale matching any of these is found; none: every sale. */
  matches: SaleMatch[];
  /** A local date "YYYY-MM-DD" the sale was made on. */
  date: string | null;
}

/**
 * "CP-C7F-ZS5", "cp c7f zs5", "CPC7FZS5" → "CP-C7F-ZS5" (§1.5: `CP-` and two groups, the second of 2 or 3). A
 * refund's activity code ("CP-C7F-ZS5-015") gives its request's code. Null when it is not a short code.
 */
export function normaliseShortCode(text: string): string | null {
  const upper = text.trim().toUpperCase();
  const activity = /^CP-([A-Z0-9]{3})-([A-Z0-9]{2,3})-\d{1,3}$/.exec(upper);
  if (activity) return `CP-${activity[1]}-${activity[2]}`;
  const compact = /^CP([A-Z0-9]{3})([A-Z0-9]{2,3})$/.exec(upper.replace(/[\s-]/g, ''));
  return compact ? `CP-${compact[1]}-${compact[2]}` : null;
}

/** "2026-11-26" or "26/11/2026" (day first, as in New Zealand) → "2026-11-26"; null when it is not a date. */
export function parseLocalDate(text: string): string | null {
  const trimmed = text.trim();
  const dayFirst = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed);
  const date = dayFirst ? `${dayFirst[3]}-${dayFirst[2]!.padStart(2, '0')}-${dayFirst[1]!.padStart(2, '0')}` : trimmed;
  return localDay(date) ? date : null;
}

export function parseSaleSearch(text: string): SaleSearch {
  const trimmed = text.trim();
  if (trimmed === '') return { matches: [], date: null };
  const date = parseLocalDate(trimmed);
  if (date) return { matches: [], date };
  const shortCode = normaliseShortCode(trimmed);
  if (shortCode) return { matches: [{ by: 'short-code', shortCode }], date: null };
  const numbered = /^(?:#|no\.?\s*)(\d{1,9})$/i.exec(trimmed);
  if (numbered) return { matches: [{ by: 'number', number: Number(numbered[1]) }], date: null };
  const amount = parseDollars(trimmed);
  if (amount && /^\d{1,8}$/.test(trimmed)) return { matches: [{ by: 'number', number: Number(trimmed) }, { by: 'amount', amount }], date: null };
  if (amount) return { matches: [{ by: 'amount', amount }], date: null };
  return { matches: [{ by: 'reference', text: trimmed }], date: null };
}
