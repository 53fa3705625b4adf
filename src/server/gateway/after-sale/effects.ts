// What a finished sale needs from Centrapay, read off its book, and how each is run: a refund or void sent (again
// and again under the same reference while the answer is unknown: Centrapay refunds a repeated `externalRef` once),
// then a refund's activities read until it shows done. A webhook cue skips the wait.
import { refundLineItems } from '../../../domain/line-share';
import type { CentrapayClient } from '../centrapay/client';
import type { Effect, EffectRun } from '../engine/engine';
import { awaitRefund, findRefund, MAYBE_OUR_REFUND, untilAnswered } from '../engine/steps';
import type { AfterSaleObservation } from './events';
import type { Refund, SaleBook } from './ledger';

/** A refund to send (or await), with what its body names besides itself: the sale's invoice and the request's config. */
export type AfterSaleEffect = Effect & { type: 'send' | 'await'; refund: Refund & { paymentRequestId: string }; invoiceRef: string; configId: string | null };

export function afterSaleEffects(book: SaleBook): AfterSaleEffect[] {
  return book.refunds.flatMap((refund): AfterSaleEffect[] => {
    if (refund.status !== 'pending' || refund.paymentRequestId === null) return [];
    const sent = { ...refund, paymentRequestId: refund.paymentRequestId };
    const papers = { invoiceRef: book.invoiceRef ?? book.ref, configId: book.tenders.find((tender) => tender.paymentRequestId === refund.paymentRequestId)?.configId ?? null };
    return [refund.accepted ? { key: `await:${refund.id}`, type: 'await', refund: sent, ...papers } : { key: `send:${refund.id}`, type: 'send', refund: sent, ...papers }];
  });
}

export async function runAfterSaleEffect(effect: AfterSaleEffect, run: EffectRun<AfterSaleObservation>, client: CentrapayClient): Promise<void> {
  const { refund } = effect;
  const { loop } = run;
  if (effect.type === 'await') {
    const seen = await awaitRefund(loop, client, refund.paymentRequestId, refund.id);
    if (seen) await run.settle({ type: 'completed', id: refund.id, ...seen });
    return;
  }
  const answer = await untilAnswered(loop, (signal) => refund.method === 'void'
    ? client.voidPaymentRequest(refund.paymentRequestId, signal)
    : client.refundPaymentRequest(refund.paymentRequestId, {
      value: { amount: refund.amount, currency: refund.currency },
      externalRef: refund.id,
      // The Farmlands guide's refund requirements: an invoice and line items with every refund.
      invoiceRef: effect.invoiceRef,
      lineItems: refundLineItems(refund.sentLineItems ?? undefined, refund.amount, `Refund of invoice ${effect.invoiceRef}`),
      ...(effect.configId ? { merchantConfigId: effect.configId } : {}),
    }, signal));
  if (!answer) return;
  if ('ok' in answer) return void (await run.settle({ type: 'answered', id: refund.id, activity: answer.ok }));
  const ours = refund.method === 'centrapay' && MAYBE_OUR_REFUND.has(answer.refused) ? await findRefund(loop, client, refund.paymentRequestId, refund.id) : null;
  await run.settle(ours ? { type: 'answered', id: refund.id, activity: ours } : { type: 'refused', id: refund.id, code: answer.refused });
}
