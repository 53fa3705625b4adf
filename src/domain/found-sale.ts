// A sale found at Centrapay by the short code on its receipt (checklist 104.3) when the till's journal has none: sold at
// another till or gateway, or at one whose journal was lost. What `GET /api/history/at-centrapay/{shortCode}` answers:
// Centrapay's record of the Payment Request, the refunds already made of it, and whether this till can refund it.
// Money is integer cents in strings.
import { z } from 'zod/mini';
import { saleRefundSchema } from './after-sale';
import { lineItemSchema, paidBySchema } from './centrapay';

/**
 * The journal's `kind` of a sale found at Centrapay and journaled so that it can be refunded here. It was not sold on
 * this till: it has no order number of the till's, and it is not one of the day's sales in the end-of-day report.
 */
export const FOUND_SALE_KIND = 'found';

export const foundSaleSchema = z.object({
  paymentRequestId: z.string(),
  shortCode: z.string(),
  /** Centrapay's status of the request: only a `paid` one can be refunded. */
  status: z.string(),
  /** When the request was made, by Centrapay's clock. */
  createdAt: z.string(),
  /** The till that made it, as the request says (`terminalId`); null when it says none. */
  terminalId: z.nullable(z.string()),
  amount: z.string(),
  currency: z.string(),
  lineItems: z.array(lineItemSchema),
  paidBy: z.nullable(paidBySchema),
  /** The request's refunds, as Centrapay lists them among its activities. */
  refunds: z.array(saleRefundSchema),
  /** What can still be refunded: what paid it less what was refunded (pending refunds count as refunded). */
  refundable: z.string(),
  /** The journal's sale of it, once journaled here; null while this till's journal does not have it. */
  ref: z.nullable(z.string()),
  /** Why this till cannot refund it, in words; null when it can. */
  refusal: z.nullable(z.string()),
});
export type FoundSale = z.infer<typeof foundSaleSchema>;
