// HTTP surface of Connections (centrapay-api.md §5.2, §3.5).
import type { FastifyPluginAsync } from 'fastify';
import type { RouteContext } from './app';
import { requirePrincipal } from './auth';
import {
  authorizeConnection,
  createConnection,
  findConnection,
  latestPaymentRequest,
  toConnectionJson,
  toConnectionSummaryJson,
} from './connections';
import { toPaymentRequestJson } from './payment-requests';

interface IdParams {
  Params: { connectionId: string };
}

export const connectionRoutes: FastifyPluginAsync<RouteContext> = async (app, { state, publicUrl }) => {
  app.post('/api/connections', async (request) => {
    const principal = requirePrincipal(request);
    return toConnectionJson(createConnection(state, principal, request.body), publicUrl());
  });

  app.post<IdParams>('/api/connections/:connectionId/authorize', async (request) => {
    const principal = requirePrincipal(request);
    return toConnectionJson(authorizeConnection(state, principal, request.params.connectionId, request.body), publicUrl());
  });

  // Auth is unspecified for the summary; like the Payment Request summary it needs none.
  app.get<IdParams>('/api/connections/:connectionId/summary', async (request) =>
    toConnectionSummaryJson(findConnection(state, request.params.connectionId), publicUrl()),
  );

  app.get<IdParams>('/api/connections/:connectionId/latest-payment-request', async (request) => {
    const principal = requirePrincipal(request);
    const pr = latestPaymentRequest(state, principal, request.params.connectionId);
    return toPaymentRequestJson(state.store, pr, publicUrl());
  });
};
