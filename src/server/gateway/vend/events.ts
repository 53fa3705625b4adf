// What can happen to a vend: the patron's purchase, the machine's word (vended, or it failed), or what Centrapay
// and the clock said (reported by a runner). The transition takes one at a time.
import type { PaymentRequest } from '../../../domain/centrapay';
import type { JournalEvent } from '../journal/journal';
import type { Vend } from './state';

export type VendCommand =
  /** A new vend (its request not yet created), checked against the machine's other vends in progress. */
  | { type: 'buy'; vend: Vend; others: readonly Vend[] }
  | { type: 'vended'; machine: string }
  | { type: 'failed'; machine: string; reason: string };

export type VendObservation =
  | { type: 'created'; paymentRequest: PaymentRequest }
  | { type: 'createRefused'; code: string }
  | { type: 'createGaveUp' }
  | { type: 'polled'; paymentRequest: PaymentRequest }
  /** The vend's deadline passed (the clock says when; the transition checks it). */
  | { type: 'timedOut' }
  | { type: 'refundAccepted' }
  | { type: 'refundRefused'; code: string }
  | { type: 'refundCompleted'; status: 'completed' | 'failed' };

export type VendEvent = VendCommand | VendObservation;

export interface VendContext {
  now: number;
  /** How long the machine has to confirm a paid vend before it is refunded (VEND_TIMEOUT_SECONDS). */
  vendTimeoutMs: number;
}

export type VendRecord = JournalEvent;
