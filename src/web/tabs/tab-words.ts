// How a bar tab is named on the cashier's screens: its state in a word or two, and the tab by its name.
import type { HoldStatus, HoldView } from '../../domain/pre-auth';
import { tabName } from '../../domain/tab';

const STATUS_WORDS: Record<HoldStatus, string> = {
  opening: 'Opening…',
  pending: 'Waiting for approval',
  authorized: 'Open',
  released: 'Closed',
  expired: 'Expired',
  cancelled: 'Not approved',
  voided: 'Voided',
  failed: 'Refused',
};

export function tabStatusWords(status: HoldStatus): string {
  return STATUS_WORDS[status];
}

/** "Sam’s tab", or "Bar tab" when it was opened without a name. */
export function tabTitle(hold: Pick<HoldView, 'label' | 'kind'>): string {
  if (hold.kind === 'pump') return hold.label ?? 'Pump';
  const name = tabName(hold);
  return name === 'Bar tab' ? name : `${name}’s tab`;
}
