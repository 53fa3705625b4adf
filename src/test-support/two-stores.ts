// Two stores on one gateway, on two Centrapay accounts of the sandbox: North on the café's account and terminal key,
// South on the other seeded merchant's, with its own key. Each has a till, a kiosk, a vending machine and a pump, and
// its own cashier and kiosk staff codes.
import { DEMO_CATALOG } from '../domain/catalog';
import { SEED, SEED_CAFE } from '../domain/sandbox-seeds';
import { resolveMachines } from '../server/gateway/machines/machines';
import type { Store } from '../server/gateway/stores/stores';

/** What a cashier screen of North, or of South, sends: its store's code. */
export const CASHIER_NORTH = { 'x-cashier-code': 'cashier-north' };
export const CASHIER_SOUTH = { 'x-cashier-code': 'cashier-south' };

const lane = (id: string, configId: string) => ({ id, name: `Lane ${id}`, terminalId: `till-${id}`, deviceId: `SN-${id}`, configId });
const machinesOf = (prefix: string, configId: string) => resolveMachines([
  { id: `${prefix}-vend`, kind: 'vending', key: `machine-key-${prefix}-vend`, products: [{ sku: 'DRINK-OJ' }] },
  { id: `${prefix}-pump`, kind: 'pump', key: `machine-key-${prefix}-pump`, authoriseAmount: '5000' },
], DEMO_CATALOG, { configId, deviceIdOf: (id) => `test-${id}` });

/** North (listed first): lanes a-1 and kiosk a-k, machines a-vend and a-pump. South: b-1, b-k, b-vend, b-pump. */
export const TWO_STORES: readonly [Store, Store] = [
  {
    id: 'north', name: 'North', centrapay: { apiKey: SEED.terminalCafeKey, merchantAccountId: SEED.accountCafe, merchantId: SEED.merchantCafe },
    lanes: [lane('a-1', SEED.configCafe), { ...lane('a-k', SEED.configCafe), kind: 'kiosk' }], machines: machinesOf('a', SEED.configCafe),
    cashierCode: CASHIER_NORTH['x-cashier-code'], kioskStaffCode: 'staff-north', merchant: SEED_CAFE,
  },
  {
    id: 'south', name: 'South', centrapay: { apiKey: SEED.terminalOtherKey, merchantAccountId: SEED.accountOther, merchantId: SEED.merchantOther },
    lanes: [lane('b-1', SEED.configOther), { ...lane('b-k', SEED.configOther), kind: 'kiosk' }], machines: machinesOf('b', SEED.configOther),
    cashierCode: CASHIER_SOUTH['x-cashier-code'], kioskStaffCode: 'staff-south', merchant: { name: 'South', gstNumber: '999-888-777' },
  },
];
