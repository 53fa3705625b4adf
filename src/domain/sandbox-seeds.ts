// The sandbox's fixed seed values and its rewards offer rule, held once (shared/sandbox-contract.md). The sandbox
// seeds its store from them, the wallet simulator acts as these patrons and this wallet, config defaults to the
// café, and tests call with these keys. Tests and demos outside this repo depend on them too: change none.
import type { LineItem } from './centrapay';

export const ASSET_TYPE = {
  nzdTest: 'centrapay.nzd.test',
  nzdMain: 'centrapay.nzd.main',
  tokenTest: 'centrapay.token.test',
  rewardsTest: 'sbx.rewards.test',
  externalTest: 'external.test',
  externalMain: 'external.main',
} as const;

export const SEED = {
  merchantCafe: 'sbxMerchantCafe',
  accountCafe: 'sbxAccountCafe',
  configCafe: 'sbxConfigCafe',
  configKiosk: 'sbxConfigKiosk',
  terminalCafeKey: 'sbx-terminal-cafe',
  merchantOther: 'sbxMerchantOther',
  accountOther: 'sbxAccountOther',
  configOther: 'sbxConfigOther',
  terminalOtherKey: 'sbx-terminal-other',
  aliceToken: 'sbx-patron-alice',
  bobToken: 'sbx-patron-bob',
  carolToken: 'sbx-patron-carol',
  accountAlice: 'sbxAccountAlice',
  accountBob: 'sbxAccountBob',
  accountCarol: 'sbxAccountCarol',
  aliceUser: 'sbx-user-alice',
  bobUser: 'sbx-user-bob',
  carolUser: 'sbx-user-carol',
  aliceAsset: 'sbxAssetAliceNzd',
  bobAsset: 'sbxAssetBobNzd',
  carolAsset: 'sbxAssetCarolNzd',
  rewardsWalletId: 'sbx-wallet-rewards',
  rewardsKey: 'sbx-wallet-rewards-key',
  accountRewards: 'sbxAccountRewards',
  aliceBarcode: '9990001000000019',
  bobBarcode: '9990001000000027',
  expiredBarcode: '9990001000000035',
  /** Well formed but fails the Luhn check (400 CHECKSUM_FAILED). */
  badChecksumBarcode: '9990001000000018',
  alicePatronCode: 'sbxPatronCodeAlice',
  bobPatronCode: 'sbxPatronCodeBob',
  expiredPatronCode: 'sbxPatronCodeExpired',
} as const;

/** The rewards wallet: it authorizes Connections and pays its offer with its own asset type. */
export const REWARDS_WALLET = {
  walletId: SEED.rewardsWalletId,
  name: 'Sandbox Rewards',
  apiKey: SEED.rewardsKey,
  accountId: SEED.accountRewards,
  assetType: ASSET_TYPE.rewardsTest,
} as const;

/** A seeded patron: who the wallet simulator can act as, and what the sandbox holds for them. */
export interface SeedPatron {
  id: 'alice' | 'bob' | 'carol';
  name: string;
  /** Sent as `Authorization`. */
  token: string;
  userId: string;
  accountId: string;
  assetId: string;
  assetType: string;
  /** Cents. */
  balance: string;
  /** An inactive asset refuses to pay (INACTIVE_ASSET). */
  active: boolean;
  /** What the wallet simulator shows beside the name. */
  note: string;
}

export const SEED_PATRONS: readonly SeedPatron[] = [
  {
    id: 'alice', name: 'Alice', token: SEED.aliceToken, userId: SEED.aliceUser, accountId: SEED.accountAlice,
    assetId: SEED.aliceAsset, assetType: ASSET_TYPE.nzdTest, balance: '100000', active: true, note: '$1,000.00 in Centrapay NZD',
  },
  {
    id: 'bob', name: 'Bob', token: SEED.bobToken, userId: SEED.bobUser, accountId: SEED.accountBob,
    assetId: SEED.bobAsset, assetType: ASSET_TYPE.nzdTest, balance: '500', active: true, note: '$5.00 in Centrapay NZD',
  },
  {
    id: 'carol', name: 'Carol', token: SEED.carolToken, userId: SEED.carolUser, accountId: SEED.accountCarol,
    assetId: SEED.carolAsset, assetType: ASSET_TYPE.nzdTest, balance: '100000', active: false, note: 'Wallet switched off',
  },
];

/** A wallet's offer: `percent` of every line item whose sku starts with `skuPrefix`. */
export interface Offer {
  skuPrefix: string;
  percent: bigint;
}

export const REWARDS_OFFER: Offer = { skuPrefix: 'COFFEE', percent: 20n };

/**
 * The most an offer covers of these line items, and which lines it covers: its share of each matching line's
 * price, rounded up to the cent per line. The sandbox enforces it as a limit; the wallet pays exactly it.
 */
export function offerCover(offer: Offer, lineItems: readonly LineItem[]): { amount: string; lines: LineItem[] } {
  const lines = lineItems.filter((item) => item.sku?.startsWith(offer.skuPrefix) && BigInt(item.price) > 0n);
  const amount = lines.reduce((total, item) => total + (BigInt(item.price) * offer.percent + 99n) / 100n, 0n);
  return { amount: amount.toString(), lines };
}
