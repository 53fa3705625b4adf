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
  farmlandsTest: 'farmlands.nzd.test',
  voucherTest: 'sbx.voucher.test',
} as const;

export const SEED = {
  merchantCafe: 'sbxMerchantCafe',
  accountCafe: 'sbxAccountCafe',
  configCafe: 'sbxConfigCafe',
  configKiosk: 'sbxConfigKiosk',
  /** A Farmlands Card Partner's config: it accepts Farmlands cards only (the till then calls its button "Farmlands", 101.3). */
  configFarmlands: 'sbxConfigFarmlands',
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
  /** Farmlands test cards (§6.3, §6.4): Quick Pay on the request's first poll. */
  farmlandsCard: '424242424',
  farmlandsCardNoBalance: '434343434',
  farmlandsCardExpired: '454545454',
  farmlandsCardInactive: '464646464',
  /** Sandbox gift vouchers, also Quick Pay. */
  voucher20: '700000000011',
  voucherEmpty: '700000000029',
  voucherExpired: '700000000037',
  accountFarmlands: 'sbxAccountFarmlands',
  accountVouchers: 'sbxAccountVouchers',
} as const;

/** The café merchant's name and GST number, as the sandbox has them (and receipts print on the sandbox). */
export const SEED_CAFE = { name: 'Sandbox Café', gstNumber: '123-456-789' } as const;

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
  /** The patron's static patron code, shown by the wallet simulator's "My codes". */
  barcode?: string;
}

export const SEED_PATRONS: readonly SeedPatron[] = [
  {
    id: 'alice', name: 'Alice', token: SEED.aliceToken, userId: SEED.aliceUser, accountId: SEED.accountAlice,
    assetId: SEED.aliceAsset, assetType: ASSET_TYPE.nzdTest, balance: '100000', active: true, note: '$1,000.00 in Centrapay NZD',
    barcode: SEED.aliceBarcode,
  },
  {
    id: 'bob', name: 'Bob', token: SEED.bobToken, userId: SEED.bobUser, accountId: SEED.accountBob,
    assetId: SEED.bobAsset, assetType: ASSET_TYPE.nzdTest, balance: '500', active: true, note: '$5.00 in Centrapay NZD',
    barcode: SEED.bobBarcode,
  },
  {
    id: 'carol', name: 'Carol', token: SEED.carolToken, userId: SEED.carolUser, accountId: SEED.accountCarol,
    assetId: SEED.carolAsset, assetType: ASSET_TYPE.nzdTest, balance: '100000', active: false, note: 'Wallet switched off',
  },
];

/**
 * A Quick Pay asset type (§6.4, §8): a card or voucher the patron presents as a barcode, which Centrapay pays with on
 * the request's first poll, without asking the patron. `provider` and `description` are what `POST /api/decode` answers
 * (`provider`, `displayName`) and what `paidBy` names the asset type.
 */
export interface QuickPayAssetType {
  assetType: string;
  description: string;
  provider: string;
  /** The account holding the seeded cards or vouchers of this type. */
  accountId: string;
}

export const QUICK_PAY_ASSET_TYPES = {
  farmlands: { assetType: ASSET_TYPE.farmlandsTest, description: 'Farmlands', provider: 'farmlands', accountId: SEED.accountFarmlands },
  voucher: { assetType: ASSET_TYPE.voucherTest, description: 'Sandbox Voucher', provider: 'sbx-voucher', accountId: SEED.accountVouchers },
} as const satisfies Record<string, QuickPayAssetType>;

/** A seeded Quick Pay card or voucher, found by its barcode. */
export interface SeedQuickPayCode {
  barcode: string;
  assetId: string;
  type: QuickPayAssetType;
  /** Cents; goes down when it pays and back up by a refund or a sandbox reset. */
  balance: string;
  state: 'active' | 'expired' | 'inactive';
  /** What it is for, in the README's and the wallet simulator's words. */
  note: string;
}

const FARMLANDS = QUICK_PAY_ASSET_TYPES.farmlands;
const VOUCHER = QUICK_PAY_ASSET_TYPES.voucher;

export const SEED_QUICK_PAY_CODES: readonly SeedQuickPayCode[] = [
  { barcode: SEED.farmlandsCard, assetId: 'sbxAssetFarmlands424242424', type: FARMLANDS, balance: '10000000', state: 'active', note: 'Active, $100,000.00' },
  { barcode: SEED.farmlandsCardNoBalance, assetId: 'sbxAssetFarmlands434343434', type: FARMLANDS, balance: '0', state: 'active', note: 'Active, no balance' },
  { barcode: SEED.farmlandsCardExpired, assetId: 'sbxAssetFarmlands454545454', type: FARMLANDS, balance: '10000000', state: 'expired', note: 'Expired' },
  { barcode: SEED.farmlandsCardInactive, assetId: 'sbxAssetFarmlands464646464', type: FARMLANDS, balance: '10000000', state: 'inactive', note: 'Inactive' },
  { barcode: SEED.voucher20, assetId: 'sbxAssetVoucher700000000011', type: VOUCHER, balance: '2000', state: 'active', note: 'Holds $20.00' },
  { barcode: SEED.voucherEmpty, assetId: 'sbxAssetVoucher700000000029', type: VOUCHER, balance: '0', state: 'active', note: 'Holds $0.00' },
  { barcode: SEED.voucherExpired, assetId: 'sbxAssetVoucher700000000037', type: VOUCHER, balance: '2000', state: 'expired', note: 'Expired' },
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
