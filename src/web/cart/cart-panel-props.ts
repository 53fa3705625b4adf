import type { CartItem, CartLine } from '../../domain/cart';

/**
 * What a panel beside the till's cart is given (the bar tabs panel on the cashier screen, composed in app/): the
 * lane, this screen's cart and its lines priced by the server, and who is at the till.
 */
export interface CartPanelProps {
  lane: string;
  cart: CartItem[];
  priced: CartLine[];
  operatorId: string;
  /** Why the cart cannot be taken now (a sale on the lane is paying for it, or paid it); null when it can. */
  cartRefused: string | null;
}
