// How each of a lane's effects (effects.ts) is run, on the one runner framework and its steps (engine/steps.ts): it
// calls Centrapay, retries what is safe to retry, and reports what it saw as an observation; it decides nothing
// about the lane.
import type { PaymentRequest } from '../../../domain/centrapay';
import type { CentrapayClient } from '../centrapay/client';
import type { EffectRun } from '../engine/engine';
import { codeOf, createOrAdopt, isRefusal, untilAnswered } from '../engine/steps';
import type { SaleEffect } from './effects';
import type { LaneObservation } from './events';
import { readUrgency } from './poll-policy';
import { matchesOrder } from './state';

export interface SaleRunnerDeps {
  client: CentrapayClient;
  merchantAccountId: string;
  merchantId: string;
  /** The pause before the next routine read of a live request: one second, or longer when many share the budget. */
  pollDelayMs: (request: { expiresAt?: string }) => number;
  unknownAfterMs: number;
  /** How often an order whose create may have gone unseen is looked up by its `externalRef`. */
  lookupIntervalMs: number;
}

type Run = EffectRun<LaneObservation>;

export function runSaleEffect(effect: SaleEffect, run: Run, deps: SaleRunnerDeps): Promise<unknown> {
  switch (effect.type) {
    case 'create':
      return create(effect, run, deps);
    case 'poll':
      return poll(effect, run, deps);
    case 'void':
      return voidRequest(effect.id, run, deps);
    case 'tender':
      return tender(effect, run, deps);
    case 'refund':
      return refund(effect, run, deps);
    case 'createConnection':
      return createConnection(effect, run, deps);
    case 'pollConnection':
      return pollConnection(effect, run, deps);
    case 'lookup':
      return lookup(effect.ref, run, deps);
    case 'decide':
      return decide(effect, run, deps);
  }
}

/** Create is not idempotent: after a lost answer (or a restart) the order is looked up before anything is sent again. */
async function create(effect: Extract<SaleEffect, { type: 'create' }>, run: Run, deps: SaleRunnerDeps): Promise<void> {
  const { ref, body, order } = effect;
  const outcome = await createOrAdopt(run.loop, deps.client, {
    ref: ref,
    body,
    merchantAccountId: deps.merchantAccountId,
    matches: (request) => matchesOrder(request, order.match, order.due ?? order.total),
    lookupFirst: run.resumed,
    // From when Pay was pressed (or the wallet linked): a restart does not start the clock again.
    since: Date.parse(effect.since),
    unknownAfterMs: deps.unknownAfterMs,
    // The lane keeps watching the order's reference in the background (a loose end) after it gives up.
    giveUp: 'always',
    failing: () => run.report({ type: 'createSlow', ref, notice: 'Checking with Centrapay…' }),
  });
  if (!outcome) return;
  if ('gaveUp' in outcome) await run.settle({ type: 'createGaveUp', ref });
  else if ('refused' in outcome) await run.settle({ type: 'createRejected', ref, code: outcome.refused, sends: outcome.sends });
  else await run.settle({ type: 'created', ref, paymentRequest: outcome.created, sends: outcome.sends });
}

async function poll(effect: Extract<SaleEffect, { type: 'poll' }>, run: Run, deps: SaleRunnerDeps): Promise<void> {
  const { loop } = run;
  const { id } = effect;
  // A fresh request: the lane holds what the create saw, so the first read is one interval later. Resumed (taken over
  // from a chain's lost instance, or after a restart), what the lane holds may be seconds old and a webhook's cue may
  // have reached nobody meanwhile: the first read is at once, as a cue's.
  let delay = run.resumed ? 0 : deps.pollDelayMs(effect);
  let first = run.resumed;
  while (!loop.stopped) {
    const cued = (await loop.sleep(delay)) || first;
    first = false;
    if (loop.stopped) return;
    delay = deps.pollDelayMs(effect);
    try {
      loop.attempt();
      const paymentRequest = await deps.client.getPaymentRequest(id, { signal: loop.signal, cued, urgency: readUrgency(Date.now(), effect) });
      loop.succeeded();
      // Not recorded (journal busy)? The next poll sees the same and reports it again.
      await run.report({ type: 'polled', paymentRequest });
    } catch (error) {
      if (loop.stopped) return;
      const failingSince = loop.failed();
      await run.report({ type: 'pollFailed', id, rejected: isRefusal(error), code: codeOf(error), failingSince });
      delay = Math.max(delay, loop.backoff(error));
    }
  }
}

async function voidRequest(id: string, run: Run, deps: SaleRunnerDeps): Promise<void> {
  const answer = await untilAnswered(run.loop, (signal) => deps.client.voidPaymentRequest(id, signal),
    (failingSince) => run.report({ type: 'voidFailed', id, failingSince }));
  if (!answer) return;
  await run.settle('ok' in answer ? { type: 'voided', id, refunded: answer.ok.type === 'refund' } : { type: 'voidRejected', id, code: answer.refused });
}

/** An external payment of a fixed amount under a fixed idempotency key: sent again until Centrapay answers. */
async function tender(effect: Extract<SaleEffect, { type: 'tender' }>, run: Run, deps: SaleRunnerDeps): Promise<void> {
  // The step's key: what the transition matches the answer to.
  const { id, idempotencyKey: key } = effect;
  const answer = await untilAnswered(run.loop, (signal) => deps.client.payPaymentRequest(id, {
    assetType: effect.assetType,
    mode: 'multi-asset-payment',
    amount: effect.amount,
    externalPaymentRef: `${effect.ref}-${effect.method}`,
    idempotencyKey: key,
  }, signal), () => run.report({ type: 'tenderFailed', id, key }));
  if (!answer) return;
  await run.settle('ok' in answer ? { type: 'tendered', id, key } : { type: 'tenderRejected', id, key, code: answer.refused });
}

async function refund(effect: Extract<SaleEffect, { type: 'refund' }>, run: Run, deps: SaleRunnerDeps): Promise<void> {
  const { id } = effect;
  // One refund per part however often it is sent: Centrapay dedupes on externalRef.
  const answer = await untilAnswered(run.loop, (signal) =>
    deps.client.refundPaymentRequest(id, {
      value: { amount: effect.amount, currency: effect.currency }, externalRef: effect.externalRef, invoiceRef: effect.invoiceRef, lineItems: effect.lineItems,
    }, signal));
  if (!answer) return;
  await run.settle('ok' in answer ? { type: 'refunded', id } : { type: 'refundRejected', id, code: answer.refused });
}

/** The cashier's answer to a condition: repeated until Centrapay answers (a repeat is refused as already set). */
async function decide(effect: Extract<SaleEffect, { type: 'decide' }>, run: Run, deps: SaleRunnerDeps): Promise<void> {
  const { id, conditionId } = effect;
  const answer = await untilAnswered(run.loop, (signal) => deps.client.decideCondition(id, conditionId, effect.decision, signal),
    (since) => run.report({ type: 'decideFailed', id, conditionId, failingSince: Math.min(since, Date.parse(effect.since)) }));
  if (!answer) return;
  await run.settle('ok' in answer ? { type: 'decided', id, conditionId } : { type: 'decideRejected', id, conditionId, code: answer.refused });
}

async function createConnection(effect: Extract<SaleEffect, { type: 'createConnection' }>, run: Run, deps: SaleRunnerDeps): Promise<void> {
  const { ref } = effect;
  const { loop } = run;
  const started = Date.parse(effect.since);
  while (!loop.stopped) {
    try {
      loop.attempt();
      const connection = await deps.client.createConnection(deps.merchantId, loop.signal);
      return void (await run.settle({ type: 'connectionCreated', ref, connection }));
    } catch (error) {
      if (loop.stopped) return;
      if (isRefusal(error)) return void (await run.settle({ type: 'connectionFailed', ref, code: error.code }));
      loop.failed();
      if (Date.now() - started >= deps.unknownAfterMs) return void (await run.settle({ type: 'connectionFailed', ref, code: 'CENTRAPAY_UNAVAILABLE' }));
      await loop.sleep(loop.backoff(error));
    }
  }
}

async function pollConnection(effect: Extract<SaleEffect, { type: 'pollConnection' }>, run: Run, deps: SaleRunnerDeps): Promise<void> {
  const { loop } = run;
  const { id } = effect;
  let cued = false;
  while (!loop.stopped) {
    let delay = deps.pollDelayMs(effect);
    try {
      loop.attempt();
      const summary = await deps.client.getConnectionSummary(id, { signal: loop.signal, cued, urgency: readUrgency(Date.now(), effect) });
      loop.succeeded();
      await run.report({ type: 'connectionPolled', id, status: summary.status, walletName: summary.walletName ?? null });
    } catch (error) {
      if (loop.stopped) return;
      loop.failed();
      await run.report({ type: 'connectionPollFailed', id, rejected: isRefusal(error) });
      delay = Math.max(delay, loop.backoff(error));
    }
    cued = await loop.sleep(delay);
  }
}

async function lookup(ref: string, run: Run, deps: SaleRunnerDeps): Promise<void> {
  const { loop } = run;
  while (!loop.stopped) {
    let delay = deps.lookupIntervalMs;
    try {
      loop.attempt();
      const matches: PaymentRequest[] = await deps.client.listPaymentRequestsByExternalRef(ref, deps.merchantAccountId, loop.signal);
      loop.succeeded();
      await run.report({ type: 'lookedUp', ref, matches });
    } catch (error) {
      if (loop.stopped) return;
      loop.failed();
      delay = Math.max(delay, loop.backoff(error));
    }
    await loop.sleep(delay);
  }
}

