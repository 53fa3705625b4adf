// Activities and the movement of money back to payers. Every refund and release goes through
// here, so the books stay balanced: what a payment took is returned at most once, to where it came from.
import type { PaymentNotificationType } from '../../domain/centrapay';
import { compareCents, subtractCents, sumCents } from '../../domain/money';
import { forbidden } from './errors';
import { newActivityId } from './ids';
import type { SandboxState } from './state';
import { changed, type Activity, type PaymentRecord, type RefundLeg, type StoredPaymentRequest } from './store';
import { compact, toIso } from './wire';

type NewActivity = Omit<
  Activity,
  | 'id'
  | 'activityNumber'
  | 'paymentRequestId'
  | 'shortCode'
  | 'merchantId'
  | 'merchantName'
  | 'merchantAccountId'
  | 'merchantConfigId'
  | 'createdAt'
  | 'paymentRequestCreatedBy'
  | 'preAuth'
>;

/** Webhooks each activity type fires (§7.2); a refund completes a moment after it starts (§3.9). */
const NOTIFICATIONS: Record<string, Array<{ type: PaymentNotificationType; later?: boolean }>> = {
  paid: [{ type: 'payment-request:paid' }],
  // A pre-auth becomes `paid` with an authorization, not with a `paid` activity (§2.2).
  authorization: [{ type: 'payment-request:paid' }],
  refund: [{ type: 'payment-request:refund-initiated' }, { type: 'payment-request:refund-completed', later: true }],
};

export function addActivity(state: SandboxState, pr: StoredPaymentRequest, fields: NewActivity, atMs: number): Activity {
  const activityNumber = String(pr.activities.length + 1);
  const { type, ...rest } = fields;
  const activity: Activity = compact({
    id: newActivityId(),
    type,
    activityNumber,
    paymentRequestId: pr.id,
    // Suffix rule (unspecified by Centrapay): the activity number, at least two digits.
    shortCode: `${pr.shortCode}-${activityNumber.padStart(2, '0')}`,
    merchantId: pr.merchantId,
    merchantName: pr.merchantName,
    merchantAccountId: pr.merchantAccountId,
    merchantConfigId: pr.configId,
    createdAt: toIso(atMs),
    paymentRequestCreatedBy: pr.createdBy,
    preAuth: pr.echoed.preAuth ? true : undefined,
    ...rest,
  });
  pr.activities.push(activity);
  pr.updatedAt = Math.max(pr.updatedAt, atMs);
  const to = { accountId: pr.merchantAccountId, test: pr.liveness === 'test' };
  for (const { type: notification, later } of NOTIFICATIONS[type] ?? []) {
    state.webhooks.notify(notification, activity, to, later ? state.webhooks.refundCompletionMs : 0);
  }
  return activity;
}

export function lastActivityOfType(pr: StoredPaymentRequest, type: string): Activity | undefined {
  return pr.activities.findLast((activity) => activity.type === type);
}

export function openCents(record: { amount: string; refunded: string }): string {
  return subtractCents(record.amount, record.refunded);
}

/** What has been paid toward the request and not yet given back. */
export function refundableCents(pr: StoredPaymentRequest): string {
  return sumCents(pr.payments.map(openCents));
}

export function paidCents(pr: StoredPaymentRequest): string {
  return sumCents(pr.payments.map((payment) => payment.amount));
}

export interface RefundOptions {
  createdBy: string;
  atMs?: number;
  /** `release` returns a pre-auth's unconfirmed funds; the movement is the same. */
  type?: 'refund' | 'release';
  extra?: Pick<Activity, 'externalRef' | 'invoiceRef' | 'lineItems' | 'confirmationIdempotencyKey'>;
  /**
   * Refuse (403) what the paying assets cannot take back. Off for the sandbox's own refunds
   * (expiry), which must never strand money on a dead request.
   */
  checkAssets?: boolean;
}

function checkLeg(state: SandboxState, payment: PaymentRecord, take: bigint): void {
  const refunds = state.store.assetTypes.get(payment.assetType)?.refunds;
  if (refunds === 'none') throw forbidden('REFUND_NOT_SUPPORTED');
  if (refunds === 'full-only' && (payment.refunded !== '0' || take !== BigInt(payment.amount))) {
    throw forbidden('PARTIAL_REFUNDS_NOT_ALLOWED');
  }
  const asset = payment.assetId === undefined ? undefined : state.store.assets.get(payment.assetId);
  if (asset && !asset.active) throw forbidden('INACTIVE_ASSET', 'the asset that paid cannot receive the refund');
}

/**
 * Returns `amount` to the payers, newest payment first (the split is unspecified by Centrapay),
 * and records one activity whose `strategy` lists each leg. Managed wallets are credited;
 * external tenders and third-party (Uplink) assets are settled outside the sandbox.
 * Callers check that `amount` is within what may be returned. Returns undefined when nothing is owed.
 */
export function refundPayments(state: SandboxState, pr: StoredPaymentRequest, amount: string, options: RefundOptions): Activity | undefined {
  if (compareCents(amount, '0') <= 0) return undefined;
  let left = BigInt(amount);
  const plan: Array<{ payment: PaymentRecord; take: bigint }> = [];
  for (const payment of [...pr.payments].reverse()) {
    if (left === 0n) break;
    const open = BigInt(openCents(payment));
    const take = open < left ? open : left;
    if (take <= 0n) continue;
    plan.push({ payment, take });
    left -= take;
  }
  if (left !== 0n) throw new Error(`refund of ${amount} exceeds what was paid toward ${pr.id}`);
  // Check every leg before moving anything, so a refused refund changes nothing.
  if (options.checkAssets) for (const { payment, take } of plan) checkLeg(state, payment, take);

  const legs: RefundLeg[] = plan.map(({ payment, take }) => {
    payment.refunded = (BigInt(payment.refunded) + take).toString();
    const asset = payment.assetId === undefined ? undefined : state.store.assets.get(payment.assetId);
    if (asset) {
      asset.balance = (BigInt(asset.balance) + take).toString();
      changed(state.store, 'assets', asset.id);
    }
    return compact({ assetId: payment.assetId, assetType: payment.assetType, completedPaymentId: payment.activityId, amount: take.toString() });
  });
  const assetTypes = new Set(legs.map((leg) => leg.assetType));
  return addActivity(
    state,
    pr,
    {
      type: options.type ?? 'refund',
      value: { amount, currency: pr.value.currency },
      assetType: assetTypes.size === 1 ? legs[0]?.assetType : undefined,
      createdBy: options.createdBy,
      ...options.extra,
      strategy: { refunds: legs },
    },
    options.atMs ?? state.clock.nowMs(),
  );
}
