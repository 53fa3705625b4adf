import { applyCardPartnerDiscount, type SaleDiscount } from '../../domain/card-partner';
import { lineTotal, type CartLine } from '../../domain/cart';
import type { PaymentRequest } from '../../domain/centrapay';
import { discountedCart, type Discount } from '../../domain/paid-by';
import { subtractCents, sumCents } from '../../domain/money';
import { useWords } from '../i18n/i18n';
import { Money } from './money';

/**
 * The cart as a read-only list. With a Payment Request, offers a wallet paid show under the items they apply to,
 * taken from the request's `paidBy`, never worked out on the till. With the sale's Card Partner discount (a Farmlands
 * card pays), what it takes off each item, by the rule the gateway priced the sale with.
 */
export function CartLines({ cart, total, paymentRequest, discount }: { cart: CartLine[]; total: string; paymentRequest?: PaymentRequest; discount?: SaleDiscount | null }) {
  const { t } = useWords();
  const discounts = paymentRequest ? discountedCart(paymentRequest.lineItems ?? [], paymentRequest.paidBy) : undefined;
  const partner = discount ? applyCardPartnerDiscount(cart, discount.percent) : null;
  const partnerWords = discount ? t('cart.cardPartnerDiscount', { percent: discount.percent }) : '';
  const discountsFor = (line: CartLine): Discount[] => {
    const offers = discounts?.lines.find(({ item }) => item.sku === line.sku && item.name === line.name)?.discounts ?? [];
    const off = partner?.lines.find((candidate) => candidate.sku === line.sku)?.off ?? '0';
    return off === '0' ? offers : [...offers, { description: partnerWords, amount: off }];
  };
  const discountTotal = sumCents([discounts?.discountTotal ?? '0', partner?.off ?? '0']);
  return (
    <table className="cart-lines">
      <caption className="visually-hidden">{t('common.items')}</caption>
      <tbody>
        {cart.map((line) => (
          <LineRows key={line.sku} line={line} discounts={discountsFor(line)} />
        ))}
        {discounts?.orderDiscounts.map((discount) => (
          <tr key={discount.description} className="discount">
            <td />
            <th scope="row">{discount.description}</th>
            <td className="amount">−<Money cents={discount.amount} /></td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        {discountTotal !== '0' && (
          <tr className="subtotal">
            <td />
            <th scope="row">{t('cart.beforeDiscounts')}</th>
            <td className="amount"><Money cents={total} /></td>
          </tr>
        )}
        <tr>
          <td />
          <th scope="row">{t('common.total')}</th>
          <td className="amount" data-testid="cart-total"><Money cents={subtractCents(total, discountTotal)} /></td>
        </tr>
      </tfoot>
    </table>
  );
}

function LineRows({ line, discounts }: { line: CartLine; discounts: Discount[] }) {
  const { t } = useWords();
  return (
    <>
      <tr>
        <td className="qty">{t('common.quantity', { qty: line.qty })}</td>
        <th scope="row">{line.name}</th>
        <td className="amount"><Money cents={lineTotal(line)} /></td>
      </tr>
      {discounts.map((discount) => (
        <tr key={discount.description} className="discount" data-testid={`discount-${line.sku}`}>
          <td />
          <th scope="row">{discount.description}</th>
          <td className="amount">−<Money cents={discount.amount} /></td>
        </tr>
      ))}
    </>
  );
}
