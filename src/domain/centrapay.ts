// Zod schemas and types of the Centrapay models we use (shared/centrapay-api.md).
// Objects strip unknown fields: Centrapay adds fields without versioning and clients must ignore them.
import { z } from 'zod';

/** A bignumber: JSON string holding an integer or decimal. Numbers are accepted and turned into strings. */
export const bignumber = z
  .union([z.string(), z.number()])
  .transform((value) => String(value))
  .pipe(z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a number in a string'));

export const monetarySchema = z.object({
  amount: bignumber,
  currency: z.string().regex(/^[A-Z]{3}$/, 'currency must be an ISO-4217 code'),
});
export type Monetary = z.infer<typeof monetarySchema>;

export const lineItemSchema = z.object({
  name: z.string().min(1, 'name is required'),
  sku: z.string().optional(),
  qty: bignumber,
  price: bignumber,
  tax: bignumber.optional(),
  discount: bignumber.optional(),
  productId: z.string().optional(),
  restricted: z.boolean().optional(),
  classification: z
    .object({ type: z.string(), code: z.string(), name: z.string().optional(), props: z.record(z.string(), z.string()).optional() })
    .optional(),
});
export type LineItem = z.infer<typeof lineItemSchema>;

export const paymentRequestStatusSchema = z.enum(['new', 'paid', 'cancelled', 'expired']);
export type PaymentRequestStatus = z.infer<typeof paymentRequestStatusSchema>;

export const paymentOptionSchema = z.object({
  assetType: z.string(),
  amount: bignumber,
  bitcoinAddress: z.string().optional(),
  acceptedCollections: z.array(z.object({ id: z.string(), lineItems: z.array(lineItemSchema) })).optional(),
});
export type PaymentOption = z.infer<typeof paymentOptionSchema>;

export const paymentConditionSchema = z.object({
  id: bignumber,
  name: z.string(),
  message: z.string(),
  status: z.enum(['awaiting-merchant', 'awaiting-patron', 'accepted', 'declined', 'void']),
});
export type PaymentCondition = z.infer<typeof paymentConditionSchema>;

export const assetTotalSchema = z.object({
  type: z.string(),
  description: z.string(),
  settlementDate: z.string().optional(),
  total: monetarySchema,
  lineItems: z.array(lineItemSchema).optional(),
});
export type AssetTotal = z.infer<typeof assetTotalSchema>;

export const paidBySchema = z.object({ assetTotals: z.array(assetTotalSchema) });
export type PaidBy = z.infer<typeof paidBySchema>;

export const cancellationReasonSchema = z.string();

export const paymentRequestSchema = z.object({
  id: z.string().min(1),
  shortCode: z.string(),
  url: z.string(),
  value: monetarySchema,
  paymentOptions: z.array(paymentOptionSchema).default([]),
  merchantId: z.string(),
  merchantName: z.string(),
  configId: z.string(),
  status: paymentRequestStatusSchema,
  liveness: z.enum(['main', 'test']).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  expiresAt: z.string(),
  expirySeconds: z.number().optional(),
  merchantConditions: z.array(paymentConditionSchema).default([]),
  remainingAmount: bignumber.optional(),
  patronCodeId: z.string().optional(),
  barcode: z.string().optional(),
  barcodeType: z.string().optional(),
  lineItems: z.array(lineItemSchema).optional(),
  invoiceRef: z.string().optional(),
  externalRef: z.string().optional(),
  terminalId: z.string().optional(),
  deviceId: z.string().optional(),
  operatorId: z.string().optional(),
  createdByAccountId: z.string().optional(),
  createdByAccountName: z.string().optional(),
  conditionsEnabled: z.boolean().optional(),
  patronNotPresent: z.boolean().optional(),
  cancellationReason: cancellationReasonSchema.optional(),
  preAuth: z.boolean().optional(),
  preAuthExpiresAt: z.string().optional(),
  preAuthStatus: z.string().optional(),
  partialAllowed: z.boolean().optional(),
  basketAmount: bignumber.optional(),
  paidBy: paidBySchema.optional(),
  connectionId: z.string().optional(),
  connectionStatus: z.string().optional(),
});
export type PaymentRequest = z.infer<typeof paymentRequestSchema>;

export const paymentActivitySchema = z.object({
  id: z.string(),
  type: z.string().transform((type) => type.toLowerCase() === 'authorization' ? 'authorization' : type),
  value: monetarySchema.optional(),
  paymentRequestId: z.string(),
  activityNumber: bignumber.optional(),
  shortCode: z.string().optional(),
  assetType: z.string().optional(),
  external: z.boolean().optional(),
  cancellationReason: z.string().optional(),
  createdAt: z.string(),
  createdBy: z.string().optional(),
  paidBy: paidBySchema.optional(),
});
export type PaymentActivity = z.infer<typeof paymentActivitySchema>;

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z
    .object({ items: z.array(item), nextPageKey: z.string().optional(), pageKey: z.string().optional() })
    .transform(({ items, nextPageKey, pageKey }) => ({ items, nextPageKey: nextPageKey ?? pageKey }));

export const errorBodySchema = z.object({
  statusCode: z.number().optional(),
  error: z.string().optional(),
  message: z.string(),
  reason: z.string().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Body of POST /api/payment-requests. */
export const createPaymentRequestBodySchema = z.object({
  configId: z.string().min(1, 'configId is required'),
  value: monetarySchema,
  barcode: z.string().optional(),
  barcodeType: z.string().optional(),
  collectionId: z.string().optional(),
  expirySeconds: z.number().int('expirySeconds must be a whole number').positive('expirySeconds must be positive').optional(),
  lineItems: z.array(lineItemSchema).optional(),
  purchaseOrderRef: z.string().optional(),
  invoiceRef: z.string().max(128, 'invoiceRef must be at most 128 characters').optional(),
  redirectCancelUrl: z.string().optional(),
  redirectPaidUrl: z.string().optional(),
  externalRef: z.string().optional(),
  terminalId: z.string().optional(),
  deviceId: z.string().optional(),
  operatorId: z.string().optional(),
  createdByAccountName: z.string().optional(),
  conditionsEnabled: z.boolean().optional(),
  patronNotPresent: z.boolean().optional(),
  preAuth: z.boolean().optional(),
  partialAllowed: z.boolean().optional(),
  basketAmount: bignumber.optional(),
  connectionId: z.string().optional(),
  paymentLinkId: z.string().optional(),
});
export type CreatePaymentRequestBody = z.input<typeof createPaymentRequestBodySchema>;

/** Body of POST /api/payment-requests/{id}/pay. */
export const payBodySchema = z.object({
  assetType: z.string().min(1, 'assetType is required'),
  idempotencyKey: z.string().min(1, 'idempotencyKey is required'),
  assetId: z.string().optional(),
  transactionId: z.string().optional(),
  authorization: z.string().optional(),
  mode: z.enum(['partial-payment', 'multi-asset-payment']).optional(),
  amount: bignumber.optional(),
  externalPaymentRef: z.string().optional(),
  lineItems: z.array(lineItemSchema).optional(),
});
export type PayBody = z.input<typeof payBodySchema>;

export const connectionSchema = z.object({
  id: z.string(),
  status: z.string(),
  url: z.string(),
  merchantId: z.string(),
  createdAt: z.string(),
  createdBy: z.string().optional(),
  createdByAccountName: z.string().optional(),
  test: z.boolean().optional(),
  walletId: z.string().optional(),
  walletName: z.string().optional(),
  updatedAt: z.string().optional(),
});
export type Connection = z.infer<typeof connectionSchema>;

export const FINAL_STATUSES: readonly PaymentRequestStatus[] = ['paid', 'cancelled', 'expired'];

export function isFinalStatus(status: PaymentRequestStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** Words a patron or cashier understands for the business-rule codes Centrapay returns in `message`. */
const MESSAGES: Record<string, string> = {
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
  id: z.string().min(1),
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
  externalRef: z.string().min(1, 'externalRef is required'),
  invoiceRef: z.string().max(128, 'invoiceRef must be at most 128 characters').optional(),
  confirmationIdempotencyKey: z.string().optional(),
  lineItems: z.array(lineItemSchema).optional(),
  merchantConfigId: z.string().optional(),
});
export type RefundBody = z.input<typeof refundBodySchema>;

/** Body of POST /api/payment-requests/{id}/confirm (pre-auth draw-down). */
export const confirmBodySchema = z.object({
  idempotencyKey: z.string().min(1, 'idempotencyKey is required'),
  invoiceRef: z.string().min(1, 'invoiceRef is required').max(128, 'invoiceRef must be at most 128 characters'),
  lineItems: z.array(lineItemSchema).min(1, 'lineItems must not be empty'),
  value: monetarySchema.optional(),
});
export type ConfirmBody = z.input<typeof confirmBodySchema>;

export const patronCodeSchema = z.object({
  id: z.string(),
  barcode: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().optional(),
  assetId: z.string().optional(),
  accountId: z.string().optional(),
  externalId: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  testScenarioName: z.string().optional(),
});
export type PatronCode = z.infer<typeof patronCodeSchema>;

/** Body of POST /api/decode. */
export const decodeBodySchema = z.object({
  code: z.string().min(1, 'code is required'),
  scannedBy: z.literal('merchant', 'scannedBy must be "merchant"'),
  merchantConfigId: z.string().min(1, 'merchantConfigId is required'),
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
  allowedRedirectUrls: z.array(z.string()).default([]),
  createdAt: z.string().optional(),
});
export type MerchantConfigModel = z.infer<typeof merchantConfigSchema>;
