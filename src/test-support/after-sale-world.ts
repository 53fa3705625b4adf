// A small Centrapay for the after-sale engine's tests: a finished sale's paid Payment Requests with their money, in
// memory, answering refunds and voids the way the sandbox does (§3.9, §3.10): a refund under a reference already
// used answers the first (or REPEAT_REFERENCE), completes later (or is declined), never more than was paid; a void
// refunds everything within 24 h of the request. It notes what the till must never ask (more than is left, a void
// after a refund, line items that do not add up). `observeAfterSale` plays an after-sale runner
// (after-sale/effects.ts) against it. Test support only.
import type { LineItem, RefundActivity } from '../domain/centrapay';
import type { AfterSaleEffect } from '../server/gateway/after-sale/effects';
import type { CentrapayClient } from '../server/gateway/centrapay/client';
import type { AfterSaleObservation } from '../server/gateway/after-sale/events';
import { refundCompletion, type SaleBook, type Tender } from '../server/gateway/after-sale/ledger';
import { moneyCall, readCall, type CallFaults } from './engine-sim';

export const SALE_AT = Date.parse('2026-11-26T10:00:00.000Z');
export const VOID_WINDOW_MS = 24 * 3600_000;
export const ASSET = { type: 'centrapay.nzd.test', description: 'Centrapay NZD' };

export const COFFEE: LineItem = { name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100', tax: '15' };
export const MUFFIN: LineItem = { name: 'Blueberry Muffin', sku: 'FOOD-MUF', qty: '1', price: '600', tax: '15' };

export interface WorldRefund {
  ref: string;
  amount: bigint;
  status: 'pending' | 'completed' | 'failed';
  activity: RefundActivity;
}

export interface PaidRequest {
  id: string;
  paid: bigint;
  /** Refunded (or being refunded) by refunds and the void; declined refunds not counted. */
  refunded: bigint;
  createdAt: number;
  refunds: Map<string, WorldRefund>;
  voided: bigint;
  voidActivity?: RefundActivity;
  activities: RefundActivity[];
}

type Answer<T> = { ok: T } | { refused: string };

/** How the sale was paid: requests and counter tenders, in the order refunds draw on them. */
export type Paid = ({ method: 'centrapay'; paid: string; createdAfterMs?: number } | { method: 'cash' | 'card'; paid: string })[];

let sales = 0;

export class AfterSaleWorld {
  readonly requests = new Map<string, PaidRequest>();
  /** Refunds and voids that moved money, by their reference: never twice. */
  readonly drawn = new Map<string, number>();
  /** What the till asked that it never should have. */
  readonly misasked: string[] = [];
  /**
   * How Centrapay answers a repeat (§1.7 leaves a repeated void unspecified): the first answer again (the sandbox), or,
   * strict, ALREADY_REFUNDED once nothing is left to refund (§3.9, §3.10 list it).
   */
  strictRepeats = false;
  private next = 0;
  private activityNo = 0;

  constructor(public now = SALE_AT) {}

  /** A paid sale as the journal records it, with its requests made here; `lines` default: two flat whites and a muffin. */
  sale(paid: Paid, lines: LineItem[] = [COFFEE, MUFFIN]): SaleBook {
    sales += 1;
    const ref = `till-1-${String(sales).padStart(6, '0')}-AFTER${sales}`;
    const tenders = paid.map((tender): Tender => {
      if (tender.method !== 'centrapay') {
        return { key: tender.method, method: tender.method, paymentRequestId: null, shortCode: null, paid: tender.paid, assets: [], externalMethod: null, createdAt: null };
      }
      this.next += 1;
      const request: PaidRequest = {
        id: `PR${this.next}`, paid: BigInt(tender.paid), refunded: 0n, createdAt: this.now + (tender.createdAfterMs ?? 0), refunds: new Map(), voided: 0n, activities: [],
      };
      this.requests.set(request.id, request);
      return {
        key: request.id, method: 'centrapay', paymentRequestId: request.id, shortCode: `CP-${request.id}`, paid: tender.paid,
        assets: [{ ...ASSET, amount: tender.paid }], externalMethod: null, createdAt: new Date(request.createdAt).toISOString(),
      };
    });
    const total = paid.reduce((sum, tender) => sum + BigInt(tender.paid), 0n).toString();
    return { ref, number: sales, total, currency: 'NZD', result: 'paid', createdAt: new Date(this.now).toISOString(), lines, tenders, refunds: [], found: false, elsewhere: [], unknownPaid: false };
  }

  advance(ms: number): void {
    this.now += ms;
  }

  /** §3.9: the same reference and amount answer the first; never more than is left. */
  refund(id: string, body: { ref: string; amount: string; lineItems?: LineItem[] }, refuse: string | null = null): Answer<RefundActivity> {
    const request = this.requests.get(id)!;
    const amount = BigInt(body.amount);
    if (body.lineItems && body.lineItems.reduce((sum, item) => sum + BigInt(item.price), 0n) !== amount) return this.misask(`${body.ref}: line items do not add up`, 'LINE_ITEMS_SUM_CHECK_FAILED');
    const previous = request.refunds.get(body.ref);
    const left = request.paid - request.refunded;
    if (previous && this.strictRepeats && left === 0n) return { refused: 'ALREADY_REFUNDED' };
    if (previous) return previous.amount === amount ? { ok: previous.activity } : this.misask(`${body.ref}: another amount under a reference used`, 'REPEAT_REFERENCE');
    if (left === 0n) return this.misask(`${body.ref}: ${id} has nothing left to refund`, 'ALREADY_REFUNDED');
    if (amount > left) return this.misask(`${body.ref}: ${amount} is more than the ${left} left on ${id}`, 'INVALID_AMOUNT');
    if (refuse) return { refused: refuse };
    request.refunded += amount;
    const activity = this.activity(request, { type: 'refund', value: money(amount), externalRef: body.ref, status: 'pending', strategy: { refunds: [{ assetType: ASSET.type, amount: amount.toString() }] } });
    request.refunds.set(body.ref, { ref: body.ref, amount, status: 'pending', activity });
    this.draw(body.ref);
    return { ok: activity };
  }

  /** §3.10: everything paid back, within 24 h of the request; a repeat answers the first. */
  void(id: string, refuse: string | null = null): Answer<RefundActivity> {
    const request = this.requests.get(id)!;
    if (request.voidActivity) return this.strictRepeats ? { refused: 'ALREADY_REFUNDED' } : { ok: request.voidActivity };
    if (this.now > request.createdAt + VOID_WINDOW_MS) return { refused: 'VOID_WINDOW_EXCEEDED' };
    if (request.refunded > 0n) return this.misask(`void of ${id} after a refund`, 'ALREADY_REFUNDED');
    if (refuse) return { refused: refuse };
    const amount = request.paid;
    request.refunded += amount;
    request.voided = amount;
    request.voidActivity = this.activity(request, { type: 'refund', value: money(amount), strategy: { refunds: [{ assetType: ASSET.type, amount: amount.toString() }] } });
    this.draw(`void:${id}`);
    return { ok: request.voidActivity };
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

  /** §3.16: the request's activities, newest first. */
  activities(id: string): RefundActivity[] {
    return [...this.requests.get(id)!.activities].reverse();
  }

  private misask(what: string, code: string): { refused: string } {
    this.misasked.push(what);
    return { refused: code };
  }

  private draw(what: string): void {
    this.drawn.set(what, (this.drawn.get(what) ?? 0) + 1);
  }

  private activity(request: PaidRequest, fields: Partial<RefundActivity> & { type: string }): RefundActivity {
    this.activityNo += 1;
    const activity: RefundActivity = { id: `act-${this.activityNo}`, paymentRequestId: request.id, createdAt: new Date(this.now).toISOString(), ...fields };
    request.activities.push(activity);
    return activity;
  }
}

function money(cents: bigint): { amount: string; currency: string } {
  return { amount: cents.toString(), currency: 'NZD' };
}

/** How a runner's call goes: it reaches Centrapay or not, and Centrapay refuses it outright (`refuse`: its code). */
export interface Reach {
  reached: boolean;
  refuse: string | null;
}

/** What an after-sale runner reports after running `effect` once against the world; null when nothing yet. */
export function observeAfterSale(effect: AfterSaleEffect, world: AfterSaleWorld, reach: Reach = { reached: true, refuse: null }): AfterSaleObservation | null {
  const { refund } = effect;
  const id = refund.paymentRequestId;
  if (effect.type === 'await') {
    const seen = refundCompletion(world.activities(id), refund.id);
    return seen.status === 'pending' ? null : { type: 'completed', id: refund.id, status: seen.status, activity: seen.activity };
  }
  if (!reach.reached) return null;
  const answer = refund.method === 'void'
    ? world.void(id, reach.refuse)
    : world.refund(id, { ref: refund.id, amount: refund.amount, ...(refund.sentLineItems ? { lineItems: refund.sentLineItems } : {}) }, reach.refuse);
  if ('ok' in answer) return { type: 'answered', id: refund.id, activity: answer.ok };
  // A refusal that may be about our own earlier refund, its answer lost: the activities tell.
  const ours = refund.method === 'centrapay' && ['ALREADY_REFUNDED', 'REPEAT_REFERENCE'].includes(answer.refused) ? refundCompletion(world.activities(id), refund.id).activity : null;
  return ours ? { type: 'answered', id: refund.id, activity: ours } : { type: 'refused', id: refund.id, code: answer.refused };
}

/** The Centrapay client the after-sale engine's real runners call: the world, through the faults. */
export function afterSaleClient(world: AfterSaleWorld, faults: CallFaults): CentrapayClient {
  const client: Partial<CentrapayClient> = {
    refundPaymentRequest: (id, body) => moneyCall(faults, (refuse) => world.refund(id, {
      ref: body.externalRef, amount: String(body.value.amount), ...(body.lineItems ? { lineItems: body.lineItems as LineItem[] } : {}),
    }, refuse)),
    voidPaymentRequest: (id) => moneyCall(faults, (refuse) => world.void(id, refuse)),
    listPaymentRequestActivities: (id) => readCall(faults, () => world.activities(id)),
  };
  return client as CentrapayClient;
}
