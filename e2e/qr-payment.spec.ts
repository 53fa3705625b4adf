// The QR Code flow as people do it: the cashier rings up a sale, the patron scans the display and pays.
import { expect, test } from '@playwright/test';
import { E2E_CASHIER_CODE } from '../playwright.config';
import { NOT_PAID_YET_SECONDS } from '../src/domain/sale';
import { THANKS_SECONDS } from '../src/web/ui/sale-state';
import {
  addToCart,
  holdClock,
  lanePayment,
  openScreens,
  patronScans,
  payAs,
  paymentRequestIdFrom,
  qrOnDisplay,
  sandboxPaymentRequest,
  sandboxRequestCounts,
  scanQr,
  SHORT_RESULT_SECONDS,
  tillView,
} from './helpers';

test('the cashier rings up a sale, the patron scans the display and pays, both screens show success', async ({ browser, request }) => {
  const lane = 'e2e-1';
  const { cashier, display, close } = await openScreens(browser, lane, { resultSeconds: SHORT_RESULT_SECONDS });
  const displayCalls: string[] = [];
  display.on('request', (call) => displayCalls.push(`${call.method()} ${new URL(call.url()).pathname}`));
  await display.reload();
  await expect(display.getByRole('heading', { name: 'Welcome' })).toBeVisible();
  // The display's time stands still (it still follows the lane): the result stays while the test reads everything, then
  // the test moves it on past the result and the thanks.
  const clock = await holdClock(display);

  await addToCart(cashier, 'Flat White', 'Flat White', 'Blueberry Muffin', 'Orange Juice');
  await cashier.getByRole('button', { name: 'One less Orange Juice' }).click();
  await expect(cashier.getByTestId('cashier-total')).toHaveText('$17.00');
  // The display follows the cart as it is built.
  await expect(display.getByTestId('cart-total')).toHaveText('$17.00');
  await expect(display.getByRole('rowheader', { name: 'Flat White' })).toBeVisible();

  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Waiting for the customer to pay');
  await expect(display.getByTestId('amount-due')).toHaveText('$17.00');

  const phone = await patronScans(browser, display);
  await expect(phone.getByRole('heading', { name: 'Sandbox Café' })).toBeVisible();
  await expect(phone.getByText('$17.00').first()).toBeVisible();
  await payAs(phone, 'Alice');
  await expect(phone.getByText('Paid. Thank you!')).toBeVisible();

  await expect(display.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  await expect(display.getByRole('list', { name: 'Paid by' })).toContainText('$17.00');
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment successful');
  const shortCode = await cashier.getByTestId('short-code').textContent();
  expect(shortCode).toMatch(/^CP-[A-Z0-9]{3}-[A-Z0-9]{3}$/);

  // What Centrapay (the sandbox) holds is what the till sent.
  const id = paymentRequestIdFrom(phone.url());
  const paymentRequest = await sandboxPaymentRequest(request, id);
  expect(paymentRequest.status).toBe('paid');
  expect(paymentRequest.shortCode).toBe(shortCode);
  expect(paymentRequest.value).toEqual({ amount: '1700', currency: 'NZD' });
  expect(paymentRequest.terminalId).toBe('e2e-terminal-1');
  expect(paymentRequest.deviceId).toBe('e2e-device-1');
  expect(paymentRequest.externalRef).toMatch(/^e2e-terminal-1-\d{6}-[0-9A-Z]{6}$/);
  expect(paymentRequest.lineItems).toEqual([
    { name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100', tax: '15' },
    { name: 'Blueberry Muffin', sku: 'FOOD-MUF', qty: '1', price: '600', tax: '15' },
  ]);
  const description = paymentRequest.paidBy.assetTotals[0].description;
  await expect(display.getByRole('list', { name: 'Paid by' })).toContainText(description);
  await expect(cashier.getByRole('list', { name: 'Paid by' })).toContainText(description);

  // The journal keeps the sale under its order reference, with the request's id and short code.
  const history = await (await request.get(`/api/history?lane=${lane}`, { headers: { 'X-Cashier-Code': E2E_CASHIER_CODE } })).json();
  expect(history.items[0]).toMatchObject({ ref: paymentRequest.externalRef, result: 'paid', total: '1700', requests: [{ id, shortCode, status: 'paid', amount: '1700' }] });
  const recent = (await tillView(cashier, 'Recent payments')).getByRole('row').filter({ hasText: paymentRequest.externalRef });
  await expect(recent).toContainText(shortCode!);
  await expect(recent).toContainText('$17.00');
  await expect(recent).toContainText('Paid');

  // A paid cart stays as it was until the cashier starts the next sale.
  await tillView(cashier, 'Products');
  await expect(cashier.getByRole('button', { name: 'Add Long Black' })).toBeDisabled();
  await expect(cashier.getByRole('button', { name: 'One more Flat White' })).toBeDisabled();
  // The display only ever read.
  expect(displayCalls.filter((call) => !call.startsWith('GET '))).toEqual([]);
  expect(displayCalls).toContain(`GET /api/lanes/${lane}/events`);

  // After the result time and a thank-you the display goes back to idle; the cashier starts the next sale.
  await clock.forward(SHORT_RESULT_SECONDS + THANKS_SECONDS + 1);
  await expect(display.getByRole('heading', { name: 'Welcome' })).toBeVisible();
  await cashier.getByRole('button', { name: 'New sale' }).click();
  await expect(cashier.getByText('The cart is empty.')).toBeVisible();
  await addToCart(cashier, 'Long Black');
  await expect(display.getByTestId('cart-total')).toHaveText('$4.80');
  await expect(cashier.getByRole('button', { name: 'Pay with Centrapay' })).toBeEnabled();
  await close();
});

test('the cashier cancels: the request is voided at once and both screens say so', async ({ browser, request }) => {
  const lane = 'e2e-2';
  const { cashier, display, close } = await openScreens(browser, lane);
  await addToCart(cashier, 'Long Black');
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  const url = await scanQr(qrOnDisplay(display));

  await cashier.getByRole('button', { name: 'Cancel payment' }).click();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment cancelled');
  await expect(display.getByRole('heading', { name: 'Payment cancelled' })).toBeVisible();

  const paymentRequest = await sandboxPaymentRequest(request, paymentRequestIdFrom(url));
  expect(paymentRequest.status).toBe('cancelled');
  expect(paymentRequest.cancellationReason).toBe('CANCELLED_BY_MERCHANT');

  // A patron who scanned before the cancel cannot pay any more.
  const phone = await (await browser.newContext()).newPage();
  await phone.goto(url);
  await expect(phone.getByText('This payment was cancelled.')).toBeVisible();

  // The cart is still there: the cashier can charge it again with a new request.
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Waiting for the customer to pay');
  const second = await scanQr(qrOnDisplay(display));
  expect(second).not.toBe(url);
  await cashier.getByRole('button', { name: 'Cancel payment' }).click();
  await expect(display.getByRole('heading', { name: 'Payment cancelled' })).toBeVisible();
  await close();
});

test('a patron without enough money is told so, and another patron pays', async ({ browser, request }) => {
  const lane = 'e2e-3';
  const { cashier, display, close } = await openScreens(browser, lane, { clock: true });
  await addToCart(cashier, 'Blueberry Muffin');
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  const phone = await patronScans(browser, display);

  await payAs(phone, 'Bob');
  await expect(phone.getByRole('alert')).toHaveText('There is not enough money in this wallet to pay.');
  await payAs(phone, 'Carol');
  await expect(phone.getByRole('alert')).toHaveText('This wallet cannot be used right now. Try another way to pay.');
  // Still waiting on the till: a failed attempt does not end the sale.
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Waiting for the customer to pay');
  await expect(qrOnDisplay(display)).toBeVisible();
  // Centrapay tells the till nothing of a turned-down attempt; after a while both screens say what to do (issue 20).
  await expect(cashier.getByTestId('not-paid-yet')).toHaveCount(0);
  await expect(display.getByTestId('display-not-paid-yet')).toHaveCount(0);
  for (const screen of [cashier, display]) await screen.clock.fastForward(NOT_PAID_YET_SECONDS * 1000);
  await expect(cashier.getByTestId('not-paid-yet')).toContainText('ask the customer, and take payment another way if it did');
  await expect(display.getByTestId('display-not-paid-yet')).toHaveText('Could your app not pay? Please see the cashier.');
  await expect(qrOnDisplay(display)).toBeVisible();

  await payAs(phone, 'Alice');
  await expect(display.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  const paymentRequest = await sandboxPaymentRequest(request, paymentRequestIdFrom(phone.url()));
  expect(paymentRequest.paidBy.assetTotals).toHaveLength(1);
  expect(paymentRequest.paidBy.assetTotals[0].total).toEqual({ amount: '600', currency: 'NZD' });
  await close();
});

test('a request nobody pays expires, and both screens say so', async ({ browser, request }) => {
  const lane = 'e2e-4';
  const { cashier, display, close } = await openScreens(browser, lane);
  await addToCart(cashier, 'Orange Juice');
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  const url = await scanQr(qrOnDisplay(display));

  const advanced = await request.post('/sandbox/_sandbox/clock', { data: { advanceSeconds: 125 } });
  expect(advanced.status()).toBe(200);
  await expect(display.getByRole('heading', { name: 'Payment expired' })).toBeVisible();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment expired');
  expect((await sandboxPaymentRequest(request, paymentRequestIdFrom(url))).status).toBe('expired');
  await close();
});

test('reloading the cashier mid-payment resumes that payment', async ({ browser }) => {
  const lane = 'e2e-5';
  const { cashier, display, close } = await openScreens(browser, lane);
  await addToCart(cashier, 'Flat White', 'Long Black');
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Waiting for the customer to pay');
  const url = await scanQr(qrOnDisplay(display));

  await cashier.reload();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Waiting for the customer to pay');
  await expect(cashier.getByTestId('cashier-total')).toHaveText('$10.30');
  expect(await scanQr(qrOnDisplay(display))).toBe(url);

  const phone = await (await browser.newContext()).newPage();
  await phone.goto(url);
  await payAs(phone, 'Alice');
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment successful');
  await expect(display.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  await close();
});

test('a display opened mid-payment shows that payment, and every display stays in step', async ({ browser }) => {
  const lane = 'e2e-6';
  const { cashier, display, close } = await openScreens(browser, lane);
  await addToCart(cashier, 'Flat White');
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  const url = await scanQr(qrOnDisplay(display));

  const tabletContext = await browser.newContext({ viewport: { width: 768, height: 1024 } });
  const tablet = await tabletContext.newPage();
  await tablet.goto(`/display?lane=${lane}`);
  expect(await scanQr(qrOnDisplay(tablet))).toBe(url);
  await expect(tablet.getByTestId('amount-due')).toHaveText('$5.50');

  await cashier.getByRole('button', { name: 'Cancel payment' }).click();
  await expect(display.getByRole('heading', { name: 'Payment cancelled' })).toBeVisible();
  await expect(tablet.getByRole('heading', { name: 'Payment cancelled' })).toBeVisible();

  // Cart edits after the cancel reach both displays.
  await addToCart(cashier, 'Orange Juice');
  await expect(display.getByTestId('cart-total')).toHaveText('$10.00');
  await expect(tablet.getByTestId('cart-total')).toHaveText('$10.00');
  await tabletContext.close();
  await close();
});

test('a double click on Pay creates one Payment Request', async ({ browser, request }) => {
  const lane = 'e2e-7';
  const { cashier, display, close } = await openScreens(browser, lane);
  await addToCart(cashier, 'Long Black');
  const creates = (counts: Record<string, Record<string, number>>) =>
    Object.values(counts['POST /api/payment-requests'] ?? {}).reduce((a, b) => a + b, 0);
  const before = creates(await sandboxRequestCounts(request));

  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).dblclick();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Waiting for the customer to pay');
  await expect(qrOnDisplay(display)).toBeVisible();
  expect(creates(await sandboxRequestCounts(request))).toBe(before + 1);
  const history = await (await request.get(`/api/history?lane=${lane}`, { headers: { 'X-Cashier-Code': E2E_CASHIER_CODE } })).json();
  expect(history.items).toHaveLength(1);

  const payment = await lanePayment(request, lane);
  await cashier.getByRole('button', { name: 'Cancel payment' }).click();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment cancelled');
  expect(payment.outcome).toBe('pending');
  await close();
});

test('the patron declines in the wallet: the sale ends cancelled on both screens', async ({ browser, request }) => {
  const lane = 'e2e-14';
  const { cashier, display, close } = await openScreens(browser, lane);
  await addToCart(cashier, 'Cappuccino');
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  const phone = await patronScans(browser, display);
  await phone.getByRole('button', { name: 'Decline' }).click();
  await expect(phone.getByText('This payment was cancelled.')).toBeVisible();

  await expect(display.getByRole('heading', { name: 'Payment cancelled' })).toBeVisible();
  await expect(display.getByText('Cancelled by the customer.')).toBeVisible();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment cancelled');
  await expect(cashier.getByText('Cancelled by the customer.')).toBeVisible();
  const paymentRequest = await sandboxPaymentRequest(request, paymentRequestIdFrom(phone.url()));
  expect(paymentRequest).toMatchObject({ status: 'cancelled', cancellationReason: 'CANCELLED_BY_PATRON' });
  // The cart is still there to be paid another way.
  await expect(cashier.getByRole('button', { name: 'Pay with Centrapay' })).toBeEnabled();
  await close();
});
