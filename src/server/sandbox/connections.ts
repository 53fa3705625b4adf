// Connections (§5.1-5.3, experimental in Centrapay): a patron's wallet linked to one sale.
import { z } from 'zod';
import { requireMerchantKey, type Principal } from './auth';
import { forbidden } from './errors';
import { newConnectionId } from './ids';
import { settle } from './lifecycle';
import type { SandboxState } from './state';
import { changed, type Connection, type StoredPaymentRequest } from './store';
import { parseWith, requireIdPrefix } from './validation';
import { compact, toIso } from './wire';

const createConnectionBodySchema = z.object({ merchantId: z.string().min(1, 'merchantId is required') });
const authorizeConnectionBodySchema = z.object({ walletId: z.string().min(1, 'walletId is required') });

export function createConnection(state: SandboxState, principal: Principal, rawBody: unknown): Connection {
  const callerMerchant = requireMerchantKey(state.store, principal);
  const body = parseWith(createConnectionBodySchema, rawBody);
  const merchant = state.store.merchants.get(body.merchantId);
  if (!merchant || merchant.accountId !== callerMerchant.accountId) throw forbidden();
  let id = newConnectionId();
  while (state.store.connections.has(id)) id = newConnectionId();
  const connection: Connection = {
    id,
    merchantId: merchant.id,
    createdBy: principal.crn,
    createdByAccountName: state.store.accounts.get(principal.accountId)?.name ?? merchant.name,
    createdAt: state.clock.nowMs(),
    status: 'created',
    test: merchant.test,
  };
  state.store.connections.set(id, connection);
  changed(state.store, 'connections', id);
  return connection;
}

export function findConnection(state: SandboxState, id: string): Connection {
  requireIdPrefix(id, 'cn', 'connectionId');
  const connection = state.store.connections.get(id);
  if (!connection) throw forbidden();
  return connection;
}

/** Only the wallet's own key may authorise as that wallet, and only once: any second authorise is refused (§5.1). */
export function authorizeConnection(state: SandboxState, principal: Principal, id: string, rawBody: unknown): Connection {
  const connection = findConnection(state, id);
  const body = parseWith(authorizeConnectionBodySchema, rawBody);
  const wallet = state.store.wallets.get(body.walletId);
  if (!wallet || principal.kind !== 'api-key' || wallet.accountId !== principal.accountId) throw forbidden();
  if (connection.status === 'authorized') throw forbidden('Forbidden', 'the connection is already authorized');
  const nowMs = state.clock.nowMs();
  Object.assign(connection, {
    status: 'authorized',
    walletId: wallet.id,
    walletName: wallet.name,
    authorizedByAccountId: principal.accountId,
    updatedBy: principal.crn,
    updatedAt: nowMs,
  } satisfies Partial<Connection>);
  changed(state.store, 'connections', id);
  return connection;
}

/** The newest request created with the connection, for the wallet that authorised it (§3.5). */
export function latestPaymentRequest(state: SandboxState, principal: Principal, id: string): StoredPaymentRequest {
  const connection = findConnection(state, id);
  if (connection.authorizedByAccountId === undefined || connection.authorizedByAccountId !== principal.accountId) throw forbidden();
  const latest = [...state.store.paymentRequests.values()]
    .filter((pr) => pr.connectionId === id)
    .sort((a, b) => b.seq - a.seq)[0];
  if (!latest) throw forbidden();
  settle(state, latest);
  return latest;
}

export function toConnectionJson(connection: Connection, publicUrl: string): Record<string, unknown> {
  return compact({
    id: connection.id,
    status: connection.status,
    url: `${publicUrl}/sandbox/connect/${connection.id}`,
    merchantId: connection.merchantId,
    createdBy: connection.createdBy,
    createdByAccountName: connection.createdByAccountName,
    createdAt: toIso(connection.createdAt),
    test: connection.test,
    walletId: connection.walletId,
    walletName: connection.walletName,
    updatedBy: connection.updatedBy,
    updatedAt: connection.updatedAt === undefined ? undefined : toIso(connection.updatedAt),
  });
}

/** The documented summary fields, plus the wallet's id and name once authorised (a sandbox extension, see README). */
export function toConnectionSummaryJson(connection: Connection, publicUrl: string): Record<string, unknown> {
  const { id, status, url, merchantId, createdByAccountName, createdAt, walletId, walletName } = toConnectionJson(connection, publicUrl);
  return compact({ id, status, url, merchantId, createdByAccountName, createdAt, walletId, walletName });
}
