// Which screen the kiosk shows, read off its lane's state (the server's) and the little the kiosk itself knows: that
// a patron touched Start, is typing a code, or has put a failed payment's result behind them.
import type { LaneState } from '../../domain/lane';
import { salePhase } from '../../domain/sale';

export type KioskScreen = 'attract' | 'shop' | 'code' | 'wait' | 'pay' | 'collect' | 'result';

export interface KioskView {
  /** The patron touched "Touch to start" (the cart may still be empty). */
  started: boolean;
  /** The patron chose "I have a code". */
  enteringCode: boolean;
  /** The sale whose failed payment the patron put behind them ("Back to my order"). */
  dismissed: string | null;
}

export const FRESH_VIEW: KioskView = { started: false, enteringCode: false, dismissed: null };

export function kioskScreen(state: LaneState, view: KioskView): KioskScreen {
  switch (salePhase(state)) {
    case 'starting':
    case 'connecting':
      return 'wait';
    case 'paying':
      return 'pay';
    case 'owed':
      return view.enteringCode ? 'code' : 'collect';
    case 'done':
      return 'result';
    case 'open':
      break;
  }
  if (state.step) return 'wait';
  if (state.order && state.order.ref !== view.dismissed) return 'result';
  if (view.enteringCode && state.cart.length > 0) return 'code';
  return state.cart.length > 0 || view.started ? 'shop' : 'attract';
}

/** When the "Are you still there?" warning shows: the last part of the idle time, 5 to 20 seconds of it. */
export function idleWarningSeconds(idleSeconds: number): number {
  return Math.min(20, Math.max(5, Math.floor(idleSeconds / 3)), idleSeconds);
}
