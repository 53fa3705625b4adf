// Pre-auth draw-downs and releases (§3.12, §3.13, §6.10). The authorisation itself is a pay call
// (payments.ts); refunds of confirmations go through refund with `confirmationIdempotencyKey`.
import { confirmBodySchema } from '../../domain/centrapay';
import { compareCents, sumCents } from '../../domain/money';
import { requireOwnAccount, type Principal } from './auth';
import { badRequest, forbidden } from './errors';
import { addActivity } from './ledger';
import { cancelRequest, heldCents, releaseHold } from './lifecycle';
import type { SandboxState } from './state';
import type { Activity, PreAuthHold, StoredPaymentRequest } from './store';
import { parseWith, requireValueCents, requireWholeCents } from './validation';
import { fingerprint, toIso } from './wire';

function requirePreAuth(pr: StoredPaymentRequest): void {
  if (!pr.echoed.preAuth) throw forbidden('INVALID_PAYMENT_REQUEST_TYPE');
}

/** The authorised hold, or the refusal for a pre-auth that has none (any more). */
function authorisedHold(pr: StoredPaymentRequest): PreAuthHold {
  if (pr.status === 'cancelled') throw forbidden('REQUEST_CANCELLED');
  if (pr.status === 'expired') throw forbidden('REQUEST_EXPIRED');
  const hold = pr.preAuthHold;
  if (!hold) throw forbidden('PRE_AUTH_PENDING');
  if (hold.status === 'released') throw forbidden('PRE_AUTH_RELEASED');
  return hold;
}

export function confirmPreAuth(state: SandboxState, principal: Principal, pr: StoredPaymentRequest, rawBody: unknown): Activity {
  requireOwnAccount(principal, pr.merchantAccountId);
  const body = parseWith(confirmBodySchema, rawBody);
  body.lineItems.forEach((item, index) => requireWholeCents(item.price, `lineItems.${index}.price`));
  const itemsTotal = sumCents(body.lineItems.map((item) => item.price));
  const value = body.value ?? { amount: itemsTotal, currency: pr.value.currency };
  requireValueCents(value.amount, 'value.amount');
  if (value.currency !== pr.value.currency) throw badRequest(`value.currency must be ${pr.value.currency}`);
  if (compareCents(itemsTotal, value.amount) !== 0) throw badRequest('LINE_ITEMS_SUM_CHECK_FAILED');
  requirePreAuth(pr);

  // A retry with the same key answers the first confirmation, even once the hold is released.
  const print = fingerprint(principal.accountId, body);
  const previous = pr.preAuthHold?.confirmations.get(body.idempotencyKey);
  if (previous) {
    if (previous.fingerprint === print) return previous.activity;
    throw forbidden('IDEMPOTENT_OPERATION_FAILED');
  }

  const hold = authorisedHold(pr);
  const held = heldCents(pr, hold);
  if (compareCents(value.amount, held) > 0) throw forbidden('INVALID_AMOUNT', `at most ${held} is still authorised`);

  const nowMs = state.clock.nowMs();
  const activity = addActivity(
    state,
    pr,
    {
      type: 'confirmation',
      value,
      idempotencyKey: body.idempotencyKey,
      invoiceRef: body.invoiceRef,
      lineItems: body.lineItems,
      createdBy: principal.crn,
      createdByAccountId: principal.accountId,
      createdByAccountName: state.store.accounts.get(principal.accountId)?.name,
      updatedAt: toIso(nowMs),
    },
    nowMs,
  );
  hold.confirmations.set(body.idempotencyKey, { fingerprint: print, activity, amount: value.amount, refunded: '0', atMs: nowMs });
  return activity;
}

export function releasePreAuth(state: SandboxState, principal: Principal, pr: StoredPaymentRequest): Activity {
  requireOwnAccount(principal, pr.merchantAccountId);
  requirePreAuth(pr);
  // Never authorised: releasing it means the sale is off (§3.12).
  if (pr.status === 'new') return cancelRequest(state, pr, 'CANCELLED_BY_MERCHANT', principal.crn);
  const hold = authorisedHold(pr);
  if (compareCents(heldCents(pr, hold), '0') === 0) throw forbidden('INVALID_AMOUNT', 'no unconfirmed funds are left to release');
  const release = releaseHold(state, pr, hold, principal.crn);
  if (!release) throw new Error('a positive release always records an activity');
  return release;
}
