// Money-moving actions on a Payment Request: pay (§3.8), void (§3.10), refund (§3.9) and the
// patron's cancel. Each runs synchronously from check to update, so two concurrent calls can
// never both see the request unpaid: Node runs one handler at a time.
import { FARMLANDS_PROVIDER } from '../../domain/card-partner';
import { payBodySchema, refundBodySchema, type LineItem } from '../../domain/centrapay';
import { compareCents, subtractCents, sumCents } from '../../domain/money';
import { offerCover } from '../../domain/sandbox-seeds';
import { requireOwnAccount, type Principal } from './auth';
import { hasOpenConditions } from './conditions';
import { badRequest, forbidden } from './errors';
import { addActivity, lastActivityOfType, openCents, paidCents, refundableCents, refundPayments } from './ledger';
import { cancelRequest, heldCents } from './lifecycle';
import { paidByOf } from './payment-requests';
import type { SandboxState } from './state';
import { changed, type Activity, type AssetTypeInfo, type SandboxStore, type StoredPaymentRequest } from './store';
import { parseWith, requireValueCents, requireWholeCents } from './validation';
import { fingerprint } from './wire';

export const VOID_WINDOW_MS = 24 * 60 * 60 * 1000;
export const REFUND_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
/** Unconfirmed authorisations lapse after three months (§6.10). */
export const PRE_AUTH_LIFETIME_MS = 90 * 24 * 60 * 60 * 1000;

function refuseUnlessNew(pr: StoredPaymentRequest): void {
  if (pr.status === 'expired') throw forbidden('REQUEST_EXPIRED');
  if (pr.status === 'paid') throw forbidden('REQUEST_PAID');
  if (pr.status === 'cancelled') throw forbidden('REQUEST_CANCELLED');
}

type PayBody = ReturnType<typeof parsePayBody>;

function parsePayBody(rawBody: unknown) {
  const body = parseWith(payBodySchema, rawBody);
  if (body.amount !== undefined) requireValueCents(body.amount, 'amount');
  return body;
}

export function payPaymentRequest(state: SandboxState, principal: Principal, pr: StoredPaymentRequest, rawBody: unknown): Activity {
  const body = parsePayBody(rawBody);
  const isRequestMerchant = principal.kind === 'api-key' && principal.accountId === pr.merchantAccountId;
  // A merchant-terminal key may pay only its own account's requests (§1.3); patrons and app servers any.
  if (principal.role === 'merchant-terminal' && !isRequestMerchant) throw forbidden();

  const print = fingerprint(principal.credential, body);
  const previous = pr.payIdempotency.get(body.idempotencyKey);
  if (previous) {
    if (previous.fingerprint === print) return previous.activity;
    throw forbidden('IDEMPOTENT_OPERATION_FAILED');
  }

  refuseUnlessNew(pr);
  if (hasOpenConditions(pr)) throw forbidden('PAYMENT_DECLINED', 'a payment condition is waiting for approval');
  const info = acceptedAssetType(state.store, pr, body.assetType, isRequestMerchant);
  const { amount, mode } = amountAndMode(pr, body);
  const taken = takeValue(state, principal, pr, info, body, amount);

  const nowMs = state.clock.nowMs();
  pr.remainingAmount = subtractCents(pr.remainingAmount, amount);
  const activity = addActivity(
    state,
    pr,
    {
      // Authorising a pre-auth is its payment (§2.2): the funds are held until confirmed or released.
      type: pr.echoed.preAuth ? 'authorization' : 'payment',
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
  pr.payments.push({
    activityId: activity.id,
    assetType: body.assetType,
    assetId: taken.assetId,
    payerAccountId: principal.accountId,
    amount,
    refunded: '0',
    lineItems: taken.lineItems,
  });
  pr.payIdempotency.set(body.idempotencyKey, { fingerprint: print, activity });
  closeIfDone(state, principal, pr, mode, nowMs);
  return activity;
}

/** The asset type may pay this request: one of its options, or the merchant's own record of an external tender. */
function acceptedAssetType(store: SandboxStore, pr: StoredPaymentRequest, assetType: string, isRequestMerchant: boolean): AssetTypeInfo {
  const info = store.assetTypes.get(assetType);
  if (!info) throw forbidden('INVALID_ASSET_TYPE');
  if (info.kind === 'external' && !pr.echoed.preAuth) {
    // External tenders are the merchant's own record of cash or card taken at the counter.
    if (!isRequestMerchant || !assetType.endsWith(`.${pr.liveness}`)) throw forbidden('INVALID_ASSET_TYPE');
  } else if (!pr.paymentOptions.some((option) => option.assetType === assetType)) {
    throw forbidden('INVALID_ASSET_TYPE');
  }
  return info;
}

/** How much this payment covers (all that remains unless it names an amount) and in which mode (§3.8). */
function amountAndMode(pr: StoredPaymentRequest, body: PayBody): { amount: string; mode: PayBody['mode'] } {
  const amount = body.amount ?? pr.remainingAmount;
  if (pr.echoed.preAuth && (body.mode !== undefined || compareCents(amount, pr.remainingAmount) !== 0)) {
    throw forbidden('PAYMENT_DECLINED', 'a pre-auth is authorised in full by one asset');
  }
  const mode = body.mode ?? (body.amount !== undefined && !pr.echoed.preAuth ? 'multi-asset-payment' : undefined);
  if (mode === 'partial-payment' && !pr.echoed.partialAllowed) {
    throw forbidden('PAYMENT_DECLINED', 'partial payment is not allowed on this Payment Request');
  }
  if (compareCents(amount, pr.remainingAmount) > 0) {
    throw forbidden('PAYMENT_DECLINED', 'amount is more than the remaining amount');
  }
  return { amount, mode };
}

/** Where the value comes from: a wallet asset is debited, an uplink's offer must cover it, an external tender is taken on trust. */
function takeValue(
  state: SandboxState,
  principal: Principal,
  pr: StoredPaymentRequest,
  info: AssetTypeInfo,
  body: PayBody,
  amount: string,
): { assetId?: string; lineItems?: LineItem[] } {
  if (info.kind === 'wallet') return { assetId: debitAsset(state, principal, body, amount) };
  if (info.kind === 'uplink') return { lineItems: offerLines(principal, pr, info, body, amount) };
  return {};
}

function debitAsset(state: SandboxState, principal: Principal, body: PayBody, amount: string): string {
  if (body.assetId === undefined) throw badRequest('assetId is required');
  const asset = state.store.assets.get(body.assetId);
  if (!asset || asset.accountId !== principal.accountId) throw forbidden();
  if (asset.type !== body.assetType) throw forbidden('INVALID_ASSET_TYPE', 'the asset is of another asset type');
  if (!asset.active || (asset.expiresAt !== undefined && asset.expiresAt <= state.clock.nowMs())) throw forbidden('INACTIVE_ASSET');
  if (compareCents(asset.balance, amount) < 0) throw forbidden('INSUFFICIENT_ASSET_VALUE');
  asset.balance = subtractCents(asset.balance, amount);
  changed(state.store, 'assets', asset.id);
  return asset.id;
}

/** An uplink pays once per request, by its provider, at most what its offer covers; the lines it covered. */
function offerLines(principal: Principal, pr: StoredPaymentRequest, info: AssetTypeInfo, body: PayBody, amount: string): LineItem[] {
  if (body.authorization === undefined) throw badRequest('authorization is required');
  if (principal.accountId !== info.providerAccountId) throw forbidden('ASSET_REDEMPTION_DENIED', 'only the provider can pay with this asset type');
  if (pr.payments.some((payment) => payment.assetType === body.assetType)) {
    throw forbidden('ASSET_REDEMPTION_DENIED', 'the offer has already been applied to this Payment Request');
  }
  // Without an offer, nothing.
  const cover = info.offer ? offerCover(info.offer, pr.echoed.lineItems ?? []) : { amount: '0', lines: [] };
  if (compareCents(amount, cover.amount) > 0) throw forbidden('ASSET_REDEMPTION_DENIED', `the offer covers at most ${cover.amount}`);
  return cover.lines;
}

/** A pre-auth is held once authorised; a request is paid once nothing remains, or by an accepted partial payment. */
function closeIfDone(state: SandboxState, principal: Principal, pr: StoredPaymentRequest, mode: PayBody['mode'], nowMs: number): void {
  if (pr.echoed.preAuth) {
    pr.status = 'paid';
    pr.paidAt = nowMs;
    pr.preAuthHold = { status: 'authorized', expiresAt: nowMs + PRE_AUTH_LIFETIME_MS, confirmations: new Map() };
  } else if (compareCents(pr.remainingAmount, '0') === 0 || mode === 'partial-payment') {
    pr.status = 'paid';
    pr.paidAt = nowMs;
    addActivity(
      state,
      pr,
      { type: 'paid', value: { amount: paidCents(pr), currency: pr.value.currency }, paidBy: paidByOf(state.store, pr), createdBy: principal.crn },
      nowMs,
    );
  }
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
  const hold = pr.preAuthHold;
  if (hold && hold.confirmations.size > 0) throw forbidden('PRE_AUTH_ALREADY_CONFIRMED');

  if (pr.status === 'new') {
    pr.voidActivity = cancelRequest(state, pr, 'CANCELLED_BY_MERCHANT', principal.crn, nowMs);
    return pr.voidActivity;
  }

  // Paid: refund everything still held; the status stays `paid` (§2.2 note).
  const refund = refundPayments(state, pr, refundableCents(pr), { createdBy: principal.crn, atMs: nowMs, checkAssets: true });
  if (!refund) throw forbidden('ALREADY_REFUNDED');
  if (hold) hold.status = 'released';
  pr.voidActivity = refund;
  return refund;
}

/** What a refund may still return, and from when its window runs (§3.9, §6.10). */
function refundable(pr: StoredPaymentRequest, confirmationKey: string | undefined): { cents: string; sinceMs: number } {
  const hold = pr.preAuthHold;
  if (confirmationKey !== undefined) {
    const confirmation = hold?.confirmations.get(confirmationKey);
    if (!confirmation) throw forbidden('CONFIRMATION_NOT_FOUND');
    return { cents: openCents(confirmation), sinceMs: confirmation.atMs };
  }
  if (pr.echoed.preAuth && pr.status === 'new') throw forbidden('PRE_AUTH_PENDING');
  if (pr.status !== 'paid') throw forbidden('NOT_PAID');
  const sinceMs = pr.paidAt ?? pr.createdAt;
  // Confirmed funds are refunded only by naming their confirmation; without one, what is still held.
  return { cents: hold ? heldCents(pr, hold) : refundableCents(pr), sinceMs };
}

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
  // The Farmlands guide's refund requirements: an invoice number and full line items with every refund of a Farmlands card.
  if (pr.payments.some((payment) => payment.assetType.startsWith(`${FARMLANDS_PROVIDER}.`))) {
    if (!body.invoiceRef?.trim()) throw badRequest('invoiceRef is required to refund a Farmlands payment');
    if (!body.lineItems || body.lineItems.length === 0) throw badRequest('lineItems are required to refund a Farmlands payment');
  }

  const previous = pr.refundsByExternalRef.get(body.externalRef);
  if (previous) {
    if (compareCents(previous.value.amount, amount) === 0) return previous;
    throw forbidden('REPEAT_REFERENCE');
  }
  const { cents, sinceMs } = refundable(pr, body.confirmationIdempotencyKey);
  if (state.clock.nowMs() > sinceMs + REFUND_WINDOW_MS) throw forbidden('REFUND_WINDOW_EXCEEDED');
  if (compareCents(cents, '0') === 0) throw forbidden('ALREADY_REFUNDED');
  if (compareCents(amount, cents) > 0) throw forbidden('INVALID_AMOUNT', `at most ${cents} can be refunded`);

  const refund = refundPayments(state, pr, amount, {
    createdBy: principal.crn,
    extra: {
      externalRef: body.externalRef,
      // Centrapay's refund example carries its request's invoiceRef when the refund names none.
      invoiceRef: body.invoiceRef ?? pr.echoed.invoiceRef,
      lineItems: body.lineItems,
      confirmationIdempotencyKey: body.confirmationIdempotencyKey,
    },
    checkAssets: true,
  });
  if (!refund) throw new Error('a positive refund always records an activity');
  const confirmation = body.confirmationIdempotencyKey === undefined ? undefined : pr.preAuthHold?.confirmations.get(body.confirmationIdempotencyKey);
  if (confirmation) confirmation.refunded = sumCents([confirmation.refunded, amount]);
  pr.refundsByExternalRef.set(body.externalRef, refund);
  return refund;
}

/**
 * The patron declines to pay (`CANCELLED_BY_PATRON`, §2.10). Centrapay's merchant docs list no
 * endpoint for it; the sandbox offers one to patron tokens only (the route answers 404 to anyone
 * else), so a merchant integration cannot come to depend on it.
 */
export function cancelAsPatron(state: SandboxState, principal: Principal, pr: StoredPaymentRequest): Activity {
  refuseUnlessNew(pr);
  return cancelRequest(state, pr, 'CANCELLED_BY_PATRON', principal.crn);
}
