// The audit of vends: what must pass, and for each rule one example it catches (each test fails when its rule is
// removed).
import { describe, expect, it } from 'vitest';
import { audit, RULES } from './audit';
import { act, kinds, request, rules, vend, vendDrive } from './audit-fixtures';

const paidRequest = (id: string, ...more: ReturnType<typeof act>[]) => request(`pr-${id}`, id, '45', 'paid', [act('payment', '45'), act('paid', '45'), ...more]);

describe('vends that are right', () => {
  it('passes one vended, one jammed and refunded, one timed out and refunded, one never paid', () => {
    const result = audit({
      upstream: [
        paidRequest('V1'),
        paidRequest('V2', act('refund', '45', { externalRef: 'V2-R' })),
        paidRequest('V3', act('refund', '45', { externalRef: 'V3-R' })),
        request('pr-V4', 'V4', '45', 'expired', [act('expiry', '45')]),
      ],
      sales: [],
      vends: [vend('V1', '45', 'vended'), vend('V2', '45', 'refunded'), vend('V3', '45', 'refunded'), vend('V4', '45', 'unpaid')],
      vendDrives: [
        vendDrive('V1', { vendedAnswered: true }),
        vendDrive('V2', { variant: 'jam', failedAnswered: true }),
        // The machine confirmed after the timeout and was told not to vend.
        vendDrive('V3', { variant: 'late-confirm', vendedSent: true }),
        vendDrive('V4', { variant: 'unpaid' }),
      ],
    });
    expect(result.violations).toEqual([]);
    expect(result.vends).toEqual({ vended: 1, refunded: 2, unpaid: 1 });
  });
});

describe('vend violations', () => {
  it('double: journaled vended and refunded at Centrapay', () => {
    const result = audit({ upstream: [paidRequest('V1', act('refund', '45'))], sales: [], vends: [vend('V1', '45', 'vended')] });
    expect(rules(result)).toEqual([RULES.vendVendedAndRefunded]);
    expect(kinds(result)).toEqual(['double']);
  });

  it('double: the machine was told it vended, and the patron was refunded', () => {
    const result = audit({ upstream: [paidRequest('V1', act('refund', '45'))], sales: [], vends: [vend('V1', '45', 'refunded')], vendDrives: [vendDrive('V1', { vendedAnswered: true })] });
    expect(rules(result)).toEqual([RULES.vendToldVendedAndRefunded]);
  });

  it('lost: journaled refunded, but Centrapay keeps the money', () => {
    const result = audit({ upstream: [paidRequest('V1')], sales: [], vends: [vend('V1', '45', 'refunded')] });
    expect(rules(result)).toEqual([RULES.vendRefundMissing]);
  });

  it('lost: journaled unpaid (or failed), but Centrapay took the money', () => {
    const result = audit({ upstream: [paidRequest('V1'), paidRequest('V2')], sales: [], vends: [vend('V1', '45', 'unpaid'), vend('V2', '45', 'failed', { paymentRequestId: 'pr-V2' })] });
    expect(rules(result)).toEqual([RULES.vendPaidNotJournaled, RULES.vendPaidNotJournaled]);
  });

  it('mismatch: journaled vended, but Centrapay keeps another amount', () => {
    const result = audit({ upstream: [request('pr-V1', 'V1', '45', 'paid', [act('payment', '40'), act('paid', '40')])], sales: [], vends: [vend('V1', '45', 'vended')] });
    expect(rules(result)).toEqual([RULES.vendKeptWrong]);
  });

  it('orphan: a paid vend neither dispensed nor refunded after settling', () => {
    const result = audit({ upstream: [paidRequest('V1'), paidRequest('V2')], sales: [], vends: [vend('V1', '45', 'vending'), vend('V2', '45', 'refund-failed')] });
    expect(rules(result)).toEqual([RULES.vendUnresolved, RULES.vendUnresolved]);
    expect(kinds(result)).toEqual(['orphan', 'orphan']);
  });

  it('mismatch: the machine reported a failure, and the journal says vended', () => {
    const result = audit({ upstream: [paidRequest('V1')], sales: [], vends: [vend('V1', '45', 'vended')], vendDrives: [vendDrive('V1', { failedAnswered: true })] });
    expect(rules(result)).toEqual([RULES.vendFailedButVended]);
  });

  it('mismatch: journaled vended, though the machine never said so (it jammed and stayed silent)', () => {
    const result = audit({ upstream: [paidRequest('V1')], sales: [], vends: [vend('V1', '45', 'vended')], vendDrives: [vendDrive('V1', { variant: 'timeout' })] });
    expect(rules(result)).toEqual([RULES.vendVendedUnconfirmed]);
  });

  it('lost: a buy answered with a vend the journal does not have', () => {
    const result = audit({ upstream: [], sales: [], vends: [], vendDrives: [vendDrive('V9')] });
    expect(rules(result)).toEqual([RULES.pressNothingRecorded]);
  });

  it('lost: a second request under the vend\'s reference that kept the money', () => {
    const result = audit({ upstream: [paidRequest('V1'), request('pr-V1b', 'V1', '45', 'paid', [act('payment', '45'), act('paid', '45')])], sales: [], vends: [vend('V1', '45', 'vended')] });
    expect(rules(result)).toEqual([RULES.strayKeepsMoney]);
  });
});
