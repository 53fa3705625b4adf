// The contract between the gateway and the screens of a lane (one till): what every screen of the lane shows.
import { z } from 'zod/mini';
import { laneTabViewSchema } from './lane-tab';
import { saleDiscountSchema } from './card-partner';
import { cartSchema } from './cart';
import { paymentRequestSchema } from './centrapay';
import { compareCents, subtractCents } from './money';

/** Where a payment stands for the till. Derived from the Centrapay status, plus `unknown` when it could not be read. */
export const paymentOutcomeSchema = z.enum(['pending', 'paid', 'cancelled', 'expired', 'unknown']);
export type PaymentOutcome = z.infer<typeof paymentOutcomeSchema>;

export const tenderMethodSchema = z.enum(['cash', 'card']);
export type TenderMethod = z.infer<typeof tenderMethodSchema>;
export const TENDER_LABELS: Record<TenderMethod, string> = { cash: 'Cash', card: 'Card (external)' };

/**
 * Money the cashier took at the counter (cash, card on another terminal). For cash, `tendered` is what the customer
 * handed over when it was more than the amount: the difference is their change.
 */
export const tenderSchema = z.object({ method: tenderMethodSchema, amount: z.string(), tendered: z.optional(z.string()) });
export type Tender = z.infer<typeof tenderSchema>;

/**
 * What a cashier asks to take at the counter: all that is due unless `amount` says less (a first part, the rest by
 * another tender); for cash, `tendered` is what the customer handed over (the change is the difference).
 */
export interface CounterTender {
  method: TenderMethod;
  amount?: string;
  tendered?: string;
}

/** The change due on a tender: what was handed over less what was taken; null when none. */
export function changeDue(tender: Tender): string | null {
  if (!tender.tendered || compareCents(tender.tendered, tender.amount) <= 0) return null;
  return subtractCents(tender.tendered, tender.amount);
}

export const lanePaymentSchema = z.object({
  paymentRequest: paymentRequestSchema,
  /** External tenders the till recorded on the request, so its `external.*` asset total can be named. */
  tenders: z._default(z.array(tenderSchema), []),
  outcome: paymentOutcomeSchema,
  startedAt: z.string(),
  finishedAt: z.nullable(z.string()),
  /** A message for people about something the till did on its own (timed out, retried, voided). */
  notice: z.nullable(z.string()),
});
export type LanePayment = z.infer<typeof lanePaymentSchema>;

/** The wallet link of the Connect flow: created → authorised by the patron's wallet, or given up. */
export const laneConnectionSchema = z.object({
  id: z.string(),
  url: z.string(),
  outcome: z.enum(['waiting', 'linked', 'expired', 'cancelled', 'bypassed']),
  walletName: z.nullable(z.string()),
  startedAt: z.string(),
  /** The till stops waiting for the wallet at this time. */
  expiresAt: z.string(),
  finishedAt: z.nullable(z.string()),
  notice: z.nullable(z.string()),
});
export type LaneConnection = z.infer<typeof laneConnectionSchema>;

/** Money taken at the counter outside Centrapay: the whole sale (no wallet connected) or the rest of a part payment. */
export const laneSettlementSchema = z.object({ tender: tenderSchema, at: z.string() });
export type LaneSettlement = z.infer<typeof laneSettlementSchema>;

/** A code the patron presented (barcode flow, §6.3), as the screens may show it: never the whole code. */
export const presentedCodeSchema = z.object({
  /** The last 4 digits, e.g. "•••• 0019". */
  masked: z.string(),
  /** From Centrapay's decode: `centrapay`, `farmlands`, … and the name to show ("Farmlands"). */
  provider: z.string(),
  displayName: z.string(),
});
export type PresentedCode = z.infer<typeof presentedCodeSchema>;

/** A code as the gateway's decode answers the cashier: with the store's Card Partner discount when it is a Farmlands card. */
export const decodedCodeSchema = z.extend(presentedCodeSchema, {
  /** The percentage taken off if this card pays the whole sale; null when none applies. */
  cardPartnerPercent: z._default(z.nullable(z.string()), null),
});
export type DecodedCode = z.infer<typeof decodedCodeSchema>;

/** How the sale is paid: the QR on the display, a wallet connected first, or a code the patron presented. */
export const orderKindSchema = z.enum(['qr', 'connect', 'code', 'counter']);
export type OrderKind = z.infer<typeof orderKindSchema>;

/**
 * An invoice or purchase-order number the cashier keys for a sale (Centrapay's `invoiceRef` and `purchaseOrderRef`,
 * at most 128 characters): trimmed, never empty, no control characters.
 */
export const saleReferenceSchema = z.string().check(
  z.trim(),
  z.minLength(1, 'must not be empty'),
  z.maxLength(128, 'must be at most 128 characters'),
  z.regex(/^[^\p{Cc}]+$/u, 'must be letters, digits and punctuation on one line'),
);

/** What the cashier keyed for the sale: the store's own invoice number (else the order's), a purchase order. */
export interface SaleReferences {
  invoiceRef?: string;
  purchaseOrderRef?: string;
}

/** The numbered sale the lane is taking payment for; `ref` is the `externalRef` its Payment Request carries. */
export const laneOrderSchema = z.object({
  ref: z.string(),
  kind: orderKindSchema,
  total: z.string(),
  startedAt: z.string(),
  code: z._default(z.nullable(presentedCodeSchema), null),
  /** A phone order (§6.8): the customer is not at the counter, so the display takes no part in the sale. */
  patronNotPresent: z._default(z.boolean(), false),
  /** The invoice every request and refund of the sale names (`invoiceRef`): the store's own, else the order's `ref`. */
  invoiceRef: z.optional(z.nullable(z.string())),
  purchaseOrderRef: z.optional(z.nullable(z.string())),
  /** A Farmlands card pays: the store's Card Partner discount is in `total` and in the request's line items. */
  discount: z.optional(z.nullable(saleDiscountSchema)),
});
export type LaneOrder = z.infer<typeof laneOrderSchema>;

/** What the lane is waiting on Centrapay for; while one is under way, both screens say so. */
export const STEP_KINDS = ['creating', 'connecting', 'tendering', 'cancelling', 'refunding', 'deciding'] as const;
export const laneStepSchema = z.object({
  kind: z.enum(STEP_KINDS),
  since: z.string(),
  /** Set when the wait is longer than usual ("Checking with Centrapay…"). */
  notice: z.nullable(z.string()),
  /** Creating: a cashier cancelled; the request is voided as soon as it exists. */
  cancelRequested: z._default(z.boolean(), false),
  /** Tendering: what is being recorded at the counter. */
  method: z._default(z.nullable(tenderMethodSchema), null),
  /** Deciding: the cashier's answer to a payment condition (§6.9) on its way to Centrapay. */
  decision: z._default(z.nullable(z.object({ conditionId: z.string(), decision: z.enum(['accept', 'decline']) })), null),
});
export type LaneStep = z.infer<typeof laneStepSchema>;

export const laneSchema = z.object({ id: z.string(), name: z.string() });
export type Lane = z.infer<typeof laneSchema>;

export const laneStateSchema = z.object({
  lane: laneSchema,
  cart: cartSchema,
  total: z.string(),
  order: z.nullable(laneOrderSchema),
  step: z.nullable(laneStepSchema),
  payment: z.nullable(lanePaymentSchema),
  /** Earlier Payment Requests of this sale that each paid part of it (a voucher, then the rest by QR or another code). */
  parts: z._default(z.array(lanePaymentSchema), []),
  /** Part payments taken at the counter before the sale was settled (split tender: $10 cash, the rest by Centrapay). */
  counter: z._default(z.array(laneSettlementSchema), []),
  connection: z.nullable(laneConnectionSchema),
  settlement: z.nullable(laneSettlementSchema),
  /** Something the till did on its own about the sale that has no payment to show it on (a create it gave up on). */
  notice: z.nullable(z.string()),
  /** Payments of earlier sales the till is still cancelling with Centrapay in the background. */
  followUps: z.number(),
  /** The bar tab last opened on the lane, while the display has something to show of it (lane-tab.ts). */
  tab: z._default(z.nullable(laneTabViewSchema), null),
  /** Grows with every change, so a screen can drop an update older than what it shows. */
  version: z.number().check(z.int()),
  serverTime: z.string(),
  resultSeconds: z.number(),
});
export type LaneState = z.infer<typeof laneStateSchema>;

/** Error body of the gateway's own API. */
export const gatewayErrorSchema = z.object({
  statusCode: z.number(),
  code: z.string(),
  message: z.string(),
});
export type GatewayError = z.infer<typeof gatewayErrorSchema>;

export const LANE_ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
