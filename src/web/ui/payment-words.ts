import { CARD_PARTNER_DISCOUNT_WORDS, discountWords } from '../../domain/card-partner';
import { describeCentrapayCode } from '../../domain/centrapay';
import { changeDue, TENDER_LABELS, type LanePayment, type LaneState, type PresentedCode, type TenderMethod } from '../../domain/lane';
import { presentedCodeFailure } from '../../domain/patron-code';
import { formatMoney } from '../../domain/money';
import type { SaleTally, TallyDiscount, TallyPayment } from '../../domain/sale-tally';
import type { Words } from '../i18n/i18n';
import { centrapayWords, presentedCodeWords, patronNoteWords } from '../i18n/patron-words';

/** A tender's name in the reader's words: the patron's language with `words`, else the cashier's English. */
function tenderLabel(method: TenderMethod, words?: Words): string {
  return words ? words.t(`tender.${method}`) : TENDER_LABELS[method];
}

function money(cents: string, currency: string | undefined, words?: Words): string {
  return formatMoney(cents, currency, words?.language);
}

/** What paid towards the sale, in the reader's words: the asset's description from `paidBy` (checklist 101.2), the till's tenders by name. */
export function paymentLabel(payment: TallyPayment, words?: Words): string {
  return payment.kind === 'counter' ? tenderLabel(payment.method, words) : payment.description;
}

/** "Sandbox Voucher $20.00", per payment towards the sale (`saleTally`): its tenders in the order taken, never a wallet's offer. */
export function paidLines(tally: Pick<SaleTally, 'payments'>, words?: Words): string[] {
  return tally.payments.map((payment) => `${paymentLabel(payment, words)} ${money(payment.amount, payment.kind === 'asset' ? payment.currency : undefined, words)}`);
}

/** A discount's name: the wallet's offer by its description, the store's Card Partner discount with its percentage. */
export function discountLabel(discount: TallyDiscount, words?: Words): string {
  if (discount.kind === 'offer') return discount.description;
  return words ? words.t('cart.cardPartnerDiscount', { percent: discount.percent }) : discountWords({ description: CARD_PARTNER_DISCOUNT_WORDS, percent: discount.percent });
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
