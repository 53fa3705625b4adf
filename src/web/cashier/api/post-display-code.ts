// A display pairing code for the lane: the tablet that opens its address becomes this lane's display.
import { useMutation } from '@tanstack/react-query';
import { displayCodeSchema, type DisplayCode } from '../../../domain/display-code';
import { cashierRequest } from '../../till/cashier-request';

export function postDisplayCode(lane: string): Promise<DisplayCode> {
  return cashierRequest(`/api/lanes/${encodeURIComponent(lane)}/display-codes`, displayCodeSchema, { method: 'POST' });
}

export function useDisplayCode(lane: string) {
  return useMutation({ mutationFn: () => postDisplayCode(lane) });
}
