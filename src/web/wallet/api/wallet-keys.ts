// The wallet simulator calls the sandbox's Centrapay-compatible API as a patron, or as the rewards wallet, like a real
// wallet app would (one endpoint a file beside this one): its key factory, and the paths and identities it calls with.
import { REWARDS_WALLET, type SeedPatron } from '../../../domain/sandbox-seeds';

export const walletKeys = {
  all: ['wallet'] as const,
  waiting: ['wallet', 'waiting'] as const,
  paymentRequest: (id: string) => [...walletKeys.all, 'payment-request', id] as const,
  connection: (id: string) => [...walletKeys.all, 'connection', id] as const,
  latestPaymentRequest: (id: string) => [...walletKeys.all, 'connection', id, 'latest-payment-request'] as const,
  patronCodePaymentRequest: (patronId: string) => [...walletKeys.all, 'patron', patronId, 'patron-code-payment-request'] as const,
};

export const SANDBOX_API = '/sandbox/api';
export const paymentRequestPath = (id: string) => `${SANDBOX_API}/payment-requests/${encodeURIComponent(id)}`;
export const connectionPath = (id: string) => `${SANDBOX_API}/connections/${encodeURIComponent(id)}`;

/** The rewards wallet's own key (the Connect flow). */
export const asWallet = { 'X-Api-Key': REWARDS_WALLET.apiKey };
/** A patron's token (the wallet app of one seeded patron). */
export const asPatron = (patron: SeedPatron) => ({ Authorization: patron.token });
