// Hand-made records for the audit's tests: Centrapay's requests and activities, and the journals' rows, small enough
// to read at a glance.
import type { AuditResult } from './audit';
import type { HoldDrive, JournalHold, JournalRefund, JournalSale, JournalVend, RefundPress, UpstreamActivity, UpstreamRequest, VendDrive } from './audit-model';

export const act = (type: string, amount: string, extra: Partial<UpstreamActivity> = {}): UpstreamActivity => ({ type, value: { amount }, ...extra });

export function request(id: string, ref: string, value: string, status: string, activities: UpstreamActivity[], extra: Partial<UpstreamRequest> = {}): UpstreamRequest {
  const remaining = status === 'paid' ? '0' : value;
  return { id, externalRef: ref, status, value: { amount: value }, remainingAmount: remaining, activities: [act(extra.preAuth ? 'preAuthRequest' : 'request', value), ...activities], ...extra };
}

export function sale(ref: string, total: string, result: string, extra: Partial<JournalSale> = {}): JournalSale {
  return { gateway: 'A', ref, lane: 'a1', total, result, requests: [], tenders: [], ...extra };
}

export function refund(id: string, paymentRequestId: string | null, amount: string, extra: Partial<JournalRefund> = {}): JournalRefund {
  return { id, paymentRequestId, method: paymentRequestId ? 'centrapay' : 'cash', amount, status: 'completed', error: null, actor: 'cashier:op-1', ...extra };
}

export function press(saleRef: string, extra: Partial<RefundPress> = {}): RefundPress {
  return { gateway: 'A', saleRef, flow: 'refund', key: 'press-key-1', operatorId: 'op-1', answers: [{ status: 200, code: null, newRefundIds: [] }], ...extra };
}

export function hold(id: string, amount: string, status: string, extra: Partial<JournalHold> = {}): JournalHold {
  return { gateway: 'A', id, kind: 'tab', owner: 'a1', externalRef: id, paymentRequestId: `pr-${id}`, amount, status, remaining: '0', confirmations: [], returns: [], ...extra };
}

export function holdDrive(holdId: string, extra: Partial<HoldDrive> = {}): HoldDrive {
  return { gateway: 'A', kind: 'tab', holdId, openAnswered: true, roundKeys: [], roundsConfirmed: [], finishedAmount: null, ended: null, ...extra };
}

export function vend(id: string, amount: string, status: string, extra: Partial<JournalVend> = {}): JournalVend {
  return { gateway: 'A', id, machineId: 'vend-a1', amount, status, paymentRequestId: `pr-${id}`, reason: null, ...extra };
}

export function vendDrive(vendId: string, extra: Partial<VendDrive> = {}): VendDrive {
  return { gateway: 'A', machineId: 'vend-a1', vendId, variant: 'vended', boughtAnswered: true, vendedSent: extra.vendedAnswered ?? false, vendedAnswered: false, failedAnswered: false, ...extra };
}

export const rules = (result: AuditResult): string[] => result.violations.map((found) => found.rule);
export const kinds = (result: AuditResult): string[] => result.violations.map((found) => found.kind);
