// A finished sale afterwards: what can still be refunded or voided, and the refunds so far (the gateway's
// `/api/sales/{ref}/after-sale`), with the words a cashier reads for them. Money is integer cents in strings.
import { z } from 'zod/mini';
import { describeCentrapayCode, lineItemSchema } from './centrapay';
import { actorWords, resultWords } from './journal-words';
import { compareCents, formatMoney, sumCents } from './money';

export const refundMethodSchema = z.enum(['centrapay', 'void', 'cash', 'card']);
export type RefundMethod = z.infer<typeof refundMethodSchema>;

export const refundStatusSchema = z.enum(['pending', 'completed', 'failed']);
export type RefundStatus = z.infer<typeof refundStatusSchema>;

/** What went back to one kind of asset (Centrapay's refund `strategy`, by asset type). */
export const assetAmountSchema = z.object({ type: z.string(), description: z.optional(z.string()), amount: z.string() });
export type AssetAmount = z.infer<typeof assetAmountSchema>;

/** Money the cashier hands back over the counter: a counter tender, or an external payment recorded on a request. */
export const handBackSchema = z.object({ method: z.enum(['cash', 'card']), amount: z.string() });
export type HandBack = z.infer<typeof handBackSchema>;

/** One refund (or void) of one tender of the sale, as the journal keeps it. */
export const saleRefundSchema = z.object({
  /** Our refund id: the `externalRef` sent to Centrapay, or a local id for money handed back at the counter. */
  id: z.string(),
  orderRef: z.string(),
  paymentRequestId: z.nullable(z.string()),
  shortCode: z.nullable(z.string()),
  method: refundMethodSchema,
  amount: z.string(),
  currency: z.string(),
  /** The line items refunded; null for the whole sale. */
  lineItems: z.nullable(z.array(lineItemSchema)),
  reason: z.nullable(z.string()),
  actor: z.string(),
  status: refundStatusSchema,
  /** Centrapay's code when it refused. */
  error: z.nullable(z.string()),
  assetTotals: z.nullable(z.array(assetAmountSchema)),
  /** What the cashier hands back for this refund, if anything. */
  handBack: z.nullable(handBackSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SaleRefund = z.infer<typeof saleRefundSchema>;

/** One way the sale was paid, and what of it can still be refunded (`refunded` counts refunds still pending). */
export const refundableTenderSchema = z.object({
  method: z.enum(['centrapay', 'cash', 'card']),
  paymentRequestId: z.nullable(z.string()),
  shortCode: z.nullable(z.string()),
  paid: z.string(),
  refunded: z.string(),
  refundable: z.string(),
  /** What paid the request, by asset (Centrapay's `paidBy`); empty for the counter. */
  assets: z.array(assetAmountSchema),
});
export type RefundableTender = z.infer<typeof refundableTenderSchema>;

export const refundableLineSchema = z.object({
  sku: z.string(),
  name: z.string(),
  qty: z.number(),
  unitPrice: z.string(),
  /** The line's total as sold. */
  price: z.string(),
  /** How many can still be refunded one by one (none once the whole sale was refunded). */
  refundableQty: z.number(),
});
export type RefundableLine = z.infer<typeof refundableLineSchema>;

export const afterSaleSchema = z.object({
  ref: z.string(),
  number: z.number(),
  total: z.string(),
  currency: z.string(),
  /** The sale's result as the lane ended it (only a `paid` sale can be refunded). */
  result: z.string(),
  /** Where the sale stands after its refunds. */
  refundState: z.enum(['not-refundable', 'none', 'pending', 'part', 'whole']),
  refundable: z.string(),
  lines: z.array(refundableLineSchema),
  tenders: z.array(refundableTenderSchema),
  void: z.object({
    allowed: z.boolean(),
    /** 24 h after the sale's first Payment Request was created (by Centrapay's clock), or after the sale. */
    until: z.nullable(z.string()),
    /** Why not, in words; null when allowed. */
    refusal: z.nullable(z.string()),
  }),
  refunds: z.array(saleRefundSchema),
});
export type AfterSale = z.infer<typeof afterSaleSchema>;

/** The `actor` of a refund Centrapay lists that this till did not make: another till's or gateway's (a found sale's). */
export const REFUNDED_ELSEWHERE = 'elsewhere';

/** Who made a refund, for the cashier: "Op 7", or "elsewhere, not on this till". */
export function refundActorWords(actor: string): string {
  return actor === REFUNDED_ELSEWHERE ? 'elsewhere, not on this till' : actorWords(actor);
}

/** Where a finished sale stands after its refunds, as its page heads it. */
export type SaleStandingLabel = 'Paid' | 'Refund pending' | 'Part refunded' | 'Refunded' | 'Voided';

/**
 * "Paid", "Part refunded: $6.00 of $10.50", "Refunded: $10.50", "Voided: $9.30", "Refund pending: $6.00 of $10.50":
 * where a sale stands, read off the server's after-sale view (its `refundState` decides whole or part; the amounts are
 * its refunds, against what the tenders took). A sale that was not paid stands as it ended ("Cancelled").
 */
export function saleStanding(sale: Pick<AfterSale, 'result' | 'refundState' | 'refunds' | 'tenders' | 'currency'>): { label: string; words: string } {
  if (sale.refundState === 'not-refundable') return { label: resultWords(sale.result), words: resultWords(sale.result) };
  const given = sale.refunds.filter((refund) => refund.status !== 'failed');
  const back = sumCents(given.filter((refund) => refund.status === 'completed').map((refund) => refund.amount));
  const pending = sumCents(given.filter((refund) => refund.status === 'pending').map((refund) => refund.amount));
  const paid = sumCents(sale.tenders.map((tender) => tender.paid));
  const money = (cents: string) => formatMoney(cents, sale.currency);
  const label = standingLabel(sale.refundState, given, back);
  const still = compareCents(pending, '0') > 0 && label !== 'Refund pending' ? `, ${money(pending)} pending` : '';
  switch (label) {
    case 'Paid':
      return { label, words: label };
    case 'Refund pending':
      return { label, words: `${label}: ${money(pending)} of ${money(paid)}` };
    case 'Part refunded':
      return { label, words: `${label}: ${money(back)} of ${money(paid)}${still}` };
    case 'Refunded':
    case 'Voided':
      return { label, words: `${label}: ${money(back)}${still}` };
  }
}

/**
 * "$6.00 refunded", "$10.50 voided", "$4.50 refund pending": what went back of a sale, as a list of sales says it beside
 * how the sale ended (whole or part is the sale's page's to say: it knows what was paid); null when nothing did.
 */
export function refundedWords(refunds: readonly { method: string; amount: string; status: string }[], currency: string): string | null {
  const given = refunds.filter((refund) => refund.status !== 'failed');
  const sum = (rows: typeof given) => sumCents(rows.map((refund) => refund.amount));
  const parts = [
    [sum(given.filter((refund) => refund.status === 'completed' && refund.method !== 'void')), 'refunded'],
    [sum(given.filter((refund) => refund.status === 'completed' && refund.method === 'void')), 'voided'],
    [sum(given.filter((refund) => refund.status === 'pending')), 'refund pending'],
  ] as const;
  const words = parts.filter(([cents]) => compareCents(cents, '0') > 0).map(([cents, what]) => `${formatMoney(cents, currency)} ${what}`);
  return words.length > 0 ? words.join(', ') : null;
}

function standingLabel(state: AfterSale['refundState'], given: readonly Pick<SaleRefund, 'method'>[], back: string): SaleStandingLabel {
  switch (state) {
    case 'none':
    case 'not-refundable':
      return 'Paid';
    case 'pending':
      return compareCents(back, '0') > 0 ? 'Part refunded' : 'Refund pending';
    case 'part':
      return 'Part refunded';
    case 'whole':
      // A void gives back a request's whole payment; the counter's part of a voided split sale is handed back with it.
      return given.some((refund) => refund.method === 'void') && given.every((refund) => refund.method !== 'centrapay') ? 'Voided' : 'Refunded';
  }
}

/** Words for Centrapay's refund and void codes; a few read differently than when paying. */
export function refundErrorWords(code: string | null): string {
  if (code === 'INACTIVE_ASSET') return 'The way the customer paid cannot take the money back (closed or expired). Refund the customer another way.';
  if (code === 'REQUEST_EXPIRED') return 'This payment expired unpaid, so there is nothing to refund.';
  return describeCentrapayCode(code ?? undefined);
}

const METHOD_WORDS: Record<RefundMethod, string> = { centrapay: 'Centrapay refund', void: 'Void', cash: 'Cash', card: 'Card at the counter' };

/** "Centrapay refund", "Void", "Cash": how a refund went back; anything else as the journal has it. */
export function refundMethodWords(method: string): string {
  const parsed = refundMethodSchema.safeParse(method);
  return parsed.success ? METHOD_WORDS[parsed.data] : method;
}

const PENDING: Record<RefundMethod, string> = {
  centrapay: 'Refund pending',
  void: 'Void pending',
  cash: 'Cash to hand back',
  card: 'Card refund to make',
};
const DONE: Record<RefundMethod, string> = {
  centrapay: 'Refunded',
  void: 'Voided',
  cash: 'Cash handed back',
  card: 'Refunded by card at the counter',
};

/** "Refund pending", "Refunded", "Refused: …": where a refund stands, for the cashier. */
export function refundStatusWords(refund: Pick<SaleRefund, 'method' | 'status' | 'error'>): string {
  if (refund.status === 'pending') return PENDING[refund.method];
  if (refund.status === 'completed') return DONE[refund.method];
  return `Refused: ${refundErrorWords(refund.error)}`;
}

/** "Hand back $5.50 cash": what the cashier gives the customer for a refund, if anything. */
export function handBackWords(handBack: HandBack | null, currency = 'NZD'): string | null {
  if (!handBack) return null;
  return handBack.method === 'cash'
    ? `Hand back ${formatMoney(handBack.amount, currency)} cash`
    : `Refund ${formatMoney(handBack.amount, currency)} to the customer’s card on the card terminal`;
}
