// What can happen to a finished sale afterwards: a cashier's refund or void press, or what Centrapay answered about
// one of its refunds (reported by a runner). The transition takes one at a time; nothing else changes it.
import type { RefundActivity } from '../../../domain/centrapay';
import type { JournalEvent } from '../journal/journal';

export interface Press {
  /** The press's own prefix (the sale and a code of its key): its refunds are `${prefix}-1`, `-2`… The same key again is the same press. */
  prefix: string;
  reason: string;
  actor: string;
}

export type AfterSaleCommand =
  /** The whole sale (`lines` undefined) or chosen lines, through each tender that paid it. */
  | ({ type: 'refund'; lines?: { sku: string; qty: number }[] } & Press)
  /** Every request of the sale voided (refunded, §3.10) and the counter's part handed back: within 24 h only. */
  | ({ type: 'void' } & Press);

export type AfterSaleObservation =
  /** Centrapay answered the refund or void: a void's 200 is the money returned (§2.2); a refund's only starts it (§3.9). */
  | { type: 'answered'; id: string; activity: RefundActivity }
  | { type: 'refused'; id: string; code: string }
  /** The refund's activity shows how it ended. */
  | { type: 'completed'; id: string; status: 'completed' | 'failed'; activity: RefundActivity | null };

export type AfterSaleEvent = AfterSaleCommand | AfterSaleObservation;

export interface AfterSaleContext {
  now: number;
}

export type AfterSaleRecord = JournalEvent;
