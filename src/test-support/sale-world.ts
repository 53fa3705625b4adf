// A small Centrapay for the transition function's tests: Payment Requests with their money, in memory, answering
// the way Centrapay does (§2.2), so tests can say what the world did and feed the lane what it would observe.
import type { CartLine } from '../domain/cart';
import type { PaymentRequest } from '../domain/centrapay';
import type { NewOrder } from '../server/gateway/sale/events';
import type { StoredOrder } from '../server/gateway/sale/state';
import type { TransitionContext } from '../server/gateway/sale/transition';

export interface WorldRequest {
  id: string;
  ref: string;
  status: 'new' | 'paid' | 'cancelled' | 'expired';
  value: bigint;
  remaining: bigint;
  /** Every payment taken, wallets, offers and external tenders alike. */
  paid: bigint;
  refunded: bigint;
  externalPaid: bigint;
  partialAllowed: boolean;
  createdAt: number;
  expiresAt: number;
  order: StoredOrder;
  connectionId?: string;
}

export const LANE_IDS = { terminalId: 'till-1', deviceId: 'SN-1', configId: 'sbxConfigCafe' };

export const CONTEXT: TransitionContext = { now: Date.parse('2026-11-26T10:00:00.000Z'), expirySeconds: 120, timeoutGraceSeconds: 7, unknownAfterMs: 20_000 };

export const FLAT_WHITES: CartLine = { sku: 'COFFEE-FW', name: 'Flat White', qty: 2, unitPrice: '550', tax: '15' };
export const MUFFIN: CartLine = { sku: 'FOOD-MUF', name: 'Blueberry Muffin', qty: 1, unitPrice: '600', tax: '15' };

let orders = 0;

export function newOrder(): NewOrder {
  orders += 1;
  return { ref: `till-1-${String(orders).padStart(6, '0')}-TEST${orders}`, number: orders, currency: 'NZD', match: LANE_IDS };
}

export class World {
  readonly requests = new Map<string, WorldRequest>();
  private next = 0;

  constructor(public now = CONTEXT.now) {}

  ctx(): TransitionContext {
    return { ...CONTEXT, now: this.now };
  }

  create(order: StoredOrder, options: { connectionId?: string } = {}): WorldRequest {
    this.next += 1;
    const value = BigInt(order.due ?? order.total);
    const request: WorldRequest = {
      id: `PR${this.next}`, ref: order.ref, status: 'new', value, remaining: value, paid: 0n, refunded: 0n, externalPaid: 0n,
      partialAllowed: Boolean(options.connectionId) || (order.kind === 'code' && !order.discount) || order.due !== undefined, createdAt: this.now, expiresAt: this.now + CONTEXT.expirySeconds * 1000, order,
      connectionId: options.connectionId,
    };
    this.requests.set(request.id, request);
    return request;
  }

  advance(ms: number): void {
    this.now += ms;
    // As the sandbox does: a request that expires returns what was paid towards it (offers, parts).
    for (const request of this.requests.values()) {
      if (request.status !== 'new' || this.now < request.expiresAt) continue;
      request.status = 'expired';
      request.refunded = request.paid;
    }
  }

  /** A payment by a patron's wallet, an offer, or an external tender; null when Centrapay would refuse it. */
  pay(id: string, amount: bigint, options: { partial?: boolean; external?: boolean } = {}): string | null {
    const request = this.requests.get(id)!;
    if (request.status === 'expired') return 'REQUEST_EXPIRED';
    if (request.status === 'paid') return 'REQUEST_PAID';
    if (request.status === 'cancelled') return 'REQUEST_CANCELLED';
    if (amount > request.remaining || amount <= 0n || (options.partial && !request.partialAllowed)) return 'PAYMENT_DECLINED';
    request.remaining -= amount;
    request.paid += amount;
    if (options.external) request.externalPaid += amount;
    if (request.remaining === 0n || options.partial) request.status = 'paid';
    return null;
  }

  /** Void: cancels a new request (refunding part payments), refunds a paid one (status stays paid, §2.2). */
  void(id: string): { refunded: boolean } | { code: string } {
    const request = this.requests.get(id)!;
    if (request.status === 'expired') return { code: 'REQUEST_EXPIRED' };
    const wasPaid = request.status === 'paid';
    if (request.status === 'new') request.status = 'cancelled';
    const refundable = request.paid - request.refunded;
    request.refunded += refundable;
    return { refunded: wasPaid && refundable > 0n };
  }

  refund(id: string, amount: bigint): string | null {
    const request = this.requests.get(id)!;
    if (request.status !== 'paid') return 'NOT_PAID';
    if (request.paid - request.refunded === 0n) return 'ALREADY_REFUNDED';
    if (amount > request.paid - request.refunded) return 'INVALID_AMOUNT';
    request.refunded += amount;
    return null;
  }

  byRef(ref: string): WorldRequest[] {
    return [...this.requests.values()].filter((request) => request.ref === ref);
  }

  /** What Centrapay answers to a GET of the request. */
  view(id: string): PaymentRequest {
    const r = this.requests.get(id)!;
    const at = new Date(this.now).toISOString();
    const lineItems = r.order.match.lineItems;
    return {
      id: r.id, shortCode: `CP-${r.id}`, url: `http://pos.test/sandbox/pay/${r.id}`, value: { amount: String(r.value), currency: 'NZD' },
      paymentOptions: [{ assetType: 'centrapay.nzd.test', amount: String(r.remaining) }], merchantId: 'm', merchantName: 'Café',
      configId: r.order.match.configId, status: r.status, createdAt: new Date(r.createdAt).toISOString(), updatedAt: at,
      expiresAt: new Date(r.expiresAt).toISOString(), merchantConditions: [], remainingAmount: String(r.remaining), lineItems,
      externalRef: r.ref, terminalId: r.order.match.terminalId, deviceId: r.order.match.deviceId,
      ...(r.partialAllowed ? { partialAllowed: true, basketAmount: String(r.value) } : {}),
      ...(r.connectionId ? { connectionId: r.connectionId } : {}),
      ...(r.paid > 0n ? { paidBy: { assetTotals: [{ type: 'centrapay.nzd.test', description: 'Centrapay NZD', total: { amount: String(r.paid), currency: 'NZD' } }] } } : {}),
    };
  }
}
