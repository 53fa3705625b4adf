import { lineTotal, type CartLine } from '../../domain/cart';
import type { SaleTally, TallyDiscount } from '../../domain/sale-tally';
import { useWords } from '../i18n/i18n';
import { Money } from './money';
import { discountLabel, paymentLabel } from './payment-words';

/**
 * The cart as a read-only bill. With the sale's tally (domain/sale-tally.ts): the discounts under the items they apply
 * to (a connected wallet's offers, from the request's `paidBy`; the Card Partner discount a Farmlands card pays with),
 * the total after them, and what was paid towards it (a voucher, a card, cash…). Payments never come off the total;
 * what is still to pay is the screen's to say beside it.
 */
export function CartLines({ cart, total, tally }: { cart: CartLine[]; total: string; tally?: SaleTally | null }) {
  const words = useWords();
  const { t } = words;
  const discountsFor = (line: CartLine): TallyDiscount[] => tally?.lines.find((candidate) => candidate.sku === line.sku)?.discounts ?? [];
  const discounted = tally && tally.discountTotal !== '0';
  return (
    <table className="cart-lines">
      <caption className="visually-hidden">{t('common.items')}</caption>
      <tbody>
        {cart.map((line) => (
          <LineRows key={line.sku} line={line} discounts={discountsFor(line)} />
        ))}
        {tally?.orderDiscounts.map((discount, index) => (
          <tr key={index} className="discount">
            <td />
            <th scope="row">{discountLabel(discount, words)}</th>
            <td className="amount">−<Money cents={discount.amount} /></td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        {discounted && (
          <tr className="subtotal">
            <td />
            <th scope="row">{t('cart.beforeDiscounts')}</th>
            <td className="amount"><Money cents={tally.price} /></td>
          </tr>
        )}
        <tr>
          <td />
          <th scope="row">{t('common.total')}</th>
          <td className="amount" data-testid="cart-total"><Money cents={tally?.total ?? total} /></td>
        </tr>
        {tally && tally.payments.length > 0 && <PaidRows tally={tally} />}
      </tfoot>
    </table>
  );
}

/**
 * What was paid towards the total, one line each with "Paid" beside the first (the cart keeps its room for its lines).
 * What is still to pay is said once, in large type, beside the cart.
 */
function PaidRows({ tally }: { tally: SaleTally }) {
  const words = useWords();
  return tally.payments.map((payment, index) => (
    <tr key={index} className="paid" data-testid="cart-paid">
      <td />
      <th scope="row"><span className="paid-label">{index === 0 ? `${words.t('cart.paid')} ` : ''}</span>{paymentLabel(payment, words)}</th>
      <td className="amount"><Money cents={payment.amount} currency={payment.kind === 'asset' ? payment.currency : undefined} /></td>
    </tr>
  ));
}

function LineRows({ line, discounts }: { line: CartLine; discounts: TallyDiscount[] }) {
  const words = useWords();
  const { t } = words;
  return (
    <>
      <tr>
        <td className="qty">{t('common.quantity', { qty: line.qty })}</td>
        <th scope="row">{line.name}</th>
        <td className="amount"><Money cents={lineTotal(line)} /></td>
      </tr>
      {discounts.map((discount, index) => (
        <tr key={index} className="discount" data-testid={`discount-${line.sku}`}>
          <td />
          <th scope="row">{discountLabel(discount, words)}</th>
          <td className="amount">−<Money cents={discount.amount} /></td>
        </tr>
      ))}
    </>
  );
}
