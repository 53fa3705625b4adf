// What a lane needs from Centrapay right now, read off its state: a create while Pay is starting, a poll while a
// request is live, a void while cancelling, and so on. The engine shell keeps exactly one runner per effect,
// starting and stopping them after every change, and at start-up: a restarted gateway picks up where it stopped.
import type { CreatePaymentRequestBody, LineItem } from '../../../domain/centrapay';
import { refundLineItems, shareLines } from '../../../domain/line-share';
import { salePhase } from '../../../domain/sale';
import type { StoredLane, StoredOrder } from './state';

export type SaleEffect =
  | { key: string; type: 'create'; ref: string; since: string; body: CreatePaymentRequestBody; order: StoredOrder }
  | { key: string; type: 'createConnection'; ref: string; since: string }
  | { key: string; type: 'pollConnection'; id: string; createdAt: string; expiresAt: string }
  | { key: string; type: 'poll'; id: string; createdAt: string; expiresAt: string }
  | { key: string; type: 'void'; id: string }
  | { key: string; type: 'tender'; id: string; ref: string; method: 'cash' | 'card'; amount: string; assetType: string; idempotencyKey: string }
  | { key: string; type: 'refund'; id: string; amount: string; currency: string; externalRef: string; invoiceRef: string; lineItems: LineItem[] }
  | { key: string; type: 'decide'; id: string; conditionId: string; decision: 'accept' | 'decline'; since: string }
  | { key: string; type: 'lookup'; ref: string };

export function saleEffects(state: StoredLane, options: { expirySeconds: number }): SaleEffect[] {
  const effects: SaleEffect[] = [];
  const { step, order, payment, connection } = state;
  if (step?.kind === 'creating' && order) {
    // Keyed by the amount too: a request for the rest of a sale shares the sale's reference.
    effects.push({ key: `create:${order.ref}:${order.due ?? order.total}`, type: 'create', ref: order.ref, since: step.since, body: createBody(state, order, options.expirySeconds), order });
  }
  if (step?.kind === 'connecting' && order) effects.push({ key: `connection:${order.ref}`, type: 'createConnection', ref: order.ref, since: step.since });
  if (connection?.outcome === 'waiting' && salePhase(state) === 'connecting') {
    effects.push({ key: `poll-connection:${connection.id}`, type: 'pollConnection', id: connection.id, createdAt: connection.startedAt, expiresAt: connection.expiresAt });
  }
  if (payment && step?.kind === 'cancelling' && !step.voidRefused) effects.push({ key: `void:${payment.paymentRequest.id}`, type: 'void', id: payment.paymentRequest.id });
  else if (payment?.outcome === 'pending') {
    const { id, createdAt, expiresAt } = payment.paymentRequest;
    effects.push({ key: `poll:${id}`, type: 'poll', id, createdAt, expiresAt });
  }
  if (payment && step?.kind === 'tendering' && step.tender && order) {
    const { method, amount, key } = step.tender;
    // Cash or card taken at the counter is recorded as an external payment of the request's liveness.
    const assetType = payment.paymentRequest.liveness === 'main' ? 'external.main' : 'external.test';
    effects.push({ key: `tender:${key}`, type: 'tender', id: payment.paymentRequest.id, ref: order.ref, method, amount, assetType, idempotencyKey: key });
  }
  // One refund at a time, in order: a sale paid in parts is refunded request by request.
  const refunds = step?.kind === 'refunding' ? step.refunds ?? [] : [];
  const nextRefund = refunds.find((candidate) => !candidate.done);
  if (nextRefund && order) {
    const { id, amount, currency, externalRef } = nextRefund;
    // Each part returns its share of the sale's lines, the parts taking them in the order they paid.
    const share = shareLines(order.match.lineItems, refunds.map((candidate) => BigInt(candidate.amount)))[refunds.indexOf(nextRefund)];
    const lineItems = refundLineItems(share, amount, `Part payment of order ${order.ref}`);
    effects.push({ key: `refund:${externalRef}`, type: 'refund', id, amount, currency, externalRef, invoiceRef: order.invoiceRef ?? order.ref, lineItems });
  }
  if (payment && step?.kind === 'deciding' && step.decision) {
    const { conditionId, decision } = step.decision;
    effects.push({ key: `decide:${payment.paymentRequest.id}:${conditionId}`, type: 'decide', id: payment.paymentRequest.id, conditionId, decision, since: step.since });
  }
  for (const end of state.loose) {
    if (end.type === 'request') effects.push({ key: `void:${end.id}`, type: 'void', id: end.id });
    // One look-up serves every watch of the order (its whole sale, and a request for the rest).
    else if (!effects.some((effect) => effect.key === `lookup:${end.ref}`)) effects.push({ key: `lookup:${end.ref}`, type: 'lookup', ref: end.ref });
  }
  return effects;
}

/**
 * The Payment Request an order asks for: the cart's line items, its invoice (and purchase order) and the lane's ids
 * (checklist 104.1, 104.6; the Farmlands guide), with conditions enabled so an ID check reaches the cashier instead of
 * cancelling the sale (302.1).
 */
function createBody(state: StoredLane, order: StoredOrder, expirySeconds: number): CreatePaymentRequestBody {
  const { match } = order;
  const linked = order.kind === 'connect' && state.connection?.outcome === 'linked' ? state.connection.id : undefined;
  // A presented code may hold less than the sale (a voucher, a card): it pays what it holds and the till collects the
  // rest (§6.7), so such requests allow part payment, as a linked wallet's do. Not at the Card Partner price: that is
  // the price only when the Farmlands card pays all of it.
  const partial = linked !== undefined || (order.kind === 'code' && !order.discount) || order.due !== undefined;
  return {
    configId: match.configId,
    value: { amount: order.due ?? order.total, currency: match.currency },
    lineItems: match.lineItems,
    invoiceRef: order.invoiceRef ?? order.ref,
    ...(order.purchaseOrderRef ? { purchaseOrderRef: order.purchaseOrderRef } : {}),
    externalRef: order.ref,
    terminalId: match.terminalId,
    deviceId: match.deviceId,
    operatorId: order.operatorId,
    expirySeconds,
    conditionsEnabled: true,
    // With a wallet linked, offers pay part and the till collects the rest (checklist 304.2, 305.1, 305.2).
    ...(linked ? { connectionId: linked } : {}),
    ...(order.barcode ? { barcode: order.barcode } : {}),
    ...(order.patronNotPresent ? { patronNotPresent: true } : {}),
    ...(partial ? { partialAllowed: true, basketAmount: order.total } : {}),
  };
}
