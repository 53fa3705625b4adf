// POST /api/kiosk/lanes/:lane/pair: staff, once: the staff code buys this kiosk's token for its lane.
import { useMutation } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { useKioskStore } from '../kiosk-store';
import { kioskRequest } from './kiosk-request';

export function setUpKiosk(lane: string, staffCode: string) {
  return kioskRequest(lane, '/pair', z.object({ token: z.string() }), 'POST', { staffCode });
}

export function useSetUpKiosk(lane: string) {
  return useMutation({
    mutationFn: (staffCode: string) => setUpKiosk(lane, staffCode),
    onSuccess: ({ token }) => useKioskStore.getState().setToken(lane, token),
  });
}
