// The chain's stores from the configuration. STORES (inline JSON) or STORES_FILE lists them, each with its own
// Centrapay ids and key, lanes, machines and codes; without it, today's single-store variables (LANES, MACHINES,
// CASHIER_CODE, KIOSK_STAFF_CODE, CENTRAPAY_*…) make exactly one store, `default`. Either way the chain is checked as
// a whole: ids unique, every store's cashier code its own and never a kiosk's.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { CatalogItem } from '../domain/catalog';
import { discountPercentSchema } from '../domain/card-partner';
import { LANE_ID_PATTERN } from '../domain/lane';
import { SEED, SEED_CAFE } from '../domain/sandbox-seeds';
import { machineConfigSchema, readMachineConfigs, resolveMachines } from './gateway/machines/machines';
import { DEFAULT_STORE_ID, type Store } from './gateway/stores/stores';
import { checkSetting, readJsonSetting } from './config-json';
import { deviceIdOf, laneSchema, readLanes, resolveLane } from './lanes-config';
import { checkChain } from './chain-checks';

/** The sandbox's demo kiosk staff code (no real money there); a real Centrapay needs KIOSK_STAFF_CODE. */
export const SANDBOX_KIOSK_STAFF_CODE = 'kiosk-1357';

/** What the stores are read from: the environment's variables that describe them. */
export interface StoreEnv {
  STORES?: string;
  STORES_FILE?: string;
  CENTRAPAY_API_KEY?: string;
  CENTRAPAY_CONFIG_ID?: string;
  CENTRAPAY_MERCHANT_ACCOUNT_ID?: string;
  CENTRAPAY_MERCHANT_ID?: string;
  LANES?: string;
  LANES_FILE?: string;
  MACHINES?: string;
  MACHINES_FILE?: string;
  CASHIER_CODE?: string;
  KIOSK_STAFF_CODE?: string;
  MERCHANT_NAME?: string;
  MERCHANT_GST_NUMBER?: string;
  FARMLANDS_DISCOUNT_PERCENT?: string;
}

/** The sandbox store's Farmlands Card Partner discount, so the Farmlands test cards show one (0 turns it off). */
export const SANDBOX_CARD_PARTNER_PERCENT = '10';

/**
 * A store's Farmlands Card Partner discount (a percentage, "10" or "12.5"; "0" for none): as set, else the sandbox's
 * demo one; none with a real Centrapay unless set.
 */
function cardPartnerPercent(setting: string | undefined, sandbox: boolean, where: string): string | null {
  const percent = setting ?? (sandbox ? SANDBOX_CARD_PARTNER_PERCENT : undefined);
  if (percent === undefined || /^0+(\.0+)?$/.test(percent)) return null;
  const checked = discountPercentSchema.safeParse(percent);
  if (!checked.success) throw new Error(`Configuration error: ${where} must be a percentage from 0.01 to 99.99 with at most two decimals, or 0 for none (got "${percent}")`);
  return checked.data;
}

/** A store's own settings, which STORES gives per store: set with STORES, they would be ambiguous. */
const PER_STORE_VARIABLES = [
  'LANES', 'LANES_FILE', 'MACHINES', 'MACHINES_FILE', 'CASHIER_CODE', 'KIOSK_STAFF_CODE',
  'CENTRAPAY_CONFIG_ID', 'CENTRAPAY_MERCHANT_ACCOUNT_ID', 'CENTRAPAY_MERCHANT_ID', 'MERCHANT_GST_NUMBER', 'FARMLANDS_DISCOUNT_PERCENT',
] as const satisfies readonly (keyof StoreEnv)[];

const code = z.string().min(6, 'must be at least 6 characters');
const storeSchema = z.strictObject({
  id: z.string().regex(LANE_ID_PATTERN, 'a store id is 1 to 40 letters, digits, - or _'),
  name: z.string().trim().min(1).max(80),
  configId: z.string().min(1).optional(),
  merchantAccountId: z.string().min(1).optional(),
  merchantId: z.string().min(1).optional(),
  apiKey: z.string().min(1).optional(),
  lanes: z.array(laneSchema).min(1, 'a store needs at least one lane'),
  machines: z.array(machineConfigSchema).default([]),
  cashierCode: code.optional(),
  kioskStaffCode: code.optional(),
  gstNumber: z.string().trim().min(1).max(40).optional(),
  /** Its Farmlands Card Partner discount, a percentage ("10"; "0" for none). */
  farmlandsDiscountPercent: z.string().trim().optional(),
});
type StoreSetting = z.infer<typeof storeSchema>;

/** The chain's stores, checked as a whole. */
export function resolveStores(e: StoreEnv, sandbox: boolean, catalog: readonly CatalogItem[]): Store[] {
  const chain = Boolean(e.STORES || e.STORES_FILE);
  const stores = chain ? chainStores(e, sandbox, catalog) : [singleStore(e, sandbox, catalog)];
  checkChain(stores);
  return stores;
}

/** STORES or STORES_FILE, each store with its defaults filled in and what a real Centrapay needs required. */
function chainStores(e: StoreEnv, sandbox: boolean, catalog: readonly CatalogItem[]): Store[] {
  const mixed = PER_STORE_VARIABLES.filter((name) => Boolean(e[name]));
  if (mixed.length > 0) {
    throw new Error(`Configuration error: with STORES, each store sets its own lanes, machines, codes and Centrapay ids: unset ${mixed.join(', ')}`);
  }
  const json = readJsonSetting('STORES', e.STORES, e.STORES_FILE);
  const settings = checkSetting('STORES', z.array(storeSchema).min(1, 'list at least one store'), json ?? []);
  const several = settings.length > 1;
  return settings.map((setting) => chainStore(setting, { sandbox, several, catalog, apiKey: e.CENTRAPAY_API_KEY }));
}

interface ChainContext {
  sandbox: boolean;
  /** More than one store: each needs its own codes, even on the sandbox (a code tells the stores apart). */
  several: boolean;
  catalog: readonly CatalogItem[];
  /** CENTRAPAY_API_KEY: the key of every store that does not give its own. */
  apiKey: string | undefined;
}

function chainStore(setting: StoreSetting, ctx: ChainContext): Store {
  const where = `Configuration error: STORES: store "${setting.id}"`;
  const { sandbox, several } = ctx;
  if (!sandbox && !(setting.configId && setting.merchantAccountId && setting.merchantId)) {
    throw new Error(`${where} needs configId, merchantAccountId and merchantId with a real Centrapay`);
  }
  const apiKey = setting.apiKey ?? ctx.apiKey ?? (sandbox ? SEED.terminalCafeKey : undefined);
  if (!apiKey) throw new Error(`${where} has no apiKey, and CENTRAPAY_API_KEY is not set`);
  if (!setting.cashierCode && (!sandbox || several)) {
    throw new Error(`${where} needs a cashierCode (with a real Centrapay, or with more than one store): the code its cashiers enter once per till`);
  }
  const kioskStaffCode = setting.kioskStaffCode ?? (sandbox && !several ? SANDBOX_KIOSK_STAFF_CODE : undefined);
  if (!kioskStaffCode && setting.lanes.some((lane) => lane.kind === 'kiosk')) {
    throw new Error(`${where} has a kiosk lane and needs a kioskStaffCode: the code its staff use to set up a kiosk`);
  }
  const configId = setting.configId ?? SEED.configCafe;
  const percent = cardPartnerPercent(setting.farmlandsDiscountPercent, sandbox, `STORES: store "${setting.id}": farmlandsDiscountPercent`);
  return {
    id: setting.id,
    name: setting.name,
    centrapay: { apiKey, merchantAccountId: setting.merchantAccountId ?? SEED.accountCafe, merchantId: setting.merchantId ?? SEED.merchantCafe },
    lanes: setting.lanes.map((lane) => ({ ...resolveLane(lane, configId), cardPartnerPercent: percent })),
    machines: resolveMachines(setting.machines, ctx.catalog, { configId, deviceIdOf }),
    cashierCode: setting.cashierCode,
    kioskStaffCode,
    merchant: { name: setting.name, gstNumber: setting.gstNumber ?? null },
  };
}

/** Today's variables: one store, `default` (the sandbox café's unless they say otherwise). */
function singleStore(e: StoreEnv, sandbox: boolean, catalog: readonly CatalogItem[]): Store {
  requireSingleStoreSettings(e, sandbox);
  const configId = e.CENTRAPAY_CONFIG_ID ?? SEED.configCafe;
  const percent = cardPartnerPercent(e.FARMLANDS_DISCOUNT_PERCENT, sandbox, 'FARMLANDS_DISCOUNT_PERCENT');
  const lanes = readLanes(e.LANES, e.LANES_FILE, sandbox).map((lane) => ({ ...resolveLane(lane, configId), cardPartnerPercent: percent }));
  if (!sandbox && !e.KIOSK_STAFF_CODE && lanes.some((lane) => lane.kind === 'kiosk')) {
    throw new Error('Configuration error: with a real Centrapay and a kiosk lane, KIOSK_STAFF_CODE is required: the code staff use to set up a kiosk and open its staff panel');
  }
  const machineText = e.MACHINES_FILE ? readFileSync(e.MACHINES_FILE, 'utf8') : undefined;
  const merchantName = e.MERCHANT_NAME ?? (sandbox ? SEED_CAFE.name : null);
  return {
    id: DEFAULT_STORE_ID,
    name: merchantName ?? 'This store',
    centrapay: {
      apiKey: e.CENTRAPAY_API_KEY ?? SEED.terminalCafeKey,
      merchantAccountId: e.CENTRAPAY_MERCHANT_ACCOUNT_ID ?? SEED.accountCafe,
      merchantId: e.CENTRAPAY_MERCHANT_ID ?? SEED.merchantCafe,
    },
    lanes,
    machines: resolveMachines(readMachineConfigs(e.MACHINES, machineText, sandbox), catalog, { configId, deviceIdOf }),
    cashierCode: e.CASHIER_CODE,
    // Self-checkout kiosks: the staff code that pairs a kiosk and opens its staff panel (a demo one on the sandbox).
    kioskStaffCode: e.KIOSK_STAFF_CODE ?? (sandbox ? SANDBOX_KIOSK_STAFF_CODE : undefined),
    // Printed on receipts. The sandbox's café by default; a real merchant sets its own.
    merchant: { name: merchantName, gstNumber: e.MERCHANT_GST_NUMBER ?? (sandbox ? SEED_CAFE.gstNumber : null) },
  };
}

/** Real money needs the merchant's Centrapay settings and a cashier code; a kiosk must never learn the cashier code. */
function requireSingleStoreSettings(e: StoreEnv, sandbox: boolean): void {
  if (!sandbox && (!e.CENTRAPAY_API_KEY || !e.CENTRAPAY_CONFIG_ID || !e.CENTRAPAY_MERCHANT_ACCOUNT_ID || !e.CENTRAPAY_MERCHANT_ID)) {
    throw new Error('Configuration error: with CENTRAPAY_BASE_URL set, CENTRAPAY_API_KEY, CENTRAPAY_CONFIG_ID, CENTRAPAY_MERCHANT_ID and CENTRAPAY_MERCHANT_ACCOUNT_ID are required');
  }
  // Real money: no screen on the shop's network may ring up or cancel without the code.
  if (!sandbox && !e.CASHIER_CODE) {
    throw new Error('Configuration error: with a real Centrapay (CENTRAPAY_BASE_URL set), CASHIER_CODE is required: the code cashiers enter once per till');
  }
  if (e.KIOSK_STAFF_CODE && e.KIOSK_STAFF_CODE === e.CASHIER_CODE) {
    throw new Error('Configuration error: KIOSK_STAFF_CODE must differ from CASHIER_CODE (a kiosk must never learn the cashier code)');
  }
}
