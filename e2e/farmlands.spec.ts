// Farmlands Card Partners (issue 21 item 2; Centrapay's Farmlands POS guide) as the cashier and the cardholder meet it:
// the cashier keys the store's invoice number and the customer's purchase order, types the Farmlands test card, sees
// the Card Partner discount before charging it, and both screens and the receipt show it once the card has paid; a card
// that cannot pay leaves the sale at full price; a Card Partner whose config takes only Farmlands has a "Farmlands" button.
import { expect, test, type Page } from '@playwright/test';
import { E2E_FARMLANDS_LANE } from '../playwright.config';
import { SEED } from '../src/domain/sandbox-seeds';
import { addToCart, lanePayment, openScreens, qrOnDisplay, receiptQrOnDisplay, sandboxPaymentRequest, scanQr } from './helpers';

/** The cashier types the card number under the barcode (manual entry, checklist 201.2) and checks it. */
async function typeCard(cashier: Page, digits: string): Promise<void> {
  await cashier.getByLabel('Patron code').fill(digits);
  await cashier.getByRole('button', { name: 'Check code' }).click();
  await expect(cashier.getByTestId('patron-code-provider')).toContainText('Farmlands');
}

test('a Farmlands card pays at the Card Partner price: the discount on both screens and the receipt, with the store’s invoice', async ({ browser, request }) => {
  const { cashier, display, close } = await openScreens(browser, 'e2e-59');
  // Flat White $5.50 and Croissant $5.20: $10.70; 10% off each unit is $4.95 and $4.68, $9.63.
  await addToCart(cashier, 'Flat White', 'Croissant');
  await expect(cashier.getByTestId('cashier-total')).toHaveText('$10.70');
  await cashier.getByText('Invoice number, purchase order').click();
  await cashier.getByLabel('Invoice number').fill('INV-2026-0042');
  await cashier.getByLabel('Purchase order').fill('PO-77');

  await typeCard(cashier, SEED.farmlandsCard);
  await expect(cashier.getByTestId('patron-code-discount')).toHaveText('Farmlands Card Partner discount (10%) −$1.07, if the card pays');
  await cashier.getByRole('button', { name: 'Charge $9.63 to Farmlands' }).click();

  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment successful');
  await expect(display.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  // The cashier's cart: each line's discount, the total the card paid.
  await expect(cashier.getByTestId('cashier-discount-COFFEE-FW')).toHaveText('Farmlands Card Partner discount (10%) −$0.55');
  await expect(cashier.getByTestId('cashier-discount-FOOD-CROI')).toHaveText('Farmlands Card Partner discount (10%) −$0.52');
  await expect(cashier.getByTestId('cashier-total')).toHaveText('$9.63');
  await expect(cashier.getByTestId('cashier-discount')).toHaveText('Farmlands Card Partner discount (10%) −$1.07');
  await expect(cashier.getByRole('list', { name: 'Paid by' })).toContainText('Farmlands $9.63');
  await expect(cashier.getByTestId('invoice-ref')).toHaveText('INV-2026-0042');
  await expect(cashier.getByTestId('purchase-order-ref')).toHaveText('PO-77');
  // The customer's display.
  await expect(display.getByTestId('display-discount')).toHaveText('Farmlands Card Partner discount (10%) −$1.07');
  await expect(display.getByRole('list', { name: 'Paid by' })).toContainText('Farmlands $9.63');

  // Centrapay has the invoice, the purchase order and the discounted line items.
  const payment = await lanePayment(request, 'e2e-59');
  const upstream = await sandboxPaymentRequest(request, payment.paymentRequest.id);
  expect(upstream).toMatchObject({
    status: 'paid', value: { amount: '963' }, invoiceRef: 'INV-2026-0042', purchaseOrderRef: 'PO-77',
    lineItems: [
      { name: 'Flat White', sku: 'COFFEE-FW', qty: '1', price: '495', tax: '15', discount: '48' },
      { name: 'Croissant', sku: 'FOOD-CROI', qty: '1', price: '468', tax: '15', discount: '45' },
    ],
  });

  // The receipt, scanned off the display: the invoice, the lines as paid with their GST, and the discount.
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  await phone.goto(await scanQr(receiptQrOnDisplay(display)));
  const receipt = phone.getByRole('article', { name: 'Receipt' });
  await expect(receipt.getByTestId('receipt-invoice')).toHaveText('INV-2026-0042');
  await expect(receipt.getByTestId('receipt-purchase-order')).toHaveText('PO-77');
  const lines = receipt.getByRole('table', { name: 'Items bought' });
  await expect(lines.getByRole('row').filter({ hasText: 'Flat White' }).getByRole('cell')).toHaveText(['Flat White', '1', '$4.95']);
  await expect(lines.getByRole('row').filter({ hasText: 'Croissant' }).getByRole('cell')).toHaveText(['Croissant', '1', '$4.68']);
  await expect(lines.getByRole('row').filter({ has: phone.getByRole('rowheader', { name: 'Total' }) })).toContainText('$9.63');
  // GST follows the discounted prices: 495 × 15/115 = 65, 468 × 15/115 = 61.
  await expect(lines.getByRole('row').filter({ has: phone.getByRole('rowheader', { name: 'Includes GST' }) })).toContainText('$1.26');
  await expect(receipt.getByTestId('receipt-discount')).toHaveText('The prices include your Farmlands Card Partner discount (10%): $1.07 off.');
  await phone.context().close();
  await close();
});

test('a Farmlands card with no balance leaves the sale at full price, and the QR then asks for all of it', async ({ browser, request }) => {
  const { cashier, display, close } = await openScreens(browser, 'e2e-79');
  await addToCart(cashier, 'Flat White', 'Croissant');
  await typeCard(cashier, SEED.farmlandsCardNoBalance);
  await cashier.getByRole('button', { name: 'Charge $9.63 to Farmlands' }).click();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment cancelled');
  await expect(cashier.getByTestId('cashier-total')).toHaveText('$10.70');
  await expect(cashier.getByTestId('cashier-discount-COFFEE-FW')).toHaveCount(0);
  await expect(display.getByRole('heading', { name: 'Payment cancelled' })).toBeVisible();
  await expect(display.getByTestId('cart-total')).toHaveText('$10.70');
  await expect(display.getByTestId('display-discount')).toHaveCount(0);

  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  await expect(qrOnDisplay(display)).toBeVisible();
  await expect(display.getByTestId('amount-due')).toHaveText('$10.70');
  const payment = await lanePayment(request, 'e2e-79');
  expect(await sandboxPaymentRequest(request, payment.paymentRequest.id)).toMatchObject({ value: { amount: '1070' }, invoiceRef: expect.stringMatching(/^e2e-terminal-79-/) });
  await close();
});

test('a Card Partner whose merchant config accepts only Farmlands sees "Pay with Farmlands" (checklist 101.3)', async ({ browser }) => {
  const { cashier, close } = await openScreens(browser, E2E_FARMLANDS_LANE);
  await addToCart(cashier, 'Flat White');
  await expect(cashier.getByRole('button', { name: 'Pay with Farmlands' })).toBeEnabled();
  await expect(cashier.getByRole('button', { name: 'Pay with Centrapay' })).toHaveCount(0);
  await close();
});
