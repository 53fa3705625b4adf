// The Centrapay accounts the gateway acts for. Centrapay counts calls against the calling key's account (§1.9), so
// each account has one rate budget, shared by every store on it; each API key has its own client, which waits its turn
// in its account's budget. A store names its account and key; the stores of a single-store configuration are one.
import { CentrapayClient, type CentrapayClientOptions } from './client';
import { CALL_KINDS, RateGovernor, type CallKind, type GovernorObserver } from './rate-governor';
import type { SharedBudget } from './shared-budget';

/** How a store reaches Centrapay: the API key it calls with, and the merchant account and merchant it acts for. */
export interface CentrapayAccountSettings {
  apiKey: string;
  merchantAccountId: string;
  merchantId: string;
}

/** What a store's engines call Centrapay with: its own client, its account's budget, and its ids. */
export interface StoreCentrapay {
  client: CentrapayClient;
  governor: RateGovernor;
  merchantAccountId: string;
  merchantId: string;
}

export interface AccountsOptions {
  /** Each account's budget, calls a minute (CENTRAPAY_RATE_LIMIT). */
  perMinute: number;
  observer?: GovernorObserver;
  /** Where Centrapay is and how each client calls it. */
  client: Omit<CentrapayClientOptions, 'apiKey' | 'governor'>;
  /** A chain's budget of an account, shared with the other instances (with a PostgreSQL journal). */
  sharedBudget?: (merchantAccountId: string, perMinute: number) => SharedBudget;
}

const SEP = '\u0000';

export class CentrapayAccounts {
  private readonly governors = new Map<string, RateGovernor>();
  private readonly clients = new Map<string, CentrapayClient>();
  private readonly stores = new Map<string, StoreCentrapay>();

  constructor(stores: readonly { id: string; centrapay: CentrapayAccountSettings }[], private readonly options: AccountsOptions) {
    for (const store of stores) this.stores.set(store.id, this.reach(store.centrapay));
  }

  /** The store's client and its account's budget. */
  forStore(storeId: string): StoreCentrapay {
    const found = this.stores.get(storeId);
    if (!found) throw new Error(`no Centrapay account is configured for store "${storeId}"`);
    return found;
  }

  /** Each account's budget, by account id. */
  budgets(): ReadonlyMap<string, RateGovernor> {
    return this.governors;
  }

  /** Calls waiting for their turn, by kind, over every account. */
  waitingByKind(): Record<CallKind, number> {
    const total = Object.fromEntries(CALL_KINDS.map((kind) => [kind, 0])) as Record<CallKind, number>;
    for (const governor of this.governors.values()) for (const kind of CALL_KINDS) total[kind] += governor.depth().byKind[kind];
    return total;
  }

  stop(): void {
    for (const governor of this.governors.values()) governor.stop();
  }

  private reach(settings: CentrapayAccountSettings): StoreCentrapay {
    const { apiKey, merchantAccountId, merchantId } = settings;
    let governor = this.governors.get(merchantAccountId);
    if (!governor) {
      const shared = this.options.sharedBudget?.(merchantAccountId, this.options.perMinute);
      governor = new RateGovernor(this.options.perMinute, this.options.observer, { shared });
      this.governors.set(merchantAccountId, governor);
    }
    const key = merchantAccountId + SEP + apiKey;
    let client = this.clients.get(key);
    if (!client) {
      client = new CentrapayClient({ ...this.options.client, apiKey, governor });
      this.clients.set(key, client);
    }
    return { client, governor, merchantAccountId, merchantId };
  }
}
