// What a hold needs from Centrapay, read off its state, and how each is run: its request created (looked up by its
// `externalRef` before anything is sent again), followed until the patron authorises it, and each confirmation,
// release, void or refund sent again and again, always the same (a confirmation under its idempotency key, a
// refund under its reference), until Centrapay answers (§3.13's retry rule); a refund then read until it is done.
import type { LineItem, PaymentActivity, PaymentRequestRedirects } from '../../../domain/centrapay';
import { refundLineItems, shareLines } from '../../../domain/line-share';
import { sumCents } from '../../../domain/money';
import type { CentrapayClient } from '../centrapay/client';
import { holdStatusOf, type HoldConfirmation, type HoldReturn } from '../../../domain/pre-auth';
import type { Effect, EffectRun } from '../engine/engine';
import type { Loop } from '../engine/runner';
import { awaitRefund, createOrAdopt, findRefund, MAYBE_OUR_REFUND, readUntil, untilAnswered } from '../engine/steps';
import type { HoldObservation } from './events';
import type { HoldState } from './state';

/** Where a hold is used: a lane (tab) or a machine (pump), with the ids Centrapay's requests carry. */
export interface HoldOwner {
  id: string;
  terminalId: string;
  deviceId: string;
  configId: string;
  /** Where Centrapay sends the patron back after authorising or cancelling (a pump's page; a lane has none). */
  returnTo?: (holdId: string) => PaymentRequestRedirects | undefined;
}

export type HoldEffect = Effect & (
  | { type: 'create'; hold: HoldState }
  | { type: 'follow'; paymentRequestId: string }
  | { type: 'confirm'; paymentRequestId: string; currency: string; confirmation: HoldConfirmation }
  | { type: 'return'; paymentRequestId: string; currency: string; item: HoldReturn; invoiceRef: string; lineItems: LineItem[] }
  | { type: 'awaitRefund'; paymentRequestId: string; item: HoldReturn }
);

export function holdEffects(hold: HoldState | null): HoldEffect[] {
  if (!hold) return [];
  if (hold.status === 'opening') return [{ key: 'create', type: 'create', hold }];
  const paymentRequestId = hold.paymentRequestId;
  if (!paymentRequestId) return [];
  const effects: HoldEffect[] = [];
  if (hold.status === 'pending') effects.push({ key: 'follow', type: 'follow', paymentRequestId });
  for (const confirmation of hold.confirmations) {
    if (confirmation.status === 'sending') effects.push({ key: `confirm:${confirmation.key}`, type: 'confirm', paymentRequestId, currency: hold.currency, confirmation });
  }
  for (const item of hold.returns) {
    if (item.status === 'sending') effects.push({ key: `return:${item.id}`, type: 'return', paymentRequestId, currency: hold.currency, item, ...refundPapers(hold, item) });
    else if (item.kind === 'refund' && item.status === 'done') effects.push({ key: `await:${item.id}`, type: 'awaitRefund', paymentRequestId, item });
  }
  return effects;
}

/**
 * What a refund of the hold carries (the Farmlands guide: an invoice and line items with every refund): the invoice of
 * the confirmation it returns (of the authorisation: the hold's reference), and the lines it returns, taken after
 * those earlier refunds of the same took.
 */
function refundPapers(hold: HoldState, item: HoldReturn): { invoiceRef: string; lineItems: LineItem[] } {
  const confirmation = hold.confirmations.find((candidate) => candidate.key === item.confirmationKey);
  const lines = confirmation?.lineItems ?? hold.lineItems;
  const before = hold.returns.slice(0, hold.returns.indexOf(item))
    .filter((row) => row.kind === 'refund' && row.confirmationKey === item.confirmationKey && row.status !== 'refused');
  const taken = BigInt(sumCents(before.map((row) => row.amount ?? '0')));
  const amount = item.amount ?? '0';
  const share = shareLines(lines, [taken, BigInt(amount)])[1];
  return { invoiceRef: confirmation?.invoiceRef ?? hold.externalRef, lineItems: refundLineItems(share, amount, `Refund of ${confirmation ? `invoice ${confirmation.invoiceRef}` : hold.label ?? hold.externalRef}`) };
}

export interface HoldRunnerDeps {
  client: CentrapayClient;
  owners: (id: string) => HoldOwner | undefined;
  merchantAccountId: string;
  /** How long the patron has to authorise (the request's `expirySeconds`). */
  expirySeconds: number;
  /** A create whose outcome is still unknown this long after the hold was opened is given up (once Centrapay says it has none). */
  unknownAfterMs: number;
  warn: (detail: object, message: string) => void;
}

type Run = EffectRun<HoldObservation>;

export async function runHoldEffect(effect: HoldEffect, run: Run, deps: HoldRunnerDeps): Promise<void> {
  const { client } = deps;
  const { loop } = run;
  switch (effect.type) {
    case 'create':
      return create(effect.hold, run, deps);
    case 'follow': {
      const request = await readUntil(loop, client, effect.paymentRequestId, (read) => holdStatusOf(read, false) !== 'pending');
      if (request) await run.settle({ type: 'polled', paymentRequest: request });
      return;
    }
    case 'confirm': {
      const { confirmation: round } = effect;
      // Exactly what was sent the first time: a resend under the same key with other content would be refused.
      const body = { idempotencyKey: round.key, invoiceRef: round.invoiceRef, lineItems: round.lineItems, value: { amount: round.amount, currency: effect.currency } };
      const answer = await untilAnswered(loop, (signal) => client.confirmPreAuth(effect.paymentRequestId, body, signal));
      if (answer) await run.settle('ok' in answer ? { type: 'confirmed', key: round.key, activityId: answer.ok.id ?? null } : { type: 'confirmRefused', key: round.key, code: answer.refused });
      return;
    }
    case 'return':
      return effect.item.kind === 'refund' ? refund(effect, run, client) : giveBack(effect, run, client);
    case 'awaitRefund': {
      const seen = await awaitRefund(loop, client, effect.paymentRequestId, effect.item.id);
      if (seen) await run.settle({ type: 'refundCompleted', id: effect.item.id, status: seen.status === 'completed' ? 'completed' : 'refused' });
    }
  }
}

/** Creates the hold's request (`preAuth: true`), or adopts the one a lost answer made. */
async function create(hold: HoldState, run: Run, deps: HoldRunnerDeps): Promise<void> {
  const owner = deps.owners(hold.owner);
  if (!owner) return deps.warn({ hold: hold.id, owner: hold.owner }, 'a hold being opened belongs to a lane or machine no longer configured; it is left as it is');
  if (hold.lineItems.length === 0) return deps.warn({ hold: hold.id }, 'the line items of a hold in the journal could not be read; nothing is sent');
  const outcome = await createOrAdopt(run.loop, deps.client, {
    ref: hold.externalRef,
    body: {
      configId: owner.configId,
      value: { amount: hold.amount, currency: hold.currency },
      lineItems: hold.lineItems,
      externalRef: hold.externalRef,
      terminalId: owner.terminalId,
      deviceId: owner.deviceId,
      operatorId: hold.openedBy.replace(/^cashier:/, ''),
      expirySeconds: deps.expirySeconds,
      preAuth: true,
    },
    merchantAccountId: deps.merchantAccountId,
    lookupFirst: run.resumed,
    since: Date.parse(hold.createdAt),
    unknownAfterMs: deps.unknownAfterMs,
    // Past the deadline nothing more is created, but a request a lost answer made is never left untracked.
    giveUp: 'answered',
    redirects: owner.returnTo?.(hold.id),
    warn: deps.warn,
  });
  if (!outcome) return;
  if ('gaveUp' in outcome) await run.settle({ type: 'createGaveUp', afterMs: deps.unknownAfterMs });
  else if ('refused' in outcome) await run.settle({ type: 'createRefused', code: outcome.refused });
  else await run.settle({ type: 'created', paymentRequest: outcome.created });
}

/** A release of what is left, or a void of the whole hold. */
async function giveBack(effect: Extract<HoldEffect, { type: 'return' }>, run: Run, client: CentrapayClient): Promise<void> {
  const { item, paymentRequestId } = effect;
  const answer = await untilAnswered(run.loop, (signal) => item.kind === 'void' ? client.voidPaymentRequest(paymentRequestId, signal) : client.releasePreAuth(paymentRequestId, signal));
  if (!answer) return;
  if ('ok' in answer) return void (await run.settle({ type: 'returned', id: item.id, activity: answer.ok }));
  if (item.kind === 'release' && answer.refused === 'PRE_AUTH_RELEASED') {
    // Our own release whose answer was lost, or Centrapay's lapse: the request's activities tell.
    const by = await releasedBy(run.loop, client, paymentRequestId);
    if (by === 'lapse') await run.settle({ type: 'returnRefused', id: item.id, code: answer.refused, lapsed: true });
    else if (by) await run.settle({ type: 'returned', id: item.id, activity: by, found: true });
    return;
  }
  await run.settle({ type: 'returnRefused', id: item.id, code: answer.refused });
}

/** A refund of a confirmation (by its key) or of the authorisation, under its own reference. */
async function refund(effect: Extract<HoldEffect, { type: 'return' }>, run: Run, client: CentrapayClient): Promise<void> {
  const { item, paymentRequestId } = effect;
  const answer = await untilAnswered(run.loop, (signal) => client.refundPaymentRequest(paymentRequestId, {
    value: { amount: item.amount!, currency: effect.currency },
    externalRef: item.id,
    ...(item.confirmationKey ? { confirmationIdempotencyKey: item.confirmationKey } : {}),
    invoiceRef: effect.invoiceRef,
    lineItems: effect.lineItems,
  }, signal));
  if (!answer) return;
  const ours = 'refused' in answer && MAYBE_OUR_REFUND.has(answer.refused) ? await findRefund(run.loop, client, paymentRequestId, item.id) : null;
  await run.settle('ok' in answer || ours ? { type: 'refundAccepted', id: item.id } : { type: 'returnRefused', id: item.id, code: answer.refused });
}

/** Whose release the request shows: ours (before `preAuthExpiresAt`: its activity, with what went back), or Centrapay's lapse. */
async function releasedBy(loop: Loop, client: CentrapayClient, paymentRequestId: string): Promise<PaymentActivity | 'lapse' | null> {
  const request = await untilAnswered(loop, (signal) => client.getPaymentRequest(paymentRequestId, { cued: true, signal }));
  if (!request || !('ok' in request)) return null;
  const expiresAt = request.ok.preAuthExpiresAt ? Date.parse(request.ok.preAuthExpiresAt) : Number.POSITIVE_INFINITY;
  const activities = await untilAnswered(loop, (signal) => client.listPaymentRequestActivities(paymentRequestId, { cued: true, signal }));
  if (!activities || !('ok' in activities)) return null;
  return activities.ok.find((activity) => activity.type === 'release' && Date.parse(activity.createdAt) < expiresAt) ?? 'lapse';
}
