// Reading a lane's saved state back: validated, and upgraded from the first release's shape. A row that cannot be
// read is reported with the reason, for the caller to quarantine; it never stops the gateway starting.
import { z } from 'zod/mini';
import { storedLaneSchema, type StoredLane } from './state';

export function readSavedLane(raw: string): { state: StoredLane } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { problem: 'not JSON' };
  }
  const parsed = storedLaneSchema.safeParse(isFirstRelease(json) ? fromFirstRelease(json) : json);
  if (parsed.success) return { state: withRefundList(parsed.data) };
  const issue = parsed.error.issues[0];
  return { problem: issue ? `${issue.path.join('.') || 'state'}: ${issue.message}` : 'not a lane state' };
}

/** A refund saved before sales could be paid in parts names one amount for the lane's payment: a list of one now. */
function withRefundList(state: StoredLane): StoredLane {
  const { step, payment, order } = state;
  if (step?.kind !== 'refunding' || step.refunds || !step.refund || !payment || !order) return state;
  const { amount, externalRef } = step.refund;
  const refunds = [{ id: payment.paymentRequest.id, amount, currency: payment.paymentRequest.value.currency, externalRef, done: false }];
  return { ...state, step: { ...step, refunds } };
}

const firstReleaseSchema = z.looseObject({
  payment: z.nullable(z.looseObject({ orderRef: z.string(), cancelling: z.boolean(), paymentRequest: z.looseObject({}) })),
});

function isFirstRelease(json: unknown): json is Record<string, unknown> {
  return firstReleaseSchema.safeParse(json).success && !(typeof json === 'object' && json !== null && 'order' in json);
}

/** The first release kept `orderRef` and `cancelling` on the payment; the order and the step are their own now. */
function fromFirstRelease(json: Record<string, unknown>): unknown {
  const { payment, connection, cart, settlement } = json as {
    payment: (Record<string, unknown> & { orderRef: string; cancelling: boolean; paymentRequest: Record<string, unknown> }) | null;
    connection?: { outcome?: string } | null;
    cart?: unknown;
    settlement?: unknown;
  };
  const base = { cart: cart ?? [], settlement: settlement ?? null, notice: null, loose: [], retired: false };
  if (!payment) return { ...base, order: null, step: null, payment: null, connection: connection?.outcome === 'waiting' ? null : connection ?? null };
  const { orderRef, cancelling, ...rest } = payment;
  const request = payment.paymentRequest as { value?: { amount?: string; currency?: string }; operatorId?: string; terminalId?: string; deviceId?: string; configId?: string; lineItems?: unknown[] };
  const order = {
    ref: orderRef,
    kind: connection ? 'connect' : 'qr',
    total: request.value?.amount,
    startedAt: rest.startedAt,
    number: Number(/(\d+)$/.exec(orderRef)?.[1] ?? 0),
    operatorId: request.operatorId ?? 'cashier',
    match: { terminalId: request.terminalId ?? '', deviceId: request.deviceId ?? '', configId: request.configId ?? '', currency: request.value?.currency, lineItems: request.lineItems ?? [] },
  };
  const step = cancelling ? { kind: 'cancelling', since: new Date().toISOString(), notice: null, cancelRequested: false, method: null, actor: 'cashier' } : null;
  return { ...base, order, step, payment: rest, connection: connection ?? null };
}
