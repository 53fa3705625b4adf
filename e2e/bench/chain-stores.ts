// The chain bench's stores, as STORES gives them to every instance. The sandbox has two merchant accounts with a
// terminal key each (shared/sandbox-contract.md): the café's (configs sbxConfigCafe and sbxConfigKiosk) and the other
// merchant's (sbxConfigOther). So the stores alternate between the two accounts: each account's stores share its key
// and its one rate budget, as stores of one Centrapay account would. The lanes are dealt out evenly.
import { SEED } from '../../src/domain/sandbox-seeds';

export interface BenchStore {
  id: string;
  name: string;
  configId: string;
  merchantAccountId: string;
  merchantId: string;
  apiKey: string;
  cashierCode: string;
  lanes: string[];
}

const ACCOUNTS = [
  { merchantAccountId: SEED.accountCafe, merchantId: SEED.merchantCafe, apiKey: SEED.terminalCafeKey, configIds: [SEED.configCafe, SEED.configKiosk] },
  { merchantAccountId: SEED.accountOther, merchantId: SEED.merchantOther, apiKey: SEED.terminalOtherKey, configIds: [SEED.configOther] },
] as const;

/** The Centrapay account a terminal key belongs to. */
export const ACCOUNT_OF_KEY: ReadonlyMap<string, string> = new Map(ACCOUNTS.map((account) => [account.apiKey, account.merchantAccountId]));

export function chainStores(lanes: number, stores: number): BenchStore[] {
  if (stores < 1 || lanes < stores) throw new Error(`${lanes} lanes cannot be dealt out to ${stores} stores`);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const width = String(Math.max(stores, Math.ceil(lanes / stores))).length;
  return Array.from({ length: stores }, (_, index) => {
    const account = ACCOUNTS[index % ACCOUNTS.length]!;
    const own = Math.floor(lanes / stores) + (index < lanes % stores ? 1 : 0);
    const id = `s${pad(index + 1, width)}`;
    return {
      id,
      name: `Bench store ${index + 1}`,
      configId: account.configIds[Math.floor(index / ACCOUNTS.length) % account.configIds.length]!,
      merchantAccountId: account.merchantAccountId,
      merchantId: account.merchantId,
      apiKey: account.apiKey,
      cashierCode: `bench-${id}-cashier`,
      lanes: Array.from({ length: own }, (_, lane) => `${id}-l${pad(lane + 1, width)}`),
    };
  });
}

/** STORES as the gateway reads it: each lane with its own terminal and device ids. */
export function storesSetting(stores: readonly BenchStore[]): string {
  return JSON.stringify(stores.map(({ lanes, ...store }) => ({
    ...store,
    lanes: lanes.map((lane) => ({ id: lane, terminalId: `${lane}-till`, deviceId: `${lane}-device` })),
  })));
}

/** How many stores and lanes each account has. */
export function accountPlan(stores: readonly BenchStore[]): { account: string; stores: number; lanes: number }[] {
  const plan = new Map<string, { account: string; stores: number; lanes: number }>();
  for (const store of stores) {
    const entry = plan.get(store.merchantAccountId) ?? { account: store.merchantAccountId, stores: 0, lanes: 0 };
    entry.stores += 1;
    entry.lanes += store.lanes.length;
    plan.set(store.merchantAccountId, entry);
  }
  return [...plan.values()];
}
