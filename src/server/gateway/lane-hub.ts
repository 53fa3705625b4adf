// Lane state (cart + payment in flight) held by the gateway, persisted in the journal and pushed to every screen.
import { cartTotal, type CartLine } from '../../domain/cart';
import type { LaneConnection, LanePayment, LaneSettlement, LaneState } from '../../domain/lane';
import type { Journal } from './journal';

export interface LaneConfig {
  id: string;
  name: string;
  terminalId: string;
  deviceId: string;
  configId: string;
}

/** What the gateway keeps of a lane: the sale on it. */
export interface StoredLane {
  cart: CartLine[];
  payment: LanePayment | null;
  connection: LaneConnection | null;
  settlement: LaneSettlement | null;
}

export const EMPTY_SALE = { payment: null, connection: null, settlement: null } as const;

type Listener = (state: LaneState) => void;

export class LaneHub {
  private readonly lanes: Map<string, LaneConfig>;
  private readonly stored = new Map<string, StoredLane & { version: number }>();
  private readonly listeners = new Map<string, Set<Listener>>();
  // Starts at the boot time so versions keep growing across restarts of the gateway.
  private version = Date.now();

  constructor(
    lanes: readonly LaneConfig[],
    private readonly journal: Journal,
    private readonly resultSeconds: number,
  ) {
    this.lanes = new Map(lanes.map((lane) => [lane.id, lane]));
    for (const [id, value] of journal.loadLaneStates()) {
      if (this.lanes.has(id)) this.stored.set(id, { ...EMPTY_SALE, ...(value as Partial<StoredLane>), cart: (value as StoredLane).cart ?? [], version: this.version });
    }
  }

  config(id: string): LaneConfig | undefined {
    return this.lanes.get(id);
  }

  all(): LaneConfig[] {
    return [...this.lanes.values()];
  }

  get(id: string): LaneState {
    const lane = this.lanes.get(id);
    if (!lane) throw new Error(`unknown lane ${id}`);
    const stored = this.stored.get(id) ?? { cart: [], ...EMPTY_SALE, version: 0 };
    return {
      lane: { id: lane.id, name: lane.name },
      cart: stored.cart,
      total: cartTotal(stored.cart),
      payment: stored.payment,
      connection: stored.connection,
      settlement: stored.settlement,
      version: stored.version,
      serverTime: new Date().toISOString(),
      resultSeconds: this.resultSeconds,
    };
  }

  /** Applies a change to the lane's sale; `change` returns the parts it leaves alone as they were (same objects). */
  update(id: string, change: (current: StoredLane) => StoredLane): LaneState {
    const current = this.get(id);
    const next = change({ cart: current.cart, payment: current.payment, connection: current.connection, settlement: current.settlement });
    // A poll that found nothing new writes nothing and wakes no screen.
    const keys = ['cart', 'payment', 'connection', 'settlement'] as const;
    if (keys.every((key) => next[key] === current[key])) return current;
    this.version += 1;
    this.stored.set(id, { ...next, version: this.version });
    this.journal.saveLaneState(id, next);
    const state = this.get(id);
    for (const listener of this.listeners.get(id) ?? []) listener(state);
    return state;
  }

  updatePayment(id: string, paymentRequestId: string, change: (payment: LanePayment) => LanePayment): LaneState {
    return this.update(id, (current) =>
      current.payment?.paymentRequest.id === paymentRequestId ? { ...current, payment: change(current.payment) } : current,
    );
  }

  subscribe(id: string, listener: Listener): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  subscriberCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }
}
