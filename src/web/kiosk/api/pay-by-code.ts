// POST /api/kiosk/lanes/:lane/code-payments: the patron pays the cart with a code or voucher they scan or type.
import type { CartItem } from '../../../domain/cart';
import { cartItemsOf } from '../../cart/cart-items';
import { kioskCommand, useKioskCommand } from './kiosk-request';

export type PayByCode = { cart: readonly CartItem[]; code: string };

export function payByCode(lane: string, { cart, code }: PayByCode) {
  return kioskCommand(lane, '/code-payments', { cart: cartItemsOf(cart), code });
}

export function usePayByCode(lane: string) {
  return useKioskCommand(lane, (input: PayByCode) => payByCode(lane, input));
}
