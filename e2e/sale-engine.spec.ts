// The sale engine as people meet it: two cashier screens on one lane acting at once, and Centrapay being slow. Every
// screen shows what the lane is waiting on, and the lane refuses, in words, what its state does not allow.
import { expect, test, type Route } from '@playwright/test';
import { E2E_CASHIER_CODE } from '../playwright.config';
import { addToCart, openScreens, paymentRequestIdFrom, qrOnDisplay, sandboxPaymentRequest, scanQr, takeExactCash, TERMINAL_KEY, unlockCashier } from './helpers';

// Faults are global to the sandbox: whatever a test set, no later test may meet.
test.afterEach(async ({ request }) => {
  expect((await request.delete('/sandbox/_sandbox/faults')).status()).toBe(200);
});

test('one cashier cancels while another takes cash: the second is refused in words and the sale ends cancelled', async ({ browser, request }) => {
  const lane = 'e2e-17';
  const { cashier, display, close } = await openScreens(browser, lane);
  await addToCart(cashier, 'Flat White', 'Croissant');
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Waiting for the customer to pay');
  const id = paymentRequestIdFrom(await scanQr(qrOnDisplay(display)));

  // A second cashier screen on the same lane, on a till whose network is slow to pass on news: it still shows the
  // payment as live when its cashier reaches for Cash (its event stream is held, its reads answered from before).
  const live = await (await request.get(`/api/lanes/${lane}`)).json();
  let behind = true;
  const heldStreams: Route[] = [];
  const secondContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const second = await secondContext.newPage();
  await second.route(`**/api/lanes/${lane}/events`, (route) => (behind ? heldStreams.push(route) : route.continue()));
  await second.route(`**/api/lanes/${lane}`, (route) => (behind ? route.fulfill({ json: live }) : route.continue()));
  // …until the lane's answer to that Cash press reaches it: from then on it hears everything as it happens.
  await second.route(`**/api/lanes/${lane}/tenders`, async (route) => {
    const response = await route.fetch();
    behind = false;
    for (const held of heldStreams.splice(0)) await held.continue();
    await route.fulfill({ response });
  });
  await second.goto(`/cashier?lane=${lane}`);
  await unlockCashier(second);
  await expect(second.getByTestId('cashier-status')).toHaveText('Waiting for the customer to pay');

  // Centrapay is slow to void: the lane is cancelling for a few seconds.
  const fault = await request.post('/sandbox/_sandbox/faults', {
    data: { method: 'POST', path: '/api/payment-requests/:id/void', mode: 'slow', delayMs: 3000, count: 1 },
  });
  expect(fault.status()).toBe(200);
  await cashier.getByRole('button', { name: 'Cancel payment' }).click();
  // The lane is cancelling (the display, which hears every change, says so) when the second cashier presses Cash.
  await expect(display.getByTestId('display-step')).toHaveText('Cancelling…');
  await expect(qrOnDisplay(display)).toHaveCount(0);
  await expect(second.getByTestId('cashier-status')).toHaveText('Waiting for the customer to pay');
  await takeExactCash(second, second.getByRole('group', { name: 'Take payment at the counter' }));

  // The second cashier is told, in words, not to take the money; every screen says the payment is being cancelled.
  await expect(second.getByRole('alert')).toHaveText('The payment is being cancelled. Take no money for it.');
  await expect(second.getByTestId('cashier-status')).toHaveText('Cancelling payment…');
  await expect(second.getByRole('group', { name: 'Take payment at the counter' }).getByRole('button', { name: 'Cash' })).toBeDisabled();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Cancelling payment…');
  await expect(cashier.getByRole('button', { name: 'Cancel payment' })).toBeDisabled();
  await expect(display.getByTestId('display-step')).toHaveText('Cancelling…');

  // The sale ends cancelled everywhere, and Centrapay holds no payment at the counter on the request.
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment cancelled');
  await expect(second.getByTestId('cashier-status')).toHaveText('Payment cancelled');
  await expect(display.getByRole('heading', { name: 'Payment cancelled' })).toBeVisible();
  const paymentRequest = await sandboxPaymentRequest(request, id);
  expect(paymentRequest.status).toBe('cancelled');
  expect(paymentRequest.paidBy?.assetTotals ?? []).toEqual([]);
  const activities = await request.get(`/sandbox/api/payment-requests/${id}/activities`, { headers: { 'X-Api-Key': TERMINAL_KEY } });
  const items: { type: string; assetType?: string; external?: boolean }[] = (await activities.json()).items;
  expect(items.filter((item) => item.type === 'payment')).toEqual([]);
  expect(items.filter((item) => item.external || item.assetType?.startsWith('external.'))).toEqual([]);
  const history = await (await request.get(`/api/history?lane=${lane}`, { headers: { 'X-Cashier-Code': E2E_CASHIER_CODE } })).json();
  expect(history.items[0]).toMatchObject({ result: 'cancelled', tenders: [] });

  await secondContext.close();
  await close();
});

test('Centrapay is slow to create the request: both screens say the payment is starting, then the QR asks for the cart’s amount', async ({ browser, request }) => {
  const lane = 'e2e-18';
  const { cashier, display, close } = await openScreens(browser, lane);
  await addToCart(cashier, 'Cappuccino', 'Blueberry Muffin', 'Blueberry Muffin');
  await expect(cashier.getByTestId('cashier-total')).toHaveText('$17.50');
  await expect(display.getByTestId('cart-total')).toHaveText('$17.50');

  const fault = await request.post('/sandbox/_sandbox/faults', { data: { method: 'POST', path: '/api/payment-requests', mode: 'slow', delayMs: 4000, count: 1 } });
  expect(fault.status()).toBe(200);
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();

  // Starting: no QR code anywhere yet, the amount is fixed, and the cart cannot change under it.
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Starting the payment…');
  await expect(display.getByTestId('display-step')).toHaveText(/^(Starting payment…|Checking with Centrapay…)$/);
  await expect(display.getByTestId('amount-due')).toHaveText('$17.50');
  await expect(qrOnDisplay(display)).toHaveCount(0);
  await expect(cashier.getByRole('button', { name: 'Add Long Black' })).toBeDisabled();
  await expect(cashier.getByRole('button', { name: 'One more Cappuccino' })).toBeDisabled();
  await expect(cashier.getByRole('button', { name: 'One less Blueberry Muffin' })).toBeDisabled();
  await expect(cashier.getByRole('button', { name: 'Remove Cappuccino' })).toBeDisabled();
  await expect(cashier.getByRole('button', { name: 'Cancel payment' })).toBeEnabled();

  // Then the QR code; the request it leads to asks for exactly the cart's amount, with the cart's items.
  const url = await scanQr(qrOnDisplay(display));
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Waiting for the customer to pay');
  const paymentRequest = await sandboxPaymentRequest(request, paymentRequestIdFrom(url));
  expect(paymentRequest.value).toEqual({ amount: '1750', currency: 'NZD' });
  expect(paymentRequest.lineItems).toEqual([
    { name: 'Cappuccino', sku: 'COFFEE-CAP', qty: '1', price: '550', tax: '15' },
    { name: 'Blueberry Muffin', sku: 'FOOD-MUF', qty: '2', price: '1200', tax: '15' },
  ]);
  expect(paymentRequest.externalRef).toMatch(/^e2e-terminal-18-\d{6}-[0-9A-Z]{6}$/);
  await expect(cashier.getByRole('button', { name: 'Add Long Black' })).toBeDisabled();

  await cashier.getByRole('button', { name: 'Cancel payment' }).click();
  await expect(display.getByRole('heading', { name: 'Payment cancelled' })).toBeVisible();
  await expect(cashier.getByRole('button', { name: 'Add Long Black' })).toBeEnabled();
  await close();
});
