// What the run did, counted as it happens: the figures of the report besides the audit's, and what the screens
// and machines pressed and were told (the audit holds the journals to it).
import type { HoldDrive, RefundPress, VendDrive } from './audit-model';
import { FLOWS, type Flow } from './flows';

export type Counter = Record<string, number>;

export function bump(counter: Counter, key: string, by = 1): void {
  counter[key] = (counter[key] ?? 0) + by;
}

/** One flow's operations: how many were driven, in which variants, how they ended as the driver saw it. */
export interface FlowStats {
  driven: number;
  variants: Counter;
  /** Variants driven to their point (a refund answered, a vend paid and left unconfirmed…). */
  reached: Counter;
  outcomes: Counter;
  ms: number[];
}

export interface RunStats {
  /** Operations of every flow started and ended (the run's tickets). */
  opsStarted: number;
  opsEnded: number;
  byFlow: Record<Flow, FlowStats>;
  /** What the screens and machines pressed and were answered. */
  records: { presses: RefundPress[]; holdDrives: HoldDrive[]; vendDrives: VendDrive[] };
  /** What the settling did as a cashier would (close a tab left open…). */
  settling: Counter;
  salesStarted: number;
  salesEnded: number;
  /** How long each sale took on its lane, from New sale to its end, by plan. */
  saleMs: Record<string, number[]>;
  /** The plan of each sale the driver started (QR or Connect, the wallet, the patron). */
  salePlans: Counter;
  patron: Counter;
  cashier: Counter;
  /** Races the two cashier screens ran. */
  races: Counter;
  /** Commands the gateway refused with 409, by code. */
  refused: Counter;
  /** Other answers to commands that were not 200: 503 journal, network errors while a gateway was down… */
  commandErrors: Counter;
  /** Faults injected; `uses` is the calls they were set to spoil (count), `left` those never met. */
  faults: { injected: number; uses: number; byMode: Counter; byRoute: Counter; byPhase: Counter; pairs: Counter; left: number };
  /**
   * `inFlight`: what the killed gateway was in the middle of (a create, a live request, a refund, a hold, a vend…);
   * `allButOneDown`: kills that left a chain with one instance up.
   */
  kills: { count: number; inFlight: Counter; restartMs: number[]; allButOneDown: number };
  lockEpisodes: number;
  diskFullEpisodes: number;
  /** What the gateway's switch did: SQLITE_FULL (`full`) or SQLITE_READONLY (`read-only`). */
  diskFullHow: Counter;
  /** A chain's own troubles (chain-troubles.ts), and how long each lease of a killed instance took to be taken over. */
  chain: ChainStats;
  /** Lanes whose sale the driver gave up on (a cashier would call support). */
  abandoned: { gateway: string; lane: string; ref: string | null; phase: string; detail: string }[];
  /** Requests or wallet links live long after the till should have timed them out; the cashier cancelled them. */
  rescued: { gateway: string; lane: string; ref: string; phase: string; seconds: number; detail: string }[];
}

export interface ChainStats {
  /** Episodes of dropped connections, by which of an instance's connections, and how many backends went. */
  drops: number;
  dropsBy: Counter;
  connectionsDropped: number;
  rowLocks: number;
  rowLocksOn: Counter;
  /** Instances cut off from the database. */
  partitions: number;
  readOnlyEpisodes: number;
  /** From a SIGKILL to another instance holding each lease the killed one held, its key untouched meanwhile. */
  takeoverMs: number[];
  /** The same, for keys another instance changed before taking their leases over (taken when next needed). */
  takeoverAfterChangeMs: number[];
  /** What the database's sessions were doing when a takeover was slow (the first three). */
  slowTakeoverLooks: { at: string; victim: string; pending: Record<string, unknown>; sessions: Record<string, unknown>[] }[];
  /** The slowest takeovers: which lease, from which instance, by which. */
  slowestTakeovers: { name: string; ms: number; from: string; by: string; touched: boolean }[];
  /** Leases of killed instances nobody took over within 30 s (what they watched had ended meanwhile). */
  notTakenOver: number;
}

export function createStats(): RunStats {
  return {
    opsStarted: 0,
    opsEnded: 0,
    byFlow: Object.fromEntries(FLOWS.map((flow) => [flow, { driven: 0, variants: {}, reached: {}, outcomes: {}, ms: [] }])) as unknown as Record<Flow, FlowStats>,
    records: { presses: [], holdDrives: [], vendDrives: [] },
    settling: {},
    salesStarted: 0,
    salesEnded: 0,
    saleMs: {},
    salePlans: {},
    patron: {},
    cashier: {},
    races: {},
    refused: {},
    commandErrors: {},
    faults: { injected: 0, uses: 0, byMode: {}, byRoute: {}, byPhase: {}, pairs: {}, left: 0 },
    kills: { count: 0, inFlight: {}, restartMs: [], allButOneDown: 0 },
    lockEpisodes: 0,
    diskFullEpisodes: 0,
    diskFullHow: {},
    chain: { drops: 0, dropsBy: {}, connectionsDropped: 0, rowLocks: 0, rowLocksOn: {}, partitions: 0, readOnlyEpisodes: 0, takeoverMs: [], takeoverAfterChangeMs: [], slowestTakeovers: [], slowTakeoverLooks: [], notTakenOver: 0 },
    abandoned: [],
    rescued: [],
  };
}

export const log = (message: string): void => {
  process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 23)}] ${message}\n`);
};

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** With CHAOS_TRACE=1, each operation's steps on stderr (to follow one through a run). */
export const trace = (where: string, message: string): void => {
  if (process.env.CHAOS_TRACE) process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 23)}] ${where}: ${message}\n`);
};
