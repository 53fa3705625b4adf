// The QR payment flow on the gateway side: create a Payment Request from a lane's cart, watch it with one upstream
// poller, void it when the cashier cancels, when the till times out, or when its status cannot be determined.
import { cartSchema, cartToLineItems, cartTotal, type CartLine } from '../../domain/cart';
import { describeCentrapayCode, isFinalStatus, type PaymentActivity, type PaymentRequest } from '../../domain/centrapay';
import type { LanePayment, LaneState, PaymentOutcome } from '../../domain/lane';
import { CentrapayError, type CentrapayClient } from './centrapay-client';
import { GatewayHttpError } from './errors';
import type { Journal } from './journal';
import type { LaneHub } from './lane-hub';

export interface PaymentServiceOptions {
  expirySeconds: number;
  /** The till gives up this long after `expiresAt` (checklist 103.1: 5–10 s). */
  timeoutGraceSeconds: number;
  pollIntervalMs: number;
  /** After this long without a readable status, the request is voided (checklist 103.3). */
  unknownAfterMs: number;
  merchantAccountId: string;
  currency: string;
}

interface Logger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export class PaymentService {
  private readonly watchers = new Map<string, Watcher>();
  private readonly starting = new Map<string, Promise<LaneState>>();

  constructor(
    readonly hub: LaneHub,
    readonly journal: Journal,
    readonly client: CentrapayClient,
    readonly options: PaymentServiceOptions,
    readonly log: Logger,
  ) {}

  /** Restarts the watchers of payments that were in flight when the gateway stopped. */
  resume(): void {
    for (const lane of this.hub.all()) {
      const payment = this.hub.get(lane.id).payment;
      if (payment?.outcome === 'pending') {
        const watcher = this.watch(lane.id, payment.paymentRequest);
        if (payment.cancelling) watcher.requestVoid('cashier');
      }
    }
  }

  updateCart(laneId: string, cart: CartLine[]): LaneState {
    const state = this.hub.get(laneId);
    if (state.payment?.outcome === 'pending') {
      throw new GatewayHttpError(409, 'PAYMENT_IN_PROGRESS', 'A payment is in progress. Cancel it before changing the cart.');
    }
    // A new cart after a finished payment starts a new sale.
    return this.hub.update(laneId, () => ({ cart, payment: null }));
  }

  start(laneId: string, cart: CartLine[], operatorId: string): Promise<LaneState> {
    // A double click, or two tabs, get the payment already being created.
    const inFlight = this.starting.get(laneId);
    if (inFlight) return inFlight;
    const promise = this.create(laneId, cartSchema.parse(cart), operatorId).finally(() => this.starting.delete(laneId));
    this.starting.set(laneId, promise);
    return promise;
  }

  async cancel(laneId: string, paymentRequestId: string, operatorId: string): Promise<LaneState> {
    const payment = this.hub.get(laneId).payment;
    if (!payment || payment.paymentRequest.id !== paymentRequestId) {
      throw new GatewayHttpError(404, 'PAYMENT_NOT_FOUND', 'That payment is not the one on this lane.');
    }
    if (payment.outcome !== 'pending') return this.hub.get(laneId);
    this.hub.updatePayment(laneId, paymentRequestId, (current) => ({ ...current, cancelling: true }));
    const watcher = this.watchers.get(paymentRequestId) ?? this.watch(laneId, payment.paymentRequest);
    // Answer within a few seconds even when Centrapay is slow; the watcher keeps voiding and screens get the result.
    await Promise.race([watcher.requestVoid(`cashier:${operatorId}`), sleep(8_000)]);
    return this.hub.get(laneId);
  }

  /** Fetch a watched request now (a webhook said something happened). */
  poke(paymentRequestId: string): boolean {
    const watcher = this.watchers.get(paymentRequestId);
    watcher?.pollNow();
    return Boolean(watcher);
  }

  liveCount(): number {
    return this.watchers.size;
  }

  stop(): void {
    for (const watcher of this.watchers.values()) watcher.stop();
    this.watchers.clear();
  }

  private async create(laneId: string, cart: CartLine[], operatorId: string): Promise<LaneState> {
    const lane = this.hub.config(laneId);
    if (!lane) throw new GatewayHttpError(404, 'UNKNOWN_LANE', `There is no lane "${laneId}".`);
    const current = this.hub.get(laneId);
    if (current.payment?.outcome === 'pending') return current;
    if (cart.length === 0) throw new GatewayHttpError(400, 'EMPTY_CART', 'Add something to the cart first.');

    this.hub.update(laneId, () => ({ cart, payment: null }));
    const orderNumber = this.journal.nextOrderNumber(laneId);
    const externalRef = `${lane.terminalId}-${String(orderNumber).padStart(6, '0')}`;
    const body = {
      configId: lane.configId,
      value: { amount: cartTotal(cart), currency: this.options.currency },
      lineItems: cartToLineItems(cart),
      externalRef,
      terminalId: lane.terminalId,
      deviceId: lane.deviceId,
      operatorId,
      expirySeconds: this.options.expirySeconds,
    };
    const paymentRequest = await this.createReconciled(body, externalRef);
    this.journal.recordCreated(paymentRequest, laneId, `cashier:${operatorId}`, operatorId);
    const state = this.hub.update(laneId, () => ({
      cart,
      payment: {
        paymentRequest,
        outcome: outcomeOf(paymentRequest),
        orderRef: externalRef,
        startedAt: new Date().toISOString(),
        finishedAt: null,
        notice: null,
        cancelling: false,
      },
    }));
    this.watch(laneId, paymentRequest);
    return state;
  }

  /**
   * Create is not idempotent. When its outcome is unknown, look the request up by its externalRef before trying
   * again, so a retry never leaves two live requests for one sale (strays are voided).
   */
  private async createReconciled(body: Parameters<CentrapayClient['createPaymentRequest']>[0], externalRef: string): Promise<PaymentRequest> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        if (attempt > 0) {
          const found = (await this.client.listPaymentRequestsByExternalRef(externalRef, this.options.merchantAccountId))
            .filter((request) => request.status === 'new');
          const [newest, ...strays] = found;
          for (const stray of strays) void this.voidStray(stray.id);
          if (newest) return newest;
        }
        return await this.client.createPaymentRequest(body);
      } catch (error) {
        if (!(error instanceof CentrapayError) || error.kind === 'rejected') throw error;
        lastError = error;
        this.log.warn({ externalRef, code: error.code }, 'creating a Payment Request failed; reconciling');
        await sleep(250 * 2 ** attempt);
      }
    }
    throw lastError;
  }

  private async voidStray(id: string): Promise<void> {
    try {
      await this.client.voidPaymentRequest(id);
      this.journal.recordEvent(id, 'void', 'system:stray', 'a duplicate created by a retried create');
    } catch (error) {
      this.log.warn({ id, error: String(error) }, 'could not void a stray Payment Request');
    }
  }

  private watch(laneId: string, paymentRequest: PaymentRequest): Watcher {
    const existing = this.watchers.get(paymentRequest.id);
    if (existing) return existing;
    const watcher = new Watcher(this, laneId, paymentRequest, () => this.watchers.delete(paymentRequest.id));
    this.watchers.set(paymentRequest.id, watcher);
    watcher.schedule(this.options.pollIntervalMs);
    return watcher;
  }
}

function outcomeOf(paymentRequest: PaymentRequest): PaymentOutcome {
  switch (paymentRequest.status) {
    case 'new':
      return 'pending';
    default:
      return paymentRequest.status;
  }
}

/** One upstream poller for one live Payment Request, however many screens watch it. */
class Watcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private failingSince: number | undefined;
  private failures = 0;
  private voidActor: string | undefined;
  private voidWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly service: PaymentService,
    private readonly laneId: string,
    private paymentRequest: PaymentRequest,
    private readonly onDone: () => void,
  ) {}

  schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  pollNow(): void {
    if (!this.running) this.schedule(0);
  }

  requestVoid(actor: string): Promise<void> {
    this.voidActor ??= actor;
    const done = new Promise<void>((resolve) => this.voidWaiters.push(resolve));
    this.pollNow();
    return done;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.releaseVoidWaiters();
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = (this.voidActor ? this.tryVoid(this.voidActor) : this.poll()).finally(() => {
      this.running = undefined;
    });
    await this.running;
  }

  private async poll(): Promise<void> {
    const { client, options } = this.service;
    try {
      const paymentRequest = await client.getPaymentRequest(this.paymentRequest.id);
      this.failingSince = undefined;
      this.failures = 0;
      this.apply(paymentRequest, null);
      if (isFinalStatus(paymentRequest.status)) return this.finish();
      if (Date.now() > Date.parse(paymentRequest.expiresAt) + options.timeoutGraceSeconds * 1000) {
        this.voidActor = 'system:timeout';
        return this.schedule(0);
      }
      this.schedule(options.pollIntervalMs);
    } catch (error) {
      if (!(error instanceof CentrapayError) || error.kind === 'rejected') {
        // Centrapay says it cannot give us this request: nothing more to learn by polling.
        this.service.journal.recordEvent(this.paymentRequest.id, 'poll-rejected', 'system', errorText(error));
        return this.finishUnknown(`Centrapay would not return this payment (${errorText(error)}). Check it in the history.`);
      }
      this.failingSince ??= Date.now();
      this.failures += 1;
      const pastTimeout = Date.now() > Date.parse(this.paymentRequest.expiresAt) + options.timeoutGraceSeconds * 1000;
      if (pastTimeout || Date.now() - this.failingSince >= options.unknownAfterMs) {
        this.voidActor = 'system:status-unknown';
        this.setNotice('Centrapay is not answering, so this payment is being cancelled.');
        return this.schedule(0);
      }
      this.setNotice('Checking the payment with Centrapay…');
      this.schedule(this.backoff(error));
    }
  }

  private async tryVoid(actor: string): Promise<void> {
    const { client, journal } = this.service;
    const id = this.paymentRequest.id;
    try {
      const activity = await client.voidPaymentRequest(id);
      journal.recordEvent(id, 'void', actor, activity.type === 'refund' ? 'paid before the void; refunded' : null);
      this.voidActor = undefined;
      await this.settleAfterVoid(activity);
    } catch (error) {
      if (error instanceof CentrapayError && error.kind === 'rejected') {
        journal.recordEvent(id, 'void-rejected', actor, error.code);
        this.voidActor = undefined;
        if (error.code === 'REQUEST_PAID' || error.code === 'REQUEST_EXPIRED' || error.code === 'REQUEST_CANCELLED') {
          // The request already ended; read how, and show that.
          this.releaseVoidWaiters();
          return this.poll();
        }
        return this.finishUnknown(`Centrapay refused to cancel this payment (${describeCentrapayCode(error.code)}).`);
      }
      this.failures += 1;
      journal.recordEvent(id, 'void-failed', actor, errorText(error));
      this.setNotice('Cancelling… Centrapay is not answering yet, trying again.');
      this.schedule(this.backoff(error));
    }
  }

  private async settleAfterVoid(activity: PaymentActivity): Promise<void> {
    const notice = activity.type === 'refund' ? 'The customer had paid; the payment was refunded.' : null;
    try {
      const paymentRequest = await this.service.client.getPaymentRequest(this.paymentRequest.id);
      this.apply(paymentRequest, notice);
      if (isFinalStatus(paymentRequest.status) && paymentRequest.status !== 'paid') return this.finish();
    } catch {
      // The void itself is Centrapay's word that the request is cancelled.
    }
    this.service.journal.recordStatus(this.paymentRequest.id, 'cancelled', 'void');
    this.service.hub.updatePayment(this.laneId, this.paymentRequest.id, (payment) => ({ ...payment, outcome: 'cancelled', notice }));
    this.finish();
  }

  private apply(paymentRequest: PaymentRequest, notice: string | null): void {
    this.paymentRequest = paymentRequest;
    this.service.journal.recordStatus(paymentRequest.id, paymentRequest.status);
    this.service.hub.updatePayment(this.laneId, paymentRequest.id, (payment) => {
      const outcome = outcomeOf(paymentRequest);
      if (!changed(payment, paymentRequest, outcome, notice)) return payment;
      return { ...payment, paymentRequest, outcome, notice };
    });
  }

  private setNotice(notice: string): void {
    this.service.hub.updatePayment(this.laneId, this.paymentRequest.id, (payment) =>
      payment.notice === notice ? payment : { ...payment, notice },
    );
  }

  private finishUnknown(notice: string): void {
    this.service.journal.recordStatus(this.paymentRequest.id, 'unknown', 'system');
    this.service.hub.updatePayment(this.laneId, this.paymentRequest.id, (payment) => ({ ...payment, outcome: 'unknown', notice }));
    this.finish();
  }

  private finish(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.service.hub.updatePayment(this.laneId, this.paymentRequest.id, (payment) => ({
      ...payment,
      cancelling: false,
      finishedAt: payment.finishedAt ?? new Date().toISOString(),
    }));
    this.releaseVoidWaiters();
    this.onDone();
  }

  private releaseVoidWaiters(): void {
    for (const resolve of this.voidWaiters.splice(0)) resolve();
  }

  private backoff(error: unknown): number {
    const retryAfter = error instanceof CentrapayError && error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : 0;
    return Math.max(retryAfter, Math.min(this.service.options.pollIntervalMs * 2 ** this.failures, 8_000));
  }
}

function changed(payment: LanePayment, paymentRequest: PaymentRequest, outcome: PaymentOutcome, notice: string | null): boolean {
  return payment.outcome !== outcome || payment.notice !== notice || payment.paymentRequest.updatedAt !== paymentRequest.updatedAt ||
    payment.paymentRequest.status !== paymentRequest.status || payment.paymentRequest.remainingAmount !== paymentRequest.remainingAmount;
}

function errorText(error: unknown): string {
  return error instanceof CentrapayError ? error.code : error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
