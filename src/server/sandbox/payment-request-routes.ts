// HTTP surface of Payment Requests (centrapay-api.md §3.1-3.10, §3.16).
import type { FastifyPluginAsync } from 'fastify';
import type { RouteContext } from './app';
import { requireOwnAccount, requirePrincipal } from './auth';
import { paginate, parsePaginationLimit } from './pagination';
import {
  createPaymentRequest,
  findByShortCode,
  findForPatronCodes,
  findPaymentRequest,
  listByExternalRef,
  toPaymentRequestJson,
  toSummaryJson,
} from './payment-requests';
import { payPaymentRequest, refundPaymentRequest, voidPaymentRequest } from './payments';

interface IdParams {
  Params: { paymentRequestId: string };
}

export const paymentRequestRoutes: FastifyPluginAsync<RouteContext> = async (app, { state, publicUrl }) => {
  const json = (pr: Parameters<typeof toPaymentRequestJson>[1]) => toPaymentRequestJson(state.store, pr, publicUrl());

  app.post('/api/payment-requests', async (request) => {
    const principal = requirePrincipal(request);
    return json(createPaymentRequest(state, principal, request.body));
  });

  app.get<{ Params: { shortCode: string } }>('/api/payment-requests/short-code/:shortCode', async (request) => {
    const principal = requirePrincipal(request);
    return json(findByShortCode(state, principal, request.params.shortCode));
  });

  app.get<{ Params: { externalRef: string }; Querystring: { merchantAccountId?: string; pageKey?: string; paginationLimit?: string } }>(
    '/api/payment-requests/external-ref/:externalRef',
    async (request) => {
      const principal = requirePrincipal(request);
      const { merchantAccountId, pageKey, paginationLimit } = request.query;
      const limit = parsePaginationLimit(paginationLimit);
      const matches = listByExternalRef(state, principal, request.params.externalRef, merchantAccountId);
      const page = paginate(matches, (pr) => ({ seq: pr.seq, id: pr.id }), pageKey, limit);
      return { ...page, items: page.items.map(json) };
    },
  );

  // Patrons and app servers may read any request: wallets read what they scanned (§3.2). Another
  // merchant's terminal key may not: sandbox-contract.md requires its 403, which overrides §1.3's ✸.
  app.get<IdParams>('/api/payment-requests/:paymentRequestId', async (request) => {
    const principal = requirePrincipal(request);
    const pr = findPaymentRequest(state, request.params.paymentRequestId);
    if (principal.role === 'merchant-terminal') requireOwnAccount(principal, pr.merchantAccountId);
    return json(pr);
  });

  // Auth is unspecified for the summary and the docs' example sends none, so none is needed.
  app.get<IdParams>('/api/payment-requests/:paymentRequestId/summary', async (request) =>
    toSummaryJson(findPaymentRequest(state, request.params.paymentRequestId), publicUrl()),
  );

  app.post<IdParams>('/api/payment-requests/:paymentRequestId/pay', async (request) => {
    const principal = requirePrincipal(request);
    return payPaymentRequest(state, principal, findPaymentRequest(state, request.params.paymentRequestId), request.body);
  });

  app.post<IdParams>('/api/payment-requests/:paymentRequestId/void', async (request) => {
    const principal = requirePrincipal(request);
    return voidPaymentRequest(state, principal, findPaymentRequest(state, request.params.paymentRequestId));
  });

  app.post<IdParams>('/api/payment-requests/:paymentRequestId/refund', async (request) => {
    const principal = requirePrincipal(request);
    return refundPaymentRequest(state, principal, findPaymentRequest(state, request.params.paymentRequestId), request.body);
  });

  app.get<IdParams>('/api/payment-requests/:paymentRequestId/activities', async (request) => {
    const principal = requirePrincipal(request);
    const pr = findPaymentRequest(state, request.params.paymentRequestId);
    requireOwnAccount(principal, pr.merchantAccountId);
    return { items: [...pr.activities].reverse() };
  });

  app.get('/api/me/patron-code-payment-request', async (request) => {
    const principal = requirePrincipal(request);
    return json(findForPatronCodes(state, principal));
  });
};
