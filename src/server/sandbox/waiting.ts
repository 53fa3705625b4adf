// What is waiting for a patron or a wallet right now (`GET /_sandbox/waiting`): the sandbox's own answer for the wallet
// simulator, never Centrapay's. Centrapay's look-ups a wallet polls (`/api/me/patron-code-payment-request`,
// `/api/connections/{id}/latest-payment-request`) answer 403 until there is something to find; the simulator asks here
// first, so a patron who is only waiting sees no refusals, and calls Centrapay's endpoints once there is an answer.
import { settle } from './lifecycle';
import type { SandboxState } from './state';
import { toIso } from './wire';

/** A connection not authorised within this time is taken as abandoned (Centrapay documents no expiry for them). */
export const WAITING_CONNECTION_MS = 15 * 60_000;

export interface WaitingPaymentRequest {
  id: string;
  shortCode: string;
  merchantName: string;
  value: { amount: string; currency: string };
  remainingAmount: string;
  expiresAt: string;
  /** An authorisation (a bar tab, a pump), not a payment. */
  preAuth: boolean;
  /** The wallet connection it was made on, if any. */
  connectionId: string | null;
  /** The account of the patron whose code it was made with, if any. */
  patronAccountId: string | null;
}

export interface WaitingConnection {
  id: string;
  merchantName: string;
  createdAt: string;
}

export interface Waiting {
  /** Every Payment Request still `new`, newest first. */
  paymentRequests: WaitingPaymentRequest[];
  /** Every connection made in the last 15 minutes and not yet authorised, newest first. */
  connections: WaitingConnection[];
}

export function waiting(state: SandboxState): Waiting {
  const { store } = state;
  const open = [...store.paymentRequests.values()].filter((pr) => pr.status === 'new').sort((a, b) => b.seq - a.seq);
  // A request read here is brought up to date first, as any read of it is (one past its expiry is `expired`).
  for (const pr of open) settle(state, pr);
  const accountOfCode = (id: string | undefined) => [...store.patronCodes.values()].find((code) => code.id === id)?.accountId ?? null;
  const since = state.clock.nowMs() - WAITING_CONNECTION_MS;
  return {
    paymentRequests: open.filter((pr) => pr.status === 'new').map((pr) => ({
      id: pr.id,
      shortCode: pr.shortCode,
      merchantName: pr.merchantName,
      value: pr.value,
      remainingAmount: pr.remainingAmount,
      expiresAt: toIso(pr.expiresAt),
      preAuth: pr.echoed.preAuth === true,
      connectionId: pr.connectionId ?? null,
      patronAccountId: pr.patronCodeId === undefined ? null : accountOfCode(pr.patronCodeId),
    })),
    connections: [...store.connections.values()]
      .filter((connection) => connection.status === 'created' && connection.createdAt >= since)
      .sort((a, b) => b.createdAt - a.createdAt)
      .map(({ id, createdByAccountName, createdAt }) => ({ id, merchantName: createdByAccountName, createdAt: toIso(createdAt) })),
  };
}
