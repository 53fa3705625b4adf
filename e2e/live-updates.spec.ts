// Screens follow a lane over its event stream and add no load while it is up; they poll only while it is down, and
// reconnect by themselves.
import { expect, test, type Page } from '@playwright/test';
import { addToCart, lanePayment, openScreens, qrOnDisplay } from './helpers';

const lane = 'e2e-16';

/** Times of the page's reads of the lane state (its polling), not of the event stream. */
function laneReads(page: Page): number[] {
  const reads: number[] = [];
  page.on('request', (request) => {
    if (request.method() === 'GET' && new URL(request.url()).pathname === `/api/lanes/${lane}`) reads.push(Date.now());
  });
  return reads;
}

test('displays do not poll while the stream is up, poll while it is refused, and reconnect by themselves', async ({ browser, request }) => {
  const { cashier, display, close } = await openScreens(browser, lane);
  const displayReads = laneReads(display);
  await addToCart(cashier, 'Flat White');
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  await expect(qrOnDisplay(display)).toBeVisible();
  const readsWhileStreaming = displayReads.length;
  await display.waitForTimeout(2_500);
  expect(displayReads.length).toBe(readsWhileStreaming);

  // A second display behind a proxy that answers the stream with 503 (EventSource gives up on that by itself).
  const tabletContext = await browser.newContext();
  const tablet = await tabletContext.newPage();
  const tabletReads = laneReads(tablet);
  let streamOpen = false;
  tablet.on('response', (response) => {
    if (new URL(response.url()).pathname === `/api/lanes/${lane}/events` && response.status() === 200) streamOpen = true;
  });
  await tablet.route(`**/api/lanes/${lane}/events`, (route) => route.fulfill({ status: 503, body: 'Service Unavailable' }));
  await tablet.goto(`/display?lane=${lane}`);
  await expect(qrOnDisplay(tablet)).toBeVisible();

  const payment = await lanePayment(request, lane);
  const paid = await request.post(`/sandbox/api/payment-requests/${payment.paymentRequest.id}/pay`, {
    headers: { Authorization: 'sbx-patron-alice' },
    data: { assetType: 'centrapay.nzd.test', assetId: 'sbxAssetAliceNzd', idempotencyKey: `live-updates-${Date.now()}` },
  });
  expect(paid.status()).toBe(200);
  await expect(tablet.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  expect(tabletReads.length).toBeGreaterThanOrEqual(2);
  expect(streamOpen).toBe(false);

  // The proxy lets the stream through again: the display opens it on its own and stops polling.
  await tablet.unroute(`**/api/lanes/${lane}/events`);
  await expect.poll(() => streamOpen, { timeout: 20_000 }).toBe(true);
  await tablet.waitForTimeout(300);
  const readsAfterReconnect = tabletReads.length;
  await tablet.waitForTimeout(2_500);
  expect(tabletReads.length).toBe(readsAfterReconnect);
  // …and changes reach it by push.
  await cashier.getByRole('button', { name: 'New sale' }).click();
  await addToCart(cashier, 'Orange Juice', 'Orange Juice');
  await expect(tablet.getByTestId('cart-total')).toHaveText('$9.00');
  expect(tabletReads.length).toBe(readsAfterReconnect);

  await tabletContext.close();
  await close();
});
