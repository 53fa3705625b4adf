// The audit of pre-auth holds (bar tabs and pumps): what must pass, and for each rule one example it catches (each
// test fails when its rule is removed).
import { describe, expect, it } from 'vitest';
import { audit, RULES } from './audit';
import { act, hold, holdDrive, kinds, request, rules } from './audit-fixtures';
import type { UpstreamActivity } from './audit-model';

const preAuth = (id: string, value: string, status: string, activities: UpstreamActivity[], preAuthStatus?: string) =>
  request(`pr-${id}`, id, value, status, activities, { preAuth: true, ...(preAuthStatus ? { preAuthStatus } : {}) });

/** Tab T1: $10 authorised, rounds k1 ($3) and k2 ($2) confirmed, $5 released on close. */
const closedTab = {
  upstream: [preAuth('T1', '1000', 'paid', [act('authorization', '1000'), act('confirmation', '300', { idempotencyKey: 'k1' }), act('confirmation', '200', { idempotencyKey: 'k2' }), act('release', '500')], 'released')],
  hold: hold('T1', '1000', 'released', {
    confirmations: [{ key: 'k1', amount: '300', status: 'confirmed' }, { key: 'k2', amount: '200', status: 'confirmed' }, { key: 'k3', amount: '900', status: 'refused' }],
    returns: [{ id: 'T1-L1', kind: 'release', amount: '500', status: 'done', confirmationKey: null }],
  }),
  drive: holdDrive('T1', { roundKeys: ['k1', 'k2', 'k3'], roundsConfirmed: ['k1', 'k2'], ended: 'close' }),
};

describe('holds that are right', () => {
  it('passes a tab with two rounds closed (the rest released), a refused round taking nothing', () => {
    const result = audit({ upstream: closedTab.upstream, sales: [], holds: [closedTab.hold], holdDrives: [closedTab.drive] });
    expect(result.violations).toEqual([]);
    expect(result.holds).toMatchObject({ 'tab released': 1, 'tab confirmations': 2 });
  });

  it('passes a pump that took all it authorised (nothing to release), a voided tab, a tab never approved and one drawn down', () => {
    const result = audit({
      upstream: [
        preAuth('P1', '1000', 'paid', [act('authorization', '1000'), act('confirmation', '1000', { idempotencyKey: 'P1-FUEL' })], 'authorized'),
        preAuth('T2', '800', 'paid', [act('authorization', '800'), act('refund', '800')], 'released'),
        preAuth('T3', '800', 'cancelled', [act('cancellation', '800', { cancellationReason: 'CANCELLED_BY_MERCHANT' })]),
        preAuth('T4', '450', 'paid', [act('authorization', '450'), act('confirmation', '450', { idempotencyKey: 'k9' })], 'authorized'),
      ],
      sales: [],
      holds: [
        hold('P1', '1000', 'authorized', { kind: 'pump', owner: 'pump-a1', confirmations: [{ key: 'P1-FUEL', amount: '1000', status: 'confirmed' }] }),
        hold('T2', '800', 'voided', { returns: [{ id: 'T2-V1', kind: 'void', amount: '800', status: 'done', confirmationKey: null }] }),
        hold('T3', '800', 'cancelled', { remaining: '800' }),
        hold('T4', '450', 'released', { confirmations: [{ key: 'k9', amount: '450', status: 'confirmed' }] }),
      ],
      holdDrives: [holdDrive('P1', { kind: 'pump', finishedAmount: '1000', ended: 'finish' }), holdDrive('T2', { ended: 'void' }), holdDrive('T4', { roundKeys: ['k9'], roundsConfirmed: ['k9'], ended: 'close' })],
    });
    expect(result.violations).toEqual([]);
  });
});

describe('hold violations', () => {
  it('lost: a round the journal says confirmed that Centrapay does not have', () => {
    const [upstream] = closedTab.upstream;
    const result = audit({ upstream: [{ ...upstream!, activities: upstream!.activities.filter((a) => a.idempotencyKey !== 'k2') }], sales: [], holds: [closedTab.hold] });
    expect(rules(result)).toContain(RULES.holdConfirmedMissing);
  });

  it('lost: Centrapay took money under a key the journal refused or never had', () => {
    const result = audit({
      upstream: [preAuth('T1', '1000', 'paid', [act('authorization', '1000'), act('confirmation', '300', { idempotencyKey: 'k1' }), act('confirmation', '200', { idempotencyKey: 'k2' }), act('confirmation', '100', { idempotencyKey: 'k3' }), act('release', '400')], 'released')],
      sales: [],
      holds: [{ ...closedTab.hold, returns: [{ id: 'T1-L1', kind: 'release', amount: '400', status: 'done', confirmationKey: null }] }],
    });
    expect(rules(result)).toEqual([RULES.holdTakenNotJournaled]);
    expect(kinds(result)).toEqual(['lost']);
  });

  it('lost: money taken on a hold the journal says voided with nothing confirmed', () => {
    const result = audit({
      upstream: [preAuth('T2', '800', 'paid', [act('authorization', '800'), act('confirmation', '300', { idempotencyKey: 'x' }), act('release', '500')], 'released')],
      sales: [],
      holds: [hold('T2', '800', 'voided', { confirmations: [{ key: 'x', amount: '300', status: 'refused' }] })],
    });
    expect(rules(result)).toContain(RULES.holdTakenNotJournaled);
    expect(result.violations.filter((found) => found.rule === RULES.holdTakenNotJournaled)).toHaveLength(2);
  });

  it('mismatch: a confirmation of one amount in the journal and another at Centrapay', () => {
    const tab = { ...closedTab.hold, confirmations: [{ key: 'k1', amount: '350', status: 'confirmed' }, { key: 'k2', amount: '200', status: 'confirmed' }] };
    expect(rules(audit({ upstream: closedTab.upstream, sales: [], holds: [tab] }))).toEqual([RULES.holdConfirmationDiffers]);
  });

  it('double: more confirmed than authorised, in the journal', () => {
    const tab = { ...closedTab.hold, amount: '400' };
    expect(rules(audit({ upstream: closedTab.upstream, sales: [], holds: [tab] }))).toContain(RULES.holdOverConfirmed);
  });

  it('double: a round confirmed under a key no screen pressed', () => {
    const drive = { ...closedTab.drive, roundKeys: ['k1'] };
    const result = audit({ upstream: closedTab.upstream, sales: [], holds: [closedTab.hold], holdDrives: [drive] });
    expect(rules(result)).toEqual([RULES.holdUnpressedKey]);
    expect(kinds(result)).toEqual(['double']);
  });

  it('double: a pump confirmed twice', () => {
    const result = audit({
      upstream: [preAuth('P1', '1000', 'paid', [act('authorization', '1000'), act('confirmation', '300', { idempotencyKey: 'P1-FUEL' }), act('confirmation', '300', { idempotencyKey: 'P1-FUEL-2' }), act('release', '400')], 'released')],
      sales: [],
      holds: [hold('P1', '1000', 'released', { kind: 'pump', confirmations: [{ key: 'P1-FUEL', amount: '300', status: 'confirmed' }, { key: 'P1-FUEL-2', amount: '300', status: 'confirmed' }] })],
      holdDrives: [holdDrive('P1', { kind: 'pump', ended: 'finish' })],
    });
    expect(rules(result)).toEqual([RULES.pumpConfirmedTwice]);
  });

  it('mismatch: a pump finish answered OK for one amount, Centrapay took another', () => {
    const result = audit({
      upstream: [preAuth('P1', '1000', 'paid', [act('authorization', '1000'), act('confirmation', '300', { idempotencyKey: 'P1-FUEL' }), act('release', '700')], 'released')],
      sales: [],
      holds: [hold('P1', '1000', 'released', { kind: 'pump', confirmations: [{ key: 'P1-FUEL', amount: '300', status: 'confirmed' }] })],
      holdDrives: [holdDrive('P1', { kind: 'pump', finishedAmount: '370', ended: 'finish' })],
    });
    expect(rules(result)).toEqual([RULES.pumpFinishDiffers]);
  });

  it('orphan: an authorisation still holding money after settling, with the journal still open', () => {
    const result = audit({ upstream: [preAuth('T5', '1000', 'paid', [act('authorization', '1000'), act('confirmation', '300', { idempotencyKey: 'k1' })], 'authorized')], sales: [], holds: [hold('T5', '1000', 'authorized', { remaining: '700', confirmations: [{ key: 'k1', amount: '300', status: 'confirmed' }] })] });
    expect(rules(result)).toEqual([RULES.holdNeverReleased]);
    expect(kinds(result)).toEqual(['orphan']);
  });

  it('mismatch: the journal ended a hold Centrapay still holds', () => {
    const result = audit({ upstream: [preAuth('T5', '1000', 'paid', [act('authorization', '1000')], 'authorized')], sales: [], holds: [hold('T5', '1000', 'released')] });
    expect(rules(result)).toEqual([RULES.holdEndedButHeld]);
  });

  it('mismatch: the journal shows a hold open (or waiting) that Centrapay ended', () => {
    const result = audit({
      upstream: [preAuth('T6', '1000', 'cancelled', [act('cancellation', '1000')]), preAuth('T7', '1000', 'paid', [act('authorization', '1000'), act('release', '1000')], 'released')],
      sales: [],
      holds: [hold('T6', '1000', 'pending', { remaining: '1000' }), hold('T7', '1000', 'authorized', { remaining: '1000' })],
    });
    expect(rules(result)).toEqual([RULES.holdOpenButEnded, RULES.holdOpenButEnded]);
  });

  it('mismatch: a release of one amount in the journal and another at Centrapay', () => {
    const tab = { ...closedTab.hold, returns: [{ id: 'T1-L1', kind: 'release', amount: '600', status: 'done', confirmationKey: null }] };
    expect(rules(audit({ upstream: closedTab.upstream, sales: [], holds: [tab] }))).toEqual([RULES.holdReleaseDiffers]);
  });

  it('mismatch: a release the journal keeps without its amount (so the patron is shown none went back)', () => {
    const tab = { ...closedTab.hold, returns: [{ id: 'T1-L1', kind: 'release', amount: null, status: 'done', confirmationKey: null }] };
    expect(rules(audit({ upstream: closedTab.upstream, sales: [], holds: [tab] }))).toEqual([RULES.holdReleaseAmountUnknown]);
  });

  it('mismatch: a tab the cashier voided that the journal says lapsed, and one released that it says voided', () => {
    const result = audit({
      upstream: [
        preAuth('T2', '800', 'paid', [act('authorization', '800', { createdAt: '2026-12-07T11:00:00.000Z' }), act('refund', '800', { createdAt: '2026-12-07T11:00:01.000Z' })], 'released'),
        preAuth('T3', '800', 'paid', [act('authorization', '800'), act('release', '800')], 'released'),
      ].map((request) => ({ ...request, preAuthExpiresAt: '2027-03-07T11:00:00.000Z' })),
      sales: [],
      holds: [hold('T2', '800', 'expired', { remaining: '800' }), hold('T3', '800', 'voided')],
    });
    expect(rules(result)).toEqual([RULES.holdOutcomeDiffers, RULES.holdOutcomeDiffers]);
    // A lapse at preAuthExpiresAt is an expiry.
    const lapsed = preAuth('T4', '800', 'paid', [act('authorization', '800'), act('release', '800', { createdAt: '2027-03-07T11:00:00.000Z' })], 'released');
    expect(audit({ upstream: [{ ...lapsed, preAuthExpiresAt: '2027-03-07T11:00:00.000Z' }], sales: [], holds: [hold('T4', '800', 'expired', { remaining: '800' })] }).violations).toEqual([]);
  });

  it('orphan: a confirmation and a return still sending after settling', () => {
    const tab = {
      ...closedTab.hold,
      confirmations: [...closedTab.hold.confirmations, { key: 'k4', amount: '100', status: 'sending' }],
      returns: [...closedTab.hold.returns, { id: 'T1-R1', kind: 'refund', amount: '100', status: 'sending', confirmationKey: 'k1' }],
    };
    expect(rules(audit({ upstream: closedTab.upstream, sales: [], holds: [tab] }))).toEqual([RULES.holdWorkStuck, RULES.holdWorkStuck]);
  });

  it('lost: a second request under the hold\'s reference holding the patron\'s money', () => {
    const stray = request('pr-stray', 'T1', '1000', 'paid', [act('authorization', '1000')], { preAuth: true, preAuthStatus: 'authorized' });
    const result = audit({ upstream: [...closedTab.upstream, stray], sales: [], holds: [closedTab.hold] });
    expect(rules(result)).toEqual([RULES.strayKeepsMoney]);
  });

  it('lost: an authorisation Centrapay holds that no journal knows', () => {
    const result = audit({ upstream: [preAuth('T9', '1000', 'paid', [act('authorization', '1000')], 'authorized')], sales: [], holds: [] });
    expect(rules(result)).toEqual([RULES.requestWithoutOwner]);
  });

  it('lost: a tab answered as opened that the journal does not have, a round answered as confirmed that it lost', () => {
    const result = audit({
      upstream: closedTab.upstream,
      sales: [],
      holds: [{ ...closedTab.hold, confirmations: closedTab.hold.confirmations.map((c) => (c.key === 'k3' ? c : c)) }],
      holdDrives: [{ ...closedTab.drive, roundsConfirmed: ['k1', 'k2', 'k3'] }, holdDrive('T8')],
    });
    expect(rules(result)).toEqual([RULES.pressNothingRecorded, RULES.pressNothingRecorded]);
  });
});
