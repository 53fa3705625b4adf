// A small Centrapay for the hold engine's tests: pre-auth Payment Requests with their money, in memory, answering the
// way the sandbox does (§3.10, §3.12, §3.13, §6.10): the patron authorises, confirmations draw down under their
// idempotency keys, releases and voids give back what is held, refunds go back under their own references and
// complete later, unconfirmed authorisations lapse. `observe` plays a hold runner (hold/effects.ts) against it: what
// the runner would report after running the effect once. Test support only.
import type { LineItem, PaymentActivity, PaymentRequest, RefundActivity } from '../domain/centrapay';
import { holdStatusOf } from '../domain/pre-auth';
import type { CentrapayClient } from '../server/gateway/centrapay/client';
import type { HoldEffect, HoldOwner, HoldRunnerDeps } from '../server/gateway/hold/effects';
import type { HoldContext, HoldObservation } from '../server/gateway/hold/events';
import type { HoldState } from '../server/gateway/hold/state';
import { moneyCall, readCall, type CallFaults } from './engine-sim';

export const HOLD_START = Date.parse('2026-11-26T10:00:00.000Z');
/** How long the patron has to authorise (the request's `expirySeconds`). */
export const HOLD_EXPIRY_SECONDS = 120;
/** The world lapses authorisations after this (Centrapay: up to 3 months; short here so that runs see it). */
export const PRE_AUTH_TTL_MS = 2 * 24 * 3600_000;
export const UNKNOWN_AFTER_MS = 20_000;
export const VOID_WINDOW_MS = 24 * 3600_000;

let holds = 0;

/** A new hold as the service writes it before anything is sent. */
export function newHold(kind: 'tab' | 'pump', amount: string, at = HOLD_START, owner = kind === 'tab' ? 'lane-1' : 'pump-1'): HoldState {
  holds += 1;
  const id = `till-1-${kind.toUpperCase()}-H${String(holds).padStart(7, '0')}`;
  const iso = new Date(at).toISOString();
  const name = kind === 'tab' ? 'Bar tab: Sam' : 'Fuel at Pump 1 (authorisation)';
  return {
    id, kind, owner, externalRef: id, paymentRequestId: null, shortCode: null, url: null, amount, currency: 'NZD', status: 'opening', error: null,
    preAuthExpiresAt: null, requestCreatedAt: null, openedBy: kind === 'tab' ? 'cashier:op-1' : `cashier:patron@${owner}`, label: name,
    createdAt: iso, updatedAt: iso, confirmations: [], returns: [], lineItems: [{ name, qty: '1', price: amount }],
  };
}

export interface WorldConfirmation {
  key: string;
  amount: bigint;
  /** What was sent under the key: the same again is answered as the first; anything else is refused. */
  print: string;
  refunded: bigint;
  activity: PaymentActivity;
}

export interface WorldRefund {
  ref: string;
  amount: bigint;
  key: string | null;
  status: 'pending' | 'completed' | 'failed';
  activity: RefundActivity;
}

export interface PreAuthRequest {
  id: string;
  ref: string;
  value: bigint;
  lineItems: LineItem[];
  status: 'new' | 'paid' | 'cancelled' | 'expired';
  preAuthStatus: 'authorized' | 'released' | null;
  createdAt: number;
  expiresAt: number;
  preAuthExpiresAt: number | null;
  cancellationReason?: string;
  /** Authorised and not confirmed, released, voided or refunded. */
  held: bigint;
  confirmations: Map<string, WorldConfirmation>;
  /** Went back by a release: ours, or the lapse's. */
  released: bigint;
  voided: bigint;
  /** Refunded of the authorisation itself (no confirmation named), failed refunds not counted. */
  authRefunded: bigint;
  refunds: Map<string, WorldRefund>;
  activities: (PaymentActivity | RefundActivity)[];
  voidActivity?: PaymentActivity;
  /** Centrapay released the rest itself, at the authorisation's expiry. */
  lapsed: boolean;
}

type Answer<T> = { ok: T } | { refused: string };

export class HoldWorld {
  readonly requests = new Map<string, PreAuthRequest>();
  /** Calls that drew money (a confirmation taken, a release, a void, a refund), by what they were under: never twice. */
  readonly drawn = new Map<string, number>();
  /**
   * How Centrapay answers a repeat (§1.7 leaves a repeated void unspecified): the first answer again (the sandbox), or,
   * strict, ALREADY_REFUNDED once nothing is left to refund (§3.9, §3.10 list it).
   */
  strictRepeats = false;
  private next = 0;
  private activityNo = 0;

  constructor(public now = HOLD_START) {}

  ctx(): HoldContext {
    return { now: this.now };
  }

  create(hold: Pick<HoldState, 'externalRef' | 'amount' | 'lineItems'>): PreAuthRequest {
    this.next += 1;
    const request: PreAuthRequest = {
      id: `PA${this.next}`, ref: hold.externalRef, value: BigInt(hold.amount), lineItems: hold.lineItems, status: 'new', preAuthStatus: null,
      createdAt: this.now, expiresAt: this.now + HOLD_EXPIRY_SECONDS * 1000, preAuthExpiresAt: null, held: 0n, confirmations: new Map(), released: 0n,
      voided: 0n, authRefunded: 0n, refunds: new Map(), activities: [], lapsed: false,
    };
    this.requests.set(request.id, request);
    return request;
  }

  byRef(ref: string): PreAuthRequest[] {
    return [...this.requests.values()].filter((request) => request.ref === ref);
  }

  /** The patron approves in their app: the whole value is held. */
  authorise(id: string): boolean {
    const request = this.requests.get(id)!;
    if (request.status !== 'new') return false;
    request.status = 'paid';
    request.preAuthStatus = 'authorized';
    request.held = request.value;
    request.preAuthExpiresAt = this.now + PRE_AUTH_TTL_MS;
    this.activity(request, { type: 'authorization', value: this.money(request.value) });
    return true;
  }

  /** The patron declines. */
  decline(id: string): boolean {
    const request = this.requests.get(id)!;
    if (request.status !== 'new') return false;
    this.cancel(request, 'CANCELLED_BY_PATRON');
    return true;
  }

  advance(ms: number): void {
    this.now += ms;
    for (const request of this.requests.values()) {
      if (request.status === 'new' && this.now >= request.expiresAt) request.status = 'expired';
      // An unconfirmed rest lapses (§6.10): Centrapay releases it itself, at the expiry.
      if (request.preAuthStatus === 'authorized' && request.preAuthExpiresAt !== null && this.now >= request.preAuthExpiresAt) {
        const amount = request.held;
        request.released += amount;
        request.held = 0n;
        request.preAuthStatus = 'released';
        request.lapsed = true;
        if (amount > 0n) this.activity(request, { type: 'release', value: this.money(amount), createdBy: 'crn:system' }, request.preAuthExpiresAt);
      }
    }
  }

  /** §3.13: the same key and content answer the first confirmation, even once released. */
  confirm(id: string, body: { key: string; invoiceRef: string; lineItems: LineItem[]; amount: string }, refuse: string | null = null): Answer<PaymentActivity> {
    const request = this.requests.get(id)!;
    const print = JSON.stringify(body);
    const previous = request.confirmations.get(body.key);
    if (previous) return previous.print === print ? { ok: previous.activity } : { refused: 'IDEMPOTENT_OPERATION_FAILED' };
    const closed = this.closed(request);
    if (closed) return { refused: closed };
    if (refuse) return { refused: refuse };
    const amount = BigInt(body.amount);
    if (amount > request.held) return { refused: 'INVALID_AMOUNT' };
    request.held -= amount;
    const activity = this.activity(request, { type: 'confirmation', value: this.money(amount) });
    request.confirmations.set(body.key, { key: body.key, amount, print, refunded: 0n, activity });
    this.draw(`confirm:${id}:${body.key}`);
    return { ok: activity };
  }

  /** §3.12: an authorisation never completed is cancelled; an authorised one gives back what is held. */
  release(id: string): Answer<PaymentActivity> {
    const request = this.requests.get(id)!;
    if (request.status === 'new') return { ok: this.cancel(request, 'CANCELLED_BY_MERCHANT') };
    const closed = this.closed(request);
    if (closed) return { refused: closed };
    if (request.held === 0n) return { refused: 'INVALID_AMOUNT' };
    const amount = request.held;
    request.released += amount;
    request.held = 0n;
    request.preAuthStatus = 'released';
    this.draw(`release:${id}`);
    return { ok: this.activity(request, { type: 'release', value: this.money(amount) }) };
  }

  /** §3.10: within 24 h, without confirmations; a repeat answers the first. */
  void(id: string, refuse: string | null = null): Answer<PaymentActivity> {
    const request = this.requests.get(id)!;
    if (request.voidActivity) return this.strictRepeats && request.voided > 0n ? { refused: 'ALREADY_REFUNDED' } : { ok: request.voidActivity };
    if (request.status === 'cancelled') return { ok: request.activities.findLast((activity) => activity.type === 'cancellation')! };
    if (request.status === 'expired') return { refused: 'REQUEST_EXPIRED' };
    if (this.now > request.createdAt + VOID_WINDOW_MS) return { refused: 'VOID_WINDOW_EXCEEDED' };
    if (request.confirmations.size > 0) return { refused: 'PRE_AUTH_ALREADY_CONFIRMED' };
    if (refuse) return { refused: refuse };
    if (request.status === 'new') {
      request.voidActivity = this.cancel(request, 'CANCELLED_BY_MERCHANT');
      return { ok: request.voidActivity };
    }
    if (request.held === 0n) return { refused: 'ALREADY_REFUNDED' };
    const amount = request.held;
    request.voided += amount;
    request.held = 0n;
    request.preAuthStatus = 'released';
    this.draw(`void:${id}`);
    request.voidActivity = this.activity(request, { type: 'refund', value: this.money(amount) });
    return { ok: request.voidActivity };
  }

  /** §3.9 with §6.10: of a confirmation (by its key) or of what is still held; the same reference and amount answer the first. */
  refund(id: string, body: { ref: string; amount: string; key: string | null }, refuse: string | null = null): Answer<RefundActivity> {
    const request = this.requests.get(id)!;
    const amount = BigInt(body.amount);
    const previous = request.refunds.get(body.ref);
    const confirmation = body.key === null ? undefined : request.confirmations.get(body.key);
    if (previous && this.strictRepeats && (confirmation ? confirmation.amount === confirmation.refunded : request.held === 0n)) return { refused: 'ALREADY_REFUNDED' };
    if (previous) return previous.amount === amount ? { ok: previous.activity } : { refused: 'REPEAT_REFERENCE' };
    let left: bigint;
    if (body.key !== null) {
      if (!confirmation) return { refused: 'CONFIRMATION_NOT_FOUND' };
      left = confirmation.amount - confirmation.refunded;
    } else {
      if (request.status === 'new') return { refused: 'PRE_AUTH_PENDING' };
      if (request.status !== 'paid') return { refused: 'NOT_PAID' };
      left = request.held;
    }
    if (left === 0n) return { refused: 'ALREADY_REFUNDED' };
    if (amount > left) return { refused: 'INVALID_AMOUNT' };
    if (refuse) return { refused: refuse };
    if (confirmation) confirmation.refunded += amount;
    else {
      request.held -= amount;
      request.authRefunded += amount;
    }
    const activity = this.activity(request, { type: 'refund', value: this.money(amount), externalRef: body.ref, status: 'pending' }) as RefundActivity;
    request.refunds.set(body.ref, { ref: body.ref, amount, key: body.key, status: 'pending', activity });
    this.draw(`refund:${id}:${body.ref}`);
    return { ok: activity };
  }

  /**
   * Refunds under way finish: completed, or (`decline`) a refund of a confirmation is declined and the confirmed money
   * stays with the merchant. (What a declined refund of the authorisation would do is not documented: not modelled.)
   */
  settleRefunds(decline: (refund: WorldRefund) => boolean = () => false): void {
    for (const request of this.requests.values()) {
      for (const refund of request.refunds.values()) {
        if (refund.status !== 'pending') continue;
        if (refund.key !== null && decline(refund)) {
          refund.status = 'failed';
          request.confirmations.get(refund.key)!.refunded -= refund.amount;
        } else refund.status = 'completed';
        refund.activity.status = refund.status;
      }
    }
  }

  /** What Centrapay answers to a GET of the request. */
  view(id: string): PaymentRequest {
    const r = this.requests.get(id)!;
    return {
      id: r.id, shortCode: `CP-${r.id}`, url: `http://pos.test/sandbox/pay/${r.id}`, value: this.money(r.value), paymentOptions: [], merchantId: 'm',
      merchantName: 'Bar', configId: 'sbxConfigBar', status: r.status, createdAt: iso(r.createdAt), updatedAt: iso(this.now), expiresAt: iso(r.expiresAt),
      merchantConditions: [], lineItems: r.lineItems, externalRef: r.ref, terminalId: 'till-1', deviceId: 'SN-1', preAuth: true,
      ...(r.preAuthStatus ? { preAuthStatus: r.preAuthStatus } : {}),
      ...(r.preAuthExpiresAt !== null ? { preAuthExpiresAt: iso(r.preAuthExpiresAt) } : {}),
      ...(r.cancellationReason ? { cancellationReason: r.cancellationReason as PaymentRequest['cancellationReason'] } : {}),
    };
  }

  /** The money of an authorised request adds up: held, confirmed, released, voided and refunded of the authorisation. */
  conserved(r: PreAuthRequest): boolean {
    const confirmed = [...r.confirmations.values()].reduce((sum, confirmation) => sum + confirmation.amount, 0n);
    if (r.status !== 'paid') return r.held === 0n && confirmed === 0n;
    return r.held >= 0n && r.value === r.held + confirmed + r.released + r.voided + r.authRefunded;
  }

  private closed(request: PreAuthRequest): string | null {
    if (request.status === 'cancelled') return 'REQUEST_CANCELLED';
    if (request.status === 'expired') return 'REQUEST_EXPIRED';
    if (request.status === 'new') return 'PRE_AUTH_PENDING';
    if (request.preAuthStatus === 'released') return 'PRE_AUTH_RELEASED';
    return null;
  }

  private cancel(request: PreAuthRequest, reason: string): PaymentActivity {
    request.status = 'cancelled';
    request.cancellationReason = reason;
    return this.activity(request, { type: 'cancellation', value: this.money(request.value), cancellationReason: reason });
  }

  private draw(what: string): void {
    this.drawn.set(what, (this.drawn.get(what) ?? 0) + 1);
  }

  private activity<T extends Partial<RefundActivity>>(request: PreAuthRequest, fields: T, at = this.now): PaymentActivity & T {
    this.activityNo += 1;
    const activity = { id: `act-${this.activityNo}`, paymentRequestId: request.id, createdAt: iso(at), type: 'activity', ...fields } as PaymentActivity & T;
    request.activities.push(activity);
    return activity;
  }

  private money(cents: bigint): { amount: string; currency: string } {
    return { amount: cents.toString(), currency: 'NZD' };
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** How a runner's call goes: it reaches Centrapay or not, and Centrapay refuses it outright (`refuse`: its code). */
export interface Reach {
  reached: boolean;
  refuse: string | null;
}

export const REACHED: Reach = { reached: true, refuse: null };

/**
 * What a hold runner reports after running `effect` once against the world (hold/effects.ts, step by step): null when
 * it has nothing to report yet (the call did not get through, or what it reads is not there yet).
 */
export function observeHold(effect: HoldEffect, world: HoldWorld, reach: Reach = REACHED): HoldObservation | null {
  switch (effect.type) {
    case 'create': {
      const { hold } = effect;
      // After a lost answer (or a restart) the runner looks the reference up before it sends again.
      const found = world.byRef(hold.externalRef).find((request) => request.value === BigInt(hold.amount));
      if (found) return { type: 'created', paymentRequest: world.view(found.id) };
      if (!reach.reached) return world.now - Date.parse(hold.createdAt) >= UNKNOWN_AFTER_MS ? { type: 'createGaveUp', afterMs: UNKNOWN_AFTER_MS } : null;
      if (reach.refuse) return { type: 'createRefused', code: reach.refuse };
      return { type: 'created', paymentRequest: world.view(world.create(hold).id) };
    }
    case 'follow': {
      const request = world.view(effect.paymentRequestId);
      return holdStatusOf(request, false) === 'pending' ? null : { type: 'polled', paymentRequest: request };
    }
    case 'confirm': {
      if (!reach.reached) return null;
      const { confirmation: round } = effect;
      const answer = world.confirm(effect.paymentRequestId, { key: round.key, invoiceRef: round.invoiceRef, lineItems: round.lineItems, amount: round.amount }, reach.refuse);
      return 'ok' in answer ? { type: 'confirmed', key: round.key, activityId: answer.ok.id ?? null } : { type: 'confirmRefused', key: round.key, code: answer.refused };
    }
    case 'return':
      return reach.reached ? returnObservation(effect, world, reach) : null;
    case 'awaitRefund': {
      const refund = world.requests.get(effect.paymentRequestId)?.refunds.get(effect.item.id);
      if (!refund || refund.status === 'pending') return null;
      return { type: 'refundCompleted', id: effect.item.id, status: refund.status === 'completed' ? 'completed' : 'refused' };
    }
  }
}

function returnObservation(effect: Extract<HoldEffect, { type: 'return' }>, world: HoldWorld, reach: Reach): HoldObservation {
  const { item, paymentRequestId } = effect;
  const request = world.requests.get(paymentRequestId)!;
  if (item.kind === 'refund') {
    const answer = world.refund(paymentRequestId, { ref: item.id, amount: item.amount!, key: item.confirmationKey }, reach.refuse);
    // A refusal that may be about our own earlier refund: the activities tell.
    const ours = 'refused' in answer && ['ALREADY_REFUNDED', 'REPEAT_REFERENCE'].includes(answer.refused) && request.refunds.has(item.id);
    return 'ok' in answer || ours ? { type: 'refundAccepted', id: item.id } : { type: 'returnRefused', id: item.id, code: answer.refused };
  }
  const answer = item.kind === 'void' ? world.void(paymentRequestId, reach.refuse) : world.release(paymentRequestId);
  if ('ok' in answer) return { type: 'returned', id: item.id, activity: answer.ok };
  if (item.kind === 'release' && answer.refused === 'PRE_AUTH_RELEASED') {
    const expiresAt = request.preAuthExpiresAt ?? Number.POSITIVE_INFINITY;
    const ours = request.activities.find((activity) => activity.type === 'release' && Date.parse(activity.createdAt) < expiresAt);
    return ours ? { type: 'returned', id: item.id, activity: ours, found: true } : { type: 'returnRefused', id: item.id, code: answer.refused, lapsed: true };
  }
  return { type: 'returnRefused', id: item.id, code: answer.refused };
}

/** The lane or pump a hold's request is created for: what the world's requests carry. */
export const HOLD_OWNER: Omit<HoldOwner, 'id'> = { terminalId: 'till-1', deviceId: 'SN-1', configId: 'sbxConfigBar' };

/** The Centrapay client a hold's real runners call: the world, through the faults. */
export function holdClient(world: HoldWorld, faults: CallFaults): CentrapayClient {
  const client: Partial<CentrapayClient> = {
    createPaymentRequest: (body) => moneyCall<PaymentRequest>(faults, (refuse) => (refuse ? { refused: refuse } : {
      ok: world.view(world.create({ externalRef: body.externalRef!, amount: String(body.value.amount), lineItems: (body.lineItems ?? []) as LineItem[] }).id),
    })),
    listPaymentRequestsByExternalRef: (ref) => readCall(faults, () => world.byRef(ref).map((request) => world.view(request.id))),
    getPaymentRequest: (id) => readCall(faults, () => world.view(id)),
    listPaymentRequestActivities: (id) => readCall(faults, () => [...world.requests.get(id)!.activities].reverse()),
    confirmPreAuth: (id, body) => moneyCall(faults, (refuse) =>
      world.confirm(id, { key: body.idempotencyKey, invoiceRef: body.invoiceRef, lineItems: body.lineItems as LineItem[], amount: String(body.value!.amount) }, refuse)),
    releasePreAuth: (id) => moneyCall(faults, () => world.release(id)),
    voidPaymentRequest: (id) => moneyCall(faults, (refuse) => world.void(id, refuse)),
    refundPaymentRequest: (id, body) => moneyCall(faults, (refuse) =>
      world.refund(id, { ref: body.externalRef, amount: String(body.value.amount), key: body.confirmationIdempotencyKey ?? null }, refuse)),
  };
  return client as CentrapayClient;
}

/** What the hold's real runners are given, over the world's client. */
export function holdRunnerDeps(client: CentrapayClient): HoldRunnerDeps {
  return {
    client, owners: (id) => ({ id, ...HOLD_OWNER }), merchantAccountId: 'm', expirySeconds: HOLD_EXPIRY_SECONDS, unknownAfterMs: UNKNOWN_AFTER_MS,
    warn: (detail, message) => {
      throw new Error(`a hold runner warned: ${message} ${JSON.stringify(detail)}`);
    },
  };
}
