// Codes the patron presents, vouchers, and what the cashier must approve (issue 9), as people do it: the patron shows
// a barcode on their phone, the till's scanner reads it, the patron approves in their app; cards and vouchers pay on
// their own; an ID check is answered by the cashier; a phone order leaves the display out.
import { expect, test, type Page } from '@playwright/test';
import { SEED } from '../src/domain/sandbox-seeds';
import { addToCart, lanePayment, openScreens, patronScans, payAs, press, qrOnDisplay, receiptQrOnDisplay, sandboxPaymentRequest, sandboxRequestCounts, scanBarcode, scanQr, takeExactCash, tillView } from './helpers';

/** A keyboard-wedge scanner: the digits faster than anyone types, then Enter, into whatever has focus. */
async function scanAtTill(cashier: Page, digits: string): Promise<void> {
  await cashier.getByRole('heading', { name: 'Cart' }).click();
  await cashier.keyboard.type(digits, { delay: 0 });
  await cashier.keyboard.press('Enter');
}

/** The cashier types the code into Patron code and checks it, as when a scanner cannot read it. */
async function typeCode(cashier: Page, digits: string): Promise<void> {
  await cashier.getByLabel('Patron code').fill(digits);
  await cashier.getByRole('button', { name: 'Check code' }).click();
}

async function charge(cashier: Page, provider: string): Promise<void> {
  await expect(cashier.getByTestId('patron-code-provider')).toContainText(provider);
  await cashier.getByRole('button', { name: new RegExp(`^Charge .* to ${provider}$`) }).click();
}

async function openMyCodes(page: Page, patron: 'alice' | 'bob'): Promise<void> {
  await page.goto(`/sandbox/codes?patron=${patron}`);
  await expect(page.getByRole('heading', { name: 'My codes' })).toBeVisible();
}

test('the patron shows their barcode, the till scans it, the patron approves in the app, both screens show paid', async ({ browser, request }) => {
  const { cashier, display, close } = await openScreens(browser, 'e2e-19');
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  await openMyCodes(phone, 'alice');
  // What the scanner sees: the bars on the phone's screen, decoded from its pixels.
  const digits = await scanBarcode(phone.getByRole('img', { name: /^Barcode/ }).first());
  expect(digits).toBe(SEED.aliceBarcode);

  await addToCart(cashier, 'Flat White', 'Blueberry Muffin');
  await scanAtTill(cashier, digits);
  await expect(cashier.getByTestId('patron-code-provider')).toHaveText('Centrapay · •••• 0019');
  // Nothing is charged until the cashier has seen whose code it is.
  expect(await lanePayment(request, 'e2e-19')).toBeNull();
  await charge(cashier, 'Centrapay');

  await expect(cashier.getByTestId('cashier-status')).toHaveText('Waiting for the customer to approve the payment in their app');
  await expect(display.getByTestId('approve-hint')).toHaveText('Approve the payment in your app');
  await expect(display.getByRole('img', { name: 'Scan to pay with Centrapay' })).toHaveCount(0);
  await expect(display.getByTestId('amount-due')).toHaveText('$11.50');

  const waiting = phone.getByRole('article', { name: 'Payment to Sandbox Café' });
  await expect(waiting).toContainText('$11.50');
  await waiting.getByRole('button', { name: 'Approve' }).click();
  await expect(phone.getByRole('status')).toContainText('Paid');

  await expect(display.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment successful');
  const payment = await lanePayment(request, 'e2e-19');
  const upstream = await sandboxPaymentRequest(request, payment.paymentRequest.id);
  expect(upstream).toMatchObject({ status: 'paid', barcode: SEED.aliceBarcode, patronCodeId: SEED.alicePatronCode, conditionsEnabled: true, terminalId: 'e2e-terminal-19' });
  expect(upstream.lineItems.map((item: { sku: string }) => item.sku)).toEqual(['COFFEE-FW', 'FOOD-MUF']);
  // The history keeps the code by its last 4 digits and what it decoded as, and who charged it.
  const sale = await tillView(cashier, 'Recent payments');
  await sale.getByRole('button', { name: /^Show what happened to/ }).first().click();
  const events = sale.getByRole('list', { name: /^What happened to/ });
  await expect(events).toContainText(/Customer’s code scanned · Cashier 1 · •••• 0019, decoded as Centrapay \(centrapay\)/);
  await expect(events).not.toContainText(SEED.aliceBarcode);
  await close();
});

test('a code typed with a wrong check digit is refused in words and nothing is sent', async ({ browser, request }) => {
  const { cashier, close } = await openScreens(browser, 'e2e-20');
  await addToCart(cashier, 'Long Black');
  const before = await sandboxRequestCounts(request);
  await typeCode(cashier, SEED.badChecksumBarcode);
  await expect(cashier.getByTestId('patron-code-error')).toHaveText(/check digit is wrong/);
  await typeCode(cashier, '12ab');
  await expect(cashier.getByTestId('patron-code-error')).toHaveText(/digits only/);
  await typeCode(cashier, '99900010000000191');
  await expect(cashier.getByTestId('patron-code-error')).toHaveText(/at most 16 digits/);
  const after = await sandboxRequestCounts(request);
  expect(after['POST /api/decode']).toEqual(before['POST /api/decode']);
  expect(after['POST /api/payment-requests']).toEqual(before['POST /api/payment-requests']);
  expect(await lanePayment(request, 'e2e-20')).toBeNull();
  // The sale can still be paid another way.
  await expect(cashier.getByRole('button', { name: 'Pay with Centrapay' })).toBeEnabled();
  await close();
});

test('a Farmlands card pays by Quick Pay with nobody approving anything', async ({ browser, request }) => {
  const { cashier, display, close } = await openScreens(browser, 'e2e-21');
  await addToCart(cashier, 'Flat White', 'Croissant');
  await scanAtTill(cashier, '424242424');
  await charge(cashier, 'Farmlands');
  await expect(display.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment successful');
  await expect(cashier.getByRole('list', { name: 'Paid by' })).toContainText('Farmlands');
  const payment = await lanePayment(request, 'e2e-21');
  const upstream = await sandboxPaymentRequest(request, payment.paymentRequest.id);
  // The sandbox store's 10% Farmlands Card Partner discount: $10.70 is $9.63 on the card.
  expect(upstream.paidBy.assetTotals).toEqual([expect.objectContaining({ type: 'farmlands.nzd.test', total: { amount: '963', currency: 'NZD' } })]);
  await close();
});

test('tenders are tenders: a $20 voucher on a $21.00 sale is paid towards its total on both screens and the receipt (issue 20)', async ({ browser }) => {
  const { cashier, display, close } = await openScreens(browser, 'e2e-81');
  await addToCart(cashier, 'Blueberry Muffin', 'Blueberry Muffin', 'Orange Juice', 'Orange Juice');
  await expect(cashier.getByTestId('cashier-total')).toHaveText('$21.00');
  await typeCode(cashier, '700000000011');
  await charge(cashier, 'Sandbox Voucher');

  // The sale still costs $21.00; the voucher paid $20.00 of it; $1.00 is still to pay. Nothing is a discount.
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Paid in part');
  await expect(cashier.getByTestId('cashier-total')).toHaveText('$21.00');
  await expect(cashier.getByRole('list', { name: 'Paid', exact: true }).getByRole('listitem')).toHaveText(['Sandbox Voucher $20.00']);
  await expect(cashier.getByTestId('cashier-remaining')).toHaveText('$1.00');
  await expect(cashier.getByText('Before discounts')).toHaveCount(0);
  await expect(display.getByTestId('cart-total')).toHaveText('$21.00');
  await expect(display.getByTestId('cart-paid')).toHaveText(['Paid Sandbox Voucher$20.00']);
  await expect(display.getByTestId('amount-due')).toHaveText('$1.00');
  await expect(display.getByText('Before discounts')).toHaveCount(0);
  await expect(display.locator('.cart-lines .discount')).toHaveCount(0);

  // The customer pays the last dollar in cash.
  await takeExactCash(cashier, cashier.getByRole('group', { name: 'Collect the rest' }));
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment successful');
  await expect(display.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  for (const screen of [cashier, display]) await expect(screen.getByRole('list', { name: 'Paid by' }).getByRole('listitem')).toHaveText(['Sandbox Voucher $20.00', 'Cash $1.00']);
  await expect(cashier.getByTestId('cashier-total')).toHaveText('$21.00');

  // The receipt the customer scans off the display: $21.00 with the GST in $21.00, paid by the voucher and the cash.
  const receipt = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  await receipt.goto(await scanQr(receiptQrOnDisplay(display)));
  const footer = receipt.getByRole('table', { name: 'Items bought' }).locator('tfoot');
  await expect(footer.getByRole('row')).toHaveText(['Total$21.00', 'Includes GST$2.74']);
  const paidBy = receipt.getByRole('region', { name: 'Paid by' });
  await expect(paidBy).toContainText('Sandbox Voucher $20.00');
  await expect(paidBy).toContainText('Cash $1.00');
  await receipt.context().close();

  // The customer changes their mind: the cashier voids the sale, and the voucher has its $20.00 back (the next test
  // pays with it too).
  const shortCode = (await cashier.getByTestId('short-code').textContent())!;
  await cashier.goto('/history?lane=e2e-81');
  await cashier.getByRole('searchbox', { name: 'Find a sale' }).fill(shortCode);
  await cashier.getByRole('button', { name: 'Find', exact: true }).click();
  await cashier.getByRole('row').filter({ hasText: shortCode }).getByRole('link').click();
  const panel = cashier.getByRole('region', { name: 'Refund or void' });
  await press(panel, 'Void sale', 'Changed their mind', 'Void the sale');
  await expect(panel.getByTestId('refund-state')).toContainText('Voided');
  await close();
});

test('the $20 voucher on a $27 sale pays what it holds, and the rest is paid by QR', async ({ browser, request }) => {
  const { cashier, display, close } = await openScreens(browser, 'e2e-22');
  await addToCart(cashier, 'Blueberry Muffin', 'Blueberry Muffin', 'Blueberry Muffin', 'Orange Juice', 'Orange Juice');
  await expect(cashier.getByTestId('cashier-total')).toHaveText('$27.00');
  await typeCode(cashier, '700000000011');
  await charge(cashier, 'Sandbox Voucher');

  await expect(cashier.getByTestId('cashier-remaining')).toHaveText('$7.00');
  await expect(cashier.getByRole('list', { name: 'Paid', exact: true })).toContainText('Sandbox Voucher $20.00');
  await expect(display.getByTestId('amount-due')).toHaveText('$7.00');
  await expect(display.getByTestId('cart-paid')).toHaveText(['Paid Sandbox Voucher$20.00']);

  await cashier.getByRole('button', { name: 'Pay the rest $7.00 with Centrapay' }).click();
  // The voucher stays paid towards the $27.00 while the rest is asked for by QR.
  await expect(qrOnDisplay(display)).toBeVisible();
  await expect(display.getByTestId('cart-total')).toHaveText('$27.00');
  await expect(display.getByTestId('cart-paid')).toHaveText(['Paid Sandbox Voucher$20.00']);
  const phone = await patronScans(browser, display);
  await expect(phone.getByText('$7.00').first()).toBeVisible();
  await payAs(phone, 'Alice');

  await expect(display.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  const paidBy = display.getByRole('list', { name: 'Paid by' });
  await expect(paidBy).toContainText('Sandbox Voucher $20.00');
  await expect(paidBy).toContainText('$7.00');
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment successful');
  const rest = await lanePayment(request, 'e2e-22');
  const upstream = await sandboxPaymentRequest(request, rest.paymentRequest.id);
  expect(upstream).toMatchObject({ status: 'paid', value: { amount: '700' }, basketAmount: '2700', partialAllowed: true });
  await close();
});

test('a voucher with no balance and an expired card are refused in words, and nothing is taken', async ({ browser, request }) => {
  const { cashier, display, close } = await openScreens(browser, 'e2e-23');
  await addToCart(cashier, 'Cappuccino');
  await typeCode(cashier, '700000000029');
  await charge(cashier, 'Sandbox Voucher');
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment cancelled');
  await expect(cashier.getByText('Sandbox Voucher declined: it has no balance, or not enough for this sale.')).toBeVisible();
  await expect(display.getByText('Sandbox Voucher declined: it has no balance, or not enough for this sale.')).toBeVisible();
  const voucher = await lanePayment(request, 'e2e-23');
  expect((await sandboxPaymentRequest(request, voucher.paymentRequest.id)).paidBy).toBeUndefined();

  // The cart is still there: the cashier tries the customer's other card.
  await typeCode(cashier, '454545454');
  await charge(cashier, 'Farmlands');
  await expect(cashier.getByText('Farmlands cannot be used: it has expired or is not active.')).toBeVisible();
  const card = await lanePayment(request, 'e2e-23');
  expect(card.paymentRequest.id).not.toBe(voucher.paymentRequest.id);
  expect(await sandboxPaymentRequest(request, card.paymentRequest.id)).toMatchObject({ status: 'cancelled', cancellationReason: 'INACTIVE_ASSET' });
  await close();
});

test('an age-restricted item raises an ID check: the cashier accepts it and the patron pays', async ({ browser, request }) => {
  const { cashier, display, close } = await openScreens(browser, 'e2e-24');
  await addToCart(cashier, 'Craft Beer');
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  const check = cashier.getByRole('group', { name: /Check needed/ });
  await expect(check).toContainText('Please check ID');
  // While the cashier checks, the display asks for nothing it cannot take: no QR beside "checking your ID" (issue 20).
  await expect(display.getByTestId('display-check')).toHaveText('The cashier is checking your ID');
  await expect(display.getByTestId('display-then-pay')).toHaveText('You can pay once the check is done.');
  await expect(display.getByRole('img', { name: 'Scan to pay with Centrapay' })).toHaveCount(0);
  // A patron who reached the request anyway is told who it waits on, and cannot pay yet (payment-conditions guide).
  const early = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  await early.goto((await lanePayment(request, 'e2e-24')).paymentRequest.url);
  await expect(early.getByTestId('wallet-cashier-checks')).toHaveText('The cashier has to check something before you can pay. Please check ID');
  await expect(early.getByRole('button', { name: /^Pay as / })).toBeDisabled();

  await check.getByRole('button', { name: 'Accept' }).click();
  await expect(check).toHaveCount(0);
  await expect(display.getByTestId('display-check')).toHaveCount(0);
  await expect(early.getByTestId('wallet-cashier-checks')).toHaveCount(0);
  await expect(early.getByRole('button', { name: /^Pay as / })).toBeEnabled();
  await early.context().close();
  const phone = await patronScans(browser, display);
  await payAs(phone, 'Alice');
  await expect(display.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment successful');
  const sale = await tillView(cashier, 'Recent payments');
  await sale.getByRole('button', { name: /^Show what happened to/ }).first().click();
  await expect(sale.getByRole('list', { name: /^What happened to/ })).toContainText(/Condition accepted · Cashier 1 · Please check ID/);
  await close();
});

test('an ID check the cashier declines cancels the sale on both screens', async ({ browser, request }) => {
  const { cashier, display, close } = await openScreens(browser, 'e2e-25');
  await addToCart(cashier, 'Craft Beer', 'Orange Juice');
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  const check = cashier.getByRole('group', { name: /Check needed/ });
  await check.getByRole('button', { name: 'Decline' }).click();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment cancelled');
  await expect(cashier.getByText('Declined by the cashier.')).toBeVisible();
  await expect(display.getByRole('heading', { name: 'Payment cancelled' })).toBeVisible();
  const payment = await lanePayment(request, 'e2e-25');
  expect(await sandboxPaymentRequest(request, payment.paymentRequest.id)).toMatchObject({ status: 'cancelled', cancellationReason: 'DECLINED_BY_MERCHANT' });
  await close();
});

test('a phone order: the code read out, the customer not present, the display left out', async ({ browser, request }) => {
  const { cashier, display, close } = await openScreens(browser, 'e2e-26');
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await openMyCodes(phone, 'alice');
  const readOut = await phone.getByTestId('barcode-digits').first().textContent();

  await addToCart(cashier, 'Craft Beer');
  await typeCode(cashier, readOut!);
  await cashier.getByLabel('Phone order: the customer is not here').check();
  await charge(cashier, 'Centrapay');
  await expect(cashier.getByTestId('cashier-code')).toContainText('phone order');
  // §6.8: with the patron away nobody can look at an ID; Centrapay asks the patron to confirm in the app instead.
  await expect(cashier.getByTestId('patron-condition')).toContainText('Waiting for the customer');
  await expect(display.getByRole('heading', { name: 'Welcome' })).toBeVisible();
  await expect(display.getByTestId('amount-due')).toHaveCount(0);

  const payment = await lanePayment(request, 'e2e-26');
  expect(await sandboxPaymentRequest(request, payment.paymentRequest.id)).toMatchObject({ patronNotPresent: true, merchantConditions: [expect.objectContaining({ status: 'awaiting-patron' })] });

  // At home, the patron confirms in the app, then approves; the till shows paid, the display never took part.
  const waiting = phone.getByRole('article', { name: 'Payment to Sandbox Café' });
  await waiting.getByRole('group', { name: 'Confirm before you pay' }).getByRole('button', { name: 'Confirm' }).click();
  await expect(cashier.getByTestId('patron-condition')).toHaveCount(0);
  await waiting.getByRole('button', { name: 'Approve' }).click();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment successful');
  await expect(display.getByRole('heading', { name: 'Welcome' })).toBeVisible();
  await expect(display.getByRole('heading', { name: 'Payment successful' })).toHaveCount(0);
  await close();
});
