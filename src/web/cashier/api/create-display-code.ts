// POST /api/lanes/:lane/display-codes: a display pairing code for the lane: the tablet that opens its address becomes
// this lane's display.
import { useMutation } from '@tanstack/react-query';
import { displayCodeSchema, type DisplayCode } from '../../../domain/display-code';
import { cashierRequest } from '../../till/cashier-request';

export function createDisplayCode(lane: string): Promise<DisplayCode> {
  return cashierRequest(`/api/lanes/${encodeURIComponent(lane)}/display-codes`, displayCodeSchema, { method: 'POST' });
}

export function useCreateDisplayCode(lane: string) {
  return useMutation({ mutationFn: () => createDisplayCode(lane) });
}
