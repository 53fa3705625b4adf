// How a sale and its tenders are named on the cashier's screens (recent payments, history, a sale, end of day).
import { TENDER_LABELS, tenderMethodSchema } from '../../domain/lane';

const RESULT_WORDS: Record<string, string> = {
  pending: 'In progress',
  paid: 'Paid',
  cancelled: 'Cancelled',
  expired: 'Expired',
  refunded: 'Refunded',
  unknown: 'Unknown: check in Centrapay',
  'not-started': 'Not started',
};

export function resultWords(result: string): string {
  return RESULT_WORDS[result] ?? result;
}

/** "Cash", "Card (external)"; anything else as the journal has it. */
export function tenderWords(method: string): string {
  const parsed = tenderMethodSchema.safeParse(method);
  return parsed.success ? TENDER_LABELS[parsed.data] : method;
}

/** "Paid · Cash": how the sale ended, and the tenders the till took at the counter. */
export function saleResultWords(sale: { result: string; tenders: readonly { method: string }[] }): string {
  const methods = [...new Set(sale.tenders.map((tender) => tenderWords(tender.method)))];
  return methods.length > 0 ? `${resultWords(sale.result)} · ${methods.join(', ')}` : resultWords(sale.result);
}
