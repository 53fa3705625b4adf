// What a pushed change costs the screens (issue 20: fast again, and kept fast). The bench (npm run bench) times it;
// these check the work that had crept in front of the frames the patron waits for: from Pay to the QR code the cashier
// asks the gateway for nothing but the payment, the display asks for nothing, and the display's cart is the one drawn
// as the sale was rung up; a Pay Centrapay answers at once is never drawn as a wait; "Payment successful" is painted
// before either screen asks for the receipt's link. Lanes e2e-65, e2e-66 and e2e-82.
import { expect, test, type Page } from '@playwright/test';
import { addToCart, openScreens, patronScans, payAs, qrOnDisplay } from './helpers';

interface Asked {
  what: string;
  at: number;
}

/** What a page asked the gateway's API for (`GET /api/…`), in order, from now on; the lane's event stream is not one. */
function apiRequests(page: Page): Asked[] {
  const asked: Asked[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/api/') && !pathname.endsWith('/events')) asked.push({ what: `${request.method()} ${pathname}`, at: Date.now() });
  });
  return asked;
}

const HISTORY_READ = 'GET /api/history';
/** The recent payments list is also read every 15 s by itself (get-recent-sales.ts). */
const HISTORY_EVERY_MS = 15_000;

/** The requests from `from` on, less the recent payments list's own reads every 15 s (one at least 14 s after the last). */
function askedSince(asked: readonly Asked[], from: number): string[] {
  return asked.filter((request, index) => {
    if (index < from) return false;
    if (request.what !== HISTORY_READ) return true;
    const before = asked.slice(0, index).findLast((earlier) => earlier.what === HISTORY_READ);
    return before === undefined || request.at - before.at < HISTORY_EVERY_MS - 1_000;
  }).map((request) => request.what);
}

/**
 * In the page before its app: when the heading `title` first shows, the time of the frame that paints it (a frame
 * callback runs just before that paint), and when each request for a receipt link or the recent payments was started.
 */
function watchResultAndReceipt(title: string): void {
  const w = window as unknown as { __shownAt?: number; __receiptAskedAt: number[]; __historyAskedAt: number[] };
  w.__receiptAskedAt = [];
  w.__historyAskedAt = [];
  const fetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.includes('receipt')) w.__receiptAskedAt.push(performance.now());
    if (url.includes('/api/history')) w.__historyAskedAt.push(performance.now());
    return fetch(input, init);
  };
  new MutationObserver(() => {
    const shown = [...document.querySelectorAll('h1, h2, [data-testid="cashier-status"]')].some((element) => element.textContent?.trim() === title);
    if (shown && w.__shownAt === undefined) {
      w.__shownAt = -1;
      requestAnimationFrame(() => {
        w.__shownAt = performance.now();
      });
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

async function shownAndAsked(page: Page): Promise<{ shownAt: number; askedAt: number[]; historyAt: number[] }> {
  return page.evaluate(() => {
    const w = window as unknown as { __shownAt: number; __receiptAskedAt: number[]; __historyAskedAt: number[] };
    return { shownAt: w.__shownAt, askedAt: w.__receiptAskedAt, historyAt: w.__historyAskedAt };
  });
}

test('from Pay to the QR code the display asks for nothing, the cashier only pays, and the cart is the one rung up', async ({ browser, request }) => {
  const { cashier, display, close } = await openScreens(browser, 'e2e-65');
  const cashierAsked = apiRequests(cashier);
  const displayAsked = apiRequests(display);
  await addToCart(cashier, 'Flat White', 'Blueberry Muffin');
  await expect(display.getByTestId('display-cart')).toContainText('Blueberry Muffin');
  await expect(cashier.getByRole('button', { name: 'Pay with Centrapay' })).toBeEnabled();
  const [cashierFrom, displayFrom] = [cashierAsked.length, displayAsked.length];
  const cart = display.getByTestId('display-cart');
  await cart.evaluate((element) => Object.assign(element, { drawnBeforePay: true }));

  // Centrapay is slow to create the request, so the display's "Starting payment…" can be seen before the code comes.
  const fault = await request.post('/sandbox/_sandbox/faults', { data: { method: 'POST', path: '/api/payment-requests', mode: 'slow', delayMs: 1500, count: 1 } });
  expect(fault.status()).toBe(200);
  try {
    await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
    await expect(display.getByTestId('display-step')).toHaveText('Starting payment…');
    await expect(qrOnDisplay(display)).toBeVisible();

    // Pay, then the QR code, added a side beside the cart: the cart is the element drawn as it was rung up.
    expect(await cart.evaluate((element) => (element as HTMLElement & { drawnBeforePay?: boolean }).drawnBeforePay)).toBe(true);
    expect(askedSince(displayAsked, displayFrom)).toEqual([]);
    // The recent payments list waits for the sale's result: nothing but the payment is asked on the way to the code.
    expect(askedSince(cashierAsked, cashierFrom)).toEqual(['POST /api/lanes/e2e-65/payments']);
  } finally {
    await request.delete('/sandbox/_sandbox/faults');
  }
  await close();
});

test('"Payment successful" is painted on both screens before either asks for the receipt or the cashier for its history, read once', async ({ browser }) => {
  const { cashier, display, close } = await openScreens(browser, 'e2e-66');
  await cashier.addInitScript(watchResultAndReceipt, 'Payment successful');
  await display.addInitScript(watchResultAndReceipt, 'Payment successful');
  await cashier.reload();
  await expect(cashier.getByRole('heading', { name: 'Products' })).toBeVisible();
  const cashierAsked = apiRequests(cashier);
  await display.reload();
  await expect(display.getByRole('heading', { name: 'Welcome' })).toBeVisible();
  await addToCart(cashier, 'Flat White');
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  const phone = await patronScans(browser, display);
  const paidFrom = cashierAsked.length;
  await payAs(phone, 'Alice');

  await expect(display.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment successful');
  // Each screen's receipt link comes once the result is on the screen: the display's code, the cashier's Print receipt.
  await expect(display.getByRole('img', { name: 'QR code linking to your receipt' })).toBeVisible();
  await expect(cashier.getByRole('button', { name: 'Print receipt' })).toBeEnabled();
  for (const [screen, page] of [['display', display], ['cashier', cashier]] as const) {
    const { shownAt, askedAt } = await shownAndAsked(page);
    expect(askedAt.length, `the ${screen}'s receipt link asked for`).toBeGreaterThan(0);
    expect(Math.min(...askedAt), `the ${screen} asked for its receipt link before the frame that shows the result`).toBeGreaterThanOrEqual(shownAt);
  }
  // The recent payments list is read again for the result, once, after the frame that shows it.
  await expect.poll(() => askedSince(cashierAsked, paidFrom).filter((asked) => asked === HISTORY_READ).length).toBe(1);
  const { shownAt, historyAt } = await shownAndAsked(cashier);
  expect(historyAt.some((at) => at >= shownAt), 'the recent payments read once the result is painted').toBe(true);
  expect(historyAt.filter((at) => at >= shownAt - 50 && at < shownAt), 'the recent payments read while the result was drawn').toEqual([]);
  await phone.context().close();
  await close();
});

test('a Pay that Centrapay answers at once is never drawn as "Starting payment…": the display goes from the cart to the QR code', async ({ browser }) => {
  const { cashier, display, close } = await openScreens(browser, 'e2e-82');
  // When the display first showed what the lane waits on (the wall clock, which the test shares with the page).
  await display.addInitScript(() => {
    const w = window as unknown as { __stepShownAt?: number };
    new MutationObserver(() => {
      if (w.__stepShownAt === undefined && document.querySelector('[data-testid="display-step"]')) w.__stepShownAt = Date.now();
    }).observe(document, { subtree: true, childList: true });
  });
  await display.reload();
  await expect(display.getByRole('heading', { name: 'Welcome' })).toBeVisible();
  await addToCart(cashier, 'Flat White');
  await expect(display.getByTestId('display-cart')).toContainText('Flat White');
  // When Pay was pressed: the click as the cashier's page had it, not when the test asked for it.
  await cashier.evaluate(() => document.addEventListener('click', () => Object.assign(window, { __pressedAt: Date.now() }), { capture: true, once: true }));
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  await expect(qrOnDisplay(display)).toBeVisible();
  const pressedAt = await cashier.evaluate(() => (window as unknown as { __pressedAt: number }).__pressedAt);

  // Screens are sent a wait on Centrapay only once it has lasted 100 ms (events-stream.ts); the sandbox answers sooner.
  const stepShownAt = await display.evaluate(() => (window as unknown as { __stepShownAt?: number }).__stepShownAt);
  if (stepShownAt !== undefined) expect(stepShownAt - pressedAt, 'the step drawn sooner than a wait of 100 ms').toBeGreaterThanOrEqual(100);
  await close();
});
