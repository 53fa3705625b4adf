// Everything one sandbox instance remembers. Tests create their own so they never share state. What calls change is
// kept in a state file (state-file.ts) and read back at start, so a restarted sandbox carries on where it was.
import { createClock, type Clock } from './clock';
import { createFaultBook, type FaultBook } from './faults';
import { createRateLimiter, type RateLimiter } from './rate-limit';
import { StateFile, type Counters } from './state-file';
import { createStore, type SandboxStore } from './store';
import { createTrafficLog, type TrafficLog } from './traffic';
import { createWebhookHub, type PendingDelivery, type WebhookHub, type WebhookOptions } from './webhooks';

export interface SandboxState {
  /** Replaced wholesale by `reset()`: read it through the state, do not keep a reference. */
  store: SandboxStore;
  readonly clock: Clock;
  readonly faults: FaultBook;
  readonly traffic: TrafficLog;
  readonly rateLimiter: RateLimiter;
  /** Subscribe here to receive webhooks without going through `POST /_sandbox/webhooks`. */
  readonly webhooks: WebhookHub;
  /** How far the `Date` header of every answer is off from the real time (`/_sandbox/date-skew`); 0 unless emulated. */
  readonly dateSkew: { seconds: number };
  /**
   * Drops all state, in memory and in the state file, and restores the seeds, the clock, faults, counts and
   * rate-limit windows, and stops pending webhook deliveries. Webhook subscriptions and signing keys stay: they are
   * the host's wiring (set up by Centrapay support in real life), not data a test leaves behind.
   */
  reset(): void;
  /**
   * Writes what calls changed since the last save, with the webhook deliveries they made, to the state file in one
   * transaction, and only then lets those deliveries go. The plugin calls it as every call ends.
   */
  save(): void;
  /** Carries on with the webhook deliveries the state file holds from a previous run (the first call only). */
  resumeDeliveries(): void;
  /** Stops this process's deliveries (the file keeps them) and closes the state file. */
  close(): void;
}

export interface SandboxStateOptions {
  clock?: Clock;
  webhooks?: WebhookOptions;
  /** The state file: a SQLite file (created if missing, read back if not), or `:memory:` (the default). */
  path?: string;
}

export function createSandboxState(options: SandboxStateOptions = {}): SandboxState {
  const clock = options.clock ?? createClock();
  const file = new StateFile(options.path ?? ':memory:');
  const saved = file.counters();
  if (saved) clock.advance(saved.clockOffsetMs / 1000);
  const counters = (): Counters => ({ seededAt: state.store.seededAt, nextSeq: state.store.nextSeq, clockOffsetMs: clock.offsetMs() });
  let leftPending: PendingDelivery[] | undefined = file.pendingDeliveries();
  const state: SandboxState = {
    store: saved ? file.load(saved) : createStore(clock.nowMs()),
    clock,
    faults: createFaultBook(),
    traffic: createTrafficLog(),
    rateLimiter: createRateLimiter(),
    webhooks: createWebhookHub(() => clock.nowMs(), options.webhooks ?? {}, file.deliveryKeeper),
    dateSkew: { seconds: 0 },
    reset() {
      state.dateSkew.seconds = 0;
      clock.reset();
      state.store = createStore(clock.nowMs());
      state.faults.clear();
      state.traffic.reset();
      state.rateLimiter.reset();
      state.webhooks.cancelPending();
      leftPending = undefined;
      file.clear(counters());
    },
    save() {
      state.webhooks.flush((fresh) => file.save(state.store, counters(), fresh));
    },
    resumeDeliveries() {
      if (leftPending) state.webhooks.resume(leftPending);
      leftPending = undefined;
    },
    close() {
      state.webhooks.cancelPending();
      file.close();
    },
  };
  if (!saved) file.save(state.store, counters(), []);
  return state;
}
