// Everything one sandbox instance remembers. Tests create their own so they never share state.
import { createClock, type Clock } from './clock';
import { createFaultBook, type FaultBook } from './faults';
import { createRateLimiter, type RateLimiter } from './rate-limit';
import { createStore, type SandboxStore } from './store';
import { createTrafficLog, type TrafficLog } from './traffic';
import { createWebhookHub, type WebhookHub, type WebhookOptions } from './webhooks';

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
   * Drops all state and restores the seeds, the clock, faults, counts and rate-limit windows, and
   * stops pending webhook deliveries. Webhook subscriptions and signing keys stay: they are the
   * host's wiring (set up by Centrapay support in real life), not data a test leaves behind.
   */
  reset(): void;
}

export function createSandboxState(options: { clock?: Clock; webhooks?: WebhookOptions } = {}): SandboxState {
  const clock = options.clock ?? createClock();
  const state: SandboxState = {
    store: createStore(clock.nowMs()),
    clock,
    faults: createFaultBook(),
    traffic: createTrafficLog(),
    rateLimiter: createRateLimiter(),
    webhooks: createWebhookHub(() => clock.nowIso(), options.webhooks),
    dateSkew: { seconds: 0 },
    reset() {
      state.dateSkew.seconds = 0;
      clock.reset();
      state.store = createStore(clock.nowMs());
      state.faults.clear();
      state.traffic.reset();
      state.rateLimiter.reset();
      state.webhooks.cancelPending();
    },
  };
  return state;
}
