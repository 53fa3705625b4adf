// The gateway: the web app's only backend and the only holder of the Centrapay API key.
import type { FastifyInstance } from 'fastify';
import { CentrapayClient } from './centrapay-client';
import { registerErrorHandler } from './errors';
import { Journal } from './journal';
import { LaneHub, type LaneConfig } from './lane-hub';
import { PaymentService, type PaymentServiceOptions } from './payment-service';
import { historyRoutes } from './routes/history';
import { laneRoutes } from './routes/lanes';

export interface GatewayOptions {
  centrapayBaseUrl: string | (() => string);
  centrapayApiKey: string;
  journalPath: string;
  lanes: readonly LaneConfig[];
  resultSeconds: number;
  payments: PaymentServiceOptions;
  /** What the screens need to know about the set-up (never the key). */
  publicConfig: { sandbox: boolean; logoUrl: string };
  requestTimeoutMs?: number;
  retries?: number;
}

export async function gatewayPlugin(app: FastifyInstance, options: GatewayOptions): Promise<void> {
  const journal = new Journal(options.journalPath);
  const client = new CentrapayClient({
    baseUrl: options.centrapayBaseUrl,
    apiKey: options.centrapayApiKey,
    timeoutMs: options.requestTimeoutMs,
    retries: options.retries,
  });
  const hub = new LaneHub(options.lanes, journal, options.resultSeconds);
  const payments = new PaymentService(hub, journal, client, options.payments, app.log);

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
  }));
  await app.register(laneRoutes(payments));
  await app.register(historyRoutes(journal));
}
