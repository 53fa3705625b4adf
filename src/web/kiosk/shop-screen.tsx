// The patron builds their order: big product tiles (the server's catalog, less what needs an ID check), their order
// with quantities and remove, the total, then Pay (the QR on this screen) or "I have a code".
import { lineTotal, type CartItem } from '../../domain/cart';
import type { LaneState } from '../../domain/lane';
import { formatMoney } from '../../domain/money';
import { refusal } from '../../domain/sale';
import { withOneMore, withQty } from '../cart/cart-items';
import { useCatalog } from '../config/api/get-catalog';
import { useWords } from '../i18n/i18n';
import { tillFailureWords } from '../i18n/patron-words';
import { Money } from '../ui/money';
import { usePayByQr } from './api/pay-by-qr';
import { useCartEdits } from './api/set-cart';

interface ShopScreenProps {
  lane: string;
  state: LaneState;
  onCode: () => void;
  onStartOver: () => void;
}

export function ShopScreen({ lane, state, onCode, onStartOver }: ShopScreenProps) {
  const words = useWords();
  const { t, language } = words;
  const catalog = useCatalog();
  const { edit, afterEdits, error } = useCartEdits(lane);
  const pay = usePayByQr(lane);
  const products = (catalog.data ?? []).filter((product) => !product.restricted);
  const empty = state.cart.length === 0;
  const blocked = empty || pay.isPending || refusal(state, 'pay') !== null;
  const problem = error ?? pay.error ?? catalog.error;
  // A second tap on Pay waits behind the first, and finds the lane already paying: nothing more is sent.
  const payOnce = (cart: CartItem[], current: LaneState) => (refusal(current, 'pay') || cart.length === 0 ? undefined : pay.mutateAsync(cart).catch(() => undefined));

  return (
    <div className="kiosk-shop">
      <section className="kiosk-products" aria-labelledby="kiosk-products-heading">
        <h1 id="kiosk-products-heading">{t('kiosk.products')}</h1>
        <div className="kiosk-tiles">
          {products.map((product) => (
            <button key={product.sku} type="button" className="kiosk-tile" aria-label={t('kiosk.add', { name: product.name })}
              onClick={() => edit((cart) => withOneMore(cart, product.sku))}>
              <span className="kiosk-tile-name">{product.name}</span>
              <Money cents={product.unitPrice} />
            </button>
          ))}
        </div>
      </section>
      <section className="kiosk-order" aria-labelledby="kiosk-order-heading">
        <h2 id="kiosk-order-heading">{t('kiosk.order')}</h2>
        {empty ? (
          <p className="muted">{t('kiosk.empty')}</p>
        ) : (
          <ul className="kiosk-lines" aria-label={t('kiosk.order')}>
            {state.cart.map((line) => (
              <li key={line.sku} data-testid={`kiosk-line-${line.sku}`}>
                <span className="kiosk-line-name">{line.name}</span>
                <span className="kiosk-qty">
                  <button type="button" aria-label={t('kiosk.less', { name: line.name })} onClick={() => edit((cart) => withQty(cart, line.sku, line.qty - 1))}>−</button>
                  <output aria-live="polite" data-testid={`kiosk-qty-${line.sku}`}>{line.qty}</output>
                  <button type="button" aria-label={t('kiosk.more', { name: line.name })} onClick={() => edit((cart) => withQty(cart, line.sku, line.qty + 1))}>+</button>
                </span>
                <span className="kiosk-line-total"><Money cents={lineTotal(line)} /></span>
                <button type="button" className="kiosk-remove" aria-label={t('kiosk.remove', { name: line.name })} onClick={() => edit((cart) => withQty(cart, line.sku, 0))}>×</button>
              </li>
            ))}
          </ul>
        )}
        <p className="kiosk-total">{t('common.total')} <strong data-testid="kiosk-total"><Money cents={state.total} /></strong></p>
        {problem !== null && <p className="error" role="alert">{tillFailureWords(problem, words)}</p>}
        <button type="button" className="kiosk-primary" disabled={blocked} onClick={() => afterEdits(payOnce)}>
          {pay.isPending ? t('kiosk.wait') : t('kiosk.pay', { amount: formatMoney(state.total, 'NZD', language) })}
        </button>
        <button type="button" disabled={blocked} onClick={onCode}>{t('kiosk.haveCode')}</button>
        <button type="button" className="kiosk-quiet" onClick={onStartOver}>{t('kiosk.startOver')}</button>
      </section>
    </div>
  );
}
