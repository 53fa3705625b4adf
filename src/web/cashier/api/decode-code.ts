// POST /api/lanes/:lane/decode: what the code the patron presented is (Centrapay's decode), shown before the cashier
// charges it, with the store's Card Partner discount when a Farmlands card would pay the whole sale.
import { useMutation } from '@tanstack/react-query';
import { decodedCodeSchema } from '../../../domain/lane';
import { cashierRequest } from '../../till/cashier-request';
import { lanePath } from './lane-action';

export function decodeCode(lane: string, code: string) {
  return cashierRequest(`${lanePath(lane)}/decode`, decodedCodeSchema, { method: 'POST', body: { code } });
}

export function useDecodeCode(lane: string) {
  return useMutation({ mutationFn: (code: string) => decodeCode(lane, code) });
}
