// Zod schemas and types of the Centrapay models we use (shared/centrapay-api.md).
// Objects strip unknown fields: Centrapay adds fields without versioning and clients must ignore them.
// zod/mini, not classic zod: these schemas ship to the customer display, whose bundle has a size budget.
import { z } from 'zod/mini';

/** A bignumber: JSON string holding an integer or decimal. Numbers are accepted and turned into strings. */
export const bignumber = z.pipe(
  z.pipe(z.union([z.string(), z.number()]), z.transform((value: string | number) => String(value))),
  z.string().check(z.regex(/^-?\d+(\.\d+)?$/, 'must be a number in a string')),
);

/**
 * A JSON number that Centrapay's own examples sometimes send as a numeric string (`"expirySeconds": "120"` in
 * the create example): either is accepted and read as a number.
 */
const numberOrNumericString = z.pipe(
  z.union([z.number(), z.string().check(z.regex(/^-?\d+(\.\d+)?$/, 'must be a number'))]),
  z.transform((value: number | string) => Number(value)),
);

export const monetarySchema = z.object({
  amount: bignumber,
  currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'currency must be an ISO-4217 code')),
});
export type Monetary = z.infer<typeof monetarySchema>;

export const lineItemSchema = z.object({
  name: z.string().check(z.minLength(1, 'name is required')),
  sku: z.optional(z.string()),
  qty: bignumber,
  price: bignumber,
  tax: z.optional(bignumber),
  discount: z.optional(bignumber),
  productId: z.optional(z.string()),
  restricted: z.optional(z.boolean()),
  classification: z.optional(
    z.object({ type: z.string(), code: z.string(), name: z.optional(z.string()), props: z.optional(z.record(z.string(), z.string())) }),
  ),
});
export type LineItem = z.infer<typeof lineItemSchema>;

export const paymentRequestStatusSchema = z.enum(['new', 'paid', 'cancelled', 'expired']);
export type PaymentRequestStatus = z.infer<typeof paymentRequestStatusSchema>;

export const paymentOptionSchema = z.object({
  assetType: z.string(),
  amount: bignumber,
  bitcoinAddress: z.optional(z.string()),
  acceptedCollections: z.optional(z.array(z.object({ id: z.string(), lineItems: z.array(lineItemSchema) }))),
});
export type PaymentOption = z.infer<typeof paymentOptionSchema>;

export const paymentConditionSchema = z.object({
  id: bignumber,
  name: z.string(),
  message: z.string(),
  status: z.enum(['awaiting-merchant', 'awaiting-patron', 'accepted', 'declined', 'void']),
});
export type PaymentCondition = z.infer<typeof paymentConditionSchema>;

/**
 * Conditions (§2.7, §6.9) waiting on one party: `merchant` ones the cashier accepts or declines, `patron` ones the
 * patron answers in their app. Until none waits, the request cannot be paid: the patron's app says who it waits on
 * (the payment-conditions guide: each party is informed of the other's conditions by their `message`).
 */
export function conditionsAwaiting(paymentRequest: Pick<PaymentRequest, 'merchantConditions'>, party: 'merchant' | 'patron'): PaymentCondition[] {
  return paymentRequest.merchantConditions.filter((condition) => condition.status === `awaiting-${party}`);
}

export const assetTotalSchema = z.object({
  type: z.string(),
  description: z.string(),
  settlementDate: z.optional(z.string()),
  total: monetarySchema,
  // Not in Centrapay's model, but in its example of a Payment Request (§2.9).
  payerAccountId: z.optional(z.string()),
  lineItems: z.optional(z.array(lineItemSchema)),
});
export type AssetTotal = z.infer<typeof assetTotalSchema>;

export const paidBySchema = z.object({ assetTotals: z.array(assetTotalSchema) });
export type PaidBy = z.infer<typeof paidBySchema>;

export const cancellationReasonSchema = z.string();

export const paymentRequestSchema = z.object({
  id: z.string().check(z.minLength(1)),
  shortCode: z.string(),
  url: z.string(),
  value: monetarySchema,
  paymentOptions: z._default(z.array(paymentOptionSchema), []),
  merchantId: z.string(),
  merchantName: z.string(),
  configId: z.string(),
  status: paymentRequestStatusSchema,
  liveness: z.optional(z.enum(['main', 'test'])),
  createdAt: z.string(),
  updatedAt: z.string(),
  expiresAt: z.string(),
  expirySeconds: z.optional(numberOrNumericString),
  merchantConditions: z._default(z.array(paymentConditionSchema), []),
  remainingAmount: z.optional(bignumber),
  patronCodeId: z.optional(z.string()),
  barcode: z.optional(z.string()),
  barcodeType: z.optional(z.string()),
  lineItems: z.optional(z.array(lineItemSchema)),
  invoiceRef: z.optional(z.string()),
  purchaseOrderRef: z.optional(z.string()),
  redirectCancelUrl: z.optional(z.string()),
  redirectPaidUrl: z.optional(z.string()),
  externalRef: z.optional(z.string()),
  terminalId: z.optional(z.string()),
  deviceId: z.optional(z.string()),
  operatorId: z.optional(z.string()),
  createdByAccountId: z.optional(z.string()),
  createdByAccountName: z.optional(z.string()),
  conditionsEnabled: z.optional(z.boolean()),
  patronNotPresent: z.optional(z.boolean()),
  cancellationReason: z.optional(cancellationReasonSchema),
  preAuth: z.optional(z.boolean()),
  preAuthExpiresAt: z.optional(z.string()),
  preAuthStatus: z.optional(z.string()),
  partialAllowed: z.optional(z.boolean()),
  basketAmount: z.optional(bignumber),
  paidBy: z.optional(paidBySchema),
  connectionId: z.optional(z.string()),
  connectionStatus: z.optional(z.string()),
});
export type PaymentRequest = z.infer<typeof paymentRequestSchema>;

export const paymentActivitySchema = z.object({
  // Most of Centrapay's printed examples (void, refund, condition answers, activity lists) carry no `id`.
  id: z.optional(z.string()),
  type: z.pipe(z.string(), z.transform((type: string) => type.toLowerCase() === 'authorization' ? 'authorization' : type)),
  value: z.optional(monetarySchema),
  paymentRequestId: z.string(),
  activityNumber: z.optional(bignumber),
  shortCode: z.optional(z.string()),
  assetType: z.optional(z.string()),
  external: z.optional(z.boolean()),
  cancellationReason: z.optional(z.string()),
  createdAt: z.string(),
  createdBy: z.optional(z.string()),
  paidBy: z.optional(paidBySchema),
});
export type PaymentActivity = z.infer<typeof paymentActivitySchema>;

/** How a refund was split across what paid the request (§4 `strategy`): one leg per payment reversed. */
export const refundStrategySchema = z.object({
  refunds: z.array(z.object({
    assetType: z.string(),
    amount: bignumber,
    assetId: z.optional(z.string()),
    completedPaymentId: z.optional(z.string()),
    collectionId: z.optional(z.string()),
  })),
});

/** A `refund` activity (§3.9, §4): a refund's answer, or a void's of a paid request, as listed with the request's. */
export const refundActivitySchema = z.extend(paymentActivitySchema, {
  externalRef: z.optional(z.string()),
  invoiceRef: z.optional(z.string()),
  lineItems: z.optional(z.array(lineItemSchema)),
  strategy: z.optional(refundStrategySchema),
  // Not in Centrapay's documented activity; read when present, so a refund marked as still under way is not taken as done.
  status: z.optional(z.string()),
});
export type RefundActivity = z.infer<typeof refundActivitySchema>;

export const pageSchema = <T extends z.ZodMiniType>(item: T) => {
  const page = z.object({ items: z.array(item), nextPageKey: z.optional(z.string()), pageKey: z.optional(z.string()) });
  return z.pipe(page, z.transform(({ items, nextPageKey, pageKey }: z.output<typeof page>) => ({ items, nextPageKey: nextPageKey ?? pageKey })));
};

export const errorBodySchema = z.object({
  statusCode: z.optional(z.number()),
  error: z.optional(z.string()),
  message: z.string(),
  reason: z.optional(z.string()),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/**
 * Where Centrapay's pay page sends the patron once they have paid or cancelled [EXP] (§2.1): it must also start with one
 * of the config's `allowedRedirectUrls`. Only http(s): the patron's browser is sent to it.
 */
const redirectUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http or https URL' });

/** Where Centrapay's pay page sends the patron after paying, and after cancelling (a till's page that shows the outcome). */
export interface PaymentRequestRedirects {
  redirectPaidUrl: string;
  redirectCancelUrl: string;
}

/** Body of POST /api/payment-requests. */
export const createPaymentRequestBodySchema = z.object({
  configId: z.string().check(z.minLength(1, 'configId is required')),
  value: monetarySchema,
  barcode: z.optional(z.string()),
  barcodeType: z.optional(z.string()),
  collectionId: z.optional(z.string()),
  expirySeconds: z.optional(
    z.pipe(numberOrNumericString, z.number().check(z.int('expirySeconds must be a whole number'), z.positive('expirySeconds must be positive'))),
  ),
  lineItems: z.optional(z.array(lineItemSchema)),
  purchaseOrderRef: z.optional(z.string()),
  invoiceRef: z.optional(z.string().check(z.maxLength(128, 'invoiceRef must be at most 128 characters'))),
  redirectCancelUrl: z.optional(redirectUrlSchema),
  redirectPaidUrl: z.optional(redirectUrlSchema),
  externalRef: z.optional(z.string()),
  terminalId: z.optional(z.string()),
  deviceId: z.optional(z.string()),
  operatorId: z.optional(z.string()),
  createdByAccountName: z.optional(z.string()),
  conditionsEnabled: z.optional(z.boolean()),
  patronNotPresent: z.optional(z.boolean()),
  preAuth: z.optional(z.boolean()),
  partialAllowed: z.optional(z.boolean()),
  basketAmount: z.optional(bignumber),
  connectionId: z.optional(z.string()),
  paymentLinkId: z.optional(z.string()),
});
export type CreatePaymentRequestBody = z.input<typeof createPaymentRequestBodySchema>;

/** Body of POST /api/payment-requests/{id}/pay. */
export const payBodySchema = z.object({
  assetType: z.string().check(z.minLength(1, 'assetType is required')),
  idempotencyKey: z.string().check(z.minLength(1, 'idempotencyKey is required')),
  assetId: z.optional(z.string()),
  transactionId: z.optional(z.string()),
  authorization: z.optional(z.string()),
  mode: z.optional(z.enum(['partial-payment', 'multi-asset-payment'])),
  amount: z.optional(bignumber),
  externalPaymentRef: z.optional(z.string()),
  lineItems: z.optional(z.array(lineItemSchema)),
});
export type PayBody = z.input<typeof payBodySchema>;

export const connectionSchema = z.object({
  id: z.string(),
  status: z.string(),
  url: z.string(),
  merchantId: z.string(),
  createdAt: z.string(),
  createdBy: z.optional(z.string()),
  createdByAccountName: z.optional(z.string()),
  test: z.optional(z.boolean()),
  walletId: z.optional(z.string()),
  walletName: z.optional(z.string()),
  updatedAt: z.optional(z.string()),
});
export type Connection = z.infer<typeof connectionSchema>;

export const FINAL_STATUSES: readonly PaymentRequestStatus[] = ['paid', 'cancelled', 'expired'];

export function isFinalStatus(status: PaymentRequestStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** Words a patron or cashier understands for Centrapay's codes about a payment (errors and cancel reasons); the
 * English catalog of the patron screens is this object, so the two never drift apart. */
export const PAYMENT_CODE_WORDS = {
  INSUFFICIENT_ASSET_VALUE: 'There is not enough money in this wallet to pay.',
  INACTIVE_ASSET: 'This wallet cannot be used right now. Try another way to pay.',
  REQUEST_EXPIRED: 'This payment has expired. Ask the cashier to start again.',
  REQUEST_PAID: 'This payment has already been paid.',
  REQUEST_CANCELLED: 'This payment was cancelled.',
  INVALID_ASSET_TYPE: 'This merchant does not accept that way of paying.',
  PAYMENT_DECLINED: 'The payment was declined.',
  QUOTA_EXCEEDED: 'The spending limit for this wallet has been reached.',
  ASSET_REDEMPTION_DENIED: 'This wallet cannot be used at this merchant.',
  PAYMENT_UNCONFIRMED: 'The payment could not be confirmed in time. Please try again.',
  INVALID_MERCHANT_CONFIG: 'The merchant cannot take this payment right now.',
  NO_AVAILABLE_PAYMENT_OPTIONS: 'No payment method fits this sale.',
  LINE_ITEMS_SUM_CHECK_FAILED: 'The items do not add up to the total.',
  CANCELLED_BY_MERCHANT: 'Cancelled by the cashier.',
  CANCELLED_BY_PATRON: 'Cancelled by the customer.',
  PATRON_CODE_INVALID: 'The customer’s code is not valid.',
  PATRON_CODE_EXPIRED: 'The customer’s code has expired.',
  PAYMENT_FAILED: 'The payment failed.',
  DECLINED_BY_PATRON: 'Declined by the customer.',
  DECLINED_BY_MERCHANT: 'Declined by the cashier.',
  PAYMENT_REQUEST_EXPIRED: 'The payment request expired.',
  RATE_LIMIT_EXCEEDED: 'Centrapay is busy. Trying again shortly.',
  Forbidden: 'Centrapay refused this request.',
} as const;

/** Words a patron or cashier understands for the business-rule codes Centrapay returns in `message`. */
const MESSAGES: Record<string, string> = {
  ...PAYMENT_CODE_WORDS,
  // Refunds and voids (§3.9, §3.10).
  REFUND_WINDOW_EXCEEDED: 'It is too long since the payment for Centrapay to refund it. Refund the customer another way.',
  ALREADY_REFUNDED: 'Centrapay says this payment has already been refunded.',
  PARTIAL_REFUNDS_NOT_ALLOWED: 'The way the customer paid can only be refunded in full. Refund the whole sale instead.',
  INVALID_AMOUNT: 'That is more than is left to refund on this payment.',
  NOT_PAID: 'This payment was never paid, so there is nothing to refund.',
  REPEAT_REFERENCE: 'Centrapay already has a different refund under this reference. Nothing was refunded.',
  REFUND_NOT_SUPPORTED: 'The way the customer paid cannot be refunded through Centrapay. Refund the customer another way.',
  REFUND_DECLINED: 'Centrapay declined the refund.',
  PRE_AUTH_PENDING: 'The payment is not authorised yet, so it cannot be refunded.',
  CONFIRMATION_NOT_FOUND: 'Centrapay cannot find that part of the payment.',
  VOID_WINDOW_EXCEEDED: 'More than 24 hours since the sale: refund it instead.',
  PRE_AUTH_ALREADY_CONFIRMED: 'Part of this payment has already been taken: refund it instead of voiding.',
};

export function describeCentrapayCode(code: string | undefined): string {
  if (!code) return 'Something went wrong.';
  return MESSAGES[code] ?? `Centrapay said: ${code}`;
}

/** The webhook notification types Centrapay documents (§7.2); the list is complete. */
export const PAYMENT_NOTIFICATION_TYPES = [
  'payment-request:paid',
  'payment-request:refund-initiated',
  'payment-request:refund-completed',
] as const;
export type PaymentNotificationType = (typeof PAYMENT_NOTIFICATION_TYPES)[number];

/** Body of a webhook delivery (§7.2); `data` is a Payment Activity. */
export const paymentNotificationSchema = z.object({
  id: z.string().check(z.minLength(1)),
  type: z.string(),
  data: paymentActivitySchema,
  accountId: z.string(),
  test: z.boolean(),
  createdAt: z.string(),
});
export type PaymentNotification = z.infer<typeof paymentNotificationSchema>;

/** Body of POST /api/payment-requests/{id}/refund. */
export const refundBodySchema = z.object({
  value: monetarySchema,
  externalRef: z.string().check(z.minLength(1, 'externalRef is required')),
  invoiceRef: z.optional(z.string().check(z.maxLength(128, 'invoiceRef must be at most 128 characters'))),
  confirmationIdempotencyKey: z.optional(z.string()),
  lineItems: z.optional(z.array(lineItemSchema)),
  merchantConfigId: z.optional(z.string()),
});
export type RefundBody = z.input<typeof refundBodySchema>;

/** Body of POST /api/payment-requests/{id}/confirm (pre-auth draw-down). */
export const confirmBodySchema = z.object({
  idempotencyKey: z.string().check(z.minLength(1, 'idempotencyKey is required')),
  invoiceRef: z.string().check(z.minLength(1, 'invoiceRef is required'), z.maxLength(128, 'invoiceRef must be at most 128 characters')),
  lineItems: z.array(lineItemSchema).check(z.minLength(1, 'lineItems must not be empty')),
  value: z.optional(monetarySchema),
});
export type ConfirmBody = z.input<typeof confirmBodySchema>;

export const patronCodeSchema = z.object({
  id: z.string(),
  barcode: z.string(),
  createdAt: z.string(),
  expiresAt: z.optional(z.string()),
  assetId: z.optional(z.string()),
  accountId: z.optional(z.string()),
  externalId: z.optional(z.string()),
  metadata: z.optional(z.record(z.string(), z.string())),
  testScenarioName: z.optional(z.string()),
});
export type PatronCode = z.infer<typeof patronCodeSchema>;

/** Body of POST /api/decode. */
export const decodeBodySchema = z.object({
  code: z.string().check(z.minLength(1, 'code is required')),
  scannedBy: z.literal('merchant', 'scannedBy must be "merchant"'),
  merchantConfigId: z.string().check(z.minLength(1, 'merchantConfigId is required')),
});

export const decodeResultSchema = z.object({
  code: z.string(),
  provider: z.string(),
  displayName: z.string(),
});
export type DecodeResult = z.infer<typeof decodeResultSchema>;

export const merchantConfigSchema = z.object({
  id: z.string(),
  merchantId: z.string(),
  paymentOptions: z.array(z.object({ type: z.string() })),
  allowedRedirectUrls: z._default(z.array(z.string()), []),
  createdAt: z.optional(z.string()),
  updatedAt: z.optional(z.string()),
  createdBy: z.optional(z.string()),
  updatedBy: z.optional(z.string()),
});
export type MerchantConfigModel = z.infer<typeof merchantConfigSchema>;

/** An API key as its account's owner lists it (`GET /api/accounts/{accountId}/api-keys`); never its secret. */
export const apiKeySchema = z.object({
  accountId: z.string(),
  name: z.string(),
  role: z.string(),
  enabled: z.optional(z.boolean()),
});
export type ApiKeyModel = z.infer<typeof apiKeySchema>;
