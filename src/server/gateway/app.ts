// The gateway: the web app's only backend and the only holder of the Centrapay API key.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CatalogItem } from '../../domain/catalog';
import type { Language } from '../../domain/language';
import { refusal } from '../../domain/sale';
import { afterSaleRoutes } from './after-sale/routes';
import { AfterSaleService, type AfterSaleOptions } from './after-sale/service';
import { CentrapayClient } from './centrapay/client';
import { RateGovernor } from './centrapay/rate-governor';
import { GatewayHttpError, registerErrorHandler } from './errors';
import { reportRoutes } from './history/report-routes';
import { historyRoutes } from './history/routes';
import { kioskRoutes } from './kiosk/routes';
import { Journal } from './journal/journal';
import { cashierAuth, isLocal } from './lanes/cashier-auth';
import { laneRoutes } from './lanes/routes';
import { Machines, type Machine } from './machines/machines';
import { PumpService } from './machines/pump-service';
import { machineHistoryRoutes, machineRoutes } from './machines/routes';
import { VendService, type VendOptions } from './machines/vend-service';
import { GatewayMetrics, metricsRoute } from './metrics/metrics';
import { DisplayCodes } from './pairing/display-codes';
import { displayCodeIssueRoutes, displayCodeResolveRoutes } from './pairing/routes';
import { holdRoutes } from './pre-auth/routes';
import { PreAuthService, type PreAuthOptions } from './pre-auth/service';
import { receiptLinkRoutes, receiptRoutes, type ReceiptOptions } from './receipts/routes';
import { SaleService, type LaneConfig, type SaleServiceOptions } from './sale/service';
import { webhookRoutes, WebhookVerifier, type WebhookVerifierOptions } from './webhooks/webhooks';

export interface GatewayOptions {
  centrapayBaseUrl: string | (() => string);
  centrapayApiKey: string;
  journalPath: string;
  lanes: readonly LaneConfig[];
  catalog: readonly CatalogItem[];
  sales: Omit<SaleServiceOptions, 'webhooks'>;
  /** The account's budget, calls a minute to Centrapay (CENTRAPAY_RATE_LIMIT). */
  rateLimitPerMinute: number;
  /** Who the receipts are from (merchant name, GST number) and the origin their links use. */
  receipts: ReceiptOptions;
  /** What the screens need to know about the set-up (never the key). */
  publicConfig: { sandbox: boolean; logoUrl: string; merchantName: string | null; merchantLogoUrl: string | null; slides: readonly string[]; displayLanguage: Language };
  /** When set, only screens that send it (the cashier's) may change a lane; without it only this computer may. */
  cashierCode?: string;
  /** Self-checkout kiosks: the staff code that pairs them, and how long a kiosk waits for a patron who walked away. */
  kiosk?: { staffCode?: string; idleSeconds: number };
  requestTimeoutMs?: number;
  retries?: number;
  /** Centrapay webhooks: where its signing keys are and the URL it posts to. Absent: no webhook endpoint. */
  webhooks?: WebhookVerifierOptions;
  /** Refunds and voids of finished sales: how often a refund's completion is read, and the clock (tests move it). */
  afterSale?: Partial<Pick<AfterSaleOptions, 'pollMs' | 'maxPollMs' | 'now'>>;
  /** Pre-auth holds (bar tabs, pumps): how often they are read, how long a patron has to authorise, and the clock. */
  preAuth?: Partial<Pick<PreAuthOptions, 'pollMs' | 'maxPollMs' | 'expirySeconds' | 'now'>>;
  /** Unattended machines (vending, pumps) and how long a vending machine has to confirm a paid vend. */
  machines?: { list: readonly Machine[]; vendTimeoutSeconds: number; vends?: Partial<Pick<VendOptions, 'pollMs' | 'maxPollMs' | 'now'>> };
  /** The chaos run's switch for a read-only journal disk (never with a real Centrapay; loopback callers only). */
  chaosControl?: boolean;
}

export async function gatewayPlugin(app: FastifyInstance, options: GatewayOptions): Promise<void> {
  const metrics = new GatewayMetrics();
  const journal = new Journal(options.journalPath, { onWrite: metrics.recordJournalWrite, onFailure: metrics.recordJournalFailure });
  const governor = new RateGovernor(options.rateLimitPerMinute, { waited: metrics.recordRateWait, throttled: metrics.recordRateLimited });
  const client = new CentrapayClient({
    governor,
    baseUrl: options.centrapayBaseUrl,
    apiKey: options.centrapayApiKey,
    timeoutMs: options.requestTimeoutMs,
    // One quick retry per call (checklist 103.2); beyond that the runners retry with backoff, each failure observed.
    retries: options.retries ?? 1,
    onRequest: metrics.recordUpstream,
  });
  const sales = new SaleService(options.lanes, journal, client, governor, options.catalog, { ...options.sales, webhooks: Boolean(options.webhooks) }, app.log);
  const afterSale = new AfterSaleService(journal, client, {
    currency: options.sales.currency,
    pollMs: 1_000,
    maxPollMs: 30_000,
    answerWithinMs: options.sales.answerWithinMs,
    now: Date.now,
    ...options.afterSale,
  }, app.log);
  const lanesById = new Map(options.lanes.map((lane) => [lane.id, lane]));
  const machines = new Machines(options.machines?.list ?? [], options.sales.currency);
  const preAuth = new PreAuthService(journal, client, (id) => lanesById.get(id) ?? machines.find(id), {
    currency: options.sales.currency,
    merchantAccountId: options.sales.merchantAccountId,
    expirySeconds: 300,
    pollMs: options.sales.pollIntervalMs,
    maxPollMs: 5_000,
    answerWithinMs: options.sales.answerWithinMs,
    unknownAfterMs: options.sales.unknownAfterMs,
    now: Date.now,
    ...options.preAuth,
  }, app.log);
  const vends = new VendService(journal, client, machines, {
    currency: options.sales.currency,
    merchantAccountId: options.sales.merchantAccountId,
    expirySeconds: options.sales.expirySeconds,
    vendTimeoutMs: (options.machines?.vendTimeoutSeconds ?? 20) * 1000,
    pollMs: options.sales.pollIntervalMs,
    maxPollMs: 2_000,
    answerWithinMs: options.sales.answerWithinMs,
    unknownAfterMs: options.sales.unknownAfterMs,
    now: Date.now,
    ...options.machines?.vends,
  }, app.log);
  const pumps = new PumpService(preAuth, machines);
  metrics.watch({
    livePayments: () => sales.liveCount(),
    connectedScreens: () => sales.subscriberCount(),
    queueDepth: () => governor.depth().byKind,
    pollIntervalSeconds: () => sales.policy.intervalMs() / 1000,
    activityFeedOn: () => (sales.policy.feedOn() ? 1 : 0),
  });

  const displayCodes = new DisplayCodes();

  registerErrorHandler(app);
  app.addHook('onReady', async () => {
    sales.start();
    afterSale.start();
    preAuth.start();
    vends.start();
    void pumps.start();
  });
  app.addHook('onClose', async () => {
    sales.stop();
    afterSale.stop();
    preAuth.stop();
    vends.stop();
    governor.stop();
    journal.close();
  });

  app.get('/api/config', async (request) => ({
    // Tills (cashier screens and displays pick among these) and self-checkout kiosks apart.
    lanes: sales.lanes().filter((lane) => lane.kind !== 'kiosk').map(({ id, name }) => ({ id, name })),
    kiosks: sales.lanes().filter((lane) => lane.kind === 'kiosk').map(({ id, name }) => ({ id, name })),
    kioskIdleSeconds: options.kiosk?.idleSeconds ?? 90,
    resultSeconds: options.sales.resultSeconds,
    ...options.publicConfig,
    cashier: options.cashierCode ? 'code' : isLocal(request) ? 'open' : 'local-only',
  }));
  app.get('/api/health', async () => ({ journal: journal.health(), lanes: sales.lanes().length, livePayments: sales.liveCount() }));
  // What only an authorised cashier screen may do: every change to a lane, and reading the sales.
  await app.register(async (cashierScope) => {
    await cashierAuth(cashierScope, { cashierCode: options.cashierCode });
    await cashierScope.register(laneRoutes(sales));
    await cashierScope.register(historyRoutes(journal));
    await cashierScope.register(afterSaleRoutes(afterSale));
    await cashierScope.register(holdRoutes(preAuth, new Map(options.catalog.map((item) => [item.sku, item])), {
      resultSeconds: options.sales.resultSeconds,
      cartRefusal: (lane) => refusal(sales.state(lane), 'setCart')?.message ?? null,
      ...(options.preAuth?.now ? { now: options.preAuth.now } : {}),
    }));
    await cashierScope.register(machineHistoryRoutes(vends, preAuth));
    await cashierScope.register(reportRoutes(journal, { currency: options.sales.currency }));
    await cashierScope.register(receiptLinkRoutes(journal, sales, options.receipts));
    await cashierScope.register(displayCodeIssueRoutes(displayCodes, sales, { publicUrl: options.receipts.publicUrl }));
  });
  await app.register(machineRoutes({ machines, vends, pumps, sandbox: options.publicConfig.sandbox }));
  // What a paired self-checkout kiosk may do on its own lane (its own credential, never the cashier's).
  await app.register(kioskRoutes(sales, { staffCode: options.kiosk?.staffCode, secret: journal.receiptKey() }));
  await app.register(displayCodeResolveRoutes(displayCodes, sales, {}));
  await app.register(receiptRoutes(journal, options.receipts));
  await app.register(metricsRoute(metrics));
  if (options.webhooks) {
    const verifier = new WebhookVerifier(options.webhooks);
    await app.register(webhookRoutes({ verifier, journal, observe: (id, activity) => {
      sales.observeActivities(id, activity ? [activity] : []);
      preAuth.cue(id);
      vends.cue(id);
    }, refundCue: (id) => {
      afterSale.cue(id);
      preAuth.cue(id);
      vends.cue(id);
    }, metrics }));
  }
  if (options.chaosControl) {
    app.post('/api/_chaos/journal', async (request) => {
      if (!isLocal(request)) throw new GatewayHttpError(403, 'FORBIDDEN', 'Only this computer may do that.');
      const { readOnly } = z.object({ readOnly: z.boolean() }).parse(request.body);
      journal.simulateReadOnlyDisk(readOnly);
      return { readOnly };
    });
  }
}
