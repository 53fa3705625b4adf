// Regressions the chaos run found in holds (e2e/chaos/repro.ts names them), each replayed on the transition alone.
import { describe, expect, it } from 'vitest';
import type { PaymentRequest } from '../../../domain/centrapay';
import { hold } from '../../../test-support/journal-contract/fixtures';
import type { HoldEvent } from './events';
import type { HoldState } from './state';
import { transition } from './transition';

const NOW = Date.parse('2026-11-26T01:10:00.000Z');

function apply(state: HoldState, event: HoldEvent): HoldState {
  const step = transition(state, event, { now: NOW });
  if (step.refused) throw new Error(step.refused.message);
  return step.state!;
}

/** The tab's request as Centrapay shows it once the patron authorised it and our void released it. */
const releasedByVoid = { id: 'PR-T', status: 'paid', preAuthStatus: 'released', value: { amount: '10000', currency: 'NZD' }, createdAt: '2026-11-26T01:00:00.000Z' } as PaymentRequest;

describe('void-journaled-expired: a tab voided just after its patron authorised it', () => {
  it('ends voided, with no "expired" in its history, when the read that saw it released comes before the void’s answer', () => {
    const pending = hold('TAB', { status: 'pending', paymentRequestId: 'PR-T', url: 'http://pos.test/pay/PR-T' });
    const voiding = apply(pending, { type: 'void', actor: 'cashier:op', reason: 'customer left' });
    const step = transition(voiding, { type: 'polled', paymentRequest: releasedByVoid }, { now: NOW });
    if (step.refused) throw new Error(step.refused.message);
    expect(step.state).toMatchObject({ status: 'pending' });
    expect(step.records).toEqual([]);
    const voided = apply(step.state!, { type: 'returned', id: 'TAB-V1', activity: { type: 'refund', value: { amount: '10000', currency: 'NZD' } } as never });
    expect(voided).toMatchObject({ status: 'voided', returns: [{ id: 'TAB-V1', status: 'done', amount: '10000' }] });
  });
});
