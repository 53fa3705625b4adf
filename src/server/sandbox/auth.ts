// Who is calling (§1.2): `X-Api-Key` for keys, `Authorization` (bare or `Bearer `) for patrons.
import type { FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from './errors';
import type { Merchant, Role, SandboxStore } from './store';

export interface Principal {
  kind: 'api-key' | 'user';
  /** The credential itself; rate limits count per credential. */
  credential: string;
  accountId: string;
  role: Role | 'patron';
  /** Identity written into activities' `createdBy`. */
  crn: string;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  const trimmed = first?.trim();
  return trimmed ? trimmed : undefined;
}

/** `undefined` = no credentials sent; `'invalid'` = credentials that match nothing. */
export function resolvePrincipal(store: SandboxStore, request: FastifyRequest): Principal | 'invalid' | undefined {
  const apiKey = headerValue(request.headers['x-api-key']);
  if (apiKey !== undefined) {
    const key = store.apiKeys.get(apiKey);
    if (!key || !key.enabled) return 'invalid';
    return {
      kind: 'api-key',
      credential: key.secret,
      accountId: key.accountId,
      role: key.role,
      crn: `crn:${key.accountId}:api-key:${key.name}`,
    };
  }
  const authorization = headerValue(request.headers.authorization);
  if (authorization !== undefined) {
    const token = authorization.replace(/^Bearer\s+/i, '');
    const user = store.users.get(token);
    if (!user) return 'invalid';
    return { kind: 'user', credential: user.token, accountId: user.accountId, role: 'patron', crn: `crn::user:${user.userId}` };
  }
  return undefined;
}

const principals = new WeakMap<FastifyRequest, Principal>();

export function setPrincipal(request: FastifyRequest, principal: Principal): void {
  principals.set(request, principal);
}

export function optionalPrincipal(request: FastifyRequest): Principal | undefined {
  return principals.get(request);
}

export function requirePrincipal(request: FastifyRequest): Principal {
  const principal = principals.get(request);
  if (!principal) throw unauthorized();
  return principal;
}

/** The merchant a key acts for: only keys (not patrons) of an account that is a merchant. */
export function merchantOf(store: SandboxStore, principal: Principal): Merchant | undefined {
  if (principal.kind !== 'api-key') return undefined;
  for (const merchant of store.merchants.values()) {
    if (merchant.accountId === principal.accountId) return merchant;
  }
  return undefined;
}

export function requireMerchantKey(store: SandboxStore, principal: Principal): Merchant {
  const merchant = merchantOf(store, principal);
  if (!merchant) throw forbidden();
  return merchant;
}

/** Refund, void, activity listing, short-code look-up: only the account that owns the request. */
export function requireOwnAccount(principal: Principal, merchantAccountId: string): void {
  if (principal.kind !== 'api-key' || principal.accountId !== merchantAccountId) throw forbidden();
}
