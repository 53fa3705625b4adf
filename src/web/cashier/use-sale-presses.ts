// The cashier's presses on the lane's sale (pay, connect, tender, cancel, refund, new sale), whether one is under way,
// and the error of the last one for as long as it still concerns the sale as it is.
import { useState } from 'react';
import type { LaneState } from '../../domain/lane';
import { salePhase } from '../../domain/sale';
import { errorMessage } from '../lib/api-client';
import { useCancelSale } from './api/cancel-sale';
import { useConnectWallet } from './api/connect-wallet';
import { usePayAtCounter } from './api/pay-at-counter';
import { useRecordTender } from './api/record-tender';
import { useRefundPart } from './api/refund-part';
import { useStartNewSale } from './api/start-new-sale';
import { useStartPayment } from './api/start-payment';

export function useSalePresses(lane: string, state: LaneState | undefined) {
  const start = useStartPayment(lane);
  const connect = useConnectWallet(lane);
  const tender = useRecordTender(lane);
  const cancel = useCancelSale(lane);
  const nextSale = useStartNewSale(lane);
  const refund = useRefundPart(lane);
  const counterPay = usePayAtCounter(lane);
  const phase = state ? salePhase(state) : null;
  const ref = state?.order?.ref ?? null;

  // A failed press is shown until the next one, while the sale is where it was when pressed or still under way (a
  // refusal often comes with news of what another screen did); once the lane is settled elsewhere, it is old news.
  const scope = `${ref}|${phase}`;
  const [pressedIn, setPressedIn] = useState<string | null>(null);
  const mutations = [start, connect, tender, cancel, nextSale, refund, counterPay];
  const last = mutations.reduce((a, b) => (b.submittedAt > a.submittedAt ? b : a));
  const current = pressedIn === scope || (phase !== 'open' && phase !== 'done');
  const errorText = last.error && current ? errorMessage(last.error) : null;
  const press = (run: () => void) => {
    // The request first: it is on its way before React redraws the till for the press (the state change below).
    run();
    setPressedIn(scope);
  };
  const busy = mutations.some((m) => m.isPending);
  return { start, connect, tender, cancel, nextSale, refund, counterPay, phase, ref, errorText, press, busy };
}

export type SalePresses = ReturnType<typeof useSalePresses>;
