// The shape of the kiosk's commands on its own lane (the gateway's /api/kiosk routes; one endpoint a file beside this
// one), each carrying the token the kiosk was set up with. The server decides: it prices the cart, checks each command
// against the lane's state and answers with the lane's new state, or refuses in words.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod/mini';
import { laneStateSchema, type LaneState } from '../../../domain/lane';
import { laneKeys, setLaneState } from '../../lane/api/get-lane-state';
import { ApiError, apiRequest } from '../../lib/api-client';
import { useKioskStore } from '../kiosk-store';

const kioskPath = (lane: string, path: string) => `/api/kiosk/lanes/${encodeURIComponent(lane)}${path}`;

/** A forgotten token (the gateway no longer knows it) sends the kiosk back to being set up. */
export async function kioskRequest<T extends z.core.$ZodType>(lane: string, path: string, schema: T, method: 'POST' | 'PUT', body: unknown): Promise<z.output<T>> {
  const token = useKioskStore.getState().tokens[lane];
  try {
    return await apiRequest(kioskPath(lane, path), schema, { method, body, headers: token ? { 'X-Kiosk-Token': token } : {} });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'KIOSK_NOT_SET_UP') useKioskStore.getState().forget(lane);
    throw error;
  }
}

/** Sends a command whose answer is the lane's new state. */
export function kioskCommand(lane: string, path: string, body: unknown): Promise<LaneState> {
  return kioskRequest(lane, path, laneStateSchema, 'POST', body);
}

/** A command whose answer is the lane's new state, written into the lane's cache entry. Never retried blindly. */
export function useKioskCommand<Input>(lane: string, request: (input: Input) => Promise<LaneState>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (state) => setLaneState(queryClient, state),
    onError: () => void queryClient.invalidateQueries({ queryKey: laneKeys.detail(lane) }),
  });
}
