// Payment conditions (§2.7, §3.14, §6.9): approvals a request needs before it can be paid.
import type { LineItem, PaymentOption } from '../../domain/centrapay';
import { ASSET_TYPE } from '../../domain/sandbox-seeds';
import type { Principal } from './auth';
import { forbidden } from './errors';
import { addActivity } from './ledger';
import { cancelRequest } from './lifecycle';
import type { SandboxState } from './state';
import type { Activity, Condition, PatronCode, StoredPaymentRequest } from './store';

/** The documented patron-code test scenario that forces a photo-ID check (§6.3). */
export const PHOTO_ID_SCENARIO = 'force-condition-check-photo-id';

const PHOTO_ID = { name: 'photo-id-check', message: 'Please check ID' };
// With the patron not present nobody can look at their ID (§6.8), so the sandbox asks the
// patron to confirm in their app instead: its one `awaiting-patron` condition.
const PATRON_AGE = { name: 'patron-age-confirmation', message: 'The customer confirms in their app that they are 18 or over' };

export function raiseConditions(input: {
  lineItems: readonly LineItem[] | undefined;
  patronNotPresent: boolean | undefined;
  patronCode: PatronCode | undefined;
  liveness: 'main' | 'test';
  paymentOptions: readonly PaymentOption[];
}): Condition[] {
  const raised: Array<{ name: string; message: string; status: Condition['status'] }> = [];
  const restricted = (input.lineItems ?? []).some((item) => item.restricted === true);
  const forcedPhotoId =
    input.patronCode?.testScenarioName === PHOTO_ID_SCENARIO &&
    input.liveness === 'test' &&
    input.paymentOptions.some((option) => option.assetType === ASSET_TYPE.nzdTest);
  if (restricted && input.patronNotPresent) raised.push({ ...PATRON_AGE, status: 'awaiting-patron' });
  else if (restricted || forcedPhotoId) raised.push({ ...PHOTO_ID, status: 'awaiting-merchant' });
  return raised.map((condition, index) => ({ id: String(index + 1), ...condition }));
}

export function hasOpenConditions(pr: StoredPaymentRequest): boolean {
  return pr.conditions.some((condition) => condition.status === 'awaiting-merchant' || condition.status === 'awaiting-patron');
}

/** Accept or decline (§3.14). Declining cancels the request, refunding anything paid. */
export function decideCondition(
  state: SandboxState,
  principal: Principal,
  pr: StoredPaymentRequest,
  conditionId: string,
  decision: 'accept' | 'decline',
): Activity {
  const condition = pr.conditions.find((candidate) => candidate.id === conditionId);
  if (!condition) throw forbidden();
  const isPatron = principal.kind === 'user';
  const isMerchant = principal.kind === 'api-key' && principal.accountId === pr.merchantAccountId;
  if (!isPatron && !isMerchant) throw forbidden();
  if (condition.status !== 'awaiting-merchant' && condition.status !== 'awaiting-patron') throw forbidden('CONDITION_ALREADY_SET');
  if (condition.status === 'awaiting-merchant' && isPatron) throw forbidden('PATRON_NOT_AUTHORIZED');
  if (condition.status === 'awaiting-patron' && isMerchant) throw forbidden('MERCHANT_NOT_AUTHORIZED');

  const nowMs = state.clock.nowMs();
  condition.status = decision === 'accept' ? 'accepted' : 'declined';
  const activity = addActivity(
    state,
    pr,
    { type: `${decision}-condition`, value: pr.value, conditionId: Number(condition.id), createdBy: principal.crn },
    nowMs,
  );
  if (decision === 'decline') cancelRequest(state, pr, isPatron ? 'DECLINED_BY_PATRON' : 'DECLINED_BY_MERCHANT', principal.crn, nowMs);
  return activity;
}
