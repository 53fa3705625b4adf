// The poll runner's first read: one interval after a fresh request's create, but at once (as a cue's read) when it is
// resumed — taken over from a chain's lost instance or after a restart, when the patron may have paid meanwhile.
import { describe, expect, it } from 'vitest';
import type { PaymentRequest } from '../../../domain/centrapay';
import type { CentrapayClient } from '../centrapay/client';
import { startRunner } from '../engine/runner';
import { runSaleEffect, type SaleRunnerDeps } from './effect-runners';
import type { SaleEffect } from './effects';

const INTERVAL_MS = 5_000;
const POLL: SaleEffect = { key: 'poll:pr-1', type: 'poll', id: 'pr-1', createdAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 120_000).toISOString() };

/** Runs the poll effect until its first read; answers when it came and whether it was sent as a cue's. */
async function firstRead(resumed: boolean, withinMs: number): Promise<{ afterMs: number; cued: boolean } | null> {
  const started = Date.now();
  let read: { afterMs: number; cued: boolean } | null = null;
  const client = {
    getPaymentRequest: async (_id: string, options: { cued?: boolean }) => {
      read ??= { afterMs: Date.now() - started, cued: options.cued === true };
      return { id: 'pr-1', status: 'new' } as PaymentRequest;
    },
  } as unknown as CentrapayClient;
  const deps: SaleRunnerDeps = { client, merchantAccountId: 'a', merchantId: 'm', pollDelayMs: () => INTERVAL_MS, unknownAfterMs: 20_000, lookupIntervalMs: 1_000 };
  const runner = startRunner({ baseMs: 100, maxMs: 1_000 }, (loop) => runSaleEffect(POLL, { loop, resumed, report: async () => true, settle: async () => true }, deps), () => undefined);
  const end = Date.now() + withinMs;
  while (!read && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
  runner.stop();
  await runner.finished;
  return read;
}

describe('the poll runner', () => {
  it('reads a fresh request one interval after its create', async () => {
    expect(await firstRead(false, 500)).toBeNull();
  });

  it('reads a resumed request at once, with a cue’s priority', async () => {
    const read = await firstRead(true, 2_000);
    expect(read?.cued).toBe(true);
    expect(read!.afterMs).toBeLessThan(500);
  });
});
