// The imperative shell around the transition function: one runner per action a lane needs (actions.ts). A runner
// calls Centrapay, retries what is safe to retry, and reports what it saw as an observation; it decides nothing
// about the lane. A report the journal could not record (a local failure) is made again: a runner never mistakes
// its own failure to write for Centrapay's answer.
import type { PaymentRequest } from '../../../domain/centrapay';
import type { CentrapayClient } from '../centrapay/client';
import { CentrapayError } from '../centrapay/errors';
import { CuedWait } from '../cued-wait';
import type { LaneAction } from './actions';
import type { LaneObservation } from './events';
import { readUrgency } from './poll-policy';
import { matchesOrder } from './state';

export interface RunnerContext {
  client: CentrapayClient;
  merchantAccountId: string;
  merchantId: string;
  /** The base of backoffs (1 s). */
  pollIntervalMs: number;
  /** The pause before the next routine read of a live request: one second, or longer when many share the budget. */
  pollDelayMs: (request: { expiresAt?: string }) => number;
  unknownAfterMs: number;
  /** How often an order whose create may have gone unseen is looked up by its `externalRef`. */
  lookupIntervalMs: number;
  /** Hands an observation to the lane; false when it could not be recorded, so it must be reported again. */
  report: (event: LaneObservation) => boolean;
  warn: (detail: object, message: string) => void;
}

export interface Runner {
  readonly action: LaneAction;
  /** Ends as soon as possible; anything it reports afterwards is old news the transition ignores. */
  stop(): void;
  /** Skips the wait before the next step (a webhook said this request changed). */
  wake(): void;
  readonly finished: Promise<void>;
}

const MAX_BACKOFF_MS = 8_000;

export function startRunner(action: LaneAction, ctx: RunnerContext, options: { lookupFirst: boolean }): Runner {
  const controller = new AbortController();
  const loop = new Loop(ctx, controller.signal);
  const finished = run(action, ctx, loop, options).then(() => undefined, (error: unknown) => {
    if (!controller.signal.aborted) ctx.warn({ action: action.key, err: String(error) }, 'a Centrapay runner stopped on an unexpected error');
  });
  return {
    action,
    stop: () => {
      controller.abort();
      loop.wake();
    },
    wake: () => loop.wake(),
    finished,
  };
}

/** Waits and reports for one runner, ending early when it is stopped. */
class Loop {
  failures = 0;
  failingSince: number | undefined;
  private readonly wait = new CuedWait(() => this.stopped);

  constructor(
    private readonly ctx: RunnerContext,
    readonly signal: AbortSignal,
  ) {}

  get stopped(): boolean {
    return this.signal.aborted;
  }

  wake(): void {
    this.wait.wake();
  }

  /** Waits `ms`, or less when woken by a cue; true when it was. */
  sleep(ms: number): Promise<boolean> {
    return this.wait.sleep(ms);
  }

  private attemptStarted = Date.now();

  /** Marks the start of a call, so that a failure counts from when the call was made, not when it gave up. */
  attempt(): void {
    this.attemptStarted = Date.now();
  }

  succeeded(): void {
    this.failures = 0;
    this.failingSince = undefined;
  }

  failed(): number {
    this.failures += 1;
    this.failingSince ??= this.attemptStarted;
    return this.failingSince;
  }

  /** Exponential from the polling interval, at most 8 s, never shorter than Retry-After. */
  backoff(error: unknown): number {
    const retryAfter = error instanceof CentrapayError && error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : 0;
    return Math.max(retryAfter, Math.min(this.ctx.pollIntervalMs * 2 ** this.failures, MAX_BACKOFF_MS));
  }

  /** Reports until the lane has recorded it (or the runner is stopped); true when it was. */
  async settle(event: LaneObservation): Promise<boolean> {
    while (!this.stopped) {
      if (this.ctx.report(event)) return true;
      await this.sleep(1_000);
    }
    return false;
  }
}

function run(action: LaneAction, ctx: RunnerContext, loop: Loop, options: { lookupFirst: boolean }): Promise<unknown> {
  switch (action.type) {
    case 'create':
      return create(action, ctx, loop, options.lookupFirst);
    case 'poll':
      return poll(action, ctx, loop);
    case 'void':
      return voidRequest(action.id, ctx, loop);
    case 'tender':
      return tender(action, ctx, loop);
    case 'refund':
      return refund(action, ctx, loop);
    case 'createConnection':
      return createConnection(action.ref, action.since, ctx, loop);
    case 'pollConnection':
      return pollConnection(action, ctx, loop);
    case 'lookup':
      return lookup(action.ref, ctx, loop);
    case 'decide':
      return decide(action, ctx, loop);
  }
}

function rejected(error: unknown): error is CentrapayError {
  return error instanceof CentrapayError && error.kind === 'rejected';
}

function codeOf(error: unknown): string {
  return error instanceof CentrapayError ? error.code : error instanceof Error ? error.message : String(error);
}

/**
 * Create is not idempotent. When a create's outcome is unknown, the order is looked up by its `externalRef` before
 * anything is sent again, and only a request carrying this order's ids, amount and line items is adopted. After a
 * restart the look-up comes first: the last process may have sent the create.
 */
async function create(action: Extract<LaneAction, { type: 'create' }>, ctx: RunnerContext, loop: Loop, lookupFirst: boolean): Promise<void> {
  const { ref, body, order } = action;
  // From when Pay was pressed (or the wallet linked): a restart does not start the clock again.
  const started = Date.parse(action.since);
  let sends = 0;
  let lookupNext = lookupFirst;
  while (!loop.stopped) {
    let error: unknown;
    try {
      loop.attempt();
      if (lookupNext) {
        const found = (await ctx.client.listPaymentRequestsByExternalRef(ref, ctx.merchantAccountId, loop.signal))
          .filter((request) => matchesOrder(request, order.match, order.due ?? order.total))
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
        const [own] = found;
        // Found after a lost answer: more than one may exist, so the lane keeps looking for duplicates to void.
        if (own) return void (await loop.settle({ type: 'created', ref, paymentRequest: own, sends: Math.max(sends, 1) + 1 }));
        lookupNext = false;
        continue;
      }
      sends += 1;
      const paymentRequest = await ctx.client.createPaymentRequest(body, loop.signal);
      return void (await loop.settle({ type: 'created', ref, paymentRequest, sends }));
    } catch (failure) {
      if (loop.stopped) return;
      error = failure;
    }
    if (rejected(error) && !lookupNext) return void (await loop.settle({ type: 'createRejected', ref, code: error.code, sends }));
    // Unknown outcome (or a look-up that failed): check before sending again.
    lookupNext = true;
    loop.failed();
    if (Date.now() - started >= ctx.unknownAfterMs) return void (await loop.settle({ type: 'createGaveUp', ref }));
    ctx.report({ type: 'createSlow', ref, notice: 'Checking with Centrapay…' });
    await loop.sleep(loop.backoff(error));
  }
}

async function poll(action: Extract<LaneAction, { type: 'poll' }>, ctx: RunnerContext, loop: Loop): Promise<void> {
  const { id } = action;
  // The lane already holds what the create (or the last process) saw: the first read is one interval later.
  let delay = ctx.pollDelayMs(action);
  while (!loop.stopped) {
    const cued = await loop.sleep(delay);
    if (loop.stopped) return;
    delay = ctx.pollDelayMs(action);
    try {
      loop.attempt();
      const paymentRequest = await ctx.client.getPaymentRequest(id, { signal: loop.signal, cued, urgency: readUrgency(Date.now(), action) });
      loop.succeeded();
      // Not recorded (journal busy)? The next poll sees the same and reports it again.
      ctx.report({ type: 'polled', paymentRequest });
    } catch (error) {
      if (loop.stopped) return;
      const failingSince = loop.failed();
      ctx.report({ type: 'pollFailed', id, rejected: rejected(error), code: codeOf(error), failingSince });
      delay = Math.max(delay, loop.backoff(error));
    }
  }
}

async function voidRequest(id: string, ctx: RunnerContext, loop: Loop): Promise<void> {
  while (!loop.stopped) {
    try {
      loop.attempt();
      const activity = await ctx.client.voidPaymentRequest(id, loop.signal);
      return void (await loop.settle({ type: 'voided', id, refunded: activity.type === 'refund' }));
    } catch (error) {
      if (loop.stopped) return;
      if (rejected(error)) return void (await loop.settle({ type: 'voidRejected', id, code: error.code }));
      const failingSince = loop.failed();
      ctx.report({ type: 'voidFailed', id, failingSince });
      await loop.sleep(loop.backoff(error));
    }
  }
}

/** An external payment of a fixed amount under a fixed idempotency key: retried until Centrapay answers. */
async function tender(action: Extract<LaneAction, { type: 'tender' }>, ctx: RunnerContext, loop: Loop): Promise<void> {
  // The step's key: what the transition matches the answer to (action.key is the runner's).
  const { id, idempotencyKey: key } = action;
  while (!loop.stopped) {
    try {
      loop.attempt();
      await ctx.client.payPaymentRequest(id, {
        assetType: action.assetType,
        mode: 'multi-asset-payment',
        amount: action.amount,
        externalPaymentRef: `${action.ref}-${action.method}`,
        idempotencyKey: key,
      }, loop.signal);
      return void (await loop.settle({ type: 'tendered', id, key }));
    } catch (error) {
      if (loop.stopped) return;
      if (rejected(error)) return void (await loop.settle({ type: 'tenderRejected', id, key, code: error.code }));
      loop.failed();
      ctx.report({ type: 'tenderFailed', id, key });
      await loop.sleep(loop.backoff(error));
    }
  }
}

async function refund(action: Extract<LaneAction, { type: 'refund' }>, ctx: RunnerContext, loop: Loop): Promise<void> {
  const { id } = action;
  while (!loop.stopped) {
    try {
      loop.attempt();
      // One refund per sale however often it is sent: Centrapay dedupes on externalRef.
      await ctx.client.refundPaymentRequest(id, { value: { amount: action.amount, currency: action.currency }, externalRef: action.externalRef }, loop.signal);
      return void (await loop.settle({ type: 'refunded', id }));
    } catch (error) {
      if (loop.stopped) return;
      if (rejected(error)) return void (await loop.settle({ type: 'refundRejected', id, code: error.code }));
      loop.failed();
      await loop.sleep(loop.backoff(error));
    }
  }
}

/** The cashier's answer to a condition: repeated until Centrapay answers (a repeat is refused as already set). */
async function decide(action: Extract<LaneAction, { type: 'decide' }>, ctx: RunnerContext, loop: Loop): Promise<void> {
  const { id, conditionId } = action;
  while (!loop.stopped) {
    try {
      loop.attempt();
      await ctx.client.decideCondition(id, conditionId, action.decision, loop.signal);
      return void (await loop.settle({ type: 'decided', id, conditionId }));
    } catch (error) {
      if (loop.stopped) return;
      if (rejected(error)) return void (await loop.settle({ type: 'decideRejected', id, conditionId, code: error.code }));
      const failingSince = Math.min(loop.failed(), Date.parse(action.since));
      ctx.report({ type: 'decideFailed', id, conditionId, failingSince });
      await loop.sleep(loop.backoff(error));
    }
  }
}

async function createConnection(ref: string, since: string, ctx: RunnerContext, loop: Loop): Promise<void> {
  const started = Date.parse(since);
  while (!loop.stopped) {
    try {
      loop.attempt();
      const connection = await ctx.client.createConnection(ctx.merchantId, loop.signal);
      return void (await loop.settle({ type: 'connectionCreated', ref, connection }));
    } catch (error) {
      if (loop.stopped) return;
      if (rejected(error)) return void (await loop.settle({ type: 'connectionFailed', ref, code: error.code }));
      loop.failed();
      if (Date.now() - started >= ctx.unknownAfterMs) return void (await loop.settle({ type: 'connectionFailed', ref, code: 'CENTRAPAY_UNAVAILABLE' }));
      await loop.sleep(loop.backoff(error));
    }
  }
}

async function pollConnection(action: Extract<LaneAction, { type: 'pollConnection' }>, ctx: RunnerContext, loop: Loop): Promise<void> {
  const { id } = action;
  let cued = false;
  while (!loop.stopped) {
    let delay = ctx.pollDelayMs(action);
    try {
      loop.attempt();
      const summary = await ctx.client.getConnectionSummary(id, { signal: loop.signal, cued, urgency: readUrgency(Date.now(), action) });
      loop.succeeded();
      ctx.report({ type: 'connectionPolled', id, status: summary.status, walletName: summary.walletName ?? null });
    } catch (error) {
      if (loop.stopped) return;
      loop.failed();
      ctx.report({ type: 'connectionPollFailed', id, rejected: rejected(error) });
      delay = Math.max(delay, loop.backoff(error));
    }
    cued = await loop.sleep(delay);
  }
}

async function lookup(ref: string, ctx: RunnerContext, loop: Loop): Promise<void> {
  while (!loop.stopped) {
    let delay = ctx.lookupIntervalMs;
    try {
      loop.attempt();
      const matches: PaymentRequest[] = await ctx.client.listPaymentRequestsByExternalRef(ref, ctx.merchantAccountId, loop.signal);
      loop.succeeded();
      ctx.report({ type: 'lookedUp', ref, matches });
    } catch (error) {
      if (loop.stopped) return;
      loop.failed();
      delay = Math.max(delay, loop.backoff(error));
    }
    await loop.sleep(delay);
  }
}
