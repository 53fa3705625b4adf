// POST /api/kiosk/lanes/:lane/reset: staff put the kiosk back to an empty sale, any payment under way voided.
import { kioskCommand, useKioskCommand } from './kiosk-request';

export function resetKiosk(lane: string, staffCode: string) {
  return kioskCommand(lane, '/reset', { staffCode });
}

export function useResetKiosk(lane: string) {
  return useKioskCommand(lane, (staffCode: string) => resetKiosk(lane, staffCode));
}
