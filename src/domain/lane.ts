// The contract between the gateway and the screens of a lane (one till): what every screen of the lane shows.
import { z } from 'zod';
import { cartSchema } from './cart';
import { paymentRequestSchema } from './centrapay';

/** Where a payment stands for the till. Derived from the Centrapay status, plus `unknown` when it could not be read. */
export const paymentOutcomeSchema = z.enum(['pending', 'paid', 'cancelled', 'expired', 'unknown']);
export type PaymentOutcome = z.infer<typeof paymentOutcomeSchema>;

export const lanePaymentSchema = z.object({
  paymentRequest: paymentRequestSchema,
  outcome: paymentOutcomeSchema,
  orderRef: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** A message for people about something the till did on its own (timed out, retried, voided). */
  notice: z.string().nullable(),
  cancelling: z.boolean(),
});
export type LanePayment = z.infer<typeof lanePaymentSchema>;

export const laneSchema = z.object({
  id: z.string(),
  name: z.string(),
});
export type Lane = z.infer<typeof laneSchema>;

export const laneStateSchema = z.object({
  lane: laneSchema,
  cart: cartSchema,
  total: z.string(),
  payment: lanePaymentSchema.nullable(),
  /** Grows with every change, so a screen can drop an update older than what it shows. */
  version: z.number().int(),
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
