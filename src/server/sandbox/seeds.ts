// Seed data fixed by shared/sandbox-contract.md. Tests and demos depend on these values: change none.
import type { SandboxStore } from './store';

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
  aliceAsset: 'sbxAssetAliceNzd',
  bobAsset: 'sbxAssetBobNzd',
  carolAsset: 'sbxAssetCarolNzd',
  rewardsWalletId: 'sbx-wallet-rewards',
  rewardsKey: 'sbx-wallet-rewards-key',
  accountRewards: 'sbxAccountRewards',
  aliceBarcode: '9990001000000019',
  bobBarcode: '9990001000000027',
  expiredBarcode: '9990001000000035',
} as const;

export const ASSET_TYPE = {
  nzdTest: 'centrapay.nzd.test',
  nzdMain: 'centrapay.nzd.main',
  tokenTest: 'centrapay.token.test',
  rewardsTest: 'sbx.rewards.test',
  externalTest: 'external.test',
  externalMain: 'external.main',
} as const;

/** The rewards wallet's offer: this share of every line item whose sku starts with the prefix. */
export const REWARDS_OFFER = { skuPrefix: 'COFFEE', percent: 20n };

export function seedStore(store: SandboxStore, nowMs: number): void {
  const accounts = [
    { id: SEED.accountCafe, name: 'Sandbox Café' },
    { id: SEED.accountOther, name: 'Sandbox Other Merchant' },
    { id: SEED.accountRewards, name: 'Sandbox Rewards' },
    { id: 'sbxAccountAlice', name: 'Alice' },
    { id: 'sbxAccountBob', name: 'Bob' },
    { id: 'sbxAccountCarol', name: 'Carol' },
  ];
  for (const account of accounts) store.accounts.set(account.id, account);

  store.merchants.set(SEED.merchantCafe, {
    id: SEED.merchantCafe,
    name: 'Sandbox Café',
    accountId: SEED.accountCafe,
    test: true,
    taxNumber: { value: '123-456-789', type: 'nz-gst' },
  });
  store.merchants.set(SEED.merchantOther, {
    id: SEED.merchantOther,
    name: 'Sandbox Other Merchant',
    accountId: SEED.accountOther,
    test: true,
  });

  const allowedRedirectUrls = ['http://localhost', 'http://127.0.0.1'];
  const configs: [id: string, merchantId: string, paymentOptionTypes: string[]][] = [
    [SEED.configCafe, SEED.merchantCafe, [ASSET_TYPE.nzdTest, ASSET_TYPE.rewardsTest, ASSET_TYPE.tokenTest]],
    [SEED.configKiosk, SEED.merchantCafe, [ASSET_TYPE.nzdTest]],
    [SEED.configOther, SEED.merchantOther, [ASSET_TYPE.nzdTest]],
  ];
  for (const [id, merchantId, paymentOptionTypes] of configs) {
    store.configs.set(id, { id, merchantId, paymentOptionTypes, allowedRedirectUrls, createdAt: nowMs });
  }

  store.apiKeys.set(SEED.terminalCafeKey, {
    secret: SEED.terminalCafeKey,
    name: 'cafe-terminal',
    accountId: SEED.accountCafe,
    role: 'merchant-terminal',
    enabled: true,
  });
  store.apiKeys.set(SEED.terminalOtherKey, {
    secret: SEED.terminalOtherKey,
    name: 'other-terminal',
    accountId: SEED.accountOther,
    role: 'merchant-terminal',
    enabled: true,
  });
  store.apiKeys.set(SEED.rewardsKey, {
    secret: SEED.rewardsKey,
    name: 'rewards-wallet-server',
    accountId: SEED.accountRewards,
    role: 'account-owner',
    enabled: true,
  });

  store.users.set(SEED.aliceToken, { token: SEED.aliceToken, userId: 'sbx-user-alice', accountId: 'sbxAccountAlice' });
  store.users.set(SEED.bobToken, { token: SEED.bobToken, userId: 'sbx-user-bob', accountId: 'sbxAccountBob' });
  store.users.set(SEED.carolToken, { token: SEED.carolToken, userId: 'sbx-user-carol', accountId: 'sbxAccountCarol' });

  const assetTypes = [
    { type: ASSET_TYPE.nzdTest, description: 'Centrapay NZD', kind: 'wallet' as const, preAuth: true },
    { type: ASSET_TYPE.nzdMain, description: 'Centrapay NZD', kind: 'wallet' as const, preAuth: true },
    { type: ASSET_TYPE.tokenTest, description: 'Centrapay Token', kind: 'wallet' as const, needsCollection: true },
    {
      type: ASSET_TYPE.rewardsTest,
      description: 'Sandbox Rewards',
      kind: 'uplink' as const,
      providerAccountId: SEED.accountRewards,
      offer: REWARDS_OFFER,
    },
    { type: ASSET_TYPE.externalTest, description: 'External', kind: 'external' as const },
    { type: ASSET_TYPE.externalMain, description: 'External', kind: 'external' as const },
  ];
  for (const assetType of assetTypes) store.assetTypes.set(assetType.type, assetType);

  const assets = [
    { id: SEED.aliceAsset, accountId: 'sbxAccountAlice', type: ASSET_TYPE.nzdTest, balance: '100000', active: true },
    { id: SEED.bobAsset, accountId: 'sbxAccountBob', type: ASSET_TYPE.nzdTest, balance: '500', active: true },
    { id: SEED.carolAsset, accountId: 'sbxAccountCarol', type: ASSET_TYPE.nzdTest, balance: '100000', active: false },
  ];
  for (const asset of assets) store.assets.set(asset.id, asset);

  store.wallets.set(SEED.rewardsWalletId, {
    id: SEED.rewardsWalletId,
    name: 'Sandbox Rewards',
    accountId: SEED.accountRewards,
    assetType: ASSET_TYPE.rewardsTest,
  });

  // Static ("long-lived") codes: Alice's and Bob's never expire; the third expired a day before the seed time.
  const dayMs = 24 * 60 * 60 * 1000;
  const patronCodes = [
    { id: 'sbxPatronCodeAlice', barcode: SEED.aliceBarcode, accountId: 'sbxAccountAlice', assetId: SEED.aliceAsset, createdAt: nowMs - 7 * dayMs },
    { id: 'sbxPatronCodeBob', barcode: SEED.bobBarcode, accountId: 'sbxAccountBob', assetId: SEED.bobAsset, createdAt: nowMs - 7 * dayMs },
    {
      id: 'sbxPatronCodeExpired',
      barcode: SEED.expiredBarcode,
      accountId: 'sbxAccountAlice',
      assetId: SEED.aliceAsset,
      createdAt: nowMs - 7 * dayMs,
      expiresAt: nowMs - dayMs,
    },
  ];
  for (const code of patronCodes) store.patronCodes.set(code.barcode, code);
}
