// POST /api/kiosk/lanes/:lane/start-over: the lane back to an empty sale for the next patron (a new start, or the last
// patron walked away).
import { kioskCommand, useKioskCommand } from './kiosk-request';

export function startOver(lane: string) {
  return kioskCommand(lane, '/start-over', {});
}

export function useStartOver(lane: string) {
  return useKioskCommand(lane, () => startOver(lane));
}
