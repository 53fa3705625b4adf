// The gateway: the web app's only backend and the only holder of the Centrapay API key. It builds the services (the
// journal, the Centrapay client and its budget, one engine per money flow), starts and stops them with the server,
// and registers the routes: what only an authorised cashier screen may do in one scope, the rest in their own.
import type { FastifyInstance } from 'fastify';
import { hostname } from 'node:os';
import { z } from 'zod';
import type { PaymentActivity } from '../../domain/centrapay';
import type { CatalogItem } from '../../domain/catalog';
import type { Language } from '../../domain/language';
import { refusal } from '../../domain/sale';
import { afterSaleRoutes } from './after-sale/routes';
import { AfterSaleService, type AfterSaleOptions } from './after-sale/service';
import { CentrapayAccounts, type StoreCentrapay } from './centrapay/accounts';
import { RateBudgets } from './centrapay/rate-budgets';
import { GatewayHttpError, registerErrorHandler } from './errors';
import { reportRoutes } from './history/report-routes';
import { SalesAtCentrapay } from './history/at-centrapay';
import { atCentrapayRoutes } from './history/at-centrapay-routes';
import { historyRoutes } from './history/routes';
import { holdRoutes } from './hold/routes';
import { HoldService, type HoldOptions } from './hold/service';
import type { Journal } from './journal/journal';
import { openJournal } from './journal/open-journal';
import { PostgresJournal } from './journal/postgres/postgres-journal';
import { openChain, type Chain } from './chain/chain';
import { SqliteJournal } from './journal/sqlite/sqlite-journal';
import { kioskRoutes } from './kiosk/routes';
import { cashierAuth, isLocal } from './lanes/cashier-auth';
import { LaneViews } from './lanes/lane-views';
import { laneRoutes } from './lanes/routes';
import { StreamsPerClient } from './lanes/streams-per-client';
import { TenderNames } from './lanes/tender-names';
import { Machines } from './machines/machines';
import { PumpService } from './machines/pump-service';
import { readinessRoutes } from './readiness';
import { machineHistoryRoutes, machineRoutes } from './machines/routes';
import { GatewayMetrics, metricsRoute } from './metrics/metrics';
import { storeSamples } from './metrics/store-samples';
import { DisplayCodes } from './pairing/display-codes';
import { displayCodeIssueRoutes, displayCodeResolveRoutes } from './pairing/routes';
import { preflightRoutes } from './preflight/routes';
import { preflightSettingsOf } from './preflight/target';
import { receiptLinkRoutes, receiptRoutes, type ReceiptOptions } from './receipts/routes';
import { SaleService, type SaleServiceOptions } from './sale/service';
import { cashierStoreRoutes } from './stores/routes';
import { StoreScope } from './stores/store-scope';
import { Stores, type Store } from './stores/stores';
import { VendService, type VendOptions } from './vend/service';
import { webhookRoutes, WebhookVerifier, type WebhookVerifierOptions } from './webhooks/webhooks';

export interface GatewayOptions {
  centrapayBaseUrl: string | (() => string);
  journalPath: string;
  /**
   * The chain's stores (a single store's configuration is one, `default`): each store's lanes and machines, the
   * Centrapay account and key it acts through, its cashier and kiosk staff codes, and who its receipts are from.
   */
  stores: readonly Store[];
  /** A PostgreSQL journal (JOURNAL_URL) instead of the SQLite file at `journalPath`: a chain's instances share it. */
  journalUrl?: string;
  catalog: readonly CatalogItem[];
  sales: Omit<SaleServiceOptions, 'webhooks'>;
  /** Each account's budget, calls a minute to Centrapay (CENTRAPAY_RATE_LIMIT). */
  rateLimitPerMinute: number;
  /** The origin receipt links use (each store's receipts say who they are from). */
  receipts: Omit<ReceiptOptions, 'merchantOf'>;
  /** What the screens need to know about the set-up (never the key). */
  publicConfig: { sandbox: boolean; logoUrl: string; merchantName: string | null; merchantLogoUrl: string | null; slides: readonly string[]; displayLanguage: Language };
  /** Self-checkout kiosks: how long a kiosk waits for a patron who walked away (each store has its own staff code). */
  kiosk?: { idleSeconds: number };
  requestTimeoutMs?: number;
  retries?: number;
  /** Centrapay webhooks: where its signing keys are and the URL it posts to. Absent: no webhook endpoint. */
  webhooks?: WebhookVerifierOptions;
  /** Refunds and voids of finished sales: how often a refund's completion is read, and the clock (tests move it). */
  afterSale?: Partial<Pick<AfterSaleOptions, 'pollMs' | 'maxPollMs' | 'now'>>;
  /** Pre-auth holds (bar tabs, pumps): how often they are read, how long a patron has to authorise, and the clock. */
  preAuth?: Partial<Pick<HoldOptions, 'pollMs' | 'maxPollMs' | 'expirySeconds' | 'now'>>;
  /**
   * Unattended machines (each store's own): how long a vending machine has to confirm a paid vend, and how patrons'
   * phones reach the machines' pages (PUBLIC_URL; on the sandbox the server's own): Centrapay sends them back there.
   */
  machines?: { vendTimeoutSeconds: number; vends?: Partial<Pick<VendOptions, 'pollMs' | 'maxPollMs' | 'now'>>; publicUrl?: string | (() => string) };
  /** Lane event streams one client address may hold open at once (EVENT_STREAMS_PER_CLIENT; default 20). */
  eventStreamsPerClient?: number;
  /** Lets /metrics be scraped from elsewhere than this computer, with `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** The chaos run's switch for a read-only journal disk (never with a real Centrapay; loopback callers only). */
  chaosControl?: boolean;
}

interface Logger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Everything the routes are served by. */
interface Services {
  metrics: GatewayMetrics;
  journal: Journal;
  stores: Stores;
  accounts: CentrapayAccounts;
  /** The budgets shared with the chain's other instances (only with a PostgreSQL journal). */
  budgets: RateBudgets | undefined;
  sales: SaleService;
  afterSale: AfterSaleService;
  holds: HoldService;
  vends: VendService;
  pumps: PumpService;
  views: LaneViews;
  machines: Machines;
  displayCodes: DisplayCodes;
  /** With a PostgreSQL journal: this instance's part in the chain. */
  chain?: Chain;
}

export async function gatewayPlugin(app: FastifyInstance, options: GatewayOptions): Promise<void> {
  const services = await buildServices(options, app.log);
  registerErrorHandler(app);
  app.addHook('onReady', () => start(services, app.log));
  app.addHook('onClose', () => stop(services));
  registerReads(app, services, options);
  await app.register(readinessRoutes(services.journal));
  await app.register(async (cashierScope) => {
    await cashierAuth(cashierScope, { stores: options.stores });
    await registerCashierRoutes(cashierScope, services, options);
  });
  await registerPublicRoutes(app, services, options);
  if (options.chaosControl) registerChaosControl(app, services.journal);
}

async function buildServices(options: GatewayOptions, log: Logger): Promise<Services> {
  const metrics = new GatewayMetrics();
  const stores = new Stores(options.stores);
  // Every row the journal writes carries the store of its lane or machine.
  const journal = await openJournal({ path: options.journalPath, url: options.journalUrl },
    { storeOf: (place) => stores.serving(place).id, onWrite: metrics.recordJournalWrite, onFailure: metrics.recordJournalFailure });
  const chain = journal instanceof PostgresJournal ? openChain(journal, options.journalUrl!, log, () => stores.lanes().map((lane) => lane.id)) : undefined;
  const budgets = options.journalUrl
    ? RateBudgets.connect(options.journalUrl, { unreachable: (account, err) => log.warn({ account, err }, 'the shared rate budget’s database is out of reach: keeping to this instance’s share') })
    : undefined;
  const accounts = new CentrapayAccounts(options.stores, {
    perMinute: options.rateLimitPerMinute,
    observer: { waited: metrics.recordRateWait, throttled: metrics.recordRateLimited },
    sharedBudget: budgets && ((account, perMinute) => budgets.forAccount(account, perMinute)),
    client: {
      baseUrl: options.centrapayBaseUrl,
      timeoutMs: options.requestTimeoutMs,
      // One quick retry per call (checklist 103.2); beyond that the runners retry with backoff, each failure observed.
      retries: options.retries ?? 1,
      onRequest: metrics.recordUpstream,
    },
  });
  // Whatever is done for a lane or machine is done with its store's Centrapay.
  const centrapayOf = (place: string) => accounts.forStore(stores.serving(place).id);
  const engines = buildEngines(options, { journal, stores, centrapayOf, chain }, log);
  metrics.watch({
    instance: { id: chain?.owner ?? `${hostname()}-${process.pid}`, journal: chain ? 'postgres' : 'sqlite' },
    stores: () => storeSamples(stores, engines),
    chain: chain && (() => ({ leases: chain.coordinator.leasesHeld(), listening: chain.coordinator.listening })),
    livePayments: () => engines.sales.liveCount(),
    connectedScreens: () => engines.views.subscriberCount(),
    queueDepth: () => accounts.waitingByKind(),
    pollIntervalSeconds: () => engines.sales.accounts.intervalMs() / 1000,
    activityFeedOn: () => (engines.sales.accounts.feedOn() ? 1 : 0),
  });
  return { metrics, journal, stores, accounts, ...engines, displayCodes: new DisplayCodes(), chain, budgets };
}

/** One engine per money flow, each calling Centrapay with the store's client of what it acts for. */
interface EngineParts {
  journal: Journal;
  stores: Stores;
  centrapayOf: (place: string) => StoreCentrapay;
  /** With a PostgreSQL journal: the engines share their keys with the chain's other instances. */
  chain: Chain | undefined;
}

function buildEngines(options: GatewayOptions, { journal, stores, centrapayOf, chain }: EngineParts, log: Logger) {
  const { sales: sale } = options;
  const money = { currency: sale.currency, answerWithinMs: sale.answerWithinMs, unknownAfterMs: sale.unknownAfterMs, now: Date.now, shared: chain?.keys };
  const sales = new SaleService(stores.lanes(), journal, centrapayOf, options.catalog, { ...sale, webhooks: Boolean(options.webhooks), shared: chain?.keys, chain: chain?.feeds }, log);
  const afterSale = new AfterSaleService(journal, (lane) => centrapayOf(lane).client, { pollMs: 1_000, maxPollMs: 30_000, ...money, ...options.afterSale }, log);
  const lanesById = new Map(stores.lanes().map((lane) => [lane.id, lane]));
  const machines = new Machines(stores.machines(), sale.currency, options.machines?.publicUrl);
  const holds = new HoldService(journal, centrapayOf, (id) => lanesById.get(id) ?? machines.holdOwner(id),
    { expirySeconds: 300, pollMs: sale.pollIntervalMs, maxPollMs: 5_000, ...money, ...options.preAuth }, log);
  const vends = new VendService(journal, centrapayOf, machines, {
    expirySeconds: sale.expirySeconds, vendTimeoutMs: (options.machines?.vendTimeoutSeconds ?? 20) * 1000, pollMs: sale.pollIntervalMs, maxPollMs: 2_000,
    ...money, ...options.machines?.vends,
  }, log);
  const pumps = new PumpService(holds, machines);
  const views = new LaneViews(sales, holds, Date.now, chain?.coordinator);
  chain?.attach({ sales, afterSale, holds, vends });
  return { sales, afterSale, holds, vends, pumps, views, machines };
}

/**
 * Every engine resumes what the last process left in flight (in a chain, hearing the others' changes and counting its
 * calls in the shared budget first), each place's with its store's Centrapay, a removed place's too.
 */
async function start(services: Services, log: Logger): Promise<void> {
  const { sales, afterSale, holds, vends, pumps, views, chain, budgets } = services;
  const steps: [string, (() => Promise<void>) | undefined][] = [
    ['the journal', () => reportUnwritableJournal(services, log)],
    ['the stores of removed places', () => learnRemovedPlaces(services, log)],
    ['the shared rate budget', budgets && (() => budgets.start())],
    ['hearing the other instances', chain && (() => chain.coordinator.start())],
    ['sales', () => sales.start()],
    ['refunds and voids', () => afterSale.start()],
    ['tabs and pumps', () => holds.start()],
    ['vends', () => vends.start()],
    ['the lanes\' views', () => views.start()],
  ];
  for (const [name, step] of steps) {
    const began = Date.now();
    await step?.();
    if (Date.now() - began > SLOW_START_STEP_MS) log.warn({ step: name, ms: Date.now() - began }, 'a start-up step was slow');
  }
  void pumps.start({ warn: (err) => log.warn({ err: String(err) }, 'could not look for pumps left authorised after a finish; the next start looks again') });
}

/** A start-up step slower than this is logged (Fastify gives the whole start 10 s). */
const SLOW_START_STEP_MS = 2_000;

/** A journal that cannot write at start (a disk that filled while the till was stopped) is said at once, not at the first sale. */
async function reportUnwritableJournal({ journal }: Services, log: Logger): Promise<void> {
  const { writable, failure, message } = await journal.health();
  if (!writable) log.warn({ journal: journal.location, failure }, `the journal cannot be written: ${message}`);
}

/** Which store a place taken out of the configuration was journaled under: its business is finished with that store's. */
async function learnRemovedPlaces({ journal, stores }: Services, log: Logger): Promise<void> {
  stores.learnRemoved(await journal.places.stores(), (place, store) => log.warn({ place, store },
    'a lane or machine removed from the configuration was journaled under a store that is not configured either: there is no key for it, so its business with Centrapay is tried with the first store’s'));
}

async function stop({ sales, afterSale, holds, vends, accounts, budgets, journal, chain }: Services): Promise<void> {
  sales.stop();
  afterSale.stop();
  holds.stop();
  vends.stop();
  accounts.stop();
  await budgets?.close();
  // A chain's other instances take over what this one watched at once.
  await chain?.close();
  await journal.close();
}

/** What any screen may read about the set-up and the server's health. */
/** Each lane's name for Centrapay's tender, from its merchant config, read with its store's key. */
function tenderNames({ sales, stores, accounts }: Services): TenderNames {
  const configs = new Map(sales.lanes().map((lane) => [lane.id, lane.configId]));
  return new TenderNames((lane) => ({ configId: configs.get(lane)!, client: accounts.forStore(stores.serving(lane).id).client }));
}

function registerReads(app: FastifyInstance, { journal, sales, stores }: Services, options: GatewayOptions): void {
  const codes = options.stores.some((store) => store.cashierCode);
  app.get('/api/config', async (request) => ({
    // Tills (displays pick among these; a cashier screen among its store's, /api/cashier/store) and kiosks apart.
    lanes: sales.lanes().filter((lane) => lane.kind !== 'kiosk').map(({ id, name }) => ({ id, name })),
    kiosks: sales.lanes().filter((lane) => lane.kind === 'kiosk').map(({ id, name }) => ({ id, name })),
    kioskIdleSeconds: options.kiosk?.idleSeconds ?? 90,
    // The unattended machines, for the home page (their patron pages and stickers are public; their keys are not).
    machines: stores.machines().map(({ id, name, kind }) => ({ id, name, kind })),
    resultSeconds: options.sales.resultSeconds,
    ...options.publicConfig,
    cashier: codes ? 'code' : isLocal(request) ? 'open' : 'local-only',
  }));
  app.get('/api/health', async () => ({ journal: await journal.health(), lanes: sales.lanes().length, livePayments: sales.liveCount() }));
}

/** What only an authorised cashier screen may do, each on its own store's lanes, machines and sales only. */
async function registerCashierRoutes(app: FastifyInstance, services: Services, options: GatewayOptions): Promise<void> {
  const { journal, sales, afterSale, holds, vends, views, displayCodes } = services;
  const scope = new StoreScope(services.stores);
  await app.register(cashierStoreRoutes(scope));
  await app.register(laneRoutes(sales, views, scope, new StreamsPerClient(options.eventStreamsPerClient), tenderNames(services)));
  await app.register(historyRoutes(journal.history, scope));
  await app.register(atCentrapayRoutes(salesAtCentrapay(services), scope));
  await app.register(afterSaleRoutes(afterSale, scope));
  await app.register(holdRoutes(holds, new Map(options.catalog.map((item) => [item.sku, item])), scope, {
    cartRefusal: (lane) => refusal(sales.state(lane), 'setCart')?.message ?? null,
  }));
  await app.register(machineHistoryRoutes(vends, holds, scope));
  await app.register(reportRoutes(journal.history, scope, { currency: options.sales.currency }));
  await app.register(receiptLinkRoutes(journal, sales, scope, options.receipts));
  await app.register(displayCodeIssueRoutes(displayCodes, sales, scope, { publicUrl: options.receipts.publicUrl }));
  await app.register(preflightRoutes(scope, preflightSettingsOf(options)));
}

/** A short code's sale at Centrapay, asked with the key of the store of the lane the cashier searches from. */
function salesAtCentrapay({ journal, stores, accounts }: Services): SalesAtCentrapay {
  return new SalesAtCentrapay(journal, (lane) => {
    const store = stores.ofPlace(lane);
    const till = store?.lanes.find((each) => each.id === lane);
    return store && till ? { client: accounts.forStore(store.id).client, terminalId: till.terminalId } : undefined;
  }, Date.now);
}

/** Machines, kiosks, display pairing, receipts, metrics and webhooks: each with its own credential, or none. */
async function registerPublicRoutes(app: FastifyInstance, services: Services, options: GatewayOptions): Promise<void> {
  const { journal, sales, afterSale, holds, vends, pumps, views, machines, metrics, displayCodes } = services;
  await app.register(machineRoutes({ machines, vends, pumps, sandbox: options.publicConfig.sandbox }));
  // What a paired self-checkout kiosk may do on its own lane (its own credential, never the cashier's).
  const { stores } = services;
  await app.register(kioskRoutes(sales, views, { staffCodeOf: (lane) => stores.ofPlace(lane)?.kioskStaffCode, secret: await journal.secrets.receiptKey() }));
  await app.register(displayCodeResolveRoutes(displayCodes, sales, {}));
  await app.register(receiptRoutes(journal, { ...options.receipts, merchantOf: (sale) => (stores.get(sale.store) ?? stores.serving(sale.lane)).merchant }));
  await app.register(metricsRoute(metrics, { token: options.metricsToken }));
  if (!options.webhooks) return;
  const verifier = new WebhookVerifier(options.webhooks);
  await app.register(webhookRoutes({
    verifier,
    notifications: journal.notifications,
    observe: (id, activity) => tellEveryInstance(services.chain, id, activity ? [activity] : [], () => {
      void sales.observeActivities(id, activity ? [activity] : []);
      holds.cue(id);
      vends.cue(id);
    }),
    refundCue: (id) => tellEveryInstance(services.chain, id, [], () => {
      afterSale.cue(id);
      holds.cue(id);
      vends.cue(id);
    }),
    metrics,
  }));
}

/** SQLite only: a PostgreSQL journal's database is made read-only by its administrator (ALTER DATABASE). */
function registerChaosControl(app: FastifyInstance, journal: Journal): void {
  app.post('/api/_chaos/journal', async (request) => {
    if (!isLocal(request)) throw new GatewayHttpError(403, 'FORBIDDEN', 'Only this computer may do that.');
    if (!(journal instanceof SqliteJournal)) throw new GatewayHttpError(409, 'NOT_SQLITE', 'Only a SQLite journal can be made read-only from here.');
    const { readOnly } = z.object({ readOnly: z.boolean() }).parse(request.body);
    journal.simulateReadOnlyDisk(readOnly);
    return { readOnly };
  });
}

/**
 * What a webhook said of a request, for the engines: here alone; in a chain, for every instance (this one too, by the
 * same notice: the watcher may be another, and it needs no read), or here when the notice cannot be sent.
 */
function tellEveryInstance(chain: Chain | undefined, id: string, activities: PaymentActivity[], here: () => void): void {
  if (!chain) return here();
  void chain.coordinator.cue(id, activities).catch(here);
}
