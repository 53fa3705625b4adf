// Quick Pay (§6.4): a request created with the barcode of a Quick Pay card or voucher is paid by Centrapay itself on
// the merchant's first poll, without the patron approving. It pays through the same `pay` as everyone else; when that
// refuses, the request is cancelled with the closest documented reason (§2.10).
import type { PayBody } from '../../domain/centrapay';
import { compareCents } from '../../domain/money';
import type { Principal } from './auth';
import { hasOpenConditions } from './conditions';
import { SandboxError } from './errors';
import { cancelRequest, SYSTEM_CRN } from './lifecycle';
import { findQuickPayCard } from './patron-codes';
import { payPaymentRequest } from './payments';
import type { SandboxState } from './state';
import type { Asset, StoredPaymentRequest } from './store';

/** The pay refusal → the request's `cancellationReason`. §2.10 has no "insufficient funds": an overdrawn asset is PAYMENT_DECLINED. */
const CANCELLATION_REASONS: Record<string, string> = {
  INACTIVE_ASSET: 'INACTIVE_ASSET',
  INSUFFICIENT_ASSET_VALUE: 'PAYMENT_DECLINED',
  INVALID_ASSET_TYPE: 'NO_AVAILABLE_PAYMENT_OPTIONS',
};

/**
 * Everything it holds, up to what is left to pay. Less than that is a partial payment, and only where the merchant
 * allows one; otherwise it asks for the whole remainder and is refused for insufficient funds.
 */
function quickPayBody(pr: StoredPaymentRequest, asset: Asset): PayBody {
  const body = { assetType: asset.type, assetId: asset.id, idempotencyKey: `quick-pay-${pr.id}` };
  const short = compareCents(asset.balance, pr.remainingAmount) < 0 && compareCents(asset.balance, '0') > 0;
  return pr.echoed.partialAllowed && short ? { ...body, mode: 'partial-payment', amount: asset.balance } : body;
}

/** Called on the merchant's read of the request; does nothing unless a Quick Pay barcode is waiting to pay. */
export function quickPayOnPoll(state: SandboxState, pr: StoredPaymentRequest): void {
  const barcode = pr.echoed.barcode;
  // Conditions come first (§6.9): the operator accepts them, and the next poll pays.
  if (pr.status !== 'new' || barcode === undefined || hasOpenConditions(pr)) return;
  const card = findQuickPayCard(state.store, barcode);
  if (!card) return;
  // Centrapay pays on the cardholder's behalf: the card's account, recorded as the sandbox's own doing.
  const cardholder: Principal = { kind: 'user', credential: `quick-pay:${card.asset.id}`, accountId: card.asset.accountId, role: 'patron', crn: SYSTEM_CRN };
  try {
    payPaymentRequest(state, cardholder, pr, quickPayBody(pr, card.asset));
  } catch (error) {
    if (!(error instanceof SandboxError)) throw error;
    cancelRequest(state, pr, CANCELLATION_REASONS[error.message] ?? 'PAYMENT_FAILED', SYSTEM_CRN);
  }
}
