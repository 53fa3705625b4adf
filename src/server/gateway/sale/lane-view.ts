// What the screens are told of a lane's sale: its stored state without the engine's own bookkeeping (the request
// match, loose ends, the void being waited on), with the lane's name, the total and the server's time.
import { cartTotal } from '../../../domain/cart';
import type { LaneState } from '../../../domain/lane';
import type { StoredLane } from './state';

export type SaleLaneState = Omit<LaneState, 'tab' | 'version'>;

export function saleLaneView(lane: { id: string; name: string }, state: StoredLane, now: Date, resultSeconds: number): SaleLaneState {
  return {
    lane: { id: lane.id, name: lane.name },
    cart: state.cart,
    total: cartTotal(state.cart),
    order: state.order && {
      ref: state.order.ref,
      kind: state.order.kind,
      total: state.order.total,
      startedAt: state.order.startedAt,
      code: state.order.code,
      patronNotPresent: state.order.patronNotPresent,
      invoiceRef: state.order.invoiceRef ?? null,
      purchaseOrderRef: state.order.purchaseOrderRef ?? null,
      discount: state.order.discount ?? null,
    },
    step: state.step && {
      kind: state.step.kind,
      since: state.step.since,
      notice: state.step.notice,
      cancelRequested: state.step.cancelRequested,
      method: state.step.method,
      decision: state.step.decision,
    },
    payment: state.payment,
    parts: state.parts,
    counter: state.counter,
    connection: state.connection,
    settlement: state.settlement,
    notice: state.notice,
    followUps: state.loose.filter((end) => end.type === 'request').length,
    serverTime: now.toISOString(),
    resultSeconds,
  };
}
