// The notes a sale lane writes for the cashier, in staff words ("Take payment another way", "Check it in Centrapay's
// portal"), and what a patron is told instead. A customer display or kiosk never shows the note itself: a patron
// cannot act on the till's instructions, so each note has patron words of its own, and any other note (one with a
// Centrapay code in it, one added later) tells the patron to see the cashier.

export const NOTICE = {
  checking: 'Checking the payment with Centrapay…',
  statusUnknown: 'Centrapay is not answering, so this payment is being cancelled.',
  pollRejected: 'Centrapay would not return this payment, so it is being cancelled.',
  timedOut: 'The customer did not pay in time, so the payment is being cancelled.',
  voidRetrying: 'Cancelling… Centrapay is not answering yet; trying again.',
  voidGaveUp: 'Centrapay is not answering. The till keeps cancelling this payment in the background and refunds it if it was paid. Take payment another way.',
  refundedByVoid: 'The customer had paid; the payment was refunded.',
  createGaveUp: 'Centrapay did not answer, so the payment did not start and nothing was taken. If Centrapay created it anyway, the till cancels it by itself.',
  tenderRetrying: 'Recording the payment with Centrapay… it is not answering yet; trying again.',
  decisionRetrying: 'Sending your answer to Centrapay… it is not answering yet; trying again.',
  decisionGaveUp: 'Centrapay did not take your answer to the check. Answer it again, or cancel the payment.',
  partRefunded: 'The customer could not pay the rest; their payment was refunded.',
  laneRemoved: 'This lane was removed from the configuration; its payment is being cancelled.',
  voidRefused: 'Centrapay refused to cancel this payment; checking how it ended.',
  refusedEverything: 'Centrapay will neither cancel this payment nor show it. Check it in Centrapay’s portal before handing over the goods.',
  cancelled: 'Cancelled.',
  confirmedCancelled: 'Centrapay has confirmed this payment is cancelled.',
  walletTimedOut: 'The wallet did not connect in time.',
  connectionRejected: 'Centrapay would not return this connection.',
} as const;

/** What a patron is told in place of a note (keys of `display.note` in every catalog). */
export type PatronNote = 'seeCashier' | 'refunded' | 'timedOut' | 'nothingTaken' | 'cancelled';

const PATRON_NOTES: readonly (readonly [string, PatronNote])[] = [
  [NOTICE.refundedByVoid, 'refunded'],
  // "…was refunded. Hand back $5.00 cash.": the patron hears only that it was refunded.
  [NOTICE.partRefunded, 'refunded'],
  [NOTICE.timedOut, 'timedOut'],
  [NOTICE.walletTimedOut, 'timedOut'],
  [NOTICE.createGaveUp, 'nothingTaken'],
  [NOTICE.cancelled, 'cancelled'],
  [NOTICE.confirmedCancelled, 'cancelled'],
];

/** The patron's words for a note the till wrote for the cashier: its own, else "see the cashier". */
export function patronNote(note: string): PatronNote {
  return PATRON_NOTES.find(([staff]) => note.startsWith(staff))?.[1] ?? 'seeCashier';
}
