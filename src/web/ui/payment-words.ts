import { describeCentrapayCode } from '../../domain/centrapay';
import { changeDue, TENDER_LABELS, type LanePayment, type LaneSettlement, type LaneState, type PresentedCode, type TenderMethod } from '../../domain/lane';
import { presentedCodeFailure } from '../../domain/patron-code';
import { formatMoney } from '../../domain/money';
import { paymentLines } from '../../domain/paid-by';
import type { Words } from '../i18n/i18n';
import { centrapayWords, presentedCodeWords, patronNoteWords } from '../i18n/patron-words';

/** A tender's name in the reader's words: the patron's language with `words`, else the cashier's English. */
function tenderLabel(method: TenderMethod, words?: Words): string {
  return words ? words.t(`tender.${method}`) : TENDER_LABELS[method];
}

function money(cents: string, currency: string | undefined, words?: Words): string {
  return formatMoney(cents, currency, words?.language);
}

/** "Centrapay NZD $17.00" per asset that paid, from `paidBy` (checklist 101.2); the till's tenders by name. */
export function paidByLines(payment: LanePayment, words?: Words): string[] {
  return paymentLines(payment.paymentRequest.paidBy, payment.tenders, (method) => tenderLabel(method, words))
    .map((line) => `${line.label} ${money(line.amount, line.currency, words)}`);
}

/**
 * What the sale's parts paid, in order: at the counter before any request (split tender), earlier requests (a voucher
 * before the rest), then this payment. In the cashier's English, or a patron's language with `words`.
 */
export function salePaidByLines(parts: readonly LanePayment[], payment: LanePayment | null, counter: readonly LaneSettlement[] = [], words?: Words): string[] {
  const atCounter = counter.map(({ tender }) => `${tenderLabel(tender.method, words)} ${money(tender.amount, undefined, words)}`);
  return [...atCounter, ...[...parts, ...(payment?.outcome === 'paid' ? [payment] : [])].flatMap((part) => paidByLines(part, words))];
}

/** The change the customer is owed for the cash just taken (at the counter, or recorded on the request); null if none. */
export function changeOwed(state: Pick<LaneState, 'settlement' | 'payment'>): string | null {
  const tender = state.settlement?.tender ?? state.payment?.tenders.at(-1);
  return tender ? changeDue(tender) : null;
}

/** Why a payment ended as it did, in words; a card or voucher the patron presented is named (`code`). */
export function outcomeDetail(payment: LanePayment, code: PresentedCode | null = null): string | null {
  const reason = payment.paymentRequest.cancellationReason;
  if (payment.outcome === 'cancelled' && reason) return (code && code.provider !== 'centrapay' ? presentedCodeFailure(reason, code.displayName) : null) ?? describeCentrapayCode(reason);
  return payment.notice;
}

/**
 * `outcomeDetail` for the patron, in their language: Centrapay's reason by its code, the till's note in patron words;
 * nothing more when the outcome is unknown (its heading sends the patron to the cashier).
 */
export function patronOutcomeDetail(payment: LanePayment, code: PresentedCode | null, words: Words): string | null {
  const reason = payment.paymentRequest.cancellationReason;
  if (payment.outcome === 'unknown') return null;
  if (payment.outcome === 'cancelled' && reason) return (code ? presentedCodeWords(reason, code, words) : null) ?? centrapayWords(reason, words);
  return payment.notice ? patronNoteWords(payment.notice, words) : null;
}

/** "1:59": what is left until `expiresAt`, never below 0:00. */
export function timeLeft(expiresAt: string, now: number): string {
  const seconds = Math.max(0, Math.ceil((Date.parse(expiresAt) - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The heading of a finished payment, for the cashier (`patronResultTitle` is the patron's). */
export function resultTitle(outcome: LanePayment['outcome']): string {
  if (outcome === 'unknown') return 'Payment status unknown';
  return { paid: 'Payment successful', cancelled: 'Payment cancelled', expired: 'Payment expired', pending: '' }[outcome];
}

/** `resultTitle` for the patron, in their language: an unknown outcome sends them to the cashier, without alarm. */
export function patronResultTitle(outcome: LanePayment['outcome'], { t }: Words): string {
  return outcome === 'pending' ? '' : t(`payment.${outcome === 'unknown' ? 'seeCashier' : outcome}`);
}
