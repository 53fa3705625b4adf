// What can happen to a hold: a command (opened, a round or fuel confirmed, the rest released, closed, voided,
// refunded) or what Centrapay said of it (reported by a runner). The transition takes one at a time.
import type { LineItem, PaymentActivity, PaymentRequest } from '../../../domain/centrapay';
import type { JournalEvent } from '../journal/journal';
import type { HoldState } from './state';

export type HoldCommand =
  /** A new hold (its request not yet created), checked against the owner's other open holds. */
  | { type: 'open'; hold: HoldState; others: readonly HoldState[]; detail: string }
  | { type: 'confirm'; key: string; invoiceRef?: string; lineItems: LineItem[]; amount: string; actor: string; note?: string }
  | { type: 'release'; actor: string }
  /** Ends a tab: releases what was not used, or records it closed when everything authorised was taken. */
  | { type: 'close'; actor: string }
  | { type: 'void'; actor: string; reason: string }
  | { type: 'refund'; id: string; confirmationKey: string | null; amount?: string; reason: string; actor: string };

export type HoldObservation =
  | { type: 'created'; paymentRequest: PaymentRequest }
  | { type: 'createRefused'; code: string }
  | { type: 'createGaveUp'; afterMs: number }
  | { type: 'polled'; paymentRequest: PaymentRequest }
  | { type: 'confirmed'; key: string; activityId: string | null }
  | { type: 'confirmRefused'; key: string; code: string }
  /** A release or void answered; `found` when its answer was lost and the request's activities showed it was ours. */
  | { type: 'returned'; id: string; activity: PaymentActivity; found?: boolean }
  /** `lapsed`: Centrapay had released it itself (the authorisation expired) before our release. */
  | { type: 'returnRefused'; id: string; code: string; lapsed?: boolean }
  | { type: 'refundAccepted'; id: string }
  | { type: 'refundCompleted'; id: string; status: 'completed' | 'refused' };

export type HoldEvent = HoldCommand | HoldObservation;

export interface HoldContext {
  now: number;
}

export type HoldRecord = JournalEvent;
