// A sale found at Centrapay by its short code: another till's or gateway's, or this till's before its journal was lost.
// What this till can do with it, worked out from Centrapay's record of its request and the refunds already made of it;
// and the rows that journal it "as found", so that the after-sale engine loads its book like any sale's and refunds it
// here. Pure: the look-up (history/at-centrapay.ts) does the reading and writing.
import type { PaymentRequest, RefundActivity } from '../../../domain/centrapay';
import type { FoundSale } from '../../../domain/found-sale';
import { formatMoney, sumCents } from '../../../domain/money';
import type { FoundSaleRows, RequestOwner, RequestRow } from '../journal/journal';
import { requestTender } from './book';
import { afterSaleView, notRefundable, refundsElsewhere, type SaleBook } from './ledger';

/** The event that says a sale was found at Centrapay, not sold here. */
export const FOUND_EVENT = 'found-at-centrapay';

function requestRow(request: PaymentRequest, ref: string): RequestRow {
  const { id, shortCode, value, status, createdAt } = request;
  return { id, shortCode, orderRef: ref, amount: value.amount, currency: value.currency, status, createdAt, paidBy: request.paidBy ?? null, connectionId: request.connectionId ?? null };
}

/** The book the sale has once journaled under `ref`: its request's lines and what paid it, and its refunds so far. */
export function foundBook(request: PaymentRequest, activities: readonly RefundActivity[], ref = ''): SaleBook {
  const tenders = request.status === 'paid' ? [requestTender(requestRow(request, ref), [])] : [];
  const book: SaleBook = {
    ref, number: 0, total: request.value.amount, currency: request.value.currency, result: request.status, createdAt: request.createdAt,
    lines: request.lineItems ?? [], tenders, refunds: [], found: true, elsewhere: [], unknownPaid: false,
  };
  book.elsewhere = tenders.flatMap((tender) => refundsElsewhere(book, tender, activities));
  return book;
}

/** Why this till cannot refund the request (in words); null when it can. A sale of the journal's own is opened, not found. */
function refusal(request: PaymentRequest, owner: RequestOwner | undefined, book: SaleBook): string | null {
  if (owner?.kind === 'hold') return 'This payment is one of this till’s tabs or pump authorisations: it is refunded from there, not from the sales history.';
  if (owner?.kind === 'vend') return 'This payment is a vend at one of the store’s machines: the till refunds a vend itself when the machine cannot vend.';
  if (request.preAuth) return 'This payment is a pre-authorisation (a tab or a pump), not a sale: it cannot be refunded from the sales history.';
  return notRefundable(book)?.refused.message ?? null;
}

/** What Centrapay has of the request, and what this till has of it (`owner`: its journal's sale, hold or vend of it). */
export function foundSaleView(request: PaymentRequest, activities: readonly RefundActivity[], owner: RequestOwner | undefined, now: number): FoundSale {
  const book = foundBook(request, activities);
  const view = afterSaleView(book, now);
  const journaled = owner?.kind === 'sale' ? owner.ref : null;
  return {
    paymentRequestId: request.id,
    shortCode: request.shortCode,
    status: request.status,
    createdAt: request.createdAt,
    terminalId: request.terminalId ?? null,
    amount: request.value.amount,
    currency: request.value.currency,
    lineItems: request.lineItems ?? [],
    paidBy: request.paidBy ?? null,
    refunds: view.refunds,
    refundable: view.refundable,
    ref: journaled,
    refusal: journaled ? null : refusal(request, owner, book),
  };
}

/**
 * The found sale's rows, journaled under `ref` in the store of `lane` (the lane whose cashier found it): a sale of the
 * request's amount and line items, made when Centrapay says, by the till the request names, and `paid`; its request
 * with what paid it; and who found it, when, and what had been refunded of it by then.
 */
export function foundSaleRows(request: PaymentRequest, activities: readonly RefundActivity[], found: { ref: string; lane: string; operatorId: string }): FoundSaleRows {
  const { ref, lane, operatorId } = found;
  const { value } = request;
  const refunded = sumCents(foundBook(request, activities).elsewhere.filter((refund) => refund.status !== 'failed').map((refund) => refund.amount));
  const where = request.terminalId ? `on terminal ${request.terminalId}` : 'elsewhere';
  return {
    sale: {
      ref, lane, terminalId: request.terminalId ?? '', operatorId: request.operatorId ?? null, total: value.amount, currency: value.currency, result: 'paid',
      createdAt: request.createdAt, lineItems: request.lineItems ?? [],
      // Its refunds name the invoice the sale was made under (the Farmlands guide), else the reference it was made by.
      invoiceRef: request.invoiceRef ?? request.externalRef ?? ref, purchaseOrderRef: request.purchaseOrderRef ?? null,
    },
    request: { ...requestRow(request, ref), externalRef: request.externalRef ?? ref },
    event: {
      subject: request.id,
      ref,
      name: FOUND_EVENT,
      actor: `cashier:${operatorId}`,
      detail: `Found at Centrapay by its short code ${request.shortCode}: ${formatMoney(value.amount, value.currency)} paid ${request.createdAt} ${where}, `
        + `not on this till; ${formatMoney(refunded, value.currency)} refunded by then.`,
    },
  };
}
