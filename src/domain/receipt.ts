// A receipt as the gateway gives it (`GET /api/receipts/:token`) and the receipt page shows and prints it: the
// merchant, the order, its lines with GST, a connected wallet's offers (discounts), the tenders (each Centrapay request with its short code, checklist 104.3,
// and what paid it, `paidBy`, 101.2) and any refunds. Money in integer cents as strings.
import { z } from 'zod/mini';
import { saleDiscountSchema } from './card-partner';
import { tenderMethodSchema } from './lane';

const cents = z.string().check(z.regex(/^-?\d+$/, 'must be whole cents'));

export const receiptLineSchema = z.object({
  name: z.string(),
  qty: z.string(),
  /** The line's price, tax included. */
  total: cents,
  /** Tax percent the price includes. */
  tax: z.string(),
  /** The GST in what was paid for the line: its price less what a wallet's offers took off it. */
  gst: cents,
});
export type ReceiptLine = z.infer<typeof receiptLineSchema>;

/** One asset that paid (or was refunded), by its description from Centrapay (`paidBy.assetTotals[].description`). */
export const receiptAssetSchema = z.object({ description: z.string(), amount: cents });
export type ReceiptAsset = z.infer<typeof receiptAssetSchema>;

export const receiptTenderSchema = z.union([
  /** A Centrapay Payment Request; `paidBy` is empty when the journal does not know which assets paid it. */
  z.object({ kind: z.literal('centrapay'), shortCode: z.string(), amount: cents, paidBy: z.array(receiptAssetSchema) }),
  /** Money taken at the counter. */
  z.object({ kind: z.literal('counter'), method: tenderMethodSchema, amount: cents }),
]);
export type ReceiptTender = z.infer<typeof receiptTenderSchema>;

export const receiptRefundSchema = z.object({
  /** `void`: a paid Payment Request voided (the whole of it returned); `centrapay`: a refund of (part of) one. */
  method: z.enum(['centrapay', 'void', 'cash', 'card']),
  amount: cents,
  status: z.enum(['pending', 'completed']),
  reason: z.nullable(z.string()),
  /** The short code of the Payment Request refunded. */
  shortCode: z.nullable(z.string()),
  /** The lines refunded, when the refund named them; `gst` is theirs (null without lines). */
  lines: z.array(receiptLineSchema),
  gst: z.nullable(cents),
  paidBy: z.array(receiptAssetSchema),
  at: z.string(),
});
export type ReceiptRefund = z.infer<typeof receiptRefundSchema>;

export const receiptSchema = z.object({
  /** MERCHANT_NAME and MERCHANT_GST_NUMBER; either may be unset with a real Centrapay. */
  merchant: z.object({ name: z.nullable(z.string()), gstNumber: z.nullable(z.string()) }),
  order: z.object({
    ref: z.string(),
    number: z.number(),
    date: z.string(),
    result: z.string(),
    /** The invoice its Centrapay requests and refunds name, and a purchase order (null when none). */
    invoiceRef: z.optional(z.nullable(z.string())),
    purchaseOrderRef: z.optional(z.nullable(z.string())),
  }),
  currency: z.string(),
  /** Lines at the prices rung up: a Farmlands Card Partner discount is in them, and said here. */
  lines: z.array(receiptLineSchema),
  discount: z.optional(z.nullable(saleDiscountSchema)),
  /** What a connected wallet's offers took off the lines (domain/paid-by.ts): discounts, never what paid. */
  offers: z._default(z.array(receiptAssetSchema), []),
  /** What the sale cost: its lines less the offers. What paid for it is under `tenders`. */
  total: cents,
  gst: cents,
  tenders: z.array(receiptTenderSchema),
  refunds: z.array(receiptRefundSchema),
});
export type Receipt = z.infer<typeof receiptSchema>;

/** Where a sale's receipt is: the page's path (`/receipt/{token}`) and the absolute URL a phone opens. */
export const receiptLinkSchema = z.object({ path: z.string(), url: z.string() });
export type ReceiptLink = z.infer<typeof receiptLinkSchema>;
