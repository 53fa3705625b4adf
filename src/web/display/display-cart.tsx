// The cart as the display shows it: a list that scrolls by itself when it is longer than the screen, with the line
// just added brought into view and the total always showing.
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { CartLine } from '../../domain/cart';
import type { SaleTally } from '../../domain/sale-tally';
import { CartLines } from '../ui/cart-lines';

export function DisplayCart(props: { cart: CartLine[]; total: string; tally?: SaleTally | null }) {
  const scroller = useRef<HTMLDivElement>(null);
  const lines = props.cart.length;
  const seen = useRef<number | null>(null);
  useLayoutEffect(() => {
    // New lines go at the end: show the end. A quantity changed on an earlier line moves nothing. (A list just drawn is
    // shown from its end below, once laid out for its frame, rather than laid out here first.)
    if (seen.current !== null && lines > seen.current && scroller.current) scroller.current.scrollTop = scroller.current.scrollHeight;
    seen.current = lines;
  }, [lines]);
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    // Drawn, and whenever the list's own size changes (the QR code comes beside it after Pay): its end stays in view.
    const observer = new ResizeObserver(() => {
      element.scrollTop = element.scrollHeight;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <div className="cart-scroll" ref={scroller} data-testid="display-cart">
      <CartLines {...props} />
    </div>
  );
}
