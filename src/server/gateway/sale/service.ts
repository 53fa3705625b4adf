// The lanes' sales, on the engine shell: the cashier's commands (priced from the catalog, numbered, decoded) go to
// the sale engine one at a time per lane, and every committed change is pushed to the lane's screens. The engine
// (engine.ts) decides; the shell commits, tells, and runs the effects (effect-runners.ts).
import { priceCart, type CartItem, type CartLine } from '../../../domain/cart';
import type { CatalogItem } from '../../../domain/catalog';
import { describeCentrapayCode, type DecodeResult, type PaymentActivity } from '../../../domain/centrapay';
import type { LaneKind } from '../../../domain/kiosk';
import { cardPartnerPercent } from '../../../domain/card-partner';
import type { CounterTender, DecodedCode, OrderKind, PresentedCode, SaleReferences } from '../../../domain/lane';
import { maskPatronCode, patronCodeProblem } from '../../../domain/patron-code';
import { salePhase } from '../../../domain/sale';
import type { StoreCentrapay } from '../centrapay/accounts';
import { CentrapayError } from '../centrapay/errors';
import { EngineRefusal, type EngineStore } from '../engine/engine';
import { EngineShell } from '../engine/shell';
import { GatewayHttpError } from '../errors';
import type { Journal } from '../journal/journal';
import { afterActivity } from './activity-feed';
import type { SaleEffect } from './effects';
import { runSaleEffect } from './effect-runners';
import { hasBusiness, saleEngine, type SaleEngine } from './engine';
import type { LaneEvent, LaneObservation, PatronCodePayment, SaleRecord } from './events';
import { orderRef } from './order-ref';
import { SaleAccounts, type ChainFeeds } from './sale-accounts';
import { EMPTY_LANE, type StoredLane } from './state';
import { saleLaneView, type SaleLaneState } from './lane-view';
import type { TransitionContext } from './transition';
import type { SharedKeys } from '../engine/shared';

export interface LaneConfig {
  id: string;
  name: string;
  terminalId: string;
  deviceId: string;
  configId: string;
  /** A till (the default) or a self-checkout kiosk (gateway/kiosk). */
  kind?: LaneKind;
  /** Its store's Card Partner discount (a percentage), for a sale a Farmlands card pays in full. */
  cardPartnerPercent?: string | null;
}

export interface SaleServiceOptions {
  /** A chain: its activity feeds read by one instance at a time, and what they show told to every instance. */
  chain?: ChainFeeds;
  /** A chain's other instances on the same journal (chain/); absent: this process alone. */
  shared?: SharedKeys;
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
  currency: string;
  resultSeconds: number;
}

export interface Logger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What a press brings besides the cart: the customer's code, money taken at the counter, the cashier's references. */
export interface PayExtras {
  code?: PatronCodePayment;
  counter?: CounterTender;
  refs?: SaleReferences;
}

/** A lane's sale as its screens see it; the lane's view (lanes/lane-views.ts) adds its tab and numbers each change. */

const SEP = '\u0000';

export class SaleService {
  /** The engine shell (a chain registers it to share its keys). */
  readonly shell: EngineShell<StoredLane, LaneEvent, SaleRecord, TransitionContext, SaleEffect, LaneObservation>;
  private readonly engine: SaleEngine;
  private readonly configsById: ReadonlyMap<string, LaneConfig>;
  private readonly catalog: ReadonlyMap<string, CatalogItem>;
  private readonly listeners = new Set<(lane: string) => void>();
  /** Codes decoded lately, so Charge after the cashier saw the provider's name does not ask Centrapay again. */
  private readonly decoded = new Map<string, { result: PresentedCode; until: number }>();
  /** In a chain: what a webhook or the feed said lately of requests watched elsewhere, should their watching come here. */
  private readonly heardElsewhere = new Map<string, { activities: PaymentActivity[]; at: number }>();
  /** Each lane's Centrapay (its store's client), and each account's poll policy and activity feed. */
  readonly accounts: SaleAccounts;

  constructor(
    private readonly configs: readonly LaneConfig[],
    private readonly journal: Journal,
    /** The Centrapay a lane's store calls with. */
    private readonly centrapayOf: (lane: string) => StoreCentrapay,
    catalog: readonly CatalogItem[],
    readonly options: SaleServiceOptions,
    private readonly log: Logger,
  ) {
    this.configsById = new Map(configs.map((config) => [config.id, config]));
    this.catalog = new Map(catalog.map((item) => [item.sku, item]));
    this.accounts = new SaleAccounts(centrapayOf, {
      baseIntervalMs: options.pollIntervalMs,
      timeoutGraceMs: options.timeoutGraceSeconds * 1000,
      activityFeed: options.activityFeed,
      webhooks: options.webhooks,
      unknownAfterMs: options.unknownAfterMs,
      lookupIntervalMs: options.lookupIntervalMs,
      single: options.chain?.single,
    }, (account) => this.liveCount(account, Boolean(options.shared)), (id, activities) =>
      // In a chain the request may be watched by another instance: what the feed showed goes to every instance.
      options.chain ? options.chain.news(id, activities) : this.observeActivities(id, activities),
    (detail, message) => log.warn(detail, message));
    this.engine = saleEngine(options);
    this.shell = new EngineShell({
      name: 'sale',
      engine: this.engine,
      store: this.store(),
      context: () => this.context(),
      run: (effect, run, lane) => runSaleEffect(effect, run, this.accounts.deps(lane)).then(() => undefined),
      backoff: { baseMs: options.pollIntervalMs, maxMs: MAX_BACKOFF_MS },
      initial: () => EMPTY_LANE,
      pinned: (lane) => this.has(lane),
      log,
      shared: options.shared,
      views: (lane) => [lane],
    });
    this.shell.onChange((lane, state, before) => this.changed(lane, state, before));
  }

  /** Loads every lane's saved state and resumes what was in flight, including lanes no longer configured. */
  async start(): Promise<void> {
    await this.shell.start(this.configs.map((config) => config.id));
    for (const [lane, state] of [...this.shell.held()]) {
      if (this.has(lane)) continue;
      this.log.warn({ lane, phase: salePhase(state), order: state.order?.ref }, 'a lane removed from the configuration still has a payment with Centrapay; finishing it');
      await this.shell.report(lane, { type: 'retire' });
    }
    this.accounts.start([...this.configs.map((config) => config.id), ...[...this.shell.held()].map(([lane]) => lane)]);
  }

  stop(): void {
    this.accounts.stop();
    this.shell.stop();
  }

  lanes(): LaneConfig[] {
    return [...this.configs];
  }

  products(): CatalogItem[] {
    return [...this.catalog.values()];
  }

  has(laneId: string): boolean {
    return this.configsById.has(laneId);
  }

  state(laneId: string): SaleLaneState {
    const config = this.configured(laneId);
    return saleLaneView(config, this.shell.cached(laneId) ?? EMPTY_LANE, new Date(), this.options.resultSeconds);
  }

  /** Hears of every committed change of a configured lane's sale. */
  onChange(listener: (lane: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Payment Requests and Connections being watched upstream now (one poller each), on one account's lanes or all. */
  liveCount(merchantAccountId?: string, acrossChain = false): number {
    // A chain's instances share each account's budget: its pace counts the live requests every instance watches.
    const effects = acrossChain ? this.shell.wanted() : this.shell.effects();
    return effects.filter(({ key, effect }) => (effect.type === 'poll' || effect.type === 'pollConnection') &&
      (merchantAccountId === undefined || this.centrapayOf(key).merchantAccountId === merchantAccountId)).length;
  }

  /** Per lane: its live requests watched here, and whether its payment's outcome is unknown (a person must check it). */
  laneSamples(): { lane: string; live: number; unknown: boolean }[] {
    const live = new Map<string, number>();
    for (const { key, effect } of this.shell.effects()) {
      if (effect.type === 'poll' || effect.type === 'pollConnection') live.set(key, (live.get(key) ?? 0) + 1);
    }
    return this.configs.map(({ id }) => ({ lane: id, live: live.get(id) ?? 0, unknown: this.shell.cached(id)?.payment?.outcome === 'unknown' }));
  }

  /**
   * A request's new activities, from the merchant's feed or a verified webhook: the one that ends it is what
   * Centrapay says of it, as a read would; otherwise any activity but its creation (or none known) cues a read.
   */
  async observeActivities(paymentRequestId: string, activities: PaymentActivity[]): Promise<void> {
    const watched = this.shell.effects().find(({ effect }) => effect.type === 'poll' && effect.id === paymentRequestId);
    if (!watched) return this.keepForWatcher(paymentRequestId, activities);
    const payment = this.shell.cached(watched.key)?.payment;
    const request = payment?.paymentRequest.id === paymentRequestId ? payment.paymentRequest : null;
    const ended = request ? activities.map((activity) => afterActivity(request, activity)).findLast((after) => after !== null) : undefined;
    if (ended && (await this.shell.report(watched.key, { type: 'polled', paymentRequest: ended }))) return;
    if (activities.length === 0 || activities.some((activity) => activity.type !== 'request' && activity.type !== 'preAuthRequest')) {
      this.shell.wake((effect, lane) => lane === watched.key && effect.key === watched.effect.key);
    }
  }

  /**
   * In a chain, news of a request another instance watches is kept a while: should that instance be lost while the
   * patron pays, the one that takes the watching over knows at once what was said meanwhile (nobody watched then),
   * rather than after reading it, which waits its turn with every other request taken over.
   */
  private keepForWatcher(paymentRequestId: string, activities: PaymentActivity[]): void {
    if (!this.options.shared || activities.length === 0) return;
    const now = Date.now();
    for (const [id, kept] of this.heardElsewhere) {
      if (now - kept.at <= HEARD_KEPT_MS) break;
      this.heardElsewhere.delete(id);
    }
    const kept = this.heardElsewhere.get(paymentRequestId)?.activities ?? [];
    this.heardElsewhere.delete(paymentRequestId);
    this.heardElsewhere.set(paymentRequestId, { activities: [...kept, ...activities], at: now });
  }

  /** A lane whose watching this instance has just taken over: what it heard of the request meanwhile is taken first. */
  private takeHeard(laneId: string, state: StoredLane): void {
    const id = state.payment?.outcome === 'pending' ? state.payment.paymentRequest.id : undefined;
    const kept = id === undefined ? undefined : this.heardElsewhere.get(id);
    if (!id || !kept) return;
    // Once the shell has started the lane's runners (after its listeners are told).
    setImmediate(() => {
      if (!this.shell.effects().some(({ key, effect }) => key === laneId && effect.type === 'poll' && effect.id === id)) return;
      this.heardElsewhere.delete(id);
      void this.observeActivities(id, kept.activities);
    });
  }

  // Commands from an authorised cashier screen.

  async setCart(laneId: string, items: CartItem[], actor: string): Promise<void> {
    await this.dispatch(laneId, { type: 'setCart', cart: this.price(items), actor });
  }

  async newSale(laneId: string, actor: string): Promise<void> {
    await this.dispatch(laneId, { type: 'newSale', actor });
  }

  /**
   * What a code the patron presented is (§3.17), before anything is charged: Centrapay's decode, in words for the
   * cashier. A code that is malformed, fails its check digit or is unknown is refused here and nothing is created.
   */
  async decode(laneId: string, code: string): Promise<PresentedCode> {
    const config = this.configured(laneId);
    const problem = patronCodeProblem(code);
    if (problem) throw new GatewayHttpError(400, 'INVALID_CODE', problem);
    const key = `${config.configId}${SEP}${code}`;
    const cached = this.decoded.get(key);
    if (cached && cached.until > Date.now()) return cached.result;
    let decoded: DecodeResult;
    try {
      decoded = await this.centrapayOf(laneId).client.decode(code, config.configId);
    } catch (error) {
      throw decodeFailure(error);
    }
    const result = { masked: maskPatronCode(code), provider: decoded.provider, displayName: decoded.displayName };
    this.decoded.set(key, { result, until: Date.now() + DECODE_KEPT_MS });
    for (const [other, entry] of this.decoded) if (entry.until <= Date.now()) this.decoded.delete(other);
    return result;
  }

  /** A code decoded for the cashier, with the store's Card Partner discount if it pays the whole sale. */
  async decodeForCashier(laneId: string, code: string): Promise<DecodedCode> {
    const presented = await this.decode(laneId, code);
    return { ...presented, cardPartnerPercent: cardPartnerPercent(presented.provider, this.configured(laneId).cardPartnerPercent) };
  }

  /** Pay by a code the patron presented: decoded first (never trusting a screen's word for it), then created. */
  async payByCode(laneId: string, items: CartItem[], code: string, patronNotPresent: boolean, actor: string, refs?: SaleReferences): Promise<void> {
    const cart = this.price(items);
    const presented = await this.decode(laneId, code);
    return this.pay(laneId, 'code', cart, actor, { code: { barcode: code, presented, patronNotPresent }, refs });
  }

  /** Accept or decline a condition the request is waiting on (§6.9); the request is read again afterwards. */
  async decide(laneId: string, ref: string, conditionId: string, decision: 'accept' | 'decline', actor: string): Promise<void> {
    await this.dispatch(laneId, { type: 'decide', ref, conditionId, decision, actor });
    return this.answer(laneId, (s) => s.order?.ref !== ref || s.step?.kind !== 'deciding');
  }

  /**
   * Pay (QR flow), Connect or a presented code: the cart is frozen and numbered, and the answer comes within
   * `answerWithinMs`. The order number is taken only once the press is known to be accepted.
   */
  async pay(laneId: string, kind: OrderKind, items: CartItem[] | CartLine[], actor: string, with_: PayExtras = {}): Promise<void> {
    const { terminalId, deviceId, configId, cardPartnerPercent } = this.configured(laneId);
    const cart = isPriced(items) ? items : this.price(items);
    const { code, counter, refs } = with_;
    const extras = { ...(code ? { code } : {}), ...(counter ? { counter } : {}), ...(refs ? { refs } : {}) };
    const press = (number: number, ref: string): LaneEvent => ({
      type: 'pay', kind, cart, actor, ...extras,
      order: { ref, number, currency: this.options.currency, match: { terminalId, deviceId, configId }, cardPartnerPercent: cardPartnerPercent ?? null },
    });
    const state = await this.dispatchFrom(laneId, async (current, ctx) => {
      // The rest of a sale paid in part keeps the sale's number; anything else is a new order.
      const owed = salePhase(current) === 'owed' && current.order;
      const probe = this.engine.transition(current, press(owed ? current.order!.number : 0, owed ? current.order!.ref : PROBE_REF), ctx);
      if (probe.refused) throw new EngineRefusal(probe.refused);
      if (probe.state === current) return null;
      if (owed) return press(current.order!.number, current.order!.ref);
      const number = await this.journal.sales.takeOrderNumber();
      return press(number, orderRef(terminalId, number));
    });
    const started = state.order?.ref;
    return this.answer(laneId, (s) => s.order?.ref !== started || (s.step?.kind !== 'creating' && s.step?.kind !== 'connecting'));
  }

  /** A sale paid at the counter from the start: settled at once, or its first part taken (the rest by another tender). */
  payAtCounter(laneId: string, items: CartItem[], counter: CounterTender, actor: string, refs?: SaleReferences): Promise<void> {
    return this.pay(laneId, 'counter', items, actor, { counter, refs });
  }

  async tender(laneId: string, ref: string, counter: CounterTender, actor: string): Promise<void> {
    await this.dispatch(laneId, { type: 'tender', ref, ...counter, actor });
    return this.answer(laneId, (s) => s.order?.ref !== ref || s.step?.kind !== 'tendering');
  }

  async cancel(laneId: string, ref: string, actor: string): Promise<void> {
    await this.dispatch(laneId, { type: 'cancel', ref, actor });
    return this.answer(laneId, (s) => s.order?.ref !== ref || (s.step?.kind !== 'cancelling' && !s.step?.cancelRequested));
  }

  async refund(laneId: string, ref: string, actor: string): Promise<void> {
    await this.dispatch(laneId, { type: 'refund', ref, actor });
    return this.answer(laneId, (s) => s.order?.ref !== ref || s.step?.kind !== 'refunding');
  }

  private price(items: CartItem[]): CartLine[] {
    const priced = priceCart(items, this.catalog);
    if ('unknown' in priced) {
      throw new GatewayHttpError(400, 'UNKNOWN_PRODUCT', `This till does not sell ${priced.unknown.map((sku) => `"${sku}"`).join(', ')}. Reload the screen to get the current products.`);
    }
    return priced.lines;
  }

  private configured(laneId: string): LaneConfig {
    const config = this.configsById.get(laneId);
    if (!config) throw new GatewayHttpError(404, 'UNKNOWN_LANE', `There is no lane "${laneId}". Lanes on this till: ${this.configs.map((c) => c.id).join(', ')}.`);
    return config;
  }

  private dispatch(laneId: string, event: LaneEvent): Promise<StoredLane> {
    this.configured(laneId);
    return this.shell.dispatch(laneId, event);
  }

  private dispatchFrom(laneId: string, build: (state: StoredLane, ctx: TransitionContext) => Promise<LaneEvent | null>): Promise<StoredLane> {
    this.configured(laneId);
    return this.shell.dispatchFrom(laneId, build);
  }

  /** Resolves once `settled` holds, or after `answerWithinMs`: the cashier is then shown whatever the lane shows. */
  private async answer(laneId: string, settled: (state: StoredLane) => boolean): Promise<void> {
    await this.shell.answer(laneId, settled, this.options.answerWithinMs);
  }

  /** After every committed change: the lane's screens are told, and what follows from the change is started. */
  private changed(laneId: string, state: StoredLane, before: StoredLane | undefined): void {
    if (this.heardElsewhere.size > 0) this.takeHeard(laneId, state);
    if (this.has(laneId)) {
      for (const listener of [...this.listeners]) listener(laneId);
    } else if (!hasBusiness(state)) {
      this.log.warn({ lane: laneId }, 'the removed lane has finished its business with Centrapay');
    }
    // After an answer to a condition the request is read at once (§6.9): its status and conditions decide.
    if (before?.step?.kind === 'deciding' && state.step?.kind !== 'deciding' && state.payment) {
      const id = state.payment.paymentRequest.id;
      this.shell.wake((effect, lane) => lane === laneId && effect.type === 'poll' && effect.id === id);
    }
  }

  private store(): EngineStore<StoredLane, SaleRecord> {
    const { sales } = this.journal;
    return {
      load: (lane) => sales.load(lane),
      commit: (lane, state, records, tx) => sales.commit(lane, state, records, tx),
      unfinished: async () => {
        const { lanes, quarantined } = await sales.lanes();
        for (const { lane, problem } of quarantined) {
          this.log.error({ journal: this.journal.location, lane, problem }, 'a saved lane state could not be read; it was quarantined and the lane starts empty');
        }
        // Lanes still configured, and lanes removed from the configuration that still have business with Centrapay.
        return lanes.filter(({ key, state }) => this.has(key) || hasBusiness(state));
      },
    };
  }

  private context(): TransitionContext {
    const { expirySeconds, timeoutGraceSeconds, unknownAfterMs } = this.options;
    return { now: Date.now(), expirySeconds, timeoutGraceSeconds, unknownAfterMs };
  }
}

/** The pause after failures at most (backoff). */
const MAX_BACKOFF_MS = 8_000;
/** The reference a Pay press is first tried under, to see whether it would be accepted before a number is taken. */
const PROBE_REF = 'probe';

/** How long a decode is reused: long enough for the cashier to read the name and press Charge. */
const DECODE_KEPT_MS = 5 * 60 * 1000;
/** How long news of a request watched by another instance is kept (past any takeover: a lease is 3 s). */
const HEARD_KEPT_MS = 60_000;

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
