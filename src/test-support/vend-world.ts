// A small Centrapay for the vend engine's tests: a vend's Payment Request with its money, in memory, answering the
// way the sandbox does (§2.2, §3.9): the patron pays or not, the request expires, a refund under a reference already
// used answers the first and completes later (or is declined). `observeVend` plays a vend runner (vend/effects.ts)
// against it. Test support only.
import type { LineItem, PaymentRequest, RefundActivity } from '../domain/centrapay';
import { refundCompletion } from '../server/gateway/after-sale/ledger';
import type { CentrapayClient } from '../server/gateway/centrapay/client';
import type { Machine } from '../server/gateway/machines/machines';
import type { VendEffect, VendRunnerDeps } from '../server/gateway/vend/effects';
import type { VendContext, VendObservation } from '../server/gateway/vend/events';
import type { Vend } from '../server/gateway/vend/state';
import { vendDeadline, vendRefundId } from '../server/gateway/vend/transition';
import { moneyCall, readCall, type CallFaults } from './engine-sim';

export const VEND_AT = Date.parse('2026-11-26T10:00:00.000Z');
export const VEND_TIMEOUT_MS = 30_000;
export const VEND_EXPIRY_SECONDS = 120;
export const UNKNOWN_AFTER_MS = 20_000;

/** The vending machine the vends are made at: what its requests carry. */
export const MACHINE: Machine = {
  id: 'vm-1', name: 'Snack machine', kind: 'vending', terminalId: 'vm-1', deviceId: 'VM-SN-1', configId: 'sbxConfigVending', key: 'machine-key',
  products: [{ sku: 'SNACK-1', name: 'Salted Chips', price: '350', tax: '15' }], authoriseAmount: null, invoicePrefix: 'VM-1',
};

let vends = 0;

/** A new vend as the service writes it before anything is sent. */
export function newVend(at = VEND_AT, machine = 'vm-1'): Vend {
  vends += 1;
  const iso = new Date(at).toISOString();
  return {
    id: `${machine}-V-${String(vends).padStart(12, '0')}`, machine, sku: 'SNACK-1', name: 'Salted Chips', amount: '350', currency: 'NZD',
    lineItems: [{ name: 'Salted Chips', sku: 'SNACK-1', qty: '1', price: '350', tax: '15' }], paymentRequestId: null, shortCode: null, url: null,
    status: 'creating', reason: null, paidAt: null, refundSettled: false, createdAt: iso, updatedAt: iso,
  };
}

export interface WorldRefund {
  ref: string;
  amount: bigint;
  status: 'pending' | 'completed' | 'failed';
  activity: RefundActivity;
}

export interface VendRequest {
  id: string;
  ref: string;
  value: bigint;
  lineItems: LineItem[];
  status: 'new' | 'paid' | 'cancelled' | 'expired';
  createdAt: number;
  expiresAt: number;
  refunded: bigint;
  refunds: Map<string, WorldRefund>;
  activities: RefundActivity[];
  cancellationReason?: string;
}

type Answer<T> = { ok: T } | { refused: string };

export class VendWorld {
  readonly requests = new Map<string, VendRequest>();
  /** Refunds that moved money, by reference: never twice. */
  readonly drawn = new Map<string, number>();
  /** How Centrapay answers a repeated refund: the first answer again (the sandbox), or, strict, ALREADY_REFUNDED once nothing is left (§3.9). */
  strictRepeats = false;
  private next = 0;
  private activityNo = 0;

  constructor(public now = VEND_AT) {}

  ctx(): VendContext {
    return { now: this.now, vendTimeoutMs: VEND_TIMEOUT_MS };
  }

  create(vend: Pick<Vend, 'id' | 'amount' | 'lineItems'>): VendRequest {
    this.next += 1;
    const request: VendRequest = {
      id: `PV${this.next}`, ref: vend.id, value: BigInt(vend.amount), lineItems: vend.lineItems, status: 'new', createdAt: this.now, expiresAt: this.now + VEND_EXPIRY_SECONDS * 1000,
      refunded: 0n, refunds: new Map(), activities: [],
    };
    this.requests.set(request.id, request);
    return request;
  }

  byRef(ref: string): VendRequest[] {
    return [...this.requests.values()].filter((request) => request.ref === ref);
  }

  /** The patron pays; false when Centrapay would not take it. */
  pay(id: string): boolean {
    const request = this.requests.get(id)!;
    if (request.status !== 'new') return false;
    request.status = 'paid';
    return true;
  }

  /** The patron cancels. */
  cancel(id: string): boolean {
    const request = this.requests.get(id)!;
    if (request.status !== 'new') return false;
    request.status = 'cancelled';
    request.cancellationReason = 'CANCELLED_BY_PATRON';
    return true;
  }

  advance(ms: number): void {
    this.now += ms;
    for (const request of this.requests.values()) if (request.status === 'new' && this.now >= request.expiresAt) request.status = 'expired';
  }

  /** §3.9: the same reference and amount answer the first; only what was paid, once. */
  refund(id: string, body: { ref: string; amount: string }, refuse: string | null = null): Answer<RefundActivity> {
    const request = this.requests.get(id)!;
    const amount = BigInt(body.amount);
    const previous = request.refunds.get(body.ref);
    if (previous && this.strictRepeats && request.refunded === request.value) return { refused: 'ALREADY_REFUNDED' };
    if (previous) return previous.amount === amount ? { ok: previous.activity } : { refused: 'REPEAT_REFERENCE' };
    if (request.status !== 'paid') return { refused: 'NOT_PAID' };
    const left = request.value - request.refunded;
    if (left === 0n) return { refused: 'ALREADY_REFUNDED' };
    if (amount > left) return { refused: 'INVALID_AMOUNT' };
    if (refuse) return { refused: refuse };
    request.refunded += amount;
    this.activityNo += 1;
    const activity: RefundActivity = {
      id: `act-${this.activityNo}`, type: 'refund', paymentRequestId: id, createdAt: new Date(this.now).toISOString(), value: { amount: body.amount, currency: 'NZD' },
      externalRef: body.ref, status: 'pending',
    };
    request.activities.push(activity);
    request.refunds.set(body.ref, { ref: body.ref, amount, status: 'pending', activity });
    this.drawn.set(body.ref, (this.drawn.get(body.ref) ?? 0) + 1);
    return { ok: activity };
  }

  /** Refunds under way finish: completed, or declined (nothing went back). */
  settleRefunds(decline: (refund: WorldRefund) => boolean = () => false): void {
    for (const request of this.requests.values()) {
      for (const refund of request.refunds.values()) {
        if (refund.status !== 'pending') continue;
        refund.status = decline(refund) ? 'failed' : 'completed';
        if (refund.status === 'failed') request.refunded -= refund.amount;
        refund.activity.status = refund.status;
      }
    }
  }

  /** What went back to the patron, refunds completed. */
  returned(id: string): bigint {
    return [...this.requests.get(id)!.refunds.values()].filter((refund) => refund.status === 'completed').reduce((sum, refund) => sum + refund.amount, 0n);
  }

  view(id: string): PaymentRequest {
    const r = this.requests.get(id)!;
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      id: r.id, shortCode: `CP-${r.id}`, url: `http://pos.test/sandbox/pay/${r.id}`, value: { amount: r.value.toString(), currency: 'NZD' }, paymentOptions: [],
      merchantId: 'm', merchantName: 'Vending', configId: MACHINE.configId, status: r.status, createdAt: iso(r.createdAt), updatedAt: iso(this.now),
      expiresAt: iso(r.expiresAt), merchantConditions: [], externalRef: r.ref, lineItems: r.lineItems, terminalId: MACHINE.terminalId, deviceId: MACHINE.deviceId,
      ...(r.cancellationReason ? { cancellationReason: r.cancellationReason as PaymentRequest['cancellationReason'] } : {}),
    };
  }
}

/** How a runner's call goes: it reaches Centrapay or not, and Centrapay refuses it outright (`refuse`: its code). */
export interface Reach {
  reached: boolean;
  refuse: string | null;
}

/** What a vend runner reports after running `effect` once against the world (and the clock); null when nothing yet. */
export function observeVend(effect: VendEffect, world: VendWorld, reach: Reach = { reached: true, refuse: null }): VendObservation | null {
  const { vend } = effect;
  switch (effect.type) {
    case 'create': {
      // After a lost answer (or a restart) the runner looks the reference up before it sends again.
      const found = world.byRef(vend.id)[0];
      if (found) return { type: 'created', paymentRequest: world.view(found.id) };
      if (!reach.reached) return world.now - Date.parse(vend.createdAt) >= UNKNOWN_AFTER_MS ? { type: 'createGaveUp' } : null;
      if (reach.refuse) return { type: 'createRefused', code: reach.refuse };
      return { type: 'created', paymentRequest: world.view(world.create(vend).id) };
    }
    case 'follow': {
      const request = world.view(vend.paymentRequestId!);
      return request.status === 'new' ? null : { type: 'polled', paymentRequest: request };
    }
    case 'deadline':
      return world.now >= vendDeadline(vend, VEND_TIMEOUT_MS) ? { type: 'timedOut' } : null;
    case 'refund': {
      if (!reach.reached) return null;
      const ref = vendRefundId(vend);
      const answer = world.refund(vend.paymentRequestId!, { ref, amount: vend.amount }, reach.refuse);
      const ours = 'refused' in answer && ['ALREADY_REFUNDED', 'REPEAT_REFERENCE'].includes(answer.refused) && world.requests.get(vend.paymentRequestId!)!.refunds.has(ref);
      return 'ok' in answer || ours ? { type: 'refundAccepted' } : { type: 'refundRefused', code: answer.refused };
    }
    case 'awaitRefund': {
      const seen = refundCompletion(world.requests.get(vend.paymentRequestId!)!.activities, vendRefundId(vend));
      return seen.status === 'pending' ? null : { type: 'refundCompleted', status: seen.status };
    }
  }
}

/** The Centrapay client a vend's real runners call: the world, through the faults. */
export function vendClient(world: VendWorld, faults: CallFaults): CentrapayClient {
  const client: Partial<CentrapayClient> = {
    createPaymentRequest: (body) => moneyCall<PaymentRequest>(faults, (refuse) => (refuse ? { refused: refuse } : {
      ok: world.view(world.create({ id: body.externalRef!, amount: String(body.value.amount), lineItems: (body.lineItems ?? []) as LineItem[] }).id),
    })),
    listPaymentRequestsByExternalRef: (ref) => readCall(faults, () => world.byRef(ref).map((request) => world.view(request.id))),
    getPaymentRequest: (id) => readCall(faults, () => world.view(id)),
    listPaymentRequestActivities: (id) => readCall(faults, () => [...world.requests.get(id)!.activities].reverse()),
    refundPaymentRequest: (id, body) => moneyCall(faults, (refuse) => world.refund(id, { ref: body.externalRef, amount: String(body.value.amount) }, refuse)),
  };
  return client as CentrapayClient;
}

/** What the vend's real runners are given, over the world's client. */
export function vendRunnerDeps(client: CentrapayClient): VendRunnerDeps {
  return {
    client, machines: () => MACHINE, merchantAccountId: 'm', expirySeconds: VEND_EXPIRY_SECONDS, unknownAfterMs: UNKNOWN_AFTER_MS, vendTimeoutMs: VEND_TIMEOUT_MS,
    warn: (detail, message) => {
      throw new Error(`a vend runner warned: ${message} ${JSON.stringify(detail)}`);
    },
  };
}
