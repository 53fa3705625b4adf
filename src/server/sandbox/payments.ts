// Money-moving actions on a Payment Request: pay (§3.8), void (§3.10) and refund (§3.9).
// Each runs synchronously from check to update, so two concurrent calls can never both
// see the request unpaid: Node runs one handler at a time.
import { z } from 'zod';
import { lineItemSchema, monetarySchema, payBodySchema, type LineItem } from '../../domain/centrapay';
import { compareCents, subtractCents, sumCents } from '../../domain/money';
import { requireOwnAccount, type Principal } from './auth';
import { badRequest, forbidden } from './errors';
import { addActivity, lastActivityOfType, paidCents, refundableCents, refundPayments } from './ledger';
import { paidByOf } from './payment-requests';
import type { SandboxState } from './state';
import type { Activity, AssetTypeInfo, StoredPaymentRequest } from './store';
import { parseWith, requireValueCents, requireWholeCents } from './validation';

export const VOID_WINDOW_MS = 24 * 60 * 60 * 1000;
export const REFUND_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

function refuseUnlessNew(pr: StoredPaymentRequest): void {
  if (pr.status === 'expired') throw forbidden('REQUEST_EXPIRED');
  if (pr.status === 'paid') throw forbidden('REQUEST_PAID');
  if (pr.status === 'cancelled') throw forbidden('REQUEST_CANCELLED');
}

/** Stable text of a pay call, so a retry can be told apart from a different call reusing the key. */
function fingerprint(principal: Principal, body: z.infer<typeof payBodySchema>): string {
  const sorted = Object.fromEntries(Object.entries(body).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify([principal.credential, sorted]);
}

/** The most an offer may cover: its share of each matching line item, rounded up per item. */
function offerLimit(info: AssetTypeInfo, lineItems: readonly LineItem[]): { limit: string; covered: LineItem[] } {
  const offer = info.offer;
  if (!offer) return { limit: '0', covered: [] };
  const covered = lineItems.filter((item) => item.sku?.startsWith(offer.skuPrefix) && BigInt(item.price) > 0n);
  const limit = covered.reduce((total, item) => total + (BigInt(item.price) * offer.percent + 99n) / 100n, 0n);
  return { limit: limit.toString(), covered };
}

export function payPaymentRequest(state: SandboxState, principal: Principal, pr: StoredPaymentRequest, rawBody: unknown): Activity {
  const { store, clock } = state;
  const body = parseWith(payBodySchema, rawBody);
  if (body.amount !== undefined) requireValueCents(body.amount, 'amount');

  const isRequestMerchant = principal.kind === 'api-key' && principal.accountId === pr.merchantAccountId;
  // A merchant-terminal key may pay only its own account's requests (§1.3); patrons and app servers any.
  if (principal.role === 'merchant-terminal' && !isRequestMerchant) throw forbidden();

  const print = fingerprint(principal, body);
  const previous = pr.payIdempotency.get(body.idempotencyKey);
  if (previous) {
    if (previous.fingerprint === print) return previous.activity;
    throw forbidden('IDEMPOTENT_OPERATION_FAILED');
  }

  refuseUnlessNew(pr);

  const info = store.assetTypes.get(body.assetType);
  if (!info) throw forbidden('INVALID_ASSET_TYPE');
  if (info.kind === 'external') {
    // External tenders are the merchant's own record of cash or card taken at the counter.
    if (!isRequestMerchant || !body.assetType.endsWith(`.${pr.liveness}`)) throw forbidden('INVALID_ASSET_TYPE');
  } else if (!pr.paymentOptions.some((option) => option.assetType === body.assetType)) {
    throw forbidden('INVALID_ASSET_TYPE');
  }

  const mode = body.mode ?? (body.amount !== undefined ? 'multi-asset-payment' : undefined);
  const amount = body.amount ?? pr.remainingAmount;
  if (mode === 'partial-payment' && !pr.echoed.partialAllowed) {
    throw forbidden('PAYMENT_DECLINED', 'partial payment is not allowed on this Payment Request');
  }
  if (compareCents(amount, pr.remainingAmount) > 0) {
    throw forbidden('PAYMENT_DECLINED', 'amount is more than the remaining amount');
  }

  let assetId: string | undefined;
  let coveredLineItems: LineItem[] | undefined;
  if (info.kind === 'wallet') {
    if (body.assetId === undefined) throw badRequest('assetId is required');
    const asset = store.assets.get(body.assetId);
    if (!asset || asset.accountId !== principal.accountId) throw forbidden();
    if (asset.type !== body.assetType) throw forbidden('INVALID_ASSET_TYPE', 'the asset is of another asset type');
    if (!asset.active) throw forbidden('INACTIVE_ASSET');
    if (compareCents(asset.balance, amount) < 0) throw forbidden('INSUFFICIENT_ASSET_VALUE');
    asset.balance = subtractCents(asset.balance, amount);
    assetId = asset.id;
  } else if (info.kind === 'uplink') {
    if (body.authorization === undefined) throw badRequest('authorization is required');
    if (principal.accountId !== info.providerAccountId) throw forbidden('ASSET_REDEMPTION_DENIED', 'only the provider can pay with this asset type');
    if (pr.payments.some((payment) => payment.assetType === body.assetType)) {
      throw forbidden('ASSET_REDEMPTION_DENIED', 'the offer has already been applied to this Payment Request');
    }
    const { limit, covered } = offerLimit(info, pr.echoed.lineItems ?? []);
    if (compareCents(amount, limit) > 0) throw forbidden('ASSET_REDEMPTION_DENIED', `the offer covers at most ${limit}`);
    coveredLineItems = covered;
  }

  const nowMs = clock.nowMs();
  pr.remainingAmount = subtractCents(pr.remainingAmount, amount);
  const activity = addActivity(
    pr,
    {
      type: 'payment',
      value: { amount, currency: pr.value.currency },
      assetType: body.assetType,
      external: info.kind === 'external',
      mode,
      idempotencyKey: body.idempotencyKey,
      externalPaymentRef: body.externalPaymentRef,
      createdBy: principal.crn,
    },
    nowMs,
  );
  pr.payments.push({ activityId: activity.id, assetType: body.assetType, assetId, amount, refunded: '0', lineItems: coveredLineItems });
  pr.payIdempotency.set(body.idempotencyKey, { fingerprint: print, activity });

  if (compareCents(pr.remainingAmount, '0') === 0 || mode === 'partial-payment') {
    pr.status = 'paid';
    pr.paidAt = nowMs;
    addActivity(
      pr,
      { type: 'paid', value: { amount: paidCents(pr), currency: pr.value.currency }, paidBy: paidByOf(store, pr), createdBy: principal.crn },
      nowMs,
    );
  }
  return activity;
}

export function voidPaymentRequest(state: SandboxState, principal: Principal, pr: StoredPaymentRequest): Activity {
  requireOwnAccount(principal, pr.merchantAccountId);
  // Repeating a void answers what the first one did (void carries no idempotency key).
  if (pr.voidActivity) return pr.voidActivity;
  if (pr.status === 'cancelled') {
    const cancellation = lastActivityOfType(pr, 'cancellation');
    if (cancellation) return cancellation;
  }
  if (pr.status === 'expired') throw forbidden('REQUEST_EXPIRED');
  const nowMs = state.clock.nowMs();
  if (nowMs > pr.createdAt + VOID_WINDOW_MS) throw forbidden('VOID_WINDOW_EXCEEDED');

  if (pr.status === 'new') {
    refundPayments(state, pr, refundableCents(pr), principal.crn, {}, nowMs);
    pr.status = 'cancelled';
    pr.cancellationReason = 'CANCELLED_BY_MERCHANT';
    pr.voidActivity = addActivity(
      pr,
      { type: 'cancellation', value: pr.value, cancellationReason: 'CANCELLED_BY_MERCHANT', createdBy: principal.crn },
      nowMs,
    );
    return pr.voidActivity;
  }

  // Paid: refund everything still held; the status stays `paid` (§2.2 note).
  const refund = refundPayments(state, pr, refundableCents(pr), principal.crn, {}, nowMs);
  if (!refund) throw forbidden('ALREADY_REFUNDED');
  pr.voidActivity = refund;
  return refund;
}

const refundBodySchema = z.object({
  value: monetarySchema,
  externalRef: z.string().min(1, 'externalRef is required'),
  invoiceRef: z.string().max(128, 'invoiceRef must be at most 128 characters').optional(),
  confirmationIdempotencyKey: z.string().optional(),
  lineItems: z.array(lineItemSchema).optional(),
  merchantConfigId: z.string().optional(),
});

export function refundPaymentRequest(state: SandboxState, principal: Principal, pr: StoredPaymentRequest, rawBody: unknown): Activity {
  requireOwnAccount(principal, pr.merchantAccountId);
  const body = parseWith(refundBodySchema, rawBody);
  const amount = body.value.amount;
  requireValueCents(amount, 'value.amount');
  if (body.value.currency !== pr.value.currency) throw badRequest(`value.currency must be ${pr.value.currency}`);
  if (body.lineItems !== undefined && body.lineItems.length > 0) {
    body.lineItems.forEach((item, index) => requireWholeCents(item.price, `lineItems.${index}.price`));
    const total = sumCents(body.lineItems.map((item) => item.price));
    if (compareCents(total, amount) !== 0) throw badRequest('LINE_ITEMS_SUM_CHECK_FAILED');
  }

  const previous = pr.refundsByExternalRef.get(body.externalRef);
  if (previous) {
    if (compareCents(previous.value.amount, amount) === 0) return previous;
    throw forbidden('REPEAT_REFERENCE');
  }
  if (body.confirmationIdempotencyKey !== undefined) throw forbidden('CONFIRMATION_NOT_FOUND');
  if (pr.status !== 'paid') throw forbidden('NOT_PAID');
  if (state.clock.nowMs() > (pr.paidAt ?? pr.createdAt) + REFUND_WINDOW_MS) throw forbidden('REFUND_WINDOW_EXCEEDED');
  const refundable = refundableCents(pr);
  if (compareCents(refundable, '0') === 0) throw forbidden('ALREADY_REFUNDED');
  if (compareCents(amount, refundable) > 0) throw forbidden('INVALID_AMOUNT', `at most ${refundable} can be refunded`);

  const refund = refundPayments(state, pr, amount, principal.crn, {
    externalRef: body.externalRef,
    invoiceRef: body.invoiceRef,
    lineItems: body.lineItems,
  });
  if (!refund) throw new Error('a positive refund always records an activity');
  pr.refundsByExternalRef.set(body.externalRef, refund);
  return refund;
}
