// What a vend needs, read off its state, and how each is run: its request created (after a lost answer, looked up by
// its reference first), followed until the patron pays, the machine's deadline watched once it is paid, and a refund
// sent until Centrapay answers, then read until it is done.
import type { PaymentRequestRedirects } from '../../../domain/centrapay';
import type { CentrapayClient } from '../centrapay/client';
import type { Effect, EffectRun } from '../engine/engine';
import { refundLineItems } from '../../../domain/line-share';
import { awaitRefund, createOrAdopt, findRefund, MAYBE_OUR_REFUND, readUntil, untilAnswered } from '../engine/steps';
import type { Machine } from '../machines/machines';
import type { VendObservation } from './events';
import type { Vend } from './state';
import { vendDeadline, vendRefundId } from './transition';

export type VendEffect = Effect & { type: 'create' | 'follow' | 'deadline' | 'refund' | 'awaitRefund'; vend: Vend };

export function vendEffects(vend: Vend | null): VendEffect[] {
  if (!vend) return [];
  const effect = (type: VendEffect['type']): VendEffect[] => [{ key: type, type, vend }];
  switch (vend.status) {
    case 'creating':
      return effect('create');
    case 'pending':
      return effect('follow');
    case 'vending':
      return effect('deadline');
    case 'refunding':
      return effect('refund');
    case 'refunded':
      return vend.refundSettled ? [] : effect('awaitRefund');
    default:
      return [];
  }
}

export interface VendRunnerDeps {
  client: CentrapayClient;
  machines: (id: string) => Machine | undefined;
  /** Where Centrapay sends the patron back after paying or cancelling: the machine's page for the vend (none: no redirects). */
  returnTo?: (vend: Vend) => PaymentRequestRedirects | undefined;
  merchantAccountId: string;
  /** How long the patron has to pay (the request's `expirySeconds`). */
  expirySeconds: number;
  /** A create whose outcome is unknown is looked up until this long after the vend, then given up if none is found. */
  unknownAfterMs: number;
  vendTimeoutMs: number;
  warn: (detail: object, message: string) => void;
}

type Run = EffectRun<VendObservation>;

export async function runVendEffect(effect: VendEffect, run: Run, deps: VendRunnerDeps): Promise<void> {
  const { vend } = effect;
  const { loop } = run;
  switch (effect.type) {
    case 'create':
      return create(vend, run, deps);
    case 'follow': {
      const request = await readUntil(loop, deps.client, vend.paymentRequestId!, (read) => read.status !== 'new');
      if (request) await run.settle({ type: 'polled', paymentRequest: request });
      return;
    }
    case 'deadline': {
      // Only the clock ends it: a cue is slept through (the transition checks the deadline again).
      const deadline = vendDeadline(vend, deps.vendTimeoutMs);
      while (!loop.stopped && Date.now() < deadline) await loop.sleep(deadline - Date.now());
      if (!loop.stopped) await run.settle({ type: 'timedOut' });
      return;
    }
    case 'refund':
      return refund(vend, run, deps);
    case 'awaitRefund': {
      const seen = await awaitRefund(loop, deps.client, vend.paymentRequestId!, vendRefundId(vend));
      if (seen) await run.settle({ type: 'refundCompleted', status: seen.status });
    }
  }
}

async function create(vend: Vend, run: Run, deps: VendRunnerDeps): Promise<void> {
  const machine = deps.machines(vend.machine);
  if (!machine) return deps.warn({ vend: vend.id, machine: vend.machine }, 'a vend belongs to a machine no longer configured; it is left as it is');
  const outcome = await createOrAdopt(run.loop, deps.client, {
    ref: vend.id,
    body: {
      configId: machine.configId,
      value: { amount: vend.amount, currency: vend.currency },
      lineItems: vend.lineItems,
      // The vend is the machine's sale: its id is the invoice (the Farmlands guide asks every payment for one).
      invoiceRef: vend.id,
      externalRef: vend.id,
      terminalId: machine.terminalId,
      deviceId: machine.deviceId,
      expirySeconds: deps.expirySeconds,
    },
    merchantAccountId: deps.merchantAccountId,
    lookupFirst: run.resumed,
    since: Date.parse(vend.createdAt),
    unknownAfterMs: deps.unknownAfterMs,
    giveUp: 'answered',
    redirects: deps.returnTo?.(vend),
    warn: deps.warn,
  });
  if (!outcome) return;
  if ('gaveUp' in outcome) await run.settle({ type: 'createGaveUp' });
  else if ('refused' in outcome) await run.settle({ type: 'createRefused', code: outcome.refused });
  else await run.settle({ type: 'created', paymentRequest: outcome.created });
}

/** The whole payment back under the vend's refund reference, with its invoice and line items, sent again until Centrapay answers. */
async function refund(vend: Vend, run: Run, deps: VendRunnerDeps): Promise<void> {
  const { client } = deps;
  const refundId = vendRefundId(vend);
  const paymentRequestId = vend.paymentRequestId!;
  // Line items that cannot be read are named by the vend: the refund of the whole amount must go regardless.
  const lineItems = refundLineItems(vend.lineItems, vend.amount, `Vend ${vend.id}`);
  const configId = deps.machines(vend.machine)?.configId;
  const answer = await untilAnswered(run.loop, (signal) => client.refundPaymentRequest(paymentRequestId, {
    value: { amount: vend.amount, currency: vend.currency }, externalRef: refundId, invoiceRef: vend.id, lineItems, ...(configId ? { merchantConfigId: configId } : {}),
  }, signal));
  if (!answer) return;
  // Our own refund whose answer was lost: the request's activities show it under our reference.
  const ours = 'refused' in answer && MAYBE_OUR_REFUND.has(answer.refused) ? await findRefund(run.loop, client, paymentRequestId, refundId) : null;
  await run.settle('ok' in answer || ours ? { type: 'refundAccepted' } : { type: 'refundRefused', code: answer.refused });
}
