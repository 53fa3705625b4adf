// The public keys webhook receivers verify signatures with (centrapay-api.md §7.4).
import type { FastifyPluginAsync } from 'fastify';
import type { RouteContext } from './app';

/** Receivers may cache the keys this long; a rotation keeps the previous key listed (webhooks.ts). */
const JWKS_MAX_AGE_SECONDS = 300;

export const jwksRoutes: FastifyPluginAsync<RouteContext> = async (app, { state }) => {
  // Public, like Centrapay's https://auth.centrapay.com/api/.well-known/jwks.json.
  app.get('/.well-known/jwks.json', async (_request, reply) => {
    reply.header('cache-control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`);
    return state.webhooks.jwks();
  });
};
