// API keys of an account (Centrapay's docs, API Keys: `GET /api/accounts/{accountId}/api-keys`). Listing needs
// `api-keys:list`, which only the account-owner role holds: a merchant-terminal key is refused with 403. That refusal
// is how an integration learns its key is not an account owner, since no endpoint tells a key its own role.
import type { FastifyPluginAsync } from 'fastify';
import type { RouteContext } from './app';
import { requirePrincipal } from './auth';
import { forbidden } from './errors';

export const apiKeyRoutes: FastifyPluginAsync<RouteContext> = async (app, { state }) => {
  app.get<{ Params: { accountId: string } }>('/api/accounts/:accountId/api-keys', async (request) => {
    const principal = requirePrincipal(request);
    const { accountId } = request.params;
    if (principal.kind !== 'api-key' || principal.role !== 'account-owner' || principal.accountId !== accountId) throw forbidden();
    return [...state.store.apiKeys.values()]
      .filter((key) => key.accountId === accountId)
      // The sandbox keeps no creation history of its seeded keys: the model's createdAt/By and modifiedAt/By are left out.
      .map((key) => ({ accountId, name: key.name, role: key.role, enabled: key.enabled, version: '1' }));
  });
};
