// The sale engine's shell. Every command and observation on a lane goes through `dispatch`: the transition function
// decides, the journal records the new state and its rows in one durable transaction, and only then is memory
// updated and every screen of the lane told. Dispatch is synchronous, so commands on a lane run one at a time and
// each is checked against the state it will change. After each change the runners are matched to what the lane
// needs (actions.ts); at start-up the same matching resumes whatever the last process left in flight.
import { cartTotal, priceCart, type CartItem, type CartLine } from '../../../domain/cart';
import type { CatalogItem } from '../../../domain/catalog';
import type { LaneKind } from '../../../domain/kiosk';
import { describeCentrapayCode, type DecodeResult } from '../../../domain/centrapay';
import type { CounterTender, LaneState, OrderKind, PresentedCode } from '../../../domain/lane';
import { maskPatronCode, patronCodeProblem } from '../../../domain/patron-code';
import { salePhase } from '../../../domain/sale';
import type { PaymentActivity } from '../../../domain/centrapay';
import type { CentrapayClient } from '../centrapay/client';
import { CentrapayError } from '../centrapay/errors';
import type { RateGovernor } from '../centrapay/rate-governor';
import { GatewayHttpError } from '../errors';
import { JournalUnavailable, type Journal } from '../journal/journal';
import { requiredActions, type LaneAction } from './actions';
import { ActivityFeed, afterActivity } from './activity-feed';
import type { LaneEvent, LaneObservation, PatronCodePayment } from './events';
import { orderRef } from './order-ref';
import { PollPolicy } from './poll-policy';
import { startRunner, type Runner } from './runners';
import { readSavedLane } from './saved-state';
import { EMPTY_LANE, type StoredLane } from './state';
import { transition, type TransitionContext } from './transition';

export interface LaneConfig {
  id: string;
  name: string;
  terminalId: string;
  deviceId: string;
  configId: string;
  /** A till (the default) or a self-checkout kiosk (gateway/kiosk). */
  kind?: LaneKind;
}

export interface SaleServiceOptions {
  expirySeconds: number;
  /** The till gives up this long after `expiresAt` (checklist 103.1: 5–10 s). */
  timeoutGraceSeconds: number;
  pollIntervalMs: number;
  /** After this long without a readable status or answer, a request is voided (checklist 103.3). */
  unknownAfterMs: number;
  /** A cashier's command answers within this, whatever Centrapay does; the lane shows what it is still waiting on. */
  answerWithinMs: number;
  lookupIntervalMs: number;
  activityFeed: 'auto' | 'on' | 'off';
  /** Webhooks are on: they cue a read when a request is paid, so the activity feed is not needed for that. */
  webhooks: boolean;
  merchantAccountId: string;
  merchantId: string;
  currency: string;
  resultSeconds: number;
}

export interface Logger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

type Listener = (state: LaneState) => void;

interface Slot {
  id: string;
  config: LaneConfig;
  state: StoredLane;
  version: number;
  listeners: Set<Listener>;
  /** Commands waiting to answer the cashier (not screens). */
  waiters: Set<() => void>;
}

const SEP = '\u0000';

export class SaleService {
  private readonly slots = new Map<string, Slot>();
  private readonly runners = new Map<string, Runner>();
  private readonly catalog: ReadonlyMap<string, CatalogItem>;
  /** Orders numbered by this process: their first create is sent straight away. Any other create (after a restart,
   * or run again) looks the order up first, in case an earlier one reached Centrapay. */
  private readonly freshOrders = new Set<string>();
  private readonly createsSent = new Set<string>();
  /** Codes decoded lately, so Charge after the cashier saw the provider's name does not ask Centrapay again. */
  private readonly decoded = new Map<string, { result: PresentedCode; until: number }>();
  // Starts at the boot time so versions keep growing across restarts of the gateway.
  private version = Date.now();
  private stopped = false;
  readonly policy: PollPolicy;
  private readonly feed: ActivityFeed;

  constructor(
    private readonly configs: readonly LaneConfig[],
    private readonly journal: Journal,
    private readonly client: CentrapayClient,
    governor: RateGovernor,
    catalog: readonly CatalogItem[],
    readonly options: SaleServiceOptions,
    private readonly log: Logger,
  ) {
    this.catalog = new Map(catalog.map((item) => [item.sku, item]));
    this.policy = new PollPolicy(
      {
        perMinute: governor.perMinute,
        baseIntervalMs: options.pollIntervalMs,
        timeoutGraceMs: options.timeoutGraceSeconds * 1000,
        activityFeed: options.activityFeed,
        webhooks: options.webhooks,
      },
      () => this.liveCount(),
      () => governor.spentLastMinute(['money', 'cue']),
    );
    this.feed = new ActivityFeed(client, options.merchantId, this.policy, (id, activities) => this.observeActivities(id, activities), (detail, message) => log.warn(detail, message));
    for (const config of configs) this.slots.set(config.id, { id: config.id, config, state: EMPTY_LANE, version: this.version, listeners: new Set(), waiters: new Set() });
  }

  /** Loads every lane's saved state and resumes what was in flight, including lanes no longer configured. */
  start(): void {
    const retired: Slot[] = [];
    for (const row of this.journal.loadLanes()) {
      const saved = readSavedLane(row.state);
      if ('problem' in saved) {
        this.log.error({ journal: this.journal.path, lane: row.id, problem: saved.problem }, 'a saved lane state could not be read; it was quarantined and the lane starts empty');
        try {
          this.journal.quarantine(row.id, row.state, saved.problem);
        } catch (error) {
          this.log.error({ journal: this.journal.path, lane: row.id, err: String(error) }, 'could not quarantine the lane state');
        }
        continue;
      }
      const slot = this.slots.get(row.id);
      if (slot) slot.state = saved.state;
      else if (hasBusiness(saved.state)) {
        const config = { id: row.id, name: row.id, terminalId: '', deviceId: '', configId: '' };
        const orphaned: Slot = { id: row.id, config, state: saved.state, version: this.version, listeners: new Set(), waiters: new Set() };
        this.slots.set(row.id, orphaned);
        retired.push(orphaned);
      }
    }
    for (const slot of retired) {
      this.log.warn({ lane: slot.id, phase: salePhase(slot.state), order: slot.state.order?.ref }, 'a lane removed from the configuration still has a payment with Centrapay; finishing it');
      this.report(slot.id, { type: 'retire' });
    }
    for (const slot of this.slots.values()) this.reconcile(slot);
    this.feed.start();
  }

  stop(): void {
    this.stopped = true;
    this.feed.stop();
    for (const runner of this.runners.values()) runner.stop();
    this.runners.clear();
  }

  lanes(): LaneConfig[] {
    return [...this.configs];
  }

  products(): CatalogItem[] {
    return [...this.catalog.values()];
  }

  has(laneId: string): boolean {
    return this.configs.some((config) => config.id === laneId);
  }

  state(laneId: string): LaneState {
    return this.publicState(this.configured(laneId));
  }

  subscribe(laneId: string, listener: Listener): () => void {
    const slot = this.configured(laneId);
    slot.listeners.add(listener);
    return () => slot.listeners.delete(listener);
  }

  subscriberCount(): number {
    let count = 0;
    for (const slot of this.slots.values()) count += slot.listeners.size;
    return count;
  }

  /** Payment Requests and Connections being watched upstream now (one poller each). */
  liveCount(): number {
    let count = 0;
    for (const runner of this.runners.values()) if (runner.action.type === 'poll' || runner.action.type === 'pollConnection') count += 1;
    return count;
  }

  /**
   * A request's new activities, from the merchant's feed or a verified webhook: the one that ends it is what
   * Centrapay says of it, as a read would; otherwise any activity but its creation (or none known) cues a read.
   */
  observeActivities(paymentRequestId: string, activities: PaymentActivity[]): void {
    for (const [key, runner] of this.runners) {
      if (runner.action.type !== 'poll' || runner.action.id !== paymentRequestId) continue;
      const laneId = key.slice(0, key.indexOf(SEP));
      const payment = this.slots.get(laneId)?.state.payment;
      const request = payment?.paymentRequest.id === paymentRequestId ? payment.paymentRequest : null;
      const ended = request ? activities.map((activity) => afterActivity(request, activity)).findLast((after) => after !== null) : undefined;
      if (ended && this.report(laneId, { type: 'polled', paymentRequest: ended })) return;
      if (activities.length === 0 || activities.some((activity) => activity.type !== 'request' && activity.type !== 'preAuthRequest')) runner.wake();
      return;
    }
  }

  // Commands from an authorised cashier screen.

  setCart(laneId: string, items: CartItem[], actor: string): LaneState {
    this.dispatch(laneId, { type: 'setCart', cart: this.price(items), actor });
    return this.state(laneId);
  }

  newSale(laneId: string, actor: string): LaneState {
    this.dispatch(laneId, { type: 'newSale', actor });
    return this.state(laneId);
  }

  /**
   * What a code the patron presented is (§3.17), before anything is charged: Centrapay's decode, in words for the
   * cashier. A code that is malformed, fails its check digit or is unknown is refused here and nothing is created.
   */
  async decode(laneId: string, code: string): Promise<PresentedCode> {
    const slot = this.configured(laneId);
    const problem = patronCodeProblem(code);
    if (problem) throw new GatewayHttpError(400, 'INVALID_CODE', problem);
    const key = `${slot.config.configId}${SEP}${code}`;
    const cached = this.decoded.get(key);
    if (cached && cached.until > Date.now()) return cached.result;
    let decoded: DecodeResult;
    try {
      decoded = await this.client.decode(code, slot.config.configId);
    } catch (error) {
      throw decodeFailure(error);
    }
    const result = { masked: maskPatronCode(code), provider: decoded.provider, displayName: decoded.displayName };
    this.decoded.set(key, { result, until: Date.now() + DECODE_KEPT_MS });
    for (const [other, entry] of this.decoded) if (entry.until <= Date.now()) this.decoded.delete(other);
    return result;
  }

  /** Pay by a code the patron presented: decoded first (never trusting a screen's word for it), then created. */
  async payByCode(laneId: string, items: CartItem[], code: string, patronNotPresent: boolean, actor: string): Promise<LaneState> {
    const cart = this.price(items);
    const presented = await this.decode(laneId, code);
    return this.pay(laneId, 'code', cart, actor, { barcode: code, presented, patronNotPresent });
  }

  /** Accept or decline a condition the request is waiting on (§6.9); the request is read again afterwards. */
  decide(laneId: string, ref: string, conditionId: string, decision: 'accept' | 'decline', actor: string): Promise<LaneState> {
    this.dispatch(laneId, { type: 'decide', ref, conditionId, decision, actor });
    return this.answer(laneId, (s) => s.order?.ref !== ref || s.step?.kind !== 'deciding');
  }

  /** Pay (QR flow), Connect or a presented code: the cart is frozen and numbered, and the answer comes within `answerWithinMs`. */
  async pay(laneId: string, kind: OrderKind, items: CartItem[] | CartLine[], actor: string, code?: PatronCodePayment, counter?: CounterTender): Promise<LaneState> {
    const slot = this.configured(laneId);
    const cart = isPriced(items) ? items : this.price(items);
    const { terminalId, deviceId, configId } = slot.config;
    const current = slot.state.order;
    // The rest of a sale paid in part keeps the sale's number; anything else is a new order.
    const number = salePhase(slot.state) === 'owed' && current ? current.number : this.journal.nextOrderNumber();
    const ref = current && number === current.number ? current.ref : orderRef(terminalId, number);
    const order = { ref, number, currency: this.options.currency, match: { terminalId, deviceId, configId } };
    this.freshOrders.add(ref);
    const state = this.dispatch(laneId, { type: 'pay', kind, cart, order, actor, ...(code ? { code } : {}), ...(counter ? { counter } : {}) });
    const started = state.order?.ref;
    return this.answer(laneId, (s) => s.order?.ref !== started || (s.step?.kind !== 'creating' && s.step?.kind !== 'connecting'));
  }

  /** A sale paid at the counter from the start: settled at once, or its first part taken (the rest by another tender). */
  payAtCounter(laneId: string, items: CartItem[], counter: CounterTender, actor: string): Promise<LaneState> {
    return this.pay(laneId, 'counter', items, actor, undefined, counter);
  }

  tender(laneId: string, ref: string, counter: CounterTender, actor: string): Promise<LaneState> {
    this.dispatch(laneId, { type: 'tender', ref, ...counter, actor });
    return this.answer(laneId, (s) => s.order?.ref !== ref || s.step?.kind !== 'tendering');
  }

  cancel(laneId: string, ref: string, actor: string): Promise<LaneState> {
    this.dispatch(laneId, { type: 'cancel', ref, actor });
    return this.answer(laneId, (s) => s.order?.ref !== ref || (s.step?.kind !== 'cancelling' && !s.step?.cancelRequested));
  }

  refund(laneId: string, ref: string, actor: string): Promise<LaneState> {
    this.dispatch(laneId, { type: 'refund', ref, actor });
    return this.answer(laneId, (s) => s.order?.ref !== ref || s.step?.kind !== 'refunding');
  }

  private price(items: CartItem[]): CartLine[] {
    const priced = priceCart(items, this.catalog);
    if ('unknown' in priced) {
      throw new GatewayHttpError(400, 'UNKNOWN_PRODUCT', `This till does not sell ${priced.unknown.map((sku) => `"${sku}"`).join(', ')}. Reload the screen to get the current products.`);
    }
    return priced.lines;
  }

  private configured(laneId: string): Slot {
    const slot = this.slots.get(laneId);
    if (!slot || !this.has(laneId)) throw new GatewayHttpError(404, 'UNKNOWN_LANE', `There is no lane "${laneId}". Lanes on this till: ${this.configs.map((c) => c.id).join(', ')}.`);
    return slot;
  }

  /** Resolves with the lane's state once `settled` holds, or after `answerWithinMs` with whatever the lane shows then. */
  private answer(laneId: string, settled: (state: StoredLane) => boolean): Promise<LaneState> {
    const slot = this.configured(laneId);
    if (settled(slot.state)) return Promise.resolve(this.publicState(slot));
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        slot.waiters.delete(check);
        resolve(this.publicState(slot));
      };
      const check = () => {
        if (settled(slot.state)) finish();
      };
      const timer = setTimeout(finish, this.options.answerWithinMs);
      slot.waiters.add(check);
    });
  }

  /** The one writer of lane state. Throws a refusal (409/400) or JournalUnavailable (503); either way nothing changed. */
  private dispatch(laneId: string, event: LaneEvent): StoredLane {
    const slot = this.slots.get(laneId);
    if (!slot) throw new GatewayHttpError(404, 'UNKNOWN_LANE', `There is no lane "${laneId}".`);
    const result = transition(slot.state, event, this.context());
    if (result.refused) throw new GatewayHttpError(result.refused.statusCode, result.refused.code, result.refused.message);
    if (result.state === slot.state && result.records.length === 0) return slot.state;
    this.journal.commit(laneId, result.state, result.records);
    slot.state = result.state;
    slot.version = ++this.version;
    const published = this.publicState(slot);
    for (const listener of [...slot.listeners]) listener(published);
    for (const waiter of [...slot.waiters]) waiter();
    this.reconcile(slot);
    if (!this.has(laneId) && !hasBusiness(slot.state)) {
      this.log.warn({ lane: laneId }, 'the removed lane has finished its business with Centrapay');
      this.slots.delete(laneId);
    }
    return slot.state;
  }

  /** A runner's observation. False when it could not be recorded (the journal failed), so the runner reports again. */
  private report(laneId: string, event: LaneObservation): boolean {
    if (!this.slots.has(laneId)) return true;
    try {
      this.dispatch(laneId, event);
      // After an answer to a condition the request is read at once (§6.9): its status and conditions decide.
      if (event.type === 'decided' || event.type === 'decideRejected') this.runners.get(`${laneId}${SEP}poll:${event.id}`)?.wake();
      return true;
    } catch (error) {
      if (error instanceof JournalUnavailable) {
        this.log.warn({ lane: laneId, event: event.type, failure: error.failure }, 'could not record what Centrapay said; will report it again');
      } else {
        this.log.error({ lane: laneId, event: event.type, err: error instanceof Error ? error.stack : String(error) }, 'could not apply an observation');
      }
      return false;
    }
  }

  private reconcile(slot: Slot): void {
    if (this.stopped) return;
    const prefix = `${slot.id}${SEP}`;
    const wanted = new Map<string, LaneAction>();
    for (const action of requiredActions(slot.state, this.options)) wanted.set(prefix + action.key, action);
    for (const [key, runner] of this.runners) {
      if (key.startsWith(prefix) && !wanted.has(key)) {
        runner.stop();
        this.runners.delete(key);
      }
    }
    for (const [key, action] of wanted) if (!this.runners.has(key)) this.launch(slot, key, action);
  }

  private launch(slot: Slot, key: string, action: LaneAction): void {
    const lookupFirst = action.type === 'create' && (!this.freshOrders.has(action.ref) || this.createsSent.has(action.key));
    if (action.type === 'create') this.createsSent.add(action.key);
    const runner = startRunner(action, {
      client: this.client,
      merchantAccountId: this.options.merchantAccountId,
      merchantId: this.options.merchantId,
      pollIntervalMs: this.options.pollIntervalMs,
      pollDelayMs: (request) => this.policy.delayMs(request),
      unknownAfterMs: this.options.unknownAfterMs,
      lookupIntervalMs: this.options.lookupIntervalMs,
      report: (event) => this.report(slot.id, event),
      warn: (detail, message) => this.log.warn({ lane: slot.id, ...detail }, message),
    }, { lookupFirst });
    this.runners.set(key, runner);
    void runner.finished.then(() => {
      if (this.runners.get(key) !== runner) return;
      this.runners.delete(key);
      // Done, or stopped early while still needed (a bug, or a report it could not make): match again shortly.
      setTimeout(() => {
        const current = this.slots.get(slot.id);
        if (current) this.reconcile(current);
      }, 1_000).unref();
    });
  }

  private context(): TransitionContext {
    const { expirySeconds, timeoutGraceSeconds, unknownAfterMs } = this.options;
    return { now: Date.now(), expirySeconds, timeoutGraceSeconds, unknownAfterMs };
  }

  private publicState(slot: Slot): LaneState {
    const { state } = slot;
    return {
      lane: { id: slot.config.id, name: slot.config.name },
      cart: state.cart,
      total: cartTotal(state.cart),
      order: state.order && {
        ref: state.order.ref,
        kind: state.order.kind,
        total: state.order.total,
        startedAt: state.order.startedAt,
        code: state.order.code,
        patronNotPresent: state.order.patronNotPresent,
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
      version: slot.version,
      serverTime: new Date().toISOString(),
      resultSeconds: this.options.resultSeconds,
    };
  }
}

/** How long a decode is reused: long enough for the cashier to read the name and press Charge. */
const DECODE_KEPT_MS = 5 * 60 * 1000;

function isPriced(items: CartItem[] | CartLine[]): items is CartLine[] {
  return items.every((item) => 'unitPrice' in item);
}

/** A decode that failed, in words: Centrapay's refusal is the customer's code; anything else is Centrapay. */
export function decodeFailure(error: unknown): GatewayHttpError {
  if (error instanceof CentrapayError && error.kind === 'rejected') {
    const words = DECODE_REFUSED[error.code] ?? `Centrapay would not read this code: ${describeCentrapayCode(error.code)}`;
    return new GatewayHttpError(error.statusCode === 400 ? 400 : 422, error.code, words);
  }
  return new GatewayHttpError(502, 'CENTRAPAY_UNAVAILABLE', 'Centrapay is not answering, so the code could not be checked. Nothing was charged. Try again, or take payment another way.');
}

const DECODE_REFUSED: Record<string, string> = {
  UNKNOWN_CODE: 'Centrapay does not know this code. Ask the customer to show it again, or to pay another way. Nothing was charged.',
  PATRON_CODE_INVALID: 'This code is not valid or has expired. Ask the customer to show a new one. Nothing was charged.',
  CHECKSUM_FAILED: 'Centrapay says the code was misread (its check digit is wrong). Scan it again. Nothing was charged.',
  INVALID_MERCHANT_CONFIG: 'This store does not accept that kind of code. Ask the customer to pay another way. Nothing was charged.',
  MERCHANT_CONFIG_NOT_FOUND: 'The till’s Centrapay configuration was not found. Ask the store’s IT person to check CENTRAPAY_CONFIG_ID.',
};

/** Anything still to settle with Centrapay: a live payment or connection, a command under way, loose ends. */
function hasBusiness(state: StoredLane): boolean {
  const phase = salePhase(state);
  return state.step !== null || state.loose.length > 0 || phase === 'starting' || phase === 'connecting' || phase === 'paying' || phase === 'owed';
}
