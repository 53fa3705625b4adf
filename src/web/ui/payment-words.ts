import { describeCentrapayCode } from '../../domain/centrapay';
import type { LanePayment } from '../../domain/lane';
import { formatMoney } from '../../domain/money';
import { paymentLines } from '../../domain/paid-by';

/** "Centrapay NZD $17.00" per asset that paid, from `paidBy` (checklist 101.2); the till's tenders by name. */
export function paidByLines(payment: LanePayment): string[] {
  return paymentLines(payment.paymentRequest.paidBy, payment.tenders).map((line) => `${line.label} ${formatMoney(line.amount, line.currency)}`);
}

export function outcomeDetail(payment: LanePayment): string | null {
  const reason = payment.paymentRequest.cancellationReason;
  if (payment.outcome === 'cancelled' && reason) return describeCentrapayCode(reason);
  return payment.notice;
}

export function secondsLeft(expiresAt: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(expiresAt) - now) / 1000));
}

export function formatCountdown(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
