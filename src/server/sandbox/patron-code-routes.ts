// HTTP surface of patron codes and scanned-code decoding (centrapay-api.md §3.17).
import type { FastifyPluginAsync } from 'fastify';
import type { RouteContext } from './app';
import { requirePrincipal } from './auth';
import { createPatronCode, decodeCode, findPatronCode, findPatronCodeByBarcode, toPatronCodeJson } from './patron-codes';

export const patronCodeRoutes: FastifyPluginAsync<RouteContext> = async (app, { state }) => {
  app.post('/api/patron-codes', async (request) => toPatronCodeJson(createPatronCode(state, requirePrincipal(request), request.body)));

  app.get<{ Params: { barcode: string } }>('/api/patron-codes/barcode/:barcode', async (request) =>
    toPatronCodeJson(findPatronCodeByBarcode(state, requirePrincipal(request), request.params.barcode)),
  );

  app.get<{ Params: { patronCodeId: string } }>('/api/patron-codes/:patronCodeId', async (request) =>
    toPatronCodeJson(findPatronCode(state, requirePrincipal(request), request.params.patronCodeId)),
  );

  app.post('/api/decode', async (request) => decodeCode(state, requirePrincipal(request), request.body));
};
