// What a patron can do with a Payment Request besides paying it in full: pay part of it, or decline it.
import { paymentActivitySchema } from '../../domain/centrapay';
import type { SeedPatron } from '../../domain/sandbox-seeds';
import { apiRequest } from '../lib/api-client';

const requestPath = (id: string) => `/sandbox/api/payment-requests/${encodeURIComponent(id)}`;

/** Pays `amount` of a request that allows partial payment; the till collects the rest (centrapay-api.md §6.7). */
export function payPartAsPatron(id: string, patron: SeedPatron, amount: string, idempotencyKey: string) {
  return apiRequest(`${requestPath(id)}/pay`, paymentActivitySchema, {
    method: 'POST',
    headers: { Authorization: patron.token },
    body: { assetType: patron.assetType, assetId: patron.assetId, mode: 'partial-payment', amount, idempotencyKey },
  });
}

/** The patron declines: the request is cancelled with CANCELLED_BY_PATRON (a sandbox extension, see its README). */
export function declineAsPatron(id: string, patron: SeedPatron) {
  return apiRequest(`${requestPath(id)}/cancel`, paymentActivitySchema, { method: 'POST', headers: { Authorization: patron.token }, body: {} });
}

/** The patron answers a check Centrapay asks of them (§6.9, an `awaiting-patron` condition), in their app. */
export function acceptConditionAsPatron(id: string, conditionId: string, patron: SeedPatron) {
  return apiRequest(`${requestPath(id)}/conditions/${encodeURIComponent(conditionId)}/accept`, paymentActivitySchema, {
    method: 'POST', headers: { Authorization: patron.token }, body: {},
  });
}
