// HTTP surface of merchant configs (centrapay-api.md §3.17).
import type { FastifyPluginAsync } from 'fastify';
import type { RouteContext } from './app';
import { requirePrincipal } from './auth';
import { getMerchantConfig, toMerchantConfigJson } from './merchant-configs';

export const merchantConfigRoutes: FastifyPluginAsync<RouteContext> = async (app, { state, publicUrl }) => {
  app.get<{ Params: { configId: string } }>('/api/merchant-configs/:configId', async (request) =>
    toMerchantConfigJson(getMerchantConfig(state.store, requirePrincipal(request), request.params.configId), publicUrl()),
  );
};
