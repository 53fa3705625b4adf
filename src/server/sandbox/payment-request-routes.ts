// HTTP surface of Payment Requests and their activities (centrapay-api.md §3).
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { RouteContext } from './app';
import { requireOwnAccount, requirePrincipal } from './auth';
import { decideCondition } from './conditions';
import { notFound } from './errors';
import { paginate, parsePaginationLimit } from './pagination';
import {
  createPaymentRequest,
  findByShortCode,
  findForPatronCodes,
  findPaymentRequest,
  listByExternalRef,
  listMerchantActivities,
  toPaymentRequestJson,
  toSummaryJson,
} from './payment-requests';
import { cancelAsPatron, payPaymentRequest, refundPaymentRequest, voidPaymentRequest } from './payments';
import { confirmPreAuth, releasePreAuth } from './pre-auth';
import { quickPayOnPoll } from './quick-pay';
import type { StoredPaymentRequest } from './store';

interface IdParams {
  Params: { paymentRequestId: string };
}

interface ConditionParams {
  Params: { paymentRequestId: string; conditionId: string };
}

interface PageQuery {
  pageKey?: string;
  paginationLimit?: string;
}

/** What every route here needs: the state, a request's wire JSON, and the request its URL names. */
function routeHelpers({ state, publicUrl }: RouteContext) {
  return {
    state,
    publicUrl,
    json: (pr: StoredPaymentRequest) => toPaymentRequestJson(state.store, pr, publicUrl()),
    find: (request: { params: { paymentRequestId: string } }) => findPaymentRequest(state, request.params.paymentRequestId),
  };
}
type Helpers = ReturnType<typeof routeHelpers>;

export const paymentRequestRoutes: FastifyPluginAsync<RouteContext> = async (app, context) => {
  const helpers = routeHelpers(context);
  createAndSearchRoutes(app, helpers);
  readRoutes(app, helpers);
  moneyRoutes(app, helpers);
  decisionRoutes(app, helpers);
  activityRoutes(app, helpers);
};

/** Create, and find a request by what the caller holds: a short code, its own reference, a patron's codes. */
function createAndSearchRoutes(app: FastifyInstance, { state, json, publicUrl }: Helpers): void {
  app.post('/api/payment-requests', async (request) => {
    const principal = requirePrincipal(request);
    return json(createPaymentRequest(state, principal, request.body, publicUrl()));
  });

  app.get<{ Params: { shortCode: string } }>('/api/payment-requests/short-code/:shortCode', async (request) => {
    const principal = requirePrincipal(request);
    return json(findByShortCode(state, principal, request.params.shortCode));
  });

  app.get<{ Params: { externalRef: string }; Querystring: PageQuery & { merchantAccountId?: string } }>(
    '/api/payment-requests/external-ref/:externalRef',
    async (request) => {
      const principal = requirePrincipal(request);
      const { merchantAccountId, pageKey, paginationLimit } = request.query;
      const limit = parsePaginationLimit(paginationLimit);
      const matches = listByExternalRef(state, principal, request.params.externalRef, merchantAccountId);
      const page = paginate(matches, 'PR', (pr) => ({ position: [pr.seq], id: pr.id }), pageKey, limit);
      return { ...page, items: page.items.map(json) };
    },
  );

  app.get('/api/me/patron-code-payment-request', async (request) => json(findForPatronCodes(state, requirePrincipal(request))));
}

function readRoutes(app: FastifyInstance, { state, publicUrl, json, find }: Helpers): void {
  // Patrons and app servers may read any request: wallets read what they scanned (§3.2). Another
  // merchant's terminal key may not: sandbox-contract.md requires its 403, which overrides §1.3's ✸.
  app.get<IdParams>('/api/payment-requests/:paymentRequestId', async (request) => {
    const principal = requirePrincipal(request);
    const pr = find(request);
    if (principal.role === 'merchant-terminal') requireOwnAccount(principal, pr.merchantAccountId);
    // The merchant's poll is what makes Centrapay pay with a scanned Quick Pay card (§3.2, §6.4).
    if (principal.kind === 'api-key' && principal.accountId === pr.merchantAccountId) quickPayOnPoll(state, pr);
    return json(pr);
  });

  // Auth is unspecified for the summary and the docs' example sends none, so none is needed.
  app.get<IdParams>('/api/payment-requests/:paymentRequestId/summary', async (request) => toSummaryJson(find(request), publicUrl()));
}

/** Actions that move money: pay, void, refund, and a pre-auth's confirm and release. */
function moneyRoutes(app: FastifyInstance, { state, find }: Helpers): void {
  app.post<IdParams>('/api/payment-requests/:paymentRequestId/pay', async (request) =>
    payPaymentRequest(state, requirePrincipal(request), find(request), request.body),
  );

  app.post<IdParams>('/api/payment-requests/:paymentRequestId/void', async (request) =>
    voidPaymentRequest(state, requirePrincipal(request), find(request)),
  );

  app.post<IdParams>('/api/payment-requests/:paymentRequestId/refund', async (request) =>
    refundPaymentRequest(state, requirePrincipal(request), find(request), request.body),
  );

  app.post<IdParams>('/api/payment-requests/:paymentRequestId/confirm', async (request) =>
    confirmPreAuth(state, requirePrincipal(request), find(request), request.body),
  );

  app.post<IdParams>('/api/payment-requests/:paymentRequestId/release', async (request) =>
    releasePreAuth(state, requirePrincipal(request), find(request)),
  );
}

/** The merchant's answer to a condition, and the patron's decline. */
function decisionRoutes(app: FastifyInstance, { state, find }: Helpers): void {
  for (const decision of ['accept', 'decline'] as const) {
    app.post<ConditionParams>(`/api/payment-requests/:paymentRequestId/conditions/:conditionId/${decision}`, async (request) =>
      decideCondition(state, requirePrincipal(request), find(request), request.params.conditionId, decision),
    );
  }

  // Sandbox extension for the patron's "decline" (see payments.ts): absent for anyone but patrons.
  app.post<IdParams>('/api/payment-requests/:paymentRequestId/cancel', async (request) => {
    const principal = requirePrincipal(request);
    if (principal.kind !== 'user') throw notFound();
    return cancelAsPatron(state, principal, find(request));
  });
}

/** A request's activities, and every activity of a merchant (§3.15). */
function activityRoutes(app: FastifyInstance, { state, find }: Helpers): void {
  app.get<IdParams>('/api/payment-requests/:paymentRequestId/activities', async (request) => {
    const principal = requirePrincipal(request);
    const pr = find(request);
    requireOwnAccount(principal, pr.merchantAccountId);
    return { items: [...pr.activities].reverse() };
  });

  app.get<{ Querystring: PageQuery & { merchantId?: string } }>('/api/payment-activities', async (request) => {
    const principal = requirePrincipal(request);
    const { merchantId, pageKey, paginationLimit } = request.query;
    const limit = parsePaginationLimit(paginationLimit);
    const entries = listMerchantActivities(state, principal, merchantId);
    const page = paginate(entries, 'PA', (entry) => entry.cursor, pageKey, limit);
    return { ...page, items: page.items.map((entry) => entry.activity) };
  });
}
