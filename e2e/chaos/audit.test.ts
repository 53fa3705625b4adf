// The audit's rules on small hand-made records: what must pass, and one example of each violation.
import { describe, expect, it } from 'vitest';
import { audit, keptByCentrapay, RULES, type JournalSale, type UpstreamActivity, type UpstreamRequest } from './audit';

const act = (type: string, amount: string, extra: Partial<UpstreamActivity> = {}): UpstreamActivity => ({ type, value: { amount }, ...extra });

function request(id: string, ref: string, value: string, status: string, activities: UpstreamActivity[], remaining = status === 'paid' ? '0' : value): UpstreamRequest {
  return { id, externalRef: ref, status, value: { amount: value }, remainingAmount: remaining, activities: [act('request', value), ...activities] };
}

function sale(ref: string, total: string, result: string, extra: Partial<JournalSale> = {}): JournalSale {
  return { gateway: 'A', ref, lane: 'a1', total, result, requests: [], tenders: [], ...extra };
}

const kinds = (result: ReturnType<typeof audit>) => result.violations.map((violation) => violation.kind);

describe('money kept by Centrapay', () => {
  it('is payments less refunds over every asset type; the paid activity is not money', () => {
    expect(keptByCentrapay([
      act('request', '1000'),
      act('payment', '200', { assetType: 'sbx.rewards.test' }),
      act('payment', '800', { assetType: 'external.test' }),
      act('paid', '1000'),
      act('refund', '300'),
    ])).toBe(700n);
  });
});

describe('sales that are right', () => {
  it('passes a QR sale paid in full, and a duplicate request the till voided', () => {
    const result = audit({
      upstream: [
        request('pr1', 'R1', '550', 'paid', [act('payment', '550'), act('paid', '550')]),
        request('pr2', 'R1', '550', 'cancelled', [act('cancellation', '550', { cancellationReason: 'CANCELLED_BY_MERCHANT' })]),
      ],
      sales: [sale('R1', '550', 'paid', { requests: [{ id: 'pr1' }, { id: 'pr2' }] })],
    });
    expect(result.violations).toEqual([]);
    expect(result.requests).toMatchObject({ total: 2, voided: 1, refunded: 0 });
  });

  it('counts the offer and a tender recorded on the request once, and a rest taken at the counter', () => {
    const result = audit({
      upstream: [
        request('pr1', 'R1', '1700', 'paid', [act('payment', '220', { assetType: 'sbx.rewards.test' }), act('payment', '1480', { assetType: 'external.test' }), act('paid', '1700')]),
        request('pr2', 'R2', '1700', 'paid', [act('payment', '220', { assetType: 'sbx.rewards.test' }), act('payment', '500', { mode: 'partial-payment' } as Partial<UpstreamActivity>), act('paid', '720')], '980'),
      ],
      sales: [
        sale('R1', '1700', 'paid', { tenders: [{ paymentRequestId: 'pr1', onRequest: true, method: 'cash', amount: '1480' }] }),
        sale('R2', '1700', 'paid', { tenders: [{ paymentRequestId: 'pr2', onRequest: false, method: 'card', amount: '980' }] }),
      ],
    });
    expect(result.violations).toEqual([]);
    expect(result.money).toMatchObject({ kept: '3400', counterTaken: '980' });
  });

  it('passes a void of a paid request (status stays paid, one refund), a refunded part payment and a cash sale without a wallet', () => {
    const result = audit({
      upstream: [
        request('pr1', 'R1', '550', 'paid', [act('payment', '550'), act('paid', '550'), act('refund', '550')]),
        request('pr2', 'R2', '1700', 'paid', [act('payment', '220'), act('payment', '500'), act('paid', '720'), act('refund', '720')], '980'),
        request('pr3', 'R3', '900', 'expired', [act('payment', '180'), act('refund', '180'), act('expiry', '900')]),
      ],
      sales: [sale('R1', '550', 'refunded'), sale('R2', '1700', 'refunded'), sale('R3', '900', 'expired'), sale('R4', '300', 'paid', { tenders: [{ paymentRequestId: null, onRequest: false, method: 'cash', amount: '300' }] })],
    });
    expect(result.violations).toEqual([]);
  });
});

describe('violations', () => {
  it('lost: Centrapay keeps money for a cancelled sale, and for a request no journal knows', () => {
    const result = audit({
      upstream: [
        request('pr1', 'R1', '550', 'paid', [act('payment', '550'), act('paid', '550')]),
        request('pr9', 'NOBODY', '400', 'paid', [act('payment', '400'), act('paid', '400')]),
      ],
      sales: [sale('R1', '550', 'cancelled')],
    });
    expect(kinds(result).sort()).toEqual(['lost', 'lost', 'mismatch']);
    expect(result.violations.find((v) => v.requests[0]?.id === 'pr9')).toMatchObject({ kind: 'lost', saleRef: 'NOBODY', gateway: null });
  });

  it('double: two requests of one sale both paid', () => {
    const result = audit({
      upstream: [
        request('pr1', 'R1', '550', 'paid', [act('payment', '550'), act('paid', '550')]),
        request('pr2', 'R1', '550', 'paid', [act('payment', '550'), act('paid', '550')]),
      ],
      sales: [sale('R1', '550', 'paid')],
    });
    expect(kinds(result).sort()).toEqual(['double', 'mismatch']);
    expect(result.violations[0]).toMatchObject({ kind: 'double', moneyKept: '1100', total: '550' });
  });

  it('double: cash at the counter on top of a paid request', () => {
    const result = audit({
      upstream: [request('pr1', 'R1', '550', 'paid', [act('payment', '550'), act('paid', '550')])],
      sales: [sale('R1', '550', 'paid', { tenders: [{ paymentRequestId: null, onRequest: false, method: 'cash', amount: '550' }] })],
    });
    expect(kinds(result)).toContain('double');
  });

  it('orphan: a request still new, a part payment nobody settles, a lane that never settled', () => {
    const result = audit({
      upstream: [
        request('pr1', 'R1', '550', 'new', []),
        request('pr2', 'R2', '1700', 'paid', [act('payment', '500'), act('paid', '500')], '1200'),
      ],
      sales: [sale('R1', '550', 'cancelled'), sale('R2', '1700', 'unknown')],
      laneProblems: [{ gateway: 'B', lane: 'b2', detail: 'step refunding' }],
    });
    const orphans = result.violations.filter((v) => v.kind === 'orphan');
    expect(orphans.map((v) => v.rule)).toEqual([RULES.requestStillNew, RULES.partPaidUnsettled, RULES.laneNeverSettled]);
    // The part payment is also money kept for a sale that is not paid.
    expect(kinds(result)).toContain('lost');
  });

  it('a part payment whose sale was refunded or paid is not an orphan', () => {
    const result = audit({
      upstream: [request('pr2', 'R2', '1700', 'paid', [act('payment', '500'), act('paid', '500'), act('refund', '500')], '1200')],
      sales: [sale('R2', '1700', 'refunded')],
    });
    expect(result.violations).toEqual([]);
  });

  it('mismatch: a paid sale short of its total, a cancelled sale with cash taken, a sale still pending, a request Centrapay lacks', () => {
    const result = audit({
      upstream: [request('pr1', 'R1', '550', 'paid', [act('payment', '450'), act('paid', '450')])],
      sales: [
        sale('R1', '550', 'paid'),
        sale('R2', '300', 'cancelled', { tenders: [{ paymentRequestId: null, onRequest: false, method: 'cash', amount: '300' }] }),
        sale('R3', '300', 'pending'),
        sale('R4', '300', 'not-started', { requests: [{ id: 'ghost' }] }),
      ],
    });
    expect(result.violations.map((v) => [v.kind, v.saleRef])).toEqual([
      ['mismatch', 'R1'],
      ['mismatch', 'R2'],
      ['mismatch', 'R3'],
      ['mismatch', 'R4'],
    ]);
  });

  it('mismatch: one order reference journaled by both gateways, and a result the journal does not define', () => {
    const result = audit({
      upstream: [request('pr1', 'R1', '550', 'paid', [act('payment', '550'), act('paid', '550')])],
      sales: [sale('R1', '550', 'paid'), sale('R1', '550', 'paid', { gateway: 'B' }), sale('R2', '300', 'half-done')],
    });
    expect(result.violations.map((v) => v.rule)).toEqual([RULES.saleInTwoJournals, RULES.saleInTwoJournals, RULES.saleResultUnknown]);
  });

  it('crash: a process that exited by itself', () => {
    const result = audit({ upstream: [], sales: [], crashes: [{ process: 'gateway A', detail: 'exited with code 1' }] });
    expect(result.byKind).toMatchObject({ crash: 1, lost: 0, double: 0, orphan: 0, mismatch: 0 });
  });
});
