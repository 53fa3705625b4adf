// How a Payment Request ends (§2.2): cancelled by someone, or by time (request expiry, patron-code
// expiry, pre-auth expiry). Time-driven endings are lazy: they are settled, dated when they were
// due, the moment anyone looks at the request.
import { subtractCents, sumCents } from '../../domain/money';
import { addActivity, openCents, refundableCents, refundPayments } from './ledger';
import type { SandboxState } from './state';
import { changed, type PreAuthHold, type StoredPaymentRequest } from './store';

/** Identity of what the sandbox does by itself: expiries and their refunds, and setting up the seeded configs. */
export const SYSTEM_CRN = 'crn::system:sandbox';

/** Conditions still waiting for someone can no longer be acted on once the request is over (§2.7). */
function voidPendingConditions(pr: StoredPaymentRequest): void {
  for (const condition of pr.conditions) {
    if (condition.status === 'awaiting-merchant' || condition.status === 'awaiting-patron') condition.status = 'void';
  }
}

/** `new` → `cancelled`: whatever was paid goes back first, so money is never stranded. */
export function cancelRequest(state: SandboxState, pr: StoredPaymentRequest, reason: string, createdBy: string, atMs = state.clock.nowMs()) {
  refundPayments(state, pr, refundableCents(pr), { createdBy, atMs });
  pr.status = 'cancelled';
  pr.cancellationReason = reason;
  voidPendingConditions(pr);
  return addActivity(state, pr, { type: 'cancellation', value: pr.value, cancellationReason: reason, createdBy }, atMs);
}

/** What an authorised pre-auth still holds: not confirmed, not released, not refunded. */
export function heldCents(pr: StoredPaymentRequest, hold: PreAuthHold): string {
  const confirmedOpen = sumCents([...hold.confirmations.values()].map(openCents));
  return subtractCents(refundableCents(pr), confirmedOpen);
}

/** Returns what a pre-auth still holds to the patron and closes it for confirmations. */
export function releaseHold(state: SandboxState, pr: StoredPaymentRequest, hold: PreAuthHold, createdBy: string, atMs = state.clock.nowMs()) {
  const release = refundPayments(state, pr, heldCents(pr, hold), { createdBy, atMs, type: 'release' });
  hold.status = 'released';
  return release;
}

function patronCodeExpiry(state: SandboxState, pr: StoredPaymentRequest): number | undefined {
  if (pr.patronCodeId === undefined) return undefined;
  for (const code of state.store.patronCodes.values()) if (code.id === pr.patronCodeId) return code.expiresAt;
  return undefined;
}

/**
 * Brings the request up to the sandbox clock. Every read and action calls it first, so it is also where the request is
 * marked for the state file: whatever the call then does to it is saved when the call ends.
 */
export function settle(state: SandboxState, pr: StoredPaymentRequest): void {
  changed(state.store, 'paymentRequests', pr.id);
  const nowMs = state.clock.nowMs();
  if (pr.status === 'new') {
    const codeExpiresAt = patronCodeExpiry(state, pr);
    if (codeExpiresAt !== undefined && codeExpiresAt < pr.expiresAt && nowMs >= codeExpiresAt) {
      cancelRequest(state, pr, 'PATRON_CODE_EXPIRED', SYSTEM_CRN, codeExpiresAt);
    } else if (nowMs >= pr.expiresAt) {
      refundPayments(state, pr, refundableCents(pr), { createdBy: SYSTEM_CRN, atMs: pr.expiresAt });
      pr.status = 'expired';
      voidPendingConditions(pr);
      addActivity(state, pr, { type: 'expiry', value: pr.value, createdBy: SYSTEM_CRN }, pr.expiresAt);
    }
  }
  const hold = pr.preAuthHold;
  // Unconfirmed authorisations lapse after `preAuthExpiresAt` and the rest is released (§6.10).
  if (hold?.status === 'authorized' && nowMs >= hold.expiresAt) releaseHold(state, pr, hold, SYSTEM_CRN, hold.expiresAt);
}
