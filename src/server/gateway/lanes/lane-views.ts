// The lane as its screens see it, composed on the server: the sale on the lane (the sale engine) and the bar tab last
// opened there (the hold engine), as one state, numbered with every change of either, and pushed over the lane's one
// event stream. A display reads nothing else. In a chain (`shared`) the version is the database's: every instance
// hears each change with the view's new version and pushes it, so a screen on any instance sees every change in order.
import type { LanePayment, LaneState } from '../../../domain/lane';
import type { LaneTabView } from '../../../domain/lane-tab';
import { holdView, type Hold } from '../../../domain/pre-auth';
import { laneTabView } from '../../../domain/tab';
import type { HoldService } from '../hold/service';
import type { SaleService } from '../sale/service';
import type { LaneFeed } from './events-stream';

type Listener = (state: LaneState) => void;

/** A chain's view versions (chain/coordinator.ts). */
export interface SharedViews {
  viewVersions(lanes: readonly string[]): Promise<Map<string, number>>;
  onView(listener: (lane: string, version: number) => void): void;
}

/** The lane's latest tab: which hold, when it was opened, and what the display shows of it. */
interface LatestTab {
  id: string;
  createdAt: string;
  view: LaneTabView | null;
}

export class LaneViews implements LaneFeed {
  private readonly tabs = new Map<string, LatestTab>();
  private readonly listeners = new Map<string, Set<Listener>>();
  // Starts at the boot time so versions keep growing across restarts of the gateway.
  private version = Date.now();
  private readonly versions = new Map<string, number>();

  constructor(
    private readonly sales: SaleService,
    private readonly holds: HoldService,
    private readonly now: () => number = Date.now,
    private readonly shared?: SharedViews,
  ) {
    if (shared) shared.onView((lane, version) => this.changed(lane, version));
    else sales.onChange((lane) => this.changed(lane));
    holds.onChange((_id, hold) => {
      if (hold?.kind === 'tab' && this.sales.has(hold.owner) && this.keep(hold) && !shared) this.changed(hold.owner);
    });
  }

  /** The tab each lane last opened, as the journal has it, and (shared) each view's version. */
  async start(): Promise<void> {
    for (const lane of this.sales.lanes()) {
      const latest = (await this.holds.list({ owner: lane.id })).find((hold) => hold.kind === 'tab');
      if (latest) this.keep(latest);
    }
    if (!this.shared) return;
    for (const [lane, version] of await this.shared.viewVersions(this.sales.lanes().map((lane) => lane.id))) this.versions.set(lane, version);
  }

  state(lane: string): LaneState {
    const sale = this.sales.state(lane);
    const payment = sale.payment && withoutTillIds(sale.payment);
    return { ...sale, payment, parts: sale.parts.map(withoutTillIds), tab: this.tabs.get(lane)?.view ?? null, version: this.versions.get(lane) ?? this.version };
  }

  subscribe(lane: string, listener: Listener): () => void {
    this.sales.state(lane); // 404 with the lanes that exist
    const listeners = this.listeners.get(lane) ?? new Set();
    this.listeners.set(lane, listeners);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /** Screens subscribed now, on one lane or all. */
  subscriberCount(lane?: string): number {
    if (lane !== undefined) return this.listeners.get(lane)?.size ?? 0;
    let count = 0;
    for (const listeners of this.listeners.values()) count += listeners.size;
    return count;
  }

  /** Keeps the hold as its lane's tab when it is the lane's latest; true when what the display shows changed. */
  private keep(hold: Hold): boolean {
    const current = this.tabs.get(hold.owner);
    if (current && current.id !== hold.id && current.createdAt > hold.createdAt) return false;
    const view = laneTabView(holdView(hold, this.now()));
    this.tabs.set(hold.owner, { id: hold.id, createdAt: hold.createdAt, view });
    return JSON.stringify(view) !== JSON.stringify(current?.view ?? null);
  }

  /** The lane's view changed (shared: to `version`, which a stale or repeated notice does not move back). */
  private changed(lane: string, version?: number): void {
    if (version === undefined) this.versions.set(lane, ++this.version);
    else if (version > (this.versions.get(lane) ?? 0)) this.versions.set(lane, version);
    else return;
    const listeners = this.listeners.get(lane);
    if (!listeners?.size) return;
    const state = this.state(lane);
    for (const listener of [...listeners]) listener(state);
  }
}

/**
 * A payment as the screens see it: without the till's operator, terminal and device ids. Every display reads the lane
 * with no code, and none of its screens (the cashier's included) shows them; the journal and receipts keep them.
 */
const TILL_IDS = ['operatorId', 'terminalId', 'deviceId'] as const;

function withoutTillIds(payment: LanePayment): LanePayment {
  const paymentRequest = { ...payment.paymentRequest };
  for (const id of TILL_IDS) delete paymentRequest[id];
  return { ...payment, paymentRequest };
}
