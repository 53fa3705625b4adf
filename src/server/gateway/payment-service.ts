// The lane's sale on the gateway side: the QR flow (a Payment Request from the cart), the Connect flow (a wallet
// links first, then the request is created with its connectionId and the till collects what the offers left),
// external tenders, and cancelling. Watchers keep one upstream poller per live request or connection.
import { cartSchema, cartToLineItems, cartTotal, type CartLine } from '../../domain/cart';
import type { CreatePaymentRequestBody, PaymentRequest } from '../../domain/centrapay';
import type { LaneState, TenderMethod } from '../../domain/lane';
import { amountStillOwed } from '../../domain/sale';
import { sumCents } from '../../domain/money';
import { CentrapayError, type CentrapayClient } from './centrapay-client';
import { ConnectionWatcher } from './connection-watcher';
import { GatewayHttpError } from './errors';
import type { Journal } from './journal';
import { EMPTY_SALE, type LaneHub } from './lane-hub';
import { outcomeOf, PaymentWatcher, type WatchContext } from './payment-watcher';

export interface PaymentServiceOptions {
  expirySeconds: number;
  /** The till gives up this long after `expiresAt` (checklist 103.1: 5–10 s). */
  timeoutGraceSeconds: number;
  pollIntervalMs: number;
  /** After this long without a readable status, the request is voided (checklist 103.3). */
  unknownAfterMs: number;
  merchantAccountId: string;
  merchantId: string;
  currency: string;
}

interface Logger {
  warn(obj: object, msg: string): void;
}

export class PaymentService {
  private readonly payments = new Map<string, PaymentWatcher>();
  private readonly connections = new Map<string, ConnectionWatcher>();
  private readonly busy = new Map<string, Promise<LaneState>>();
  private readonly context: WatchContext;

  constructor(
    readonly hub: LaneHub,
    readonly journal: Journal,
    readonly client: CentrapayClient,
    readonly options: PaymentServiceOptions,
    readonly log: Logger,
  ) {
    this.context = { hub, journal, client, options };
  }

  /** Restarts the watchers of what was in flight when the gateway stopped. */
  resume(): void {
    for (const lane of this.hub.all()) {
      const { payment, connection } = this.hub.get(lane.id);
      if (payment?.outcome === 'pending') {
        const watcher = this.watchPayment(lane.id, payment.paymentRequest);
        if (payment.cancelling) void watcher.requestVoid('cashier');
      } else if (connection?.outcome === 'waiting') {
        this.watchConnection(lane.id, connection.id, 'cashier');
      }
    }
  }

  updateCart(laneId: string, cart: CartLine[]): LaneState {
    this.refuseWhileBusy(laneId);
    // A new cart after a finished sale starts a new sale.
    return this.hub.update(laneId, () => ({ cart, ...EMPTY_SALE }));
  }

  /** QR flow. A double click, or two tabs, get the payment already being created. */
  start(laneId: string, cart: CartLine[], operatorId: string): Promise<LaneState> {
    return this.once(laneId, async () => {
      if (this.isBusy(laneId)) return this.hub.get(laneId);
      this.beginSale(laneId, cart);
      await this.createPayment(laneId, operatorId, {});
      return this.hub.get(laneId);
    });
  }

  /** Connect flow: show the Connection QR; the request is created once the wallet authorises it. */
  connect(laneId: string, cart: CartLine[], operatorId: string): Promise<LaneState> {
    return this.once(laneId, async () => {
      if (this.isBusy(laneId)) return this.hub.get(laneId);
      this.beginSale(laneId, cart);
      const connection = await this.client.createConnection(this.options.merchantId);
      this.journal.recordEvent(connection.id, 'connection-created', `cashier:${operatorId}`, laneId);
      const startedAt = new Date();
      this.hub.update(laneId, (current) => ({
        ...current,
        connection: {
          id: connection.id,
          url: connection.url,
          outcome: 'waiting',
          walletName: null,
          startedAt: startedAt.toISOString(),
          expiresAt: new Date(startedAt.getTime() + (this.options.expirySeconds + this.options.timeoutGraceSeconds) * 1000).toISOString(),
          finishedAt: null,
          notice: null,
        },
      }));
      this.watchConnection(laneId, connection.id, operatorId);
      return this.hub.get(laneId);
    });
  }

  /**
   * The cashier took cash or card at the counter. With a live request it is recorded on it as an external payment
   * of exactly `remainingAmount` (checklist 304.3); with a wallet that never connected the sale is settled outside
   * Centrapay.
   */
  tender(laneId: string, method: TenderMethod, operatorId: string): Promise<LaneState> {
    return this.once(laneId, async () => {
      const state = this.hub.get(laneId);
      const { payment, connection, cart } = state;
      const owed = amountStillOwed(state);
      if (payment && owed) {
        // Paid in part through Centrapay (§6.7): the request is final, so the rest is taken at the counter (305.3).
        this.journal.recordEvent(payment.paymentRequest.id, 'tender-after-partial', `cashier:${operatorId}`, `${method} ${owed}`);
        this.hub.update(laneId, (current) => ({ ...current, settlement: { tender: { method, amount: owed }, at: new Date().toISOString() } }));
      } else if (payment?.outcome === 'pending') {
        await this.recordExternalPayment(laneId, payment.paymentRequest.id, payment.orderRef, method, operatorId);
      } else if (connection?.outcome === 'waiting') {
        this.connections.get(connection.id)?.stop();
        this.journal.recordEvent(connection.id, 'settled-outside', `cashier:${operatorId}`, method);
        this.hub.update(laneId, (current) => ({
          ...current,
          connection: { ...connection, outcome: 'bypassed', finishedAt: new Date().toISOString() },
          settlement: { tender: { method, amount: cartTotal(cart) }, at: new Date().toISOString() },
        }));
      } else {
        throw new GatewayHttpError(409, 'NOTHING_TO_PAY', 'There is no payment waiting on this lane.');
      }
      return this.hub.get(laneId);
    });
  }

  async cancel(laneId: string, paymentRequestId: string, operatorId: string): Promise<LaneState> {
    const payment = this.hub.get(laneId).payment;
    if (!payment || payment.paymentRequest.id !== paymentRequestId) {
      throw new GatewayHttpError(404, 'PAYMENT_NOT_FOUND', 'That payment is not the one on this lane.');
    }
    if (payment.outcome !== 'pending') return this.hub.get(laneId);
    this.hub.updatePayment(laneId, paymentRequestId, (current) => ({ ...current, cancelling: true }));
    const watcher = this.payments.get(paymentRequestId) ?? this.watchPayment(laneId, payment.paymentRequest);
    // Answer within a few seconds even when Centrapay is slow; the watcher keeps voiding and screens get the result.
    await Promise.race([watcher.requestVoid(`cashier:${operatorId}`), sleep(8_000)]);
    return this.hub.get(laneId);
  }

  /** The customer cannot pay what a partial payment left: their payment is refunded (checklist 305.3). */
  refundPartial(laneId: string, paymentRequestId: string, operatorId: string): Promise<LaneState> {
    return this.once(laneId, async () => {
      const state = this.hub.get(laneId);
      const { payment } = state;
      if (payment?.paymentRequest.id !== paymentRequestId || !amountStillOwed(state)) {
        throw new GatewayHttpError(409, 'NOTHING_TO_REFUND', 'This payment has nothing waiting to be refunded.');
      }
      const { paymentRequest } = payment;
      const paid = sumCents((paymentRequest.paidBy?.assetTotals ?? []).map((total) => total.total.amount));
      // One refund per sale, however often it is retried: Centrapay dedupes on externalRef.
      await this.client.refundPaymentRequest(paymentRequestId, {
        value: { amount: paid, currency: paymentRequest.value.currency },
        externalRef: `${payment.orderRef}-refund`,
      });
      this.journal.recordEvent(paymentRequestId, 'refund', `cashier:${operatorId}`, `${paid} (the rest could not be paid)`);
      return this.hub.updatePayment(laneId, paymentRequestId, (current) => ({
        ...current,
        outcome: 'cancelled',
        notice: 'The customer could not pay the rest; their payment was refunded.',
      }));
    });
  }

  cancelConnection(laneId: string, connectionId: string, operatorId: string): LaneState {
    const connection = this.hub.get(laneId).connection;
    if (connection?.id !== connectionId) throw new GatewayHttpError(404, 'CONNECTION_NOT_FOUND', 'That wallet connection is not the one on this lane.');
    if (connection.outcome !== 'waiting') return this.hub.get(laneId);
    this.connections.get(connectionId)?.stop();
    this.journal.recordEvent(connectionId, 'connection-cancelled', `cashier:${operatorId}`);
    return this.hub.update(laneId, (current) => ({
      ...current,
      connection: { ...connection, outcome: 'cancelled', finishedAt: new Date().toISOString() },
    }));
  }

  /** Fetch a watched request now (a webhook said something happened). */
  poke(paymentRequestId: string): boolean {
    const watcher = this.payments.get(paymentRequestId);
    watcher?.pollNow();
    return Boolean(watcher);
  }

  liveCount(): number {
    return this.payments.size + this.connections.size;
  }

  stop(): void {
    for (const watcher of [...this.payments.values(), ...this.connections.values()]) watcher.stop();
    this.payments.clear();
    this.connections.clear();
  }

  private isBusy(laneId: string): boolean {
    const { payment, connection } = this.hub.get(laneId);
    return payment?.outcome === 'pending' || connection?.outcome === 'waiting';
  }

  private refuseWhileBusy(laneId: string): void {
    if (this.isBusy(laneId)) {
      throw new GatewayHttpError(409, 'PAYMENT_IN_PROGRESS', 'A payment is in progress. Cancel it before changing the cart.');
    }
  }

  /** One lane action at a time: a second press while the first is under way gets the first one's answer. */
  private once(laneId: string, action: () => Promise<LaneState>): Promise<LaneState> {
    if (!this.hub.config(laneId)) throw new GatewayHttpError(404, 'UNKNOWN_LANE', `There is no lane "${laneId}".`);
    const inFlight = this.busy.get(laneId);
    if (inFlight) return inFlight;
    const promise = action().finally(() => this.busy.delete(laneId));
    this.busy.set(laneId, promise);
    return promise;
  }

  private beginSale(laneId: string, cart: CartLine[]): void {
    const parsed = cartSchema.parse(cart);
    if (parsed.length === 0) throw new GatewayHttpError(400, 'EMPTY_CART', 'Add something to the cart first.');
    this.hub.update(laneId, () => ({ cart: parsed, ...EMPTY_SALE }));
  }

  private async createPayment(laneId: string, operatorId: string, extra: { connectionId?: string }): Promise<void> {
    const lane = this.hub.config(laneId)!;
    const { cart } = this.hub.get(laneId);
    const orderNumber = this.journal.nextOrderNumber(laneId);
    const externalRef = `${lane.terminalId}-${String(orderNumber).padStart(6, '0')}`;
    const total = cartTotal(cart);
    const body: CreatePaymentRequestBody = {
      configId: lane.configId,
      value: { amount: total, currency: this.options.currency },
      lineItems: cartToLineItems(cart),
      externalRef,
      terminalId: lane.terminalId,
      deviceId: lane.deviceId,
      operatorId,
      expirySeconds: this.options.expirySeconds,
      // With a wallet linked, offers pay part and the till collects the rest (checklist 305.1, 305.2).
      ...(extra.connectionId ? { connectionId: extra.connectionId, partialAllowed: true, basketAmount: total } : {}),
    };
    const paymentRequest = await this.createReconciled(body, externalRef);
    this.journal.recordCreated(paymentRequest, laneId, `cashier:${operatorId}`, operatorId);
    const state = this.hub.update(laneId, (current) => ({
      ...current,
      payment: {
        paymentRequest,
        tenders: [],
        outcome: outcomeOf(paymentRequest),
        orderRef: externalRef,
        startedAt: new Date().toISOString(),
        finishedAt: null,
        notice: null,
        cancelling: false,
      },
    }));
    const watcher = this.watchPayment(laneId, paymentRequest);
    if (state.settlement || (extra.connectionId && state.connection?.outcome !== 'linked')) {
      // The sale was settled another way while the request was being created: it must not stay payable.
      void watcher.requestVoid('system:settled-outside');
    }
  }

  /**
   * Create is not idempotent. When its outcome is unknown, look the request up by its externalRef before trying
   * again, so a retry never leaves two live requests for one sale (strays are voided).
   */
  private async createReconciled(body: CreatePaymentRequestBody, externalRef: string): Promise<PaymentRequest> {
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

  private async recordExternalPayment(laneId: string, id: string, orderRef: string, method: TenderMethod, operatorId: string): Promise<void> {
    // Read the amount still owed from Centrapay, never from the till's own sums.
    const paymentRequest = await this.client.getPaymentRequest(id);
    const watcher = this.payments.get(id);
    if (paymentRequest.status !== 'new') {
      await watcher?.runNow();
      return;
    }
    const amount = paymentRequest.remainingAmount ?? paymentRequest.value.amount;
    await this.client.payPaymentRequest(id, {
      assetType: paymentRequest.liveness === 'main' ? 'external.main' : 'external.test',
      mode: 'multi-asset-payment',
      amount,
      externalPaymentRef: `${orderRef}-${method}`,
      // The same tender of the same amount is one payment, however often it is retried.
      idempotencyKey: `${id}-${method}-${amount}`,
    });
    this.journal.recordEvent(id, 'tender', `cashier:${operatorId}`, `${method} ${amount}`);
    this.hub.updatePayment(laneId, id, (payment) => ({ ...payment, tenders: [...payment.tenders, { method, amount }] }));
    await watcher?.runNow();
  }

  private watchPayment(laneId: string, paymentRequest: PaymentRequest): PaymentWatcher {
    const existing = this.payments.get(paymentRequest.id);
    if (existing) return existing;
    const watcher = new PaymentWatcher(this.context, laneId, paymentRequest, () => this.payments.delete(paymentRequest.id));
    this.payments.set(paymentRequest.id, watcher);
    watcher.schedule(this.options.pollIntervalMs);
    return watcher;
  }

  private watchConnection(laneId: string, connectionId: string, operatorId: string): void {
    if (this.connections.has(connectionId)) return;
    const watcher = new ConnectionWatcher(
      this.context,
      laneId,
      connectionId,
      async () => {
        try {
          await this.createPayment(laneId, operatorId, { connectionId });
        } catch (error) {
          this.log.warn({ connectionId, error: String(error) }, 'could not create the Payment Request for a connected wallet');
          this.hub.update(laneId, (current) => current.connection?.id === connectionId
            ? { ...current, connection: { ...current.connection, outcome: 'expired', finishedAt: new Date().toISOString(), notice: 'The wallet connected, but the payment could not be started. Take payment another way or try again.' } }
            : current);
        }
      },
      () => this.connections.delete(connectionId),
    );
    this.connections.set(connectionId, watcher);
    watcher.schedule(this.options.pollIntervalMs);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
