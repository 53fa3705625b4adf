// Payment Requests: creation, look-ups and the wire model (centrapay-api.md §2, §3.1-3.7, §3.15).
import { createPaymentRequestBodySchema, type LineItem, type PaymentOption } from '../../domain/centrapay';
import { FARMLANDS_PROVIDER } from '../../domain/card-partner';
import { compareCents, sumCents } from '../../domain/money';
import { merchantOf, requireMerchantKey, type Principal } from './auth';
import { raiseConditions } from './conditions';
import { badRequest, forbidden } from './errors';
import { checkShortCode, newPaymentRequestId, newShortCode } from './ids';
import { addActivity } from './ledger';
import { cancelRequest, settle, SYSTEM_CRN } from './lifecycle';
import { allowedRedirectUrls, findOwnConfig } from './merchant-configs';
import { findQuickPayCard, isPatronCodeBarcode, liveCode } from './patron-codes';
import type { SandboxState } from './state';
import type { Cursor } from './pagination';
import {
  changed,
  nextSeq,
  type Activity,
  type AssetTotalJson,
  type EchoedFields,
  type Merchant,
  type MerchantConfig,
  type PaidByJson,
  type PaymentRecord,
  type SandboxStore,
  type StoredPaymentRequest,
} from './store';
import { parseWith, requireIdPrefix, requireValueCents, requireWholeCents } from './validation';
import { compact, toIso } from './wire';

export const DEFAULT_EXPIRY_SECONDS = 120;
export const MAX_EXPIRY_SECONDS = 24 * 60 * 60;

// ---------------------------------------------------------------------------------------------
// Look-ups

/** Unknown id → 403 Forbidden (§1.8). Settles expiry, so every caller sees the current status. */
export function findPaymentRequest(state: SandboxState, id: string): StoredPaymentRequest {
  const pr = state.store.paymentRequests.get(id);
  if (!pr) throw forbidden();
  settle(state, pr);
  return pr;
}

function newestFirst(requests: Iterable<StoredPaymentRequest>): StoredPaymentRequest[] {
  return [...requests].sort((a, b) => b.seq - a.seq);
}

export function findByShortCode(state: SandboxState, principal: Principal, shortCode: string): StoredPaymentRequest {
  const check = checkShortCode(shortCode);
  if (check === 'malformed') throw badRequest('shortCode must look like CP-XXX-XXX');
  if (check === 'checksum-failed') throw badRequest('CHECKSUM_FAILED');
  const merchant = requireMerchantKey(state.store, principal);
  const code = shortCode.toUpperCase();
  // Codes are recycled, so the most recent request of the caller's own account wins.
  const match = newestFirst(state.store.paymentRequests.values()).find(
    (pr) => pr.shortCode === code && pr.merchantAccountId === merchant.accountId,
  );
  if (!match) throw forbidden();
  settle(state, match);
  return match;
}

export function listByExternalRef(
  state: SandboxState,
  principal: Principal,
  externalRef: string,
  merchantAccountId: string | undefined,
): StoredPaymentRequest[] {
  if (!merchantAccountId) throw badRequest('merchantAccountId is required');
  if (principal.kind !== 'api-key' || principal.accountId !== merchantAccountId) throw forbidden();
  const matches = newestFirst(state.store.paymentRequests.values()).filter(
    (pr) => pr.echoed.externalRef === externalRef && pr.merchantAccountId === merchantAccountId,
  );
  for (const pr of matches) settle(state, pr);
  return matches;
}

/** The newest `new` request created with one of the patron's codes (§3.4). */
export function findForPatronCodes(state: SandboxState, principal: Principal): StoredPaymentRequest {
  if (principal.kind !== 'user') throw forbidden();
  const codeIds = new Set(
    [...state.store.patronCodes.values()].filter((code) => code.accountId === principal.accountId).map((code) => code.id),
  );
  for (const pr of newestFirst(state.store.paymentRequests.values())) {
    if (pr.patronCodeId === undefined || !codeIds.has(pr.patronCodeId)) continue;
    settle(state, pr);
    if (pr.status === 'new') return pr;
  }
  throw forbidden();
}

/** Every activity of the merchant's requests (§3.15), each request brought up to date first. */
export function listMerchantActivities(
  state: SandboxState,
  principal: Principal,
  merchantId: string | undefined,
): Array<{ activity: Activity; cursor: Cursor }> {
  if (!merchantId) throw badRequest('merchantId is required');
  const merchant = state.store.merchants.get(merchantId);
  if (!merchant || principal.kind !== 'api-key' || merchant.accountId !== principal.accountId) throw forbidden();
  const requests = [...state.store.paymentRequests.values()].filter((pr) => pr.merchantId === merchantId);
  for (const pr of requests) settle(state, pr);
  // Newest first by when it happened; lazily settled expiries are dated in the past.
  return requests.flatMap((pr) =>
    pr.activities.map((activity) => ({
      activity,
      cursor: { position: [Date.parse(activity.createdAt), pr.seq, Number(activity.activityNumber)], id: activity.id },
    })),
  );
}

// ---------------------------------------------------------------------------------------------
// Create

/** The config's asset types that fit the request (§2.6); empty → NO_AVAILABLE_PAYMENT_OPTIONS. */
function offeredOptions(
  store: SandboxStore,
  config: MerchantConfig,
  request: { liveness: 'main' | 'test'; amount: string; currency: string; preAuth: boolean },
): PaymentOption[] {
  // Every sandbox asset type is an NZD one.
  if (request.currency !== 'NZD') return [];
  return config.paymentOptionTypes
    .filter((type) => type.endsWith(`.${request.liveness}`))
    .filter((type) => {
      const info = store.assetTypes.get(type);
      // A token option is only usable with an accepted collection; the sandbox has none yet.
      return info !== undefined && !info.needsCollection && (!request.preAuth || info.preAuth === true);
    })
    .map((assetType) => ({ assetType, amount: request.amount }));
}

function lineItemsTotal(lineItems: readonly LineItem[]): string {
  lineItems.forEach((item, index) => requireWholeCents(item.price, `lineItems.${index}.price`));
  return sumCents(lineItems.map((item) => item.price));
}

type CreateBody = ReturnType<typeof parseCreateBody>;

/** The body's own rules, each a 400 (§2.1); nothing in the store is looked at yet. */
function parseCreateBody(rawBody: unknown) {
  const body = parseWith(createPaymentRequestBodySchema, rawBody);
  requireValueCents(body.value.amount, 'value.amount');
  if (body.expirySeconds !== undefined && body.expirySeconds > MAX_EXPIRY_SECONDS) {
    throw badRequest(`expirySeconds must be at most ${MAX_EXPIRY_SECONDS}`);
  }
  if (body.partialAllowed && body.basketAmount === undefined) throw badRequest('basketAmount is required when partialAllowed is true');
  if (body.basketAmount !== undefined) {
    requireValueCents(body.basketAmount, 'basketAmount');
    if (compareCents(body.basketAmount, body.value.amount) < 0) throw badRequest('basketAmount must not be less than value.amount');
  }
  if (body.lineItems !== undefined && body.lineItems.length > 0) {
    const total = lineItemsTotal(body.lineItems);
    // With partial payment the items describe the whole basket; accept either total (§6.7).
    const allowed = [body.value.amount, body.basketAmount].filter((amount) => amount !== undefined);
    if (!allowed.some((amount) => compareCents(amount, total) === 0)) throw badRequest('LINE_ITEMS_SUM_CHECK_FAILED');
  }
  if (body.connectionId !== undefined) requireIdPrefix(body.connectionId, 'cn', 'connectionId');
  if (body.collectionId !== undefined) requireIdPrefix(body.collectionId, 'c', 'collectionId');
  return body;
}

/**
 * A Farmlands payment (a Farmlands card's barcode, or a config that accepts nothing else) must carry an invoice number
 * and full line items when the purchase is fulfilled at once (the Farmlands guide's basic and certification
 * requirements; a pre-auth gives its invoice with each confirmation). Centrapay does not document its answer: the
 * sandbox answers as it does other field validation, 400 with words (§1.8). The prices' sum is checked for every request.
 */
function requireFarmlandsPapers(state: SandboxState, body: CreateBody, paymentOptions: readonly PaymentOption[]): void {
  const barcode = body.barcode?.trim();
  const card = barcode === undefined ? undefined : findQuickPayCard(state.store, barcode);
  const isFarmlands = (option: PaymentOption) => option.assetType.startsWith(`${FARMLANDS_PROVIDER}.`);
  const farmlands = paymentOptions.some(isFarmlands) && (card?.provider === FARMLANDS_PROVIDER || paymentOptions.every(isFarmlands));
  if (!farmlands) return;
  if (!body.preAuth && !body.invoiceRef?.trim()) throw badRequest('invoiceRef is required for a Farmlands payment');
  if (!body.lineItems || body.lineItems.length === 0) throw badRequest('lineItems are required for a Farmlands payment');
}

/** What the body refers to — config, patron code, redirect URLs, collection, connection — each a 403 when unusable. */
function resolveReferences(state: SandboxState, principal: Principal, body: CreateBody, publicUrl: string) {
  const { store } = state;
  const barcode = body.barcode?.trim();
  const isPatronCode = barcode !== undefined && isPatronCodeBarcode(barcode);
  const config = findOwnConfig(store, principal, body.configId, 'configId');
  const merchant = config && store.merchants.get(config.merchantId);
  if (!config || !merchant) throw forbidden();

  const patronCode = isPatronCode ? liveCode(state, barcode) : undefined;
  if (isPatronCode && !patronCode) throw forbidden('PATRON_CODE_INVALID');
  const allowed = allowedRedirectUrls(config, publicUrl);
  for (const url of [body.redirectCancelUrl, body.redirectPaidUrl]) {
    if (url !== undefined && !allowed.some((prefix) => url.startsWith(prefix))) throw forbidden('REDIRECT_URL_INVALID');
  }
  if (body.collectionId !== undefined) throw forbidden('TOKEN_COLLECTION_NOT_FOUND');
  if (body.connectionId !== undefined) requireOwnConnection(store, principal, merchant, body.connectionId);
  return { config, merchant, patronCode };
}

function requireOwnConnection(store: SandboxStore, principal: Principal, merchant: Merchant, connectionId: string): void {
  const connection = store.connections.get(connectionId);
  if (!connection) throw forbidden('CONNECTION_NOT_FOUND');
  if (connection.merchantId !== merchant.id) throw forbidden('CONNECTION_MERCHANT_MISMATCH');
  if (connection.createdBy !== principal.crn) throw forbidden('CONNECTION_CREATED_BY_MISMATCH');
}

/** The fields a request keeps only to give them back (§3.1). */
function echoedFieldsOf(body: CreateBody): EchoedFields {
  return compact({
    barcode: body.barcode,
    barcodeType: body.barcodeType,
    collectionId: body.collectionId,
    lineItems: body.lineItems,
    purchaseOrderRef: body.purchaseOrderRef,
    invoiceRef: body.invoiceRef,
    redirectCancelUrl: body.redirectCancelUrl,
    redirectPaidUrl: body.redirectPaidUrl,
    externalRef: body.externalRef,
    terminalId: body.terminalId,
    deviceId: body.deviceId,
    operatorId: body.operatorId,
    conditionsEnabled: body.conditionsEnabled,
    patronNotPresent: body.patronNotPresent,
    preAuth: body.preAuth,
    partialAllowed: body.partialAllowed,
    basketAmount: body.basketAmount,
    paymentLinkId: body.paymentLinkId,
  });
}

/** `publicUrl`: the web app the sandbox's pay pages are on (a redirect back to it is always allowed). */
export function createPaymentRequest(state: SandboxState, principal: Principal, rawBody: unknown, publicUrl: string): StoredPaymentRequest {
  const { store, clock } = state;
  if (!merchantOf(store, principal)) throw forbidden();
  const body = parseCreateBody(rawBody);
  const { config, merchant, patronCode } = resolveReferences(state, principal, body, publicUrl);

  const liveness = merchant.test ? 'test' : 'main';
  const paymentOptions = offeredOptions(store, config, {
    liveness,
    amount: body.value.amount,
    currency: body.value.currency,
    preAuth: body.preAuth === true,
  });
  if (paymentOptions.length === 0) throw forbidden('NO_AVAILABLE_PAYMENT_OPTIONS');
  requireFarmlandsPapers(state, body, paymentOptions);

  const nowMs = clock.nowMs();
  const expirySeconds = body.expirySeconds ?? DEFAULT_EXPIRY_SECONDS;
  const pr: StoredPaymentRequest = {
    seq: nextSeq(store),
    id: uniqueId(store),
    shortCode: uniqueShortCode(store),
    configId: config.id,
    merchantId: merchant.id,
    merchantName: merchant.name,
    merchantAccountId: merchant.accountId,
    liveness,
    value: { amount: body.value.amount, currency: body.value.currency },
    paymentOptions,
    status: 'new',
    expirySeconds,
    createdAt: nowMs,
    updatedAt: nowMs,
    expiresAt: nowMs + expirySeconds * 1000,
    remainingAmount: body.value.amount,
    createdBy: principal.crn,
    createdByAccountId: principal.accountId,
    createdByAccountName: body.createdByAccountName ?? store.accounts.get(principal.accountId)?.name ?? merchant.name,
    taxNumber: merchant.taxNumber,
    patronCodeId: patronCode?.id,
    connectionId: body.connectionId,
    echoed: echoedFieldsOf(body),
    conditions: raiseConditions({ lineItems: body.lineItems, patronNotPresent: body.patronNotPresent, patronCode, liveness, paymentOptions }),
    payments: [],
    activities: [],
    payIdempotency: new Map(),
    refundsByExternalRef: new Map(),
  };
  store.paymentRequests.set(pr.id, pr);
  changed(store, 'paymentRequests', pr.id);
  addActivity(state, pr, { type: body.preAuth ? 'preAuthRequest' : 'request', value: pr.value, createdBy: principal.crn }, nowMs);
  // An integration that cannot handle conditions gets a cancelled request instead (§2.7).
  if (pr.conditions.length > 0 && !body.conditionsEnabled) cancelRequest(state, pr, 'PAYMENT_DECLINED', SYSTEM_CRN, nowMs);
  return pr;
}

function uniqueId(store: SandboxStore): string {
  let id = newPaymentRequestId();
  while (store.paymentRequests.has(id)) id = newPaymentRequestId();
  return id;
}

/** Short codes are unique among live sandbox requests (Centrapay recycles them only after two years). */
function uniqueShortCode(store: SandboxStore): string {
  const taken = new Set([...store.paymentRequests.values()].map((pr) => pr.shortCode));
  let code = newShortCode();
  while (taken.has(code)) code = newShortCode();
  return code;
}

// ---------------------------------------------------------------------------------------------
// Wire model

/** Emulator choice (Centrapay states no rule): a payment settles at the first midnight UTC after it was made. */
function settlementDateOf(pr: StoredPaymentRequest, payment: PaymentRecord): string {
  const activity = pr.activities.find((candidate) => candidate.id === payment.activityId);
  if (!activity) throw new Error(`payment ${payment.activityId} of ${pr.id} has no activity`);
  const date = new Date(activity.createdAt);
  date.setUTCHours(24, 0, 0, 0);
  return date.toISOString();
}

/** One entry per asset type; its settlement date and payer are those of the type's first payment. */
export function paidByOf(store: SandboxStore, pr: StoredPaymentRequest): PaidByJson | undefined {
  if (pr.payments.length === 0) return undefined;
  const totals = new Map<string, AssetTotalJson>();
  for (const payment of pr.payments) {
    const existing = totals.get(payment.assetType);
    const lineItems = [...(existing?.lineItems ?? []), ...(payment.lineItems ?? [])];
    totals.set(
      payment.assetType,
      compact({
        type: payment.assetType,
        description: store.assetTypes.get(payment.assetType)?.description ?? payment.assetType,
        settlementDate: existing?.settlementDate ?? settlementDateOf(pr, payment),
        total: { amount: sumCents([existing?.total.amount ?? '0', payment.amount]), currency: pr.value.currency },
        payerAccountId: existing ? existing.payerAccountId : payment.payerAccountId,
        lineItems: lineItems.length > 0 ? lineItems : undefined,
      }),
    );
  }
  return { assetTotals: [...totals.values()] };
}

export function toPaymentRequestJson(store: SandboxStore, pr: StoredPaymentRequest, publicUrl: string): Record<string, unknown> {
  const connection = pr.connectionId === undefined ? undefined : store.connections.get(pr.connectionId);
  return compact({
    id: pr.id,
    shortCode: pr.shortCode,
    url: `${publicUrl}/sandbox/pay/${pr.id}`,
    status: pr.status,
    liveness: pr.liveness,
    merchantId: pr.merchantId,
    merchantName: pr.merchantName,
    configId: pr.configId,
    value: pr.value,
    remainingAmount: pr.remainingAmount,
    paymentOptions: pr.paymentOptions,
    expirySeconds: pr.expirySeconds,
    createdAt: toIso(pr.createdAt),
    updatedAt: toIso(pr.updatedAt),
    expiresAt: toIso(pr.expiresAt),
    merchantConditions: pr.conditions.map((condition) => ({ ...condition })),
    createdByAccountId: pr.createdByAccountId,
    createdByAccountName: pr.createdByAccountName,
    taxNumber: pr.taxNumber,
    ...pr.echoed,
    patronCodeId: pr.patronCodeId,
    connectionId: pr.connectionId,
    connectionStatus: connection?.status,
    cancellationReason: pr.cancellationReason,
    preAuthStatus: pr.preAuthHold?.status,
    preAuthExpiresAt: pr.preAuthHold === undefined ? undefined : toIso(pr.preAuthHold.expiresAt),
    paidBy: paidByOf(store, pr),
  });
}

/** The reduced view of §3.7. */
export function toSummaryJson(pr: StoredPaymentRequest, publicUrl: string): Record<string, unknown> {
  return compact({
    id: pr.id,
    url: `${publicUrl}/sandbox/pay/${pr.id}`,
    merchantId: pr.merchantId,
    merchantName: pr.merchantName,
    value: pr.value,
    createdAt: toIso(pr.createdAt),
    expiresAt: toIso(pr.expiresAt),
    paymentOptions: pr.paymentOptions,
    partialAllowed: pr.echoed.partialAllowed,
    basketAmount: pr.echoed.basketAmount,
    remainingAmount: pr.remainingAmount,
    status: pr.status,
    lineItems: pr.echoed.lineItems,
    liveness: pr.liveness,
  });
}
