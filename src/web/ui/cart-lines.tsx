import { lineTotal, type CartLine } from '../../domain/cart';
import { Money } from './money';

/** The cart as a read-only list (display, and the cashier while a payment is in flight). */
export function CartLines({ cart, total }: { cart: CartLine[]; total: string }) {
  return (
    <table className="cart-lines">
      <caption className="visually-hidden">Items</caption>
      <tbody>
        {cart.map((line) => (
          <tr key={line.sku}>
            <td className="qty">{line.qty} ×</td>
            <th scope="row">{line.name}</th>
            <td className="amount"><Money cents={lineTotal(line)} /></td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td />
          <th scope="row">Total</th>
          <td className="amount" data-testid="cart-total"><Money cents={total} /></td>
        </tr>
      </tfoot>
    </table>
  );
}
