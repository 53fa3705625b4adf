// Activities and the movement of money back to payers. Every refund goes through here, so the
// books stay balanced: what a payment took is returned at most once, to where it came from.
import { compareCents, subtractCents, sumCents } from '../../domain/money';
import { newActivityId } from './ids';
import type { SandboxState } from './state';
import type { Activity, RefundLeg, StoredPaymentRequest } from './store';
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
>;

export function addActivity(pr: StoredPaymentRequest, fields: NewActivity, atMs: number): Activity {
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
    ...rest,
  });
  pr.activities.push(activity);
  pr.updatedAt = Math.max(pr.updatedAt, atMs);
  return activity;
}

export function lastActivityOfType(pr: StoredPaymentRequest, type: string): Activity | undefined {
  return pr.activities.findLast((activity) => activity.type === type);
}

/** What has been paid toward the request and not yet given back. */
export function refundableCents(pr: StoredPaymentRequest): string {
  return sumCents(pr.payments.map((payment) => subtractCents(payment.amount, payment.refunded)));
}

export function paidCents(pr: StoredPaymentRequest): string {
  return sumCents(pr.payments.map((payment) => payment.amount));
}

/**
 * Returns `amount` to the payers, newest payment first (the split is unspecified by Centrapay),
 * and records one `refund` activity whose `strategy` lists each leg. Managed wallets are
 * credited; external tenders and third-party (Uplink) assets are settled outside the sandbox.
 * Callers check that `amount` is within `refundableCents`. Returns undefined when nothing is owed.
 */
export function refundPayments(
  state: SandboxState,
  pr: StoredPaymentRequest,
  amount: string,
  createdBy: string,
  extra: Pick<Activity, 'externalRef' | 'invoiceRef' | 'lineItems'>,
  atMs: number = state.clock.nowMs(),
): Activity | undefined {
  if (compareCents(amount, '0') <= 0) return undefined;
  let left = BigInt(amount);
  const legs: RefundLeg[] = [];
  for (const payment of [...pr.payments].reverse()) {
    if (left === 0n) break;
    const open = BigInt(payment.amount) - BigInt(payment.refunded);
    const take = open < left ? open : left;
    if (take <= 0n) continue;
    payment.refunded = (BigInt(payment.refunded) + take).toString();
    left -= take;
    const asset = payment.assetId === undefined ? undefined : state.store.assets.get(payment.assetId);
    if (asset) asset.balance = (BigInt(asset.balance) + take).toString();
    legs.push(compact({ assetId: payment.assetId, assetType: payment.assetType, completedPaymentId: payment.activityId, amount: take.toString() }));
  }
  if (left !== 0n) throw new Error(`refund of ${amount} exceeds what was paid toward ${pr.id}`);
  const assetTypes = new Set(legs.map((leg) => leg.assetType));
  return addActivity(
    pr,
    {
      type: 'refund',
      value: { amount, currency: pr.value.currency },
      assetType: assetTypes.size === 1 ? legs[0]?.assetType : undefined,
      createdBy,
      ...extra,
      strategy: { refunds: legs },
    },
    atMs,
  );
}
