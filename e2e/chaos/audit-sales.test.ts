// The audit of refunds and voids of finished sales, and of the presses that made them: what must pass, and for each
// rule one example it catches (each test fails when its rule is removed).
import { describe, expect, it } from 'vitest';
import { audit, RULES } from './audit';
import { act, kinds, press, refund, request, rules, sale } from './audit-fixtures';

/** A sale of $10 paid by Alice through pr1, and $2 in cash at the counter. */
const paid = (extra: Parameters<typeof sale>[3] = {}) => sale('R1', '1200', 'paid', {
  requests: [{ id: 'pr1' }],
  tenders: [{ paymentRequestId: null, onRequest: false, method: 'cash', amount: '200' }],
  ...extra,
});
const pr1 = (...more: Parameters<typeof act>[]) => request('pr1', 'R1', '1000', 'paid', [act('payment', '1000'), act('paid', '1000'), ...more.map((args) => act(...args))]);

describe('refunds and voids that are right', () => {
  it('passes a refund of chosen lines, made on both sides, with the press that made it', () => {
    const result = audit({
      upstream: [pr1(['refund', '300', { externalRef: 'R1-RA-1' }])],
      sales: [paid({ refunds: [refund('R1-RA-1', 'pr1', '300')] })],
      presses: [press('R1', { answers: [{ status: 0, code: 'UND_ERR_SOCKET', newRefundIds: [] }, { status: 200, code: null, newRefundIds: ['R1-RA-1'] }] })],
    });
    expect(result.violations).toEqual([]);
    expect(result.refunds).toEqual({ 'centrapay completed': 1 });
  });

  it('passes a void of the whole sale: the request refunded in full, the cash handed back', () => {
    const result = audit({
      upstream: [pr1(['refund', '1000'])],
      sales: [paid({ refunds: [refund('R1-VA-1', 'pr1', '1000', { method: 'void' }), refund('R1-VA-2', null, '200', { method: 'cash' })] })],
      presses: [press('R1', { flow: 'void', answers: [{ status: 200, code: null, newRefundIds: ['R1-VA-1', 'R1-VA-2'] }] })],
    });
    expect(result.violations).toEqual([]);
  });

  it('passes a refund Centrapay refused, and a press refused before anything was written', () => {
    const result = audit({
      upstream: [pr1()],
      sales: [paid({ refunds: [refund('R1-RB-1', 'pr1', '300', { status: 'failed', error: 'REFUND_DECLINED' })] })],
      presses: [press('R1', { answers: [{ status: 422, code: 'REFUND_DECLINED', newRefundIds: [] }] }), press('R1', { key: 'other-key-2', operatorId: 'op-2', answers: [{ status: 409, code: 'NOTHING_LEFT', newRefundIds: [] }] })],
    });
    expect(result.violations).toEqual([]);
  });
});

describe('refund and void violations', () => {
  it('lost: a refund the journal says completed that Centrapay does not have', () => {
    const result = audit({ upstream: [pr1()], sales: [paid({ refunds: [refund('R1-RA-1', 'pr1', '300')] })] });
    expect(rules(result)).toContain(RULES.refundMissingUpstream);
    expect(result.violations.find((found) => found.rule === RULES.refundMissingUpstream)).toMatchObject({ kind: 'lost', flow: 'refund', subject: 'R1' });
  });

  it('lost: a void the journal says completed that left the money with the merchant', () => {
    const result = audit({ upstream: [pr1()], sales: [paid({ refunds: [refund('R1-VA-1', 'pr1', '1000', { method: 'void' })] })] });
    expect(result.violations.find((found) => found.rule === RULES.voidLeftMoney)).toMatchObject({ kind: 'lost', flow: 'void' });
  });

  it('lost: a press answered OK with nothing recorded of it', () => {
    const result = audit({ upstream: [pr1()], sales: [paid({ refunds: [] })], presses: [press('R1')] });
    expect(rules(result)).toEqual([RULES.pressNothingRecorded]);
    expect(kinds(result)).toEqual(['lost']);
  });

  it('lost: a refund a screen was shown that the journal no longer has', () => {
    const result = audit({
      upstream: [pr1(['refund', '300', { externalRef: 'R1-RA-1' }])],
      sales: [paid({ refunds: [refund('R1-RA-1', 'pr1', '300')] })],
      presses: [press('R1', { answers: [{ status: 200, code: null, newRefundIds: ['R1-RA-1', 'R1-RA-2'] }] })],
    });
    expect(rules(result)).toEqual([RULES.shownRefundVanished]);
  });

  it('mismatch: a refund of one amount in the journal and another at Centrapay', () => {
    const result = audit({ upstream: [pr1(['refund', '400', { externalRef: 'R1-RA-1' }])], sales: [paid({ refunds: [refund('R1-RA-1', 'pr1', '300')] })] });
    expect(rules(result)).toContain(RULES.refundAmountDiffers);
    // The money no longer adds up either.
    expect(rules(result)).toContain(RULES.salePaidKeptWrong);
  });

  it('mismatch: a refund the journal says refused that Centrapay made', () => {
    const result = audit({ upstream: [pr1(['refund', '300', { externalRef: 'R1-RA-1' }])], sales: [paid({ refunds: [refund('R1-RA-1', 'pr1', '300', { status: 'failed', error: 'INVALID_AMOUNT' })] })] });
    expect(rules(result)).toEqual([RULES.salePaidKeptWrong, RULES.refundRefusedButMade]);
  });

  it('mismatch: Centrapay refunded what the journal does not know (the money is short of the total less its refunds)', () => {
    const result = audit({ upstream: [pr1(['refund', '300', { externalRef: 'someone-else' }])], sales: [paid({ refunds: [] })] });
    expect(rules(result)).toEqual([RULES.salePaidKeptWrong]);
  });

  it('orphan: a refund still pending after settling (its sale is judged once it ends)', () => {
    const result = audit({ upstream: [pr1()], sales: [paid({ refunds: [refund('R1-RA-1', 'pr1', '300', { status: 'pending' })] })] });
    expect(rules(result)).toEqual([RULES.refundPending]);
    expect(kinds(result)).toEqual(['orphan']);
  });

  it('double: the journal gives back more than a request took, or more cash than the counter took', () => {
    const result = audit({
      upstream: [pr1(['refund', '1000', { externalRef: 'x-1' }])],
      sales: [paid({ refunds: [refund('x-1', 'pr1', '1000'), refund('x-2', 'pr1', '300', { status: 'failed' }), refund('x-3', 'pr1', '100', { status: 'pending' }), refund('x-4', null, '300')] })],
    });
    const over = result.violations.filter((found) => found.rule === RULES.tenderOverRefunded);
    expect(over.map((found) => found.kind)).toEqual(['double', 'double']);
    expect(over.map((found) => found.detail)).toEqual([expect.stringContaining('1100 of request pr1'), expect.stringContaining('300 cash')]);
  });

  it('double: Centrapay refunded more than was paid on a request', () => {
    const result = audit({ upstream: [pr1(['refund', '1000'], ['refund', '500', { externalRef: 'R1-RA-1' }])], sales: [paid({ refunds: [refund('R1-RA-1', 'pr1', '500')] })] });
    expect(result.violations.find((found) => found.rule === RULES.requestOverRefunded)).toMatchObject({ kind: 'double' });
  });

  it('double: one press recorded twice against one tender', () => {
    const result = audit({
      upstream: [pr1(['refund', '300', { externalRef: 'R1-RA-1' }], ['refund', '300', { externalRef: 'R1-RB-1' }])],
      sales: [paid({ refunds: [refund('R1-RA-1', 'pr1', '300'), refund('R1-RB-1', 'pr1', '300')] })],
      presses: [press('R1', { answers: [{ status: 200, code: null, newRefundIds: ['R1-RA-1'] }, { status: 200, code: null, newRefundIds: ['R1-RB-1'] }] })],
    });
    expect(rules(result)).toEqual([RULES.pressRecordedTwice]);
  });
});
