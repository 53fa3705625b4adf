// A bar tab at the till: a pre-auth hold (pre-auth.ts) opened on a lane, authorised by the patron from the lane's
// display, drawn down round by round (each round confirmed when it is added, under its own invoice number) and closed
// by releasing the rest. The rules here are shared by the gateway and the cashier screen.
import type { Hold, HoldRefusal, HoldStatus, HoldView } from './pre-auth';
import type { LaneTabStage, LaneTabView } from './lane-tab';
import { compareCents } from './money';

/** The amounts the cashier can pick with one press when opening a tab. */
export const TAB_QUICK_AMOUNTS = ['5000', '10000', '20000'] as const;

export const TAB_LINE_NAME = 'Bar tab';
export const MAX_TAB_LABEL = 40;

/** The line the patron's app shows for the authorisation: "Bar tab", or "Bar tab: Sam". */
export function tabLineName(label: string | undefined): string {
  const name = label?.trim();
  return name ? `${TAB_LINE_NAME}: ${name}` : TAB_LINE_NAME;
}

/** The name a tab was opened under, as the till lists it ("Sam"), or "Bar tab" when none was given. */
export function tabName(hold: Pick<Hold, 'label'>): string {
  const label = hold.label ?? TAB_LINE_NAME;
  return label.startsWith(`${TAB_LINE_NAME}: `) ? label.slice(TAB_LINE_NAME.length + 2) : label;
}

/**
 * The invoice number of the next round: the tab's reference and the round's number ("till-1-TAB-K7QZ2M8X-R2"), unique
 * on the account because the tab's reference is, and meaningful on the patron's statement (checklist 301.6).
 */
export function nextRoundInvoiceRef(hold: Pick<Hold, 'id' | 'confirmations'>): string {
  return `${hold.id}-R${hold.confirmations.length + 1}`;
}

/** A lane shows one authorisation at a time on its display: a second tab waits until the first is approved or ends. */
export function openTabRefusal(laneHolds: readonly Pick<HoldView, 'kind' | 'status'>[]): HoldRefusal | null {
  return laneHolds.some((hold) => hold.kind === 'tab' && (hold.status === 'opening' || hold.status === 'pending'))
    ? { statusCode: 409, code: 'TAB_AWAITING_APPROVAL', message: 'Another tab is waiting for its customer to approve it on this lane’s display. Wait for it, or cancel it first.' }
    : null;
}

/** Where the display is with a tab: waiting for the patron, open, or not opened (declined, expired, refused, voided). */
export function laneTabStage(status: HoldStatus): LaneTabStage {
  return status === 'opening' || status === 'pending' ? 'waiting' : status === 'authorized' ? 'open' : 'not-opened';
}

/** What Close does: release what was not used, or (everything was taken) just close it, with nothing to send. */
export function closeAction(hold: Pick<HoldView, 'status' | 'remaining' | 'inFlight' | 'returns'>): 'release' | 'close' {
  const drawnDown = hold.status === 'authorized' && compareCents(hold.remaining, '0') <= 0 && compareCents(hold.inFlight, '0') === 0 &&
    !hold.returns.some((row) => row.status === 'sending');
  return drawnDown ? 'close' : 'release';
}

/**
 * What the lane's display shows of a tab: while it waits for its patron, and how that ended (open, or not opened)
 * until its first round or return. Null once there is nothing more for the patron at the display to see.
 */
export function laneTabView(hold: Pick<HoldView, 'id' | 'label' | 'amount' | 'currency' | 'status' | 'url' | 'updatedAt' | 'confirmations' | 'returns'>): LaneTabView | null {
  const stage = laneTabStage(hold.status);
  if (stage !== 'waiting' && (hold.confirmations.length > 0 || hold.returns.length > 0)) return null;
  const name = tabName(hold);
  return { id: hold.id, name: name === TAB_LINE_NAME ? null : name, amount: hold.amount, currency: hold.currency, stage, url: hold.url, since: hold.updatedAt };
}
