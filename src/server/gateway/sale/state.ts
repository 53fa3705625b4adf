// What the gateway keeps of a lane: the public lane state plus what only the server needs to finish the sale's
// business with Centrapay (the order it sent, the command under way, loose ends of earlier sales). Saved in the
// journal after every change and validated when it is read back.
import { z } from 'zod/mini';
import { cartSchema } from '../../../domain/cart';
import { lineItemSchema, type PaymentRequest } from '../../../domain/centrapay';
import {
  laneConnectionSchema,
  laneOrderSchema,
  lanePaymentSchema,
  laneSettlementSchema,
  laneStepSchema,
  tenderMethodSchema,
  type PaymentOutcome,
} from '../../../domain/lane';

/** What identifies the Payment Request an order asked for, so a look-up by `externalRef` adopts only its own. */
export const requestMatchSchema = z.object({
  terminalId: z.string(),
  deviceId: z.string(),
  configId: z.string(),
  currency: z.string(),
  lineItems: z.array(lineItemSchema),
});
export type RequestMatch = z.infer<typeof requestMatchSchema>;

export const storedOrderSchema = z.extend(laneOrderSchema, {
  number: z.number(),
  operatorId: z.string(),
  match: requestMatchSchema,
  /** The code the patron presented, whole, as the create sends it; kept only while the sale is on the lane. */
  barcode: z.optional(z.string()),
  /** What the current request asks for when it is for the rest of the sale (§6.7); the total otherwise. */
  due: z.optional(z.string()),
});
export type StoredOrder = z.infer<typeof storedOrderSchema>;

export const storedStepSchema = z.extend(laneStepSchema, {
  actor: z.string(),
  /** Tendering: the external payment being recorded, fixed when the cashier pressed the button. */
  tender: z.optional(z.object({ method: tenderMethodSchema, amount: z.string(), tendered: z.optional(z.string()), key: z.string() })),
  /** Cancelling: Centrapay refused the void with this code; the request is read until it shows how it ended. */
  voidRefused: z.optional(z.string()),
  /** Refunding: what is being refunded, under a reference that makes a retry refund nothing twice. */
  refund: z.optional(z.object({ amount: z.string(), externalRef: z.string() })),
  /** Refunding a sale paid in parts: each request's refund, one after the other, and which are done. */
  refunds: z.optional(z.array(z.object({ id: z.string(), amount: z.string(), currency: z.string(), externalRef: z.string(), done: z.boolean() }))),
});
export type StoredStep = z.infer<typeof storedStepSchema>;

/**
 * Business with Centrapay left over from an earlier sale, finished in the background:
 * - `request`: a Payment Request to void (its status could not be read, a duplicate, or its lane was removed);
 * - `order`: an order whose create may have reached Centrapay unseen; looked up by `externalRef` until any request
 *   made from it would have expired, and whatever is found that the lane did not adopt is voided.
 */
export const looseEndSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('request'),
    id: z.string(),
    ref: z.string(),
    actor: z.string(),
    since: z.string(),
    /** The void's outcome is the sale's outcome (the lane gave up on it), rather than a duplicate's. */
    settlesOrder: z.boolean(),
  }),
  z.object({
    type: z.literal('order'),
    ref: z.string(),
    since: z.string(),
    checkUntil: z.string(),
    adoptedId: z.nullable(z.string()),
    /** Requests the lane itself made under this reference after the watch began (a request for the rest): never strays. */
    known: z.optional(z.array(z.string())),
    found: z.number(),
    match: requestMatchSchema,
    total: z.string(),
  }),
]);
export type LooseEnd = z.infer<typeof looseEndSchema>;

export const storedLaneSchema = z.object({
  cart: cartSchema,
  order: z.nullable(storedOrderSchema),
  step: z.nullable(storedStepSchema),
  payment: z.nullable(lanePaymentSchema),
  parts: z._default(z.array(lanePaymentSchema), []),
  counter: z._default(z.array(laneSettlementSchema), []),
  connection: z.nullable(laneConnectionSchema),
  settlement: z.nullable(laneSettlementSchema),
  notice: z.nullable(z.string()),
  loose: z._default(z.array(looseEndSchema), []),
  /** The lane is no longer configured: it only finishes what it had with Centrapay. */
  retired: z._default(z.boolean(), false),
});
export type StoredLane = z.infer<typeof storedLaneSchema>;

export const EMPTY_LANE: StoredLane = {
  cart: [],
  order: null,
  step: null,
  payment: null,
  parts: [],
  counter: [],
  connection: null,
  settlement: null,
  notice: null,
  loose: [],
  retired: false,
};

export function outcomeOf(paymentRequest: PaymentRequest): PaymentOutcome {
  return paymentRequest.status === 'new' ? 'pending' : paymentRequest.status;
}

/** Does this request found by `externalRef` carry what the order sent? Only then is it the order's own. */
export function matchesOrder(paymentRequest: PaymentRequest, match: RequestMatch, total: string): boolean {
  const items = (paymentRequest.lineItems ?? []).map(({ name, sku, qty, price }) => ({ name, sku, qty, price }));
  const sent = match.lineItems.map(({ name, sku, qty, price }) => ({ name, sku, qty, price }));
  return paymentRequest.terminalId === match.terminalId &&
    paymentRequest.deviceId === match.deviceId &&
    paymentRequest.configId === match.configId &&
    paymentRequest.value.amount === total &&
    paymentRequest.value.currency === match.currency &&
    JSON.stringify(items) === JSON.stringify(sent);
}
