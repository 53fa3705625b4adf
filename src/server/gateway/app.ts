// The gateway: the web app's only backend and the only holder of the Centrapay API key.
import type { FastifyInstance } from 'fastify';
import { CentrapayClient } from './centrapay-client';
import { registerErrorHandler } from './errors';
import { Journal } from './journal';
import { LaneHub, type LaneConfig } from './lane-hub';
import { GatewayMetrics, metricsRoute } from './metrics';
import { PaymentService, type PaymentServiceOptions } from './payment-service';
import { historyRoutes } from './routes/history';
import { laneRoutes } from './routes/lanes';
import { webhookRoutes, WebhookVerifier, type WebhookVerifierOptions } from './webhooks';

export interface GatewayOptions {
  centrapayBaseUrl: string | (() => string);
  centrapayApiKey: string;
  journalPath: string;
  lanes: readonly LaneConfig[];
  resultSeconds: number;
  payments: PaymentServiceOptions;
  /** What the screens need to know about the set-up (never the key). */
  publicConfig: { sandbox: boolean; logoUrl: string };
  /** When set, only screens that send it (the cashier's) may change a lane; displays stay read-only. */
  cashierCode?: string;
  requestTimeoutMs?: number;
  retries?: number;
  /** Centrapay webhooks: where its signing keys are and the URL it posts to. Absent: no webhook endpoint. */
  webhooks?: WebhookVerifierOptions;
}

export async function gatewayPlugin(app: FastifyInstance, options: GatewayOptions): Promise<void> {
  const metrics = new GatewayMetrics();
  const journal = new Journal(options.journalPath, { onWrite: metrics.recordJournalWrite });
  const client = new CentrapayClient({
    baseUrl: options.centrapayBaseUrl,
    apiKey: options.centrapayApiKey,
    timeoutMs: options.requestTimeoutMs,
    retries: options.retries,
    onRequest: metrics.recordUpstream,
  });
  const hub = new LaneHub(options.lanes, journal, options.resultSeconds);
  const payments = new PaymentService(hub, journal, client, options.payments, app.log);
  metrics.watch({ livePayments: () => payments.liveCount(), connectedScreens: () => hub.subscriberCount() });

  registerErrorHandler(app);
  app.addHook('onReady', async () => payments.resume());
  app.addHook('onClose', async () => {
    payments.stop();
    journal.close();
  });

  app.get('/api/config', async () => ({
    lanes: hub.all().map(({ id, name }) => ({ id, name })),
    resultSeconds: options.resultSeconds,
    ...options.publicConfig,
    cashierCodeRequired: Boolean(options.cashierCode),
  }));
  await app.register(laneRoutes(payments, { cashierCode: options.cashierCode }));
  await app.register(historyRoutes(journal));
  await app.register(metricsRoute(metrics));
  if (options.webhooks) {
    const verifier = new WebhookVerifier(options.webhooks);
    await app.register(webhookRoutes({ verifier, journal, poke: (id) => payments.poke(id), metrics }));
  }
}
