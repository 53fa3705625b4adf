// Builds the sandbox's store from the seed values of shared/sandbox-contract.md (held in domain/sandbox-seeds).
import {
  ASSET_TYPE,
  QUICK_PAY_ASSET_TYPES,
  REWARDS_OFFER,
  REWARDS_WALLET,
  SEED,
  SEED_CAFE,
  SEED_PATRONS,
  SEED_QUICK_PAY_CODES,
} from '../../domain/sandbox-seeds';
import type { ApiKey, SandboxStore } from './store';
import { compact } from './wire';

const DAY_MS = 24 * 60 * 60 * 1000;

export function seedStore(store: SandboxStore, nowMs: number): void {
  seedAccounts(store);
  seedMerchants(store);
  seedConfigs(store, nowMs);
  seedApiKeys(store);
  for (const { token, userId, accountId } of SEED_PATRONS) store.users.set(token, { token, userId, accountId });
  seedAssetTypes(store);
  seedAssets(store, nowMs);
  store.wallets.set(REWARDS_WALLET.walletId, {
    id: REWARDS_WALLET.walletId,
    name: REWARDS_WALLET.name,
    accountId: REWARDS_WALLET.accountId,
    assetType: REWARDS_WALLET.assetType,
  });
  seedPatronCodes(store, nowMs);
}

function seedAccounts(store: SandboxStore): void {
  const accounts = [
    { id: SEED.accountCafe, name: SEED_CAFE.name },
    { id: SEED.accountOther, name: 'Sandbox Other Merchant' },
    { id: REWARDS_WALLET.accountId, name: REWARDS_WALLET.name },
    ...SEED_PATRONS.map((patron) => ({ id: patron.accountId, name: patron.name })),
    ...Object.values(QUICK_PAY_ASSET_TYPES).map((type) => ({ id: type.accountId, name: `${type.description} test holder` })),
  ];
  for (const account of accounts) store.accounts.set(account.id, account);
}

function seedMerchants(store: SandboxStore): void {
  store.merchants.set(SEED.merchantCafe, {
    id: SEED.merchantCafe,
    name: SEED_CAFE.name,
    accountId: SEED.accountCafe,
    test: true,
    taxNumber: { value: SEED_CAFE.gstNumber, type: 'nz-gst' },
  });
  store.merchants.set(SEED.merchantOther, {
    id: SEED.merchantOther,
    name: 'Sandbox Other Merchant',
    accountId: SEED.accountOther,
    test: true,
  });
}

function seedConfigs(store: SandboxStore, nowMs: number): void {
  const allowedRedirectUrls = ['http://localhost', 'http://127.0.0.1'];
  const configs: [id: string, merchantId: string, paymentOptionTypes: string[]][] = [
    [
      SEED.configCafe,
      SEED.merchantCafe,
      [ASSET_TYPE.nzdTest, ASSET_TYPE.rewardsTest, ASSET_TYPE.tokenTest, ASSET_TYPE.farmlandsTest, ASSET_TYPE.voucherTest],
    ],
    [SEED.configKiosk, SEED.merchantCafe, [ASSET_TYPE.nzdTest]],
    [SEED.configFarmlands, SEED.merchantCafe, [ASSET_TYPE.farmlandsTest]],
    [SEED.configOther, SEED.merchantOther, [ASSET_TYPE.nzdTest]],
  ];
  for (const [id, merchantId, paymentOptionTypes] of configs) {
    store.configs.set(id, { id, merchantId, paymentOptionTypes, allowedRedirectUrls, createdAt: nowMs });
  }
}

function seedApiKeys(store: SandboxStore): void {
  const keys: ApiKey[] = [
    { secret: SEED.terminalCafeKey, name: 'cafe-terminal', accountId: SEED.accountCafe, role: 'merchant-terminal', enabled: true },
    { secret: SEED.terminalOtherKey, name: 'other-terminal', accountId: SEED.accountOther, role: 'merchant-terminal', enabled: true },
    { secret: REWARDS_WALLET.apiKey, name: 'rewards-wallet-server', accountId: REWARDS_WALLET.accountId, role: 'account-owner', enabled: true },
  ];
  for (const key of keys) store.apiKeys.set(key.secret, key);
}

function seedAssetTypes(store: SandboxStore): void {
  const assetTypes = [
    { type: ASSET_TYPE.nzdTest, description: 'Centrapay NZD', kind: 'wallet' as const, preAuth: true },
    { type: ASSET_TYPE.nzdMain, description: 'Centrapay NZD', kind: 'wallet' as const, preAuth: true },
    { type: ASSET_TYPE.tokenTest, description: 'Centrapay Token', kind: 'wallet' as const, needsCollection: true },
    {
      type: REWARDS_WALLET.assetType,
      description: 'Sandbox Rewards',
      kind: 'uplink' as const,
      providerAccountId: REWARDS_WALLET.accountId,
      offer: REWARDS_OFFER,
    },
    { type: ASSET_TYPE.externalTest, description: 'External', kind: 'external' as const },
    { type: ASSET_TYPE.externalMain, description: 'External', kind: 'external' as const },
    ...Object.values(QUICK_PAY_ASSET_TYPES).map(({ assetType, description, provider }) => ({
      type: assetType,
      description,
      kind: 'wallet' as const,
      quickPay: { provider },
    })),
  ];
  for (const assetType of assetTypes) store.assetTypes.set(assetType.type, assetType);
}

/** The patrons' wallets, then the Quick Pay cards and vouchers; the expired ones expired a day before the seed time. */
function seedAssets(store: SandboxStore, nowMs: number): void {
  for (const { assetId: id, accountId, assetType: type, balance, active } of SEED_PATRONS) {
    store.assets.set(id, { id, accountId, type, balance, active });
  }
  for (const { barcode, assetId: id, type, balance, state } of SEED_QUICK_PAY_CODES) {
    const expiresAt = state === 'expired' ? nowMs - DAY_MS : undefined;
    store.assets.set(id, compact({ id, accountId: type.accountId, type: type.assetType, balance, active: state !== 'inactive', expiresAt, barcode }));
  }
}

/** Static ("long-lived") codes: Alice's and Bob's never expire; the third expired a day before the seed time. */
function seedPatronCodes(store: SandboxStore, nowMs: number): void {
  const createdAt = nowMs - 7 * DAY_MS;
  const patronCodes = [
    { id: SEED.alicePatronCode, barcode: SEED.aliceBarcode, accountId: SEED.accountAlice, assetId: SEED.aliceAsset, createdAt },
    { id: SEED.bobPatronCode, barcode: SEED.bobBarcode, accountId: SEED.accountBob, assetId: SEED.bobAsset, createdAt },
    {
      id: SEED.expiredPatronCode,
      barcode: SEED.expiredBarcode,
      accountId: SEED.accountAlice,
      assetId: SEED.aliceAsset,
      createdAt,
      expiresAt: nowMs - DAY_MS,
    },
  ];
  for (const code of patronCodes) store.patronCodes.set(code.barcode, code);
}
