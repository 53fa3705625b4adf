// Tenders at the counter as a cashier takes them (issue 10): cash keyed as handed over with the change on both
// screens, a card sale with no Centrapay step, and a split: $10 cash first, then Centrapay for the rest, both on the receipt.
import { expect, test } from '@playwright/test';
import { addToCart, lanePayment, openScreens, patronScans, payAs, receiptQrOnDisplay, sandboxPaymentRequest, scanQr } from './helpers';

test('cash handed over: the change shows on both screens, and nothing is asked of Centrapay', async ({ browser, request }) => {
  const { cashier, display, close } = await openScreens(browser, 'e2e-27');
  await addToCart(cashier, 'Flat White', 'Croissant');
  await expect(cashier.getByTestId('cashier-total')).toHaveText('$10.70');
  const counter = cashier.getByRole('group', { name: 'Take payment at the counter' });
  await counter.getByRole('button', { name: 'Cash' }).click();
  await cashier.getByLabel('Cash received ($)').fill('20');
  await expect(cashier.getByTestId('cash-change')).toHaveText('Change $9.30');
  await cashier.getByRole('button', { name: 'Take cash' }).click();

  await expect(cashier.getByTestId('cashier-status')).toHaveText('Paid by Cash');
  await expect(cashier.getByTestId('cashier-change')).toHaveText('Change $9.30');
  await expect(display.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  await expect(display.getByTestId('change-due')).toHaveText('Your change $9.30');
  expect(await lanePayment(request, 'e2e-27')).toBeNull();
  await close();
});

test('split tender: $10 cash first, then the rest by Centrapay; both screens list both tenders', async ({ browser, request }) => {
  const { cashier, display, close } = await openScreens(browser, 'e2e-28');
  await addToCart(cashier, 'Blueberry Muffin', 'Blueberry Muffin', 'Blueberry Muffin');
  await expect(cashier.getByTestId('cashier-total')).toHaveText('$18.00');
  await cashier.getByRole('group', { name: 'Take payment at the counter' }).getByRole('button', { name: 'Cash' }).click();
  await cashier.getByLabel('Cash received ($)').fill('10');
  await expect(cashier.getByTestId('cash-part')).toHaveText('Takes $10.00 now; $8.00 still to pay.');
  await cashier.getByRole('button', { name: 'Take cash' }).click();

  await expect(cashier.getByTestId('cashier-remaining')).toHaveText('$8.00');
  await expect(display.getByTestId('amount-due')).toHaveText('$8.00');
  // The cash is paid towards the $18.00, not taken off it (issue 20).
  await expect(display.getByTestId('cart-total')).toHaveText('$18.00');
  await expect(display.getByTestId('cart-paid')).toHaveText(['Paid Cash$10.00']);
  await cashier.getByRole('button', { name: 'Pay the rest $8.00 with Centrapay' }).click();
  const phone = await patronScans(browser, display);
  await expect(phone.getByText('$8.00').first()).toBeVisible();
  await payAs(phone, 'Alice');

  await expect(display.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  const receiptUrl = await scanQr(receiptQrOnDisplay(display));
  for (const list of [display.getByRole('list', { name: 'Paid by' }), cashier.getByRole('list', { name: 'Paid by' })]) {
    await expect(list).toContainText('Cash $10.00');
    await expect(list).toContainText('$8.00');
  }
  const payment = await lanePayment(request, 'e2e-28');
  expect(await sandboxPaymentRequest(request, payment.paymentRequest.id)).toMatchObject({ status: 'paid', value: { amount: '800' }, basketAmount: '1800', partialAllowed: true });

  // The receipt the customer scanned off the display lists both tenders.
  const receipt = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  await receipt.goto(receiptUrl);
  const paidBy = receipt.getByRole('region', { name: 'Paid by' });
  await expect(paidBy).toContainText(`Centrapay ${payment.paymentRequest.shortCode} $8.00`);
  await expect(paidBy).toContainText('Cash $10.00');
  await expect(receipt.getByRole('table', { name: 'Items bought' }).getByRole('row').filter({ has: receipt.getByRole('rowheader', { name: 'Total' }) })).toContainText('$18.00');
  await receipt.context().close();
  await close();
});
