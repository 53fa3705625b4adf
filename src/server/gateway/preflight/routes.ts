// The pre-flight on the cashier's settings page: `GET /api/preflight` runs the same checks as `npm run preflight`
// for the cashier screen's own store (its key and configs, the clock, webhooks, its account's rate budget). Registered
// in the cashier scope: only an authorised cashier screen may ask, since it calls Centrapay with the store's key.
import type { FastifyInstance } from 'fastify';
import { preflightReportSchema } from '../../../domain/preflight';
import { GatewayHttpError } from '../errors';
import type { StoreScope } from '../stores/store-scope';
import { runPreflight } from './preflight';
import type { PreflightSettings } from './target';

export function preflightRoutes(scope: StoreScope, settings: PreflightSettings) {
  return async function routes(app: FastifyInstance) {
    app.get('/api/preflight', { config: { cashierOnly: true } }, async (request) => {
      const store = scope.own(request);
      if (!store) throw new GatewayHttpError(401, 'CASHIER_CODE_REQUIRED', 'Only an unlocked cashier screen may run the pre-flight. Enter the cashier code.');
      return preflightReportSchema.parse(await runPreflight(settings, [store.id]));
    });
  };
}
