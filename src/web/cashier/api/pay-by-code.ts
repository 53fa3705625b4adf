// POST /api/lanes/:lane/code-payments: charges the sale to a code the patron presented (the gateway decodes it again,
// never taking the screen's word).
import { postLaneAction, saleBody, useLaneAction, type Sale } from './lane-action';

export type PayByCode = Sale & { code: string; patronNotPresent: boolean };

export function payByCode(lane: string, input: PayByCode) {
  return postLaneAction(lane, '/code-payments', { ...saleBody(input), code: input.code, patronNotPresent: input.patronNotPresent });
}

export function usePayByCode(lane: string) {
  return useLaneAction(lane, (input: PayByCode) => payByCode(lane, input));
}
