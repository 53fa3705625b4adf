// The Connect flow as people do it: the patron's wallet joins the sale, applies its offer, the till takes the rest.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addToCart, openScreens, patronScans, payAs, sandboxPaymentRequest, scanQr, takeExactCash, TERMINAL_KEY } from './helpers';

async function walletScansConnectQr(browser: Browser, display: Page): Promise<Page> {
  const url = await scanQr(display.getByRole('img', { name: 'Scan to connect your wallet' }));
  expect(url).toMatch(/\/sandbox\/connect\/cn_/);
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  await phone.goto(url);
  return phone;
}

test('a café sale is connected, discounted by the rewards wallet and settled in cash', async ({ browser, request }) => {
  const lane = 'e2e-8';
  const { cashier, display, close } = await openScreens(browser, lane);
  await addToCart(cashier, 'Flat White', 'Flat White', 'Blueberry Muffin');
  await cashier.getByRole('button', { name: 'Connect wallet' }).click();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Waiting for the customer’s wallet to connect');

  const phone = await walletScansConnectQr(browser, display);
  await phone.getByRole('button', { name: 'Connect Sandbox Rewards' }).click();

  // Linked: both screens name the wallet; the request exists and the wallet sees the items.
  await expect(display.getByTestId('wallet-connected')).toHaveText('Connected: Sandbox Rewards');
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Connected: Sandbox Rewards');
  await expect(display.getByTestId('amount-due')).toHaveText('$17.00');
  await expect(phone.getByRole('list', { name: 'Items' })).toContainText('Flat White');

  await phone.getByRole('button', { name: /Apply offer/ }).click();
  await expect(phone.getByText('Offer applied. Pay the rest at the counter.')).toBeVisible();

  // The discount shows under the coffee on both screens, with the new total and what is left to pay.
  await expect(display.getByTestId('discount-COFFEE-FW')).toContainText('Sandbox Rewards');
  await expect(display.getByTestId('discount-COFFEE-FW')).toContainText('$2.20');
  await expect(display.getByTestId('cart-total')).toHaveText('$14.80');
  await expect(display.getByTestId('amount-due')).toHaveText('$14.80');
  await expect(cashier.getByTestId('cashier-discount-COFFEE-FW')).toContainText('$2.20');
  await expect(cashier.getByTestId('cashier-remaining')).toHaveText('$14.80');
  await expect(cashier.getByTestId('cashier-total')).toHaveText('$14.80');

  await takeExactCash(cashier, cashier.getByRole('group', { name: 'Collect the rest' }));
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment successful');
  await expect(display.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  // The cash paid; the wallet's offer is a discount, not a payment (issue 20).
  for (const screen of [display, cashier]) await expect(screen.getByRole('list', { name: 'Paid by' }).getByRole('listitem')).toHaveText(['Cash $14.80']);
  await expect(display.getByTestId('display-discount')).toHaveText('Sandbox Rewards −$2.20');
  await expect(cashier.getByTestId('cashier-discount')).toHaveText('Sandbox Rewards −$2.20');

  // The sandbox agrees: paid, the offer and the cash on the request, nothing left.
  const shortCode = await cashier.getByTestId('short-code').textContent();
  const found = await request.get(`/sandbox/api/payment-requests/short-code/${shortCode}`, { headers: { 'X-Api-Key': TERMINAL_KEY } });
  const paymentRequest = await sandboxPaymentRequest(request, (await found.json()).id);
  expect(paymentRequest).toMatchObject({ status: 'paid', remainingAmount: '0', partialAllowed: true, basketAmount: '1700' });
  expect(paymentRequest.connectionId).toMatch(/^cn_/);
  expect(paymentRequest.paidBy.assetTotals.map((t: { type: string; total: { amount: string } }) => `${t.type} ${t.total.amount}`).sort())
    .toEqual(['external.test 1480', 'sbx.rewards.test 220']);
  await close();
});

test('after the offer, the patron pays the rest with Centrapay NZD in the wallet', async ({ browser }) => {
  const lane = 'e2e-11';
  const { cashier, display, close } = await openScreens(browser, lane);
  await addToCart(cashier, 'Long Black', 'Orange Juice');
  await cashier.getByRole('button', { name: 'Connect wallet' }).click();
  const wallet = await walletScansConnectQr(browser, display);
  await wallet.getByRole('button', { name: 'Connect Sandbox Rewards' }).click();
  await wallet.getByRole('button', { name: /Apply offer/ }).click();
  await expect(display.getByTestId('amount-due')).toHaveText('$8.34');

  const phone = await patronScans(browser, display);
  await expect(phone.getByText('$8.34').first()).toBeVisible();
  await payAs(phone, 'Alice');
  await expect(display.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  await expect(display.getByRole('list', { name: 'Paid by' }).getByRole('listitem')).toHaveText(['Centrapay NZD $8.34']);
  await expect(display.getByTestId('display-discount')).toHaveText('Sandbox Rewards −$0.96');
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment successful');
  await close();
});

test('the patron pays only part with Centrapay; the cashier takes the rest in cash', async ({ browser }) => {
  const lane = 'e2e-15';
  const { cashier, display, close } = await openScreens(browser, lane);
  await addToCart(cashier, 'Croissant', 'Orange Juice');
  await cashier.getByRole('button', { name: 'Connect wallet' }).click();
  const wallet = await walletScansConnectQr(browser, display);
  await wallet.getByRole('button', { name: 'Connect Sandbox Rewards' }).click();
  await expect(display.getByTestId('amount-due')).toHaveText('$9.70');

  const phone = await patronScans(browser, display);
  await phone.getByLabel('Pay part of it ($)').fill('5');
  await phone.getByRole('button', { name: 'Pay part' }).click();
  await expect(phone.getByText('Paid. Thank you!')).toBeVisible();

  // Centrapay calls the request paid, but $4.70 is still owed: both screens say so and the till asks for it.
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Paid in part');
  await expect(cashier.getByTestId('cashier-remaining')).toHaveText('$4.70');
  await expect(display.getByTestId('amount-due')).toHaveText('$4.70');
  await expect(display.getByText('Please pay the rest at the counter.')).toBeVisible();

  await takeExactCash(cashier, cashier.getByRole('group', { name: 'Collect the rest' }));
  await expect(display.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  await expect(display.getByRole('list', { name: 'Paid by' })).toContainText('$5.00');
  await expect(display.getByRole('list', { name: 'Paid by' })).toContainText('Cash $4.70');
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment successful');
  await close();
});

test('the wallet never connects: the cashier takes card without waiting', async ({ browser }) => {
  const lane = 'e2e-9';
  const { cashier, display, close } = await openScreens(browser, lane);
  await addToCart(cashier, 'Long Black', 'Orange Juice');
  await cashier.getByRole('button', { name: 'Connect wallet' }).click();
  await expect(display.getByRole('img', { name: 'Scan to connect your wallet' })).toBeVisible();

  await cashier.getByRole('group', { name: 'Take payment without the wallet' }).getByRole('button', { name: 'Card (external)' }).click();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Paid by Card (external)');
  await expect(display.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  await expect(display.getByRole('list', { name: 'Paid by' })).toContainText('Card (external) $9.30');
  await expect(display.getByRole('img', { name: 'Scan to connect your wallet' })).toHaveCount(0);
  // The next customer.
  await cashier.getByRole('button', { name: 'New sale' }).click();
  await addToCart(cashier, 'Blueberry Muffin');
  await expect(display.getByTestId('cart-total')).toHaveText('$6.00');
  await close();
});

test('cancelling after the offer: request voided, wallet payment reversed, cart back to full price', async ({ browser, request }) => {
  const lane = 'e2e-10';
  const { cashier, display, close } = await openScreens(browser, lane);
  await addToCart(cashier, 'Flat White', 'Blueberry Muffin');
  await cashier.getByRole('button', { name: 'Connect wallet' }).click();
  const phone = await walletScansConnectQr(browser, display);
  await phone.getByRole('button', { name: 'Connect Sandbox Rewards' }).click();
  await phone.getByRole('button', { name: /Apply offer/ }).click();
  await expect(display.getByTestId('amount-due')).toHaveText('$10.40');

  const url = await scanQr(display.getByRole('img', { name: 'Scan to pay with Centrapay' }));
  const id = /\/sandbox\/pay\/([^/?#]+)/.exec(url)![1]!;
  await cashier.getByRole('button', { name: 'Cancel payment' }).click();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment cancelled');
  await expect(display.getByRole('heading', { name: 'Payment cancelled' })).toBeVisible();
  await expect(display.getByTestId('cart-total')).toHaveText('$11.50');
  await expect(cashier.getByTestId('cashier-total')).toHaveText('$11.50');
  await expect(cashier.getByTestId('cashier-discount-COFFEE-FW')).toHaveCount(0);

  const activities = await request.get(`/sandbox/api/payment-requests/${id}/activities`, { headers: { 'X-Api-Key': TERMINAL_KEY } });
  const items: { type: string; assetType?: string }[] = (await activities.json()).items;
  expect(items).toContainEqual(expect.objectContaining({ type: 'refund' }));
  expect((await sandboxPaymentRequest(request, id)).status).toBe('cancelled');
  await close();
});
