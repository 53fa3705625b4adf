// POST /api/kiosk/lanes/:lane/cancel: the patron cancels the payment of the sale `ref`.
import { kioskCommand, useKioskCommand } from './kiosk-request';

export function cancelPayment(lane: string, ref: string) {
  return kioskCommand(lane, '/cancel', { ref });
}

export function useCancelPayment(lane: string) {
  return useKioskCommand(lane, (ref: string) => cancelPayment(lane, ref));
}
