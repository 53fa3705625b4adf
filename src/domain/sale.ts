// Where a lane's sale stands, beyond the Payment Request's own status.
import type { LaneState } from './lane';

/**
 * What a request paid in part left to collect (centrapay-api.md §6.7): it is `paid` with `remainingAmount` > 0, and
 * until the till takes the rest (or refunds) the sale is not done. Null when nothing is owed.
 */
export function amountStillOwed(state: Pick<LaneState, 'payment' | 'settlement'>): string | null {
  const { payment, settlement } = state;
  if (payment?.outcome !== 'paid' || settlement) return null;
  const remaining = payment.paymentRequest.remainingAmount ?? '0';
  return BigInt(remaining) > 0n ? remaining : null;
}
