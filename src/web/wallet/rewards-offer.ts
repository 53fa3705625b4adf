// The rewards wallet's offer (sandbox-contract.md): 20% off every line item whose sku starts with COFFEE,
// rounded up to the cent per line. Worked out by the wallet from the request's line items.
import type { LineItem } from '../../domain/centrapay';

export const REWARDS_WALLET = {
  walletId: 'sbx-wallet-rewards',
  name: 'Sandbox Rewards',
  apiKey: 'sbx-wallet-rewards-key',
  assetType: 'sbx.rewards.test',
} as const;

export function rewardsOffer(lineItems: readonly LineItem[]): { amount: string; lines: LineItem[] } {
  const lines = lineItems.filter((item) => item.sku?.startsWith('COFFEE') && BigInt(item.price) > 0n);
  const amount = lines.reduce((total, item) => total + (BigInt(item.price) * 20n + 99n) / 100n, 0n);
  return { amount: amount.toString(), lines };
}
