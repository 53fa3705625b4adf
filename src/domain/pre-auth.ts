// Pre-auth holds (centrapay-api.md §3.12, §3.13, §6.10): a Payment Request created with `preAuth: true` that the
// patron authorises once, then drawn down by confirmations (a bar tab's rounds, a pump's fuel) and released. What the
// gateway's `/api/holds` answer, the pure rules of what may be done with a hold next, and the words for Centrapay's
// refusals. Money is integer cents in strings.
import { z } from 'zod/mini';
import { describeCentrapayCode, lineItemSchema, paymentActivitySchema, type PaymentRequest } from './centrapay';
import { compareCents, formatMoney, subtractCents, sumCents } from './money';

/** Where the hold is used: at a till (a bar tab) or at an unattended machine (a pump). */
export const holdKindSchema = z.enum(['tab', 'pump']);
export type HoldKind = z.infer<typeof holdKindSchema>;

/**
 * `opening`: the Payment Request is being created; `pending`: waiting for the patron to authorise; `authorized`:
 * funds held; `released`: the rest went back (the hold is closed); `expired`: the authorisation lapsed (Centrapay
 * released it); `cancelled`: never authorised (cancelled, or the request expired unpaid); `voided`: backed out in
 * full; `failed`: Centrapay refused to create it.
 */
export const holdStatusSchema = z.enum(['opening', 'pending', 'authorized', 'released', 'expired', 'cancelled', 'voided', 'failed']);
export type HoldStatus = z.infer<typeof holdStatusSchema>;

/** `sending`: written, Centrapay asked (again and again under the same key) until it answers. */
export const confirmationStatusSchema = z.enum(['sending', 'confirmed', 'refused']);
export type ConfirmationStatus = z.infer<typeof confirmationStatusSchema>;

export const holdConfirmationSchema = z.object({
  /** The `idempotencyKey` Centrapay keeps it under; a refund of it names it (`confirmationIdempotencyKey`). */
  key: z.string(),
  invoiceRef: z.string(),
  amount: z.string(),
  lineItems: z.array(lineItemSchema),
  status: confirmationStatusSchema,
  /** Centrapay's code when it refused. */
  error: z.nullable(z.string()),
  activityId: z.nullable(z.string()),
  actor: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type HoldConfirmation = z.infer<typeof holdConfirmationSchema>;

/** Money going back to the patron: the rest released, the whole hold voided, or a refund (of a confirmation or the authorisation). */
export const holdReturnKindSchema = z.enum(['release', 'void', 'refund']);
export type HoldReturnKind = z.infer<typeof holdReturnKindSchema>;

/** `done` for a refund means Centrapay accepted it (it completes asynchronously, §3.9); `completed` once its activities show it. */
export const holdReturnStatusSchema = z.enum(['sending', 'done', 'completed', 'refused']);
export type HoldReturnStatus = z.infer<typeof holdReturnStatusSchema>;

export const holdReturnSchema = z.object({
  /** Our id: the `externalRef` of a refund. */
  id: z.string(),
  kind: holdReturnKindSchema,
  /** Asked for (a refund) or what Centrapay said went back (a release or void); null until known. */
  amount: z.nullable(z.string()),
  /** The confirmation a refund is of; null: of the authorisation. */
  confirmationKey: z.nullable(z.string()),
  status: holdReturnStatusSchema,
  error: z.nullable(z.string()),
  actor: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type HoldReturn = z.infer<typeof holdReturnSchema>;

export const holdSchema = z.object({
  id: z.string(),
  kind: holdKindSchema,
  /** The lane (tab) or machine (pump) it belongs to. */
  owner: z.string(),
  externalRef: z.string(),
  paymentRequestId: z.nullable(z.string()),
  shortCode: z.nullable(z.string()),
  /** Where the patron authorises it (the QR code). */
  url: z.nullable(z.string()),
  /** The authorised amount (the request's value). */
  amount: z.string(),
  currency: z.string(),
  status: holdStatusSchema,
  error: z.nullable(z.string()),
  /** When Centrapay lapses the authorisation (§6.10). */
  preAuthExpiresAt: z.nullable(z.string()),
  /** Centrapay's `createdAt` of the request: the void window runs from it. */
  requestCreatedAt: z.nullable(z.string()),
  openedBy: z.string(),
  /** What it was opened for, as the patron's app shows it (its line item: "Bar tab: Sam", "Fuel"). */
  label: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  confirmations: z.array(holdConfirmationSchema),
  returns: z.array(holdReturnSchema),
});
export type Hold = z.infer<typeof holdSchema>;

/** A hold as the screens read it: with what is confirmed, in flight and still authorised, and its state in words. */
export const holdViewSchema = z.extend(holdSchema, {
  confirmed: z.string(),
  inFlight: z.string(),
  remaining: z.string(),
  words: z.string(),
});
export type HoldView = z.infer<typeof holdViewSchema>;

/** A confirmation's answer (§3.13): the activity with what it was confirmed under. */
export const confirmationActivitySchema = z.extend(paymentActivitySchema, {
  idempotencyKey: z.optional(z.string()),
  invoiceRef: z.optional(z.string()),
  lineItems: z.optional(z.array(lineItemSchema)),
});
export type ConfirmationActivity = z.infer<typeof confirmationActivitySchema>;

export const VOID_WINDOW_MS = 24 * 60 * 60 * 1000;

/** A rule's refusal: the answer the gateway gives, with words a cashier can act on. */
export interface HoldRefusal {
  statusCode: number;
  code: string;
  message: string;
}

const RETURN_IN_FLIGHT: HoldRefusal = { statusCode: 409, code: 'RETURN_IN_FLIGHT', message: 'Money is already on its way back to the customer on this hold; wait a moment.' };

const OPEN_STATUSES: readonly HoldStatus[] = ['opening', 'pending', 'authorized'];

/** Still in use: being opened, waiting for the patron, or holding funds (and not lapsed). */
export function isOpenHold(hold: Pick<Hold, 'status' | 'preAuthExpiresAt'>, nowMs: number): boolean {
  return OPEN_STATUSES.includes(effectiveStatus(hold, nowMs));
}

/** The status, with an authorisation past its `preAuthExpiresAt` shown as expired before anyone has asked Centrapay. */
export function effectiveStatus(hold: Pick<Hold, 'status' | 'preAuthExpiresAt'>, nowMs: number): HoldStatus {
  if (hold.status === 'authorized' && hold.preAuthExpiresAt !== null && Date.parse(hold.preAuthExpiresAt) <= nowMs) return 'expired';
  return hold.status;
}

/** What Centrapay's request says of the hold (§6.10: authorised = `paid` + `preAuthStatus: "authorized"`). */
export function holdStatusOf(request: Pick<PaymentRequest, 'status' | 'preAuthStatus'>, releasedByUs: boolean): HoldStatus {
  switch (request.status) {
    case 'new':
      return 'pending';
    case 'cancelled':
    case 'expired':
      return 'cancelled';
    case 'paid':
      // Released without our asking: Centrapay lapsed it (§6.10).
      if (request.preAuthStatus === 'released') return releasedByUs ? 'released' : 'expired';
      return 'authorized';
  }
}

/**
 * Confirmed, in flight (sent, not yet answered) and still authorised: the authorised amount less both, and less what
 * was refunded of the authorisation itself. Refused confirmations and refunds take nothing.
 */
export function holdTotals(hold: Pick<Hold, 'amount' | 'confirmations' | 'returns'>): { confirmed: string; inFlight: string; remaining: string } {
  const of = (status: ConfirmationStatus) => sumCents(hold.confirmations.filter((confirmation) => confirmation.status === status).map((confirmation) => confirmation.amount));
  const confirmed = of('confirmed');
  const inFlight = of('sending');
  return { confirmed, inFlight, remaining: subtractCents(hold.amount, sumCents([confirmed, inFlight, refundedOf(hold, null)])) };
}

/** What was refunded (or is being) of a confirmation, or of the authorisation itself (`key` null). */
export function refundedOf(hold: Pick<Hold, 'returns'>, key: string | null): string {
  return sumCents(hold.returns.filter((row) => row.kind === 'refund' && row.confirmationKey === key && row.status !== 'refused').map((row) => row.amount ?? '0'));
}

const STATUS_WORDS: Record<HoldStatus, string> = {
  opening: 'Asking Centrapay for the authorisation…',
  pending: 'Waiting for the customer to approve the authorisation.',
  authorized: 'Authorised.',
  released: 'Closed: what was not used went back to the customer.',
  expired: 'The authorisation expired: Centrapay released the funds. Nothing more can be taken on it.',
  cancelled: 'Never authorised: the customer did not approve it in time, or it was cancelled.',
  voided: 'Voided: the whole authorisation went back to the customer.',
  failed: 'Centrapay refused to open this authorisation.',
};

export function holdView(hold: Hold, nowMs: number): HoldView {
  const status = effectiveStatus(hold, nowMs);
  const totals = holdTotals(hold);
  const words = status === 'authorized'
    ? `Authorised ${formatMoney(hold.amount, hold.currency)}; ${formatMoney(totals.remaining, hold.currency)} still available.`
    : status === 'failed' && hold.error ? `${STATUS_WORDS.failed} ${preAuthErrorWords(hold.error)}` : STATUS_WORDS[status];
  return { ...hold, status, ...totals, words };
}

/** What a cashier (or a pump) may ask of a hold once it is opened. */
export type HoldCommand =
  | { type: 'confirm'; amount: string }
  | { type: 'release' }
  | { type: 'void' }
  | { type: 'refund'; confirmationKey: string | null; amount: string };

/**
 * Why the hold may not take this command now, in words a cashier understands; null when it may. The hold engine
 * refuses commands with it, and the screens call it to decide which presses to offer: a rule exists once.
 */
export function holdRefusal(hold: Hold, command: HoldCommand, nowMs: number): HoldRefusal | null {
  switch (command.type) {
    case 'confirm':
      return confirmRule(hold, command.amount, nowMs);
    case 'release':
      return releaseRule(hold, nowMs);
    case 'void':
      return voidRule(hold, nowMs);
    case 'refund':
      return refundRule(hold, command.confirmationKey, command.amount);
  }
}

/** A confirmation of `amount` (§3.13): only on an authorisation, never more than is still authorised. */
function confirmRule(hold: Hold, amount: string, nowMs: number): HoldRefusal | null {
  const status = effectiveStatus(hold, nowMs);
  if (status === 'opening' || status === 'pending') return refusal(409, 'PRE_AUTH_PENDING');
  if (status === 'released' || status === 'expired') return refusal(409, 'PRE_AUTH_RELEASED');
  if (status !== 'authorized') return { statusCode: 409, code: 'HOLD_CLOSED', message: `${STATUS_WORDS[status]} Nothing can be taken on it.` };
  if (hold.returns.some((row) => row.kind !== 'refund' && row.status === 'sending')) return RETURN_IN_FLIGHT;
  if (compareCents(amount, '0') <= 0) return { statusCode: 400, code: 'INVALID_AMOUNT', message: 'A confirmation must take more than nothing.' };
  const { remaining } = holdTotals(hold);
  if (compareCents(amount, remaining) > 0) {
    return {
      statusCode: 422,
      code: 'OVER_AUTHORISED',
      message: `${formatMoney(amount, hold.currency)} is more than the ${formatMoney(remaining, hold.currency)} still authorised. Nothing was taken: take the difference another way.`,
    };
  }
  return null;
}

/** What is left may be released (§3.12): only when funds remain, and none are being confirmed. */
function releaseRule(hold: Hold, nowMs: number): HoldRefusal | null {
  const status = effectiveStatus(hold, nowMs);
  if (status === 'released' || status === 'expired') return refusal(409, 'PRE_AUTH_RELEASED');
  if (status !== 'authorized' && status !== 'pending') return { statusCode: 409, code: 'HOLD_CLOSED', message: STATUS_WORDS[status] };
  if (hold.returns.some((row) => row.status === 'sending')) return RETURN_IN_FLIGHT;
  const { inFlight, remaining } = holdTotals(hold);
  if (compareCents(inFlight, '0') > 0) return { statusCode: 409, code: 'CONFIRMATION_IN_FLIGHT', message: 'A confirmation is still waiting for Centrapay’s answer; release once it has one.' };
  if (status === 'authorized' && compareCents(remaining, '0') <= 0) return { statusCode: 409, code: 'NOTHING_TO_RELEASE', message: 'Everything authorised was taken: nothing is left to release.' };
  return null;
}

/** The hold may be voided (§3.10, §6.10): within 24 h of Centrapay's `createdAt`, and without confirmations. */
function voidRule(hold: Hold, nowMs: number): HoldRefusal | null {
  const status = effectiveStatus(hold, nowMs);
  if (status !== 'authorized' && status !== 'pending') return { statusCode: 409, code: 'HOLD_CLOSED', message: STATUS_WORDS[status] };
  if (hold.returns.some((row) => row.status === 'sending')) return RETURN_IN_FLIGHT;
  if (hold.confirmations.some((confirmation) => confirmation.status !== 'refused')) return refusal(409, 'PRE_AUTH_ALREADY_CONFIRMED');
  if (hold.requestCreatedAt !== null && nowMs > Date.parse(hold.requestCreatedAt) + VOID_WINDOW_MS) return refusal(409, 'VOID_WINDOW_EXCEEDED');
  return null;
}

/** `amount` may be refunded of the confirmation `key` (or of the authorisation, without one). */
function refundRule(hold: Hold, key: string | null, amount: string): HoldRefusal | null {
  if (compareCents(amount, '0') <= 0) return { statusCode: 400, code: 'INVALID_AMOUNT', message: 'A refund must return more than nothing.' };
  if (hold.paymentRequestId === null || hold.status === 'opening' || hold.status === 'pending') return refusal(409, 'PRE_AUTH_PENDING');
  if (key === null) {
    // The authorisation itself gives back at most what it still holds (refunds of it under way count as taken).
    const { remaining } = holdTotals(hold);
    if (compareCents(amount, remaining) <= 0) return null;
    return { statusCode: 422, code: 'INVALID_AMOUNT', message: `At most ${formatMoney(compareCents(remaining, '0') > 0 ? remaining : '0', hold.currency)} of the authorisation can still be refunded.` };
  }
  const confirmation = hold.confirmations.find((candidate) => candidate.key === key);
  if (!confirmation || confirmation.status !== 'confirmed') return refusal(404, 'CONFIRMATION_NOT_FOUND');
  const left = subtractCents(confirmation.amount, refundedOf(hold, key));
  if (compareCents(amount, left) > 0) {
    return { statusCode: 422, code: 'INVALID_AMOUNT', message: `At most ${formatMoney(left, hold.currency)} of invoice ${confirmation.invoiceRef} can still be refunded.` };
  }
  return null;
}

/** Words for Centrapay's refusals of pre-auth calls (§3.12, §3.13), in a hold's terms. */
const PRE_AUTH_WORDS: Record<string, string> = {
  PRE_AUTH_RELEASED: 'The authorisation has been released or has expired: its funds went back to the customer, so nothing more can be taken on it.',
  PRE_AUTH_PENDING: 'The customer has not approved the authorisation yet.',
  INVALID_AMOUNT: 'That is more than Centrapay still holds on this authorisation. Nothing was taken.',
  IDEMPOTENT_OPERATION_FAILED: 'Centrapay already has a different confirmation under this reference. Nothing was taken; start the confirmation again.',
  INVALID_PAYMENT_REQUEST_TYPE: 'That payment is not an authorisation.',
  REQUEST_CANCELLED: 'The authorisation was cancelled.',
  PRE_AUTH_ALREADY_CONFIRMED: 'Part of the authorisation has been taken, so it cannot be voided: release the rest, or refund what was taken.',
  VOID_WINDOW_EXCEEDED: 'More than 24 hours since the authorisation was opened, so it cannot be voided: release or refund it instead.',
  CONFIRMATION_NOT_FOUND: 'Centrapay cannot find that confirmation on this authorisation.',
};

export function preAuthErrorWords(code: string | null | undefined): string {
  return (code && PRE_AUTH_WORDS[code]) ?? describeCentrapayCode(code ?? undefined);
}

function refusal(statusCode: number, code: string): HoldRefusal {
  return { statusCode, code, message: preAuthErrorWords(code) };
}
