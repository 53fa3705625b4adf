// Merchant configs (§3.17): which asset types a merchant accepts, and where it may redirect.
import type { Principal } from './auth';
import { forbidden } from './errors';
import { SYSTEM_CRN } from './lifecycle';
import type { MerchantConfig, SandboxStore } from './store';
import { requireIdPrefix } from './validation';
import { toIso } from './wire';

/**
 * The config with that id (with or without `mc_`) if it belongs to the calling key's account;
 * otherwise undefined, so each endpoint can answer with its own code.
 */
export function findOwnConfig(store: SandboxStore, principal: Principal, configId: string, field: string): MerchantConfig | undefined {
  requireIdPrefix(configId, 'mc', field);
  const config = store.configs.get(configId.replace(/^mc_/, ''));
  const merchant = config && store.merchants.get(config.merchantId);
  if (!config || !merchant || principal.kind !== 'api-key' || merchant.accountId !== principal.accountId) return undefined;
  return config;
}

export function getMerchantConfig(store: SandboxStore, principal: Principal, configId: string): MerchantConfig {
  const config = findOwnConfig(store, principal, configId, 'configId');
  if (!config) throw forbidden();
  return config;
}

/**
 * Where the config lets a Payment Request send the patron back to (`redirectPaidUrl`, `redirectCancelUrl`): its seeded
 * prefixes and, where they do not cover it, the web app the sandbox's pay pages are on (PUBLIC_URL), as Centrapay's
 * support adds a merchant's own site when asked. So a till reached at PUBLIC_URL can always send its patrons back.
 */
export function allowedRedirectUrls(config: MerchantConfig, publicUrl: string): string[] {
  const site = `${publicUrl}/`;
  return config.allowedRedirectUrls.some((prefix) => site.startsWith(prefix)) ? config.allowedRedirectUrls : [...config.allowedRedirectUrls, site];
}

/** Configs are set up by the sandbox with its seeds and never change afterwards. */
export function toMerchantConfigJson(config: MerchantConfig, publicUrl: string): Record<string, unknown> {
  return {
    id: config.id,
    merchantId: config.merchantId,
    paymentOptions: config.paymentOptionTypes.map((type) => ({ type })),
    allowedRedirectUrls: allowedRedirectUrls(config, publicUrl),
    createdAt: toIso(config.createdAt),
    updatedAt: toIso(config.createdAt),
    createdBy: SYSTEM_CRN,
    updatedBy: SYSTEM_CRN,
  };
}
