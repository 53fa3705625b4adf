// The contract between the gateway and the screens of a lane (one till): what every screen of the lane shows.
import { z } from 'zod/mini';
import { cartSchema } from './cart';
import { paymentRequestSchema } from './centrapay';

/** Where a payment stands for the till. Derived from the Centrapay status, plus `unknown` when it could not be read. */
export const paymentOutcomeSchema = z.enum(['pending', 'paid', 'cancelled', 'expired', 'unknown']);
export type PaymentOutcome = z.infer<typeof paymentOutcomeSchema>;

export const tenderMethodSchema = z.enum(['cash', 'card']);
export type TenderMethod = z.infer<typeof tenderMethodSchema>;
export const TENDER_LABELS: Record<TenderMethod, string> = { cash: 'Cash', card: 'Card (external)' };

/** Money the cashier took at the counter (cash, card on another terminal). */
export const tenderSchema = z.object({ method: tenderMethodSchema, amount: z.string() });
export type Tender = z.infer<typeof tenderSchema>;

export const lanePaymentSchema = z.object({
  paymentRequest: paymentRequestSchema,
  /** External tenders the till recorded on the request, so its `external.*` asset total can be named. */
  tenders: z._default(z.array(tenderSchema), []),
  outcome: paymentOutcomeSchema,
  orderRef: z.string(),
  startedAt: z.string(),
  finishedAt: z.nullable(z.string()),
  /** A message for people about something the till did on its own (timed out, retried, voided). */
  notice: z.nullable(z.string()),
  cancelling: z.boolean(),
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

/** A sale the cashier settled outside Centrapay (the wallet never connected). */
export const laneSettlementSchema = z.object({ tender: tenderSchema, at: z.string() });
export type LaneSettlement = z.infer<typeof laneSettlementSchema>;

export const laneSchema = z.object({
  id: z.string(),
  name: z.string(),
});
export type Lane = z.infer<typeof laneSchema>;

export const laneStateSchema = z.object({
  lane: laneSchema,
  cart: cartSchema,
  total: z.string(),
  payment: z.nullable(lanePaymentSchema),
  connection: z._default(z.nullable(laneConnectionSchema), null),
  settlement: z._default(z.nullable(laneSettlementSchema), null),
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
