// How a sale and its tenders are named on the cashier's screens (the till, recent payments, history, a sale, end of day).
import { FOUND_SALE_KIND } from '../../domain/found-sale';
import { refundedWords } from '../../domain/after-sale';
import { resultWords } from '../../domain/journal-words';
import { TENDER_LABELS, tenderMethodSchema, type LaneState } from '../../domain/lane';
import type { SaleSummary } from './api/get-sales';

/** "#42", the till's order number; "found at Centrapay" for another till's sale journaled here to refund it. */
export function orderWords(sale: { kind: string; number: number }): string {
  return sale.kind === FOUND_SALE_KIND ? 'found at Centrapay' : `#${sale.number}`;
}

/** "Cash", "Card (external)"; anything else as the journal has it. */
export function tenderWords(method: string): string {
  const parsed = tenderMethodSchema.safeParse(method);
  return parsed.success ? TENDER_LABELS[parsed.data] : method;
}

/** "Paid · Cash · $6.00 refunded": how the sale ended, the tenders the till took at the counter, and what went back. */
export function saleResultWords(sale: Pick<SaleSummary, 'result' | 'tenders' | 'refunds' | 'currency'>): string {
  const methods = [...new Set(sale.tenders.map((tender) => tenderWords(tender.method)))];
  return [resultWords(sale.result), ...(methods.length > 0 ? [methods.join(', ')] : []), refundedWords(sale.refunds, sale.currency)]
    .filter((part) => part !== null).join(' · ');
}

/** The wait on the lane in the cashier's words; null when nothing is under way. */
export function stepWords(state: LaneState): string | null {
  switch (state.step?.kind) {
    case undefined:
      return null;
    case 'creating':
      return state.step.cancelRequested ? 'Cancelling payment…' : 'Starting the payment…';
    case 'connecting':
      return 'Starting the wallet connection…';
    case 'cancelling':
      return 'Cancelling payment…';
    case 'tendering':
      return `Recording the ${state.step.method === 'card' ? 'card' : 'cash'} payment with Centrapay…`;
    case 'refunding':
      return 'Refunding the customer’s payment…';
    case 'deciding':
      return state.step.decision?.decision === 'decline' ? 'Declining the check…' : 'Accepting the check…';
  }
}
