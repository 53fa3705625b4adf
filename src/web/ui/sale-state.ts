// What a screen shows for a lane, read off the lane's state with the domain's rules (domain/sale.ts): the screens
// decide nothing the server has not already decided.
import type { LaneState } from '../../domain/lane';
import { conditionsAwaitingCashier, conditionsAwaitingPatron, salePhase } from '../../domain/sale';
import type { Words } from '../i18n/i18n';

export type DisplayScreen = 'idle' | 'cart' | 'starting' | 'connect' | 'pay' | 'collect' | 'result' | 'thanks';

/** After a paid sale's result, the display thanks the patron for this long before its attract screen returns. */
export const THANKS_SECONDS = 5;

/** What a customer display shows for a lane at a given time. */
export function displayScreen(state: LaneState, now: number): DisplayScreen {
  const { payment, connection, settlement } = state;
  // A phone order (§6.8): the customer is not at the counter, so the display stays as it is between sales.
  if (state.order?.patronNotPresent) return 'idle';
  switch (salePhase(state)) {
    case 'starting':
      return 'starting';
    case 'paying':
      return 'pay';
    case 'connecting':
      return 'connect';
    case 'owed':
      return 'collect';
    case 'done':
    case 'open':
      break;
  }
  const finishedAt = payment?.finishedAt ?? settlement?.at ?? connection?.finishedAt;
  const shownFor = finishedAt ? now - Date.parse(finishedAt) : Infinity;
  if (shownFor < state.resultSeconds * 1000) return 'result';
  if (payment?.outcome === 'paid' || settlement) return shownFor < (state.resultSeconds + THANKS_SECONDS) * 1000 ? 'thanks' : 'idle';
  return state.cart.length > 0 ? 'cart' : 'idle';
}

/**
 * What the lane is waiting on Centrapay for, in the patron's words; null when nothing is under way. A request slow to
 * start carries the till's note (it is checking with Centrapay).
 */
export function displayStepWords(state: Pick<LaneState, 'step'>, { t }: Words): string | null {
  switch (state.step?.kind) {
    case undefined:
      return null;
    case 'creating':
      if (state.step.cancelRequested) return t('display.step.cancelling');
      return state.step.notice ? t('display.step.checking') : t('display.step.starting');
    case 'connecting':
      return state.step.notice ? t('display.step.checking') : t('display.step.starting');
    case 'cancelling':
      return t('display.step.cancelling');
    case 'tendering':
      return t('display.step.recording');
    case 'refunding':
      return t('display.step.refunding');
    case 'deciding':
      return t('display.step.cashierChecking');
  }
}

/** What the patron is told about checks Centrapay asks for (§6.9); null when none is waiting. */
export function displayConditionWords(state: Pick<LaneState, 'payment'>, { t }: Words): string | null {
  const forCashier = conditionsAwaitingCashier(state);
  if (forCashier.length > 0) return forCashier.some((condition) => condition.name === 'photo-id-check') ? t('display.check.id') : t('display.check.order');
  return conditionsAwaitingPatron(state).length > 0 ? t('display.check.answerInApp') : null;
}

/** "1 earlier payment is still being cancelled with Centrapay"; null when none is. */
export function followUpWords(count: number): string | null {
  if (count <= 0) return null;
  return `${count} earlier ${count === 1 ? 'payment is' : 'payments are'} still being cancelled with Centrapay`;
}
