// POST /api/holds/:id/confirmations: a round on a tab, confirmed with Centrapay at once. It carries a key made once
// per round: the same round pressed again after a lost answer is the same confirmation, never a second draw.
import type { CartItem } from '../../../domain/cart';
import { holdViewSchema } from '../../../domain/pre-auth';
import { cashierRequest } from '../../till/cashier-request';
import { useHoldAction } from './hold-action';

export interface AddRound {
  id: string;
  /** The lane whose cart the round is: the gateway refuses it while a sale on that lane has it. */
  lane: string;
  /** One per round: kept until the round is answered, so a press sent again draws once. */
  key: string;
  cart: CartItem[];
  /** The cashier checked the customer's ID (a round with age-restricted items needs it). */
  idChecked: boolean;
  operatorId: string;
}

export function addRound({ id, lane, key, cart, idChecked, operatorId }: AddRound) {
  return cashierRequest(`/api/holds/${encodeURIComponent(id)}/confirmations`, holdViewSchema, {
    method: 'POST',
    body: { key, lane, cart: cart.map(({ sku, qty }) => ({ sku, qty })), idChecked, operatorId },
  });
}

export function useAddRound() {
  return useHoldAction(addRound);
}
