// The journal's own vocabulary in people's words, for the back office (history, a sale's or a tab's page, end of day):
// who did something ("Cashier 1", "the till", "Centrapay"), what happened ("Refund accepted, still being processed"),
// how a sale or a Payment Request stands ("Paid", "Not paid yet"). The raw names and ids stay in the journal, shown
// only under a page's Details.

const RESULT_WORDS: Record<string, string> = {
  pending: 'In progress',
  // Centrapay's status of a Payment Request (a sale's requests, one found by its short code).
  new: 'Not paid yet',
  paid: 'Paid',
  cancelled: 'Cancelled',
  expired: 'Expired',
  refunded: 'Refunded',
  unknown: 'Unknown: check in Centrapay',
  'not-started': 'Not started',
};

/** How a sale ended, or where a Payment Request stands: "Paid", "Not paid yet", "Cancelled". */
export function resultWords(result: string): string {
  return RESULT_WORDS[result] ?? sentence(result);
}

/** "cashier-1" → "Cashier 1", "anna" → "Anna": an operator id as a name. */
export function operatorWords(operatorId: string): string {
  return sentence(operatorId.replace(/[-_.]+/g, ' ').trim()) || 'the cashier';
}

/** Who did something, as the journal records it (`cashier:cashier-1`, `centrapay`, `system:timeout`, `pump:…`). */
export function actorWords(actor: string): string {
  const [kind, ...rest] = actor.split(':');
  const who = rest.join(':');
  switch (kind) {
    case 'cashier':
      return who ? operatorWords(who) : 'the cashier';
    case 'centrapay':
      return 'Centrapay';
    case 'system':
    case 'gateway':
    case 'till':
      return 'the till';
    case 'patron':
    case 'kiosk-patron':
      return 'the customer';
    case 'kiosk':
      return 'the kiosk';
    case 'kiosk-staff':
      return 'kiosk staff';
    case 'machine':
      return 'the machine';
    case 'pump':
      return 'the pump';
    default:
      // An operator id the journal keeps bare ("op-7").
      return operatorWords(actor);
  }
}

/** The journal's events a cashier meets on a sale, in words; any other is its name made a sentence. */
const EVENT_WORDS: Record<string, string> = {
  'pay-pressed': 'Pay pressed (QR code)',
  'connect-pressed': 'Pay pressed (wallet connection)',
  'code-presented': 'Customer’s code scanned',
  'counter-pressed': 'Paid at the counter pressed',
  'rest-requested': 'The rest asked for',
  created: 'Payment request made',
  'create-rejected': 'Payment request refused by Centrapay',
  'create-gave-up': 'Payment request could not be made',
  'not-created': 'No payment request made',
  'tender-requested': 'Counter payment sent to Centrapay',
  tender: 'Counter payment recorded',
  'settled-at-counter': 'Paid at the counter',
  'part-at-counter': 'Part paid at the counter',
  'handed-back': 'Handed back at the counter',
  'cash-handed-back': 'Cash handed back',
  'cancel-requested': 'Cancel pressed',
  'void-requested': 'Void asked for',
  'void-pending': 'Void still being made',
  void: 'Voided',
  voided: 'Voided',
  'refund-requested': 'Refund asked for',
  'refund-accepted': 'Refund accepted by Centrapay',
  'refund-completed': 'Refund completed',
  refund: 'Refunded',
  'needs-attention': 'Needs attention',
  'status-unknown': 'Status unknown',
  'stray-found': 'Stray payment request found',
  'lane-removed': 'Lane removed',
  'found-at-centrapay': 'Found at Centrapay by its short code',
};

/** What a journal event's `status` adds to its words; a status its name already says (refused, completed) adds nothing. */
const STATUS_WORDS: Record<string, string> = {
  pending: 'still being processed',
};

/** "Paid" (Centrapay said so), "Refund accepted by Centrapay, still being processed", "Cash handed back". */
export function eventWords(event: { kind: string; status: string | null }): string {
  if (event.kind === 'status') return event.status ? resultWords(event.status) : 'Status';
  const words = EVENT_WORDS[event.kind] ?? sentence(event.kind.replaceAll('-', ' '));
  const status = event.status ? STATUS_WORDS[event.status] : undefined;
  return status ? `${words}, ${status}` : words;
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
