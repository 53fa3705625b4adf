// After the sale (issue 10, item 8) as people do it: a customer comes back the next day with the receipt and the
// cashier finds the sale by its short code and refunds it; a refund of one line; a void within 24 h, and after 24 h
// only a refund; the receipt scanned off the display and read on a phone; the end-of-day report and its CSV.
// The till's own clock is real time; only Centrapay's (the sandbox's) is moved forward, for its void and refund windows.
import { expect, test, type APIRequestContext, type Browser, type Locator, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { E2E_CASHIER_CODE } from '../playwright.config';
import { parseDay } from '../src/domain/dates';
import { formatMoney } from '../src/domain/money';
import { SEED_CAFE } from '../src/domain/sandbox-seeds';
import { addToCart, lanePayment, openScreens, patronScans, payAs, press, receiptQrOnDisplay, refundsAtCentrapay, sandboxPaymentRequest, scanQr } from './helpers';

const money = (cents: number) => formatMoney(String(cents));
/** As the CSV writes amounts: "14.70". */
const dollars = (cents: number) => (cents / 100).toFixed(2);

/** The cashier rings up the products, the patron scans the display and pays as Alice. */
async function paidByQr(browser: Browser, lane: string, ...products: string[]) {
  const screens = await openScreens(browser, lane);
  await addToCart(screens.cashier, ...products);
  await screens.cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  const phone = await patronScans(browser, screens.display);
  await payAs(phone, 'Alice');
  await expect(screens.cashier.getByTestId('cashier-status')).toHaveText('Payment successful');
  const shortCode = await screens.cashier.getByTestId('short-code').textContent();
  await phone.context().close();
  return { ...screens, shortCode: shortCode! };
}

/** On the history screen the cashier types the short code from the receipt and opens the one sale it finds. */
async function openSale(till: Page, lane: string, shortCode: string): Promise<Locator> {
  await till.goto(`/history?lane=${lane}`);
  await till.getByRole('searchbox', { name: 'Find a sale' }).fill(shortCode);
  await till.getByRole('button', { name: 'Find', exact: true }).click();
  await expect(till.getByText(`1 sale with short code ${shortCode}.`)).toBeVisible();
  await till.getByRole('row').filter({ hasText: shortCode }).getByRole('link').click();
  await expect(till.getByRole('heading', { name: /^Sale #\d+/ })).toBeVisible();
  return till.getByRole('region', { name: 'Refund or void' });
}

async function advanceCentrapayClock(request: APIRequestContext, seconds: number): Promise<void> {
  expect((await request.post('/sandbox/_sandbox/clock', { data: { advanceSeconds: seconds } })).status()).toBe(200);
}

test('the next day the customer brings the receipt back: the sale is found by its short code and refunded in full', async ({ browser, request }) => {
  const lane = 'e2e-29';
  const sale = await paidByQr(browser, lane, 'Blueberry Muffin', 'Croissant');
  const paid = 600 + 520;
  const { paymentRequest } = await lanePayment(request, lane);
  await sale.close();
  await advanceCentrapayClock(request, 86_400 + 60);

  // The next morning, on a till opened afresh.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const till = await context.newPage();
  await till.goto(`/history?lane=${lane}`);
  await till.getByLabel('Cashier code').fill(E2E_CASHIER_CODE);
  await till.getByRole('button', { name: 'Unlock' }).click();
  // Unlocked (the code kept on this screen) before the cashier goes on: openSale loads the history page afresh.
  await expect(till.getByRole('searchbox', { name: 'Find a sale' })).toBeVisible();
  const panel = await openSale(till, lane, sale.shortCode);
  await expect(panel).toContainText(`Left to refund: ${money(paid)}`);

  // Centrapay takes a while to show the refund done: its activities do not answer until the cashier has seen it pending.
  const slow = { method: 'GET', path: `/api/payment-requests/${paymentRequest.id}/activities`, mode: 'http503', count: 1000 };
  expect((await request.post('/sandbox/_sandbox/faults', { data: slow })).status()).toBe(200);
  await press(panel, 'Refund whole sale', 'Changed their mind', `Refund ${money(paid)} (the whole sale)?`);
  const refund = panel.getByRole('list', { name: 'Refunds' }).getByRole('listitem');
  await expect(panel.getByTestId('refund-state')).toHaveText(`Refund pending: ${money(paid)} of ${money(paid)}`);
  await expect(refund).toContainText(`Refund pending · Centrapay refund ${sale.shortCode} · ${money(paid)} (whole sale) · “Changed their mind”`);
  expect((await request.delete('/sandbox/_sandbox/faults')).status()).toBe(200);

  await expect(panel.getByTestId('refund-state')).toHaveText(`Refunded: ${money(paid)}`, { timeout: 20_000 });
  await expect(refund).toContainText(`Refunded · Centrapay refund ${sale.shortCode} · ${money(paid)} (whole sale)`);
  await expect(panel.getByRole('button', { name: 'Refund whole sale' })).toHaveCount(0);
  expect(await refundsAtCentrapay(request, paymentRequest.id)).toEqual([expect.objectContaining({ value: { amount: String(paid), currency: 'NZD' } })]);
  await context.close();
});

test('one line of a sale is refunded, and the rest can still be', async ({ browser, request }) => {
  const lane = 'e2e-30';
  const sale = await paidByQr(browser, lane, 'Orange Juice', 'Orange Juice', 'Blueberry Muffin');
  const { paymentRequest } = await lanePayment(request, lane);
  const panel = await openSale(sale.cashier, lane, sale.shortCode);

  await panel.getByRole('checkbox', { name: /Blueberry Muffin/ }).check();
  await press(panel, 'Refund chosen lines', 'Muffin was stale', `Refund ${money(600)} (the chosen lines)?`);
  await expect(panel.getByRole('list', { name: 'Refunds' }).getByRole('listitem'))
    .toContainText(`Refunded · Centrapay refund ${sale.shortCode} · ${money(600)} (1 × Blueberry Muffin)`, { timeout: 15_000 });
  await expect(panel.getByTestId('refund-state')).toHaveText(`Part refunded: ${money(600)} of ${money(450 + 450 + 600)}`);
  await expect(sale.cashier.getByTestId('sale-result')).toHaveText(`Part refunded: ${money(600)} of ${money(450 + 450 + 600)}`);
  await expect(panel).toContainText(`Left to refund: ${money(450 + 450)}`);
  await expect(panel.getByRole('checkbox', { name: /Blueberry Muffin/ })).toBeDisabled();
  await expect(panel.getByRole('checkbox', { name: /Orange Juice/ })).toBeEnabled();

  // Centrapay was told which line came back.
  expect(await refundsAtCentrapay(request, paymentRequest.id)).toEqual([
    expect.objectContaining({ value: { amount: '600', currency: 'NZD' }, lineItems: [expect.objectContaining({ sku: 'FOOD-MUF', qty: '1', price: '600' })] }),
  ]);
  await sale.close();
});

test('a sale voided within 24 hours: all of it goes back at once', async ({ browser, request }) => {
  const lane = 'e2e-31';
  const sale = await paidByQr(browser, lane, 'Long Black', 'Orange Juice');
  const paid = 480 + 450;
  const { paymentRequest } = await lanePayment(request, lane);
  const panel = await openSale(sale.cashier, lane, sale.shortCode);

  await press(panel, 'Void sale', 'Rang up on the wrong lane', `Void the sale and give back ${money(paid)}?`);
  await expect(panel.getByRole('list', { name: 'Refunds' }).getByRole('listitem')).toContainText(`Voided · Void ${sale.shortCode} · ${money(paid)} (whole sale)`);
  await expect(panel.getByTestId('refund-state')).toHaveText(`Voided: ${money(paid)}`);
  await expect(sale.cashier.getByTestId('sale-result')).toHaveText(`Voided: ${money(paid)}`);
  await expect(panel.getByRole('button', { name: /Refund|Void/ })).toHaveCount(0);

  const upstream = await sandboxPaymentRequest(request, paymentRequest.id);
  expect(upstream.status).toBe('paid');
  expect(await refundsAtCentrapay(request, paymentRequest.id)).toEqual([expect.objectContaining({ value: { amount: String(paid), currency: 'NZD' } })]);
  await sale.close();
});

test('after 24 hours a sale cannot be voided, only refunded', async ({ browser, request }) => {
  const lane = 'e2e-32';
  const sale = await paidByQr(browser, lane, 'Croissant', 'Orange Juice');
  const paid = 520 + 450;
  const { paymentRequest } = await lanePayment(request, lane);
  await advanceCentrapayClock(request, 25 * 3600);
  const panel = await openSale(sale.cashier, lane, sale.shortCode);

  // Only Centrapay's clock has moved, so it is Centrapay that says no; from then on the till no longer offers a void.
  await press(panel, 'Void sale', 'Customer asked', `Void the sale and give back ${money(paid)}?`);
  await expect(panel.getByRole('alert')).toHaveText('Centrapay refused: More than 24 hours since the sale: refund it instead. Nothing was refunded.');
  await panel.getByRole('button', { name: 'Back' }).click();
  await expect(panel.getByRole('button', { name: 'Void sale' })).toHaveCount(0);
  await expect(panel).toContainText('Void: More than 24 hours since the sale: refund it instead.');
  expect(await refundsAtCentrapay(request, paymentRequest.id)).toEqual([]);

  await press(panel, 'Refund whole sale', 'Customer asked', `Refund ${money(paid)} (the whole sale)?`);
  await expect(panel.getByTestId('refund-state')).toHaveText(`Refunded: ${money(paid)}`, { timeout: 15_000 });
  // The refused void stays in the list as refused, but its "Nothing was refunded" no longer stands beside a refund made.
  await expect(panel.getByRole('alert')).toHaveCount(0);
  expect(await refundsAtCentrapay(request, paymentRequest.id)).toEqual([expect.objectContaining({ value: { amount: String(paid), currency: 'NZD' } })]);
  await sale.close();
});

test('the patron scans the receipt QR off the display and reads the receipt on their phone', async ({ browser, request }) => {
  const lane = 'e2e-33';
  const sale = await paidByQr(browser, lane, 'Flat White', 'Flat White', 'Croissant');
  const url = await scanQr(receiptQrOnDisplay(sale.display));
  const { paymentRequest } = await lanePayment(request, lane);
  const upstream = await sandboxPaymentRequest(request, paymentRequest.id);
  const history = await (await request.get(`/api/history?lane=${lane}`, { headers: { 'X-Cashier-Code': E2E_CASHIER_CODE } })).json();
  const order = history.items[0];
  expect(order.ref).toBe(upstream.externalRef);

  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  await phone.goto(url);
  const receipt = phone.getByRole('article', { name: 'Receipt' });
  await expect(receipt).toBeVisible();
  await expect(receipt.getByText(SEED_CAFE.name)).toBeVisible();
  const fact = (term: string) => receipt.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');
  await expect(fact('GST number')).toHaveText(SEED_CAFE.gstNumber);
  await expect(fact('Order')).toHaveText(String(order.number));
  await expect(fact('Reference')).toHaveText(order.ref);

  // Prices include 15% GST: each line's is price × 15/115, to the cent.
  const gst = (cents: number) => Math.round((cents * 15) / 115);
  const lines = receipt.getByRole('table', { name: 'Items bought' });
  await expect(lines.getByRole('row').filter({ hasText: 'Flat White' }).getByRole('cell')).toHaveText(['Flat White', '2', money(1100)]);
  await expect(lines.getByRole('row').filter({ hasText: 'Croissant' }).getByRole('cell')).toHaveText(['Croissant', '1', money(520)]);
  await expect(lines.getByRole('row').filter({ has: phone.getByRole('rowheader', { name: 'Total' }) })).toContainText(money(1620));
  await expect(lines.getByRole('row').filter({ has: phone.getByRole('rowheader', { name: 'Includes GST' }) })).toContainText(money(gst(1100) + gst(520)));

  const paidBy = receipt.getByRole('region', { name: 'Paid by' });
  await expect(paidBy.getByTestId('receipt-short-code')).toHaveText(sale.shortCode);
  expect(upstream.shortCode).toBe(sale.shortCode);
  await expect(paidBy).toContainText(`Centrapay ${sale.shortCode} ${money(1620)}`);
  for (const asset of upstream.paidBy.assetTotals) await expect(paidBy).toContainText(`${asset.description} ${formatMoney(asset.total.amount)}`);
  // It reads on the phone without scrolling sideways.
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await phone.context().close();
  await sale.close();
});

test('end of day: a QR sale, cash with change, a split and a refund add up on the report and in its CSV', async ({ browser, request }) => {
  // The report is filtered by this lane; the e2e server's journal is in memory and new each run, so its day holds only these.
  const lane = 'e2e-34';
  const { cashier, display, close } = await openScreens(browser, lane);
  const counter = cashier.getByRole('group', { name: 'Take payment at the counter' });
  const paysAsAlice = async () => {
    const phone = await patronScans(browser, display);
    await payAs(phone, 'Alice');
    await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment successful');
    await phone.context().close();
  };
  const newSale = async () => {
    await cashier.getByRole('button', { name: 'New sale' }).click();
    await expect(cashier.getByText('The cart is empty.')).toBeVisible();
  };

  // A QR sale: $10.50.
  await addToCart(cashier, 'Blueberry Muffin', 'Orange Juice');
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  await paysAsAlice();
  const qrShortCode = (await cashier.getByTestId('short-code').textContent())!;
  const qrRequest = await sandboxPaymentRequest(request, (await lanePayment(request, lane)).paymentRequest.id);
  await newSale();

  // Cash: $10.30, $20 handed over, $9.70 change.
  await addToCart(cashier, 'Flat White', 'Long Black');
  await counter.getByRole('button', { name: 'Cash' }).click();
  await cashier.getByLabel('Cash received ($)').fill('20');
  await cashier.getByRole('button', { name: 'Take cash' }).click();
  await expect(display.getByTestId('change-due')).toHaveText(`Your change ${money(2000 - 1030)}`);
  await newSale();

  // Split: $10.40, $5 cash then $5.40 by Centrapay.
  await addToCart(cashier, 'Croissant', 'Croissant');
  await counter.getByRole('button', { name: 'Cash' }).click();
  await cashier.getByLabel('Cash received ($)').fill('5');
  await cashier.getByRole('button', { name: 'Take cash' }).click();
  await cashier.getByRole('button', { name: `Pay the rest ${money(540)} with Centrapay` }).click();
  await paysAsAlice();
  const splitRequest = await sandboxPaymentRequest(request, (await lanePayment(request, lane)).paymentRequest.id);
  await newSale();

  // The QR sale is refunded in full.
  const panel = await openSale(cashier, lane, qrShortCode);
  await press(panel, 'Refund whole sale', 'Wrong order', `Refund ${money(1050)} (the whole sale)?`);
  await expect(panel.getByTestId('refund-state')).toHaveText(`Refunded: ${money(1050)}`, { timeout: 15_000 });

  // What was paid, as the cashier took it: two sales took cash, two went through Centrapay, one of those came back.
  const cash = 1030 + 500;
  const centrapay = 1050 + 540;
  const refunded = 1050;
  const total = cash + centrapay;
  // Both Centrapay payments were made from the one asset of Alice's, so one row by asset type.
  const [asset] = qrRequest.paidBy.assetTotals;
  expect(qrRequest.paidBy.assetTotals).toHaveLength(1);
  expect(splitRequest.paidBy.assetTotals).toEqual([expect.objectContaining({ type: asset.type, total: { amount: '540', currency: 'NZD' } })]);

  await cashier.goto(`/reports?lane=${lane}`);
  await expect(cashier.getByRole('heading', { name: /^End of day/ })).toBeVisible();
  const row = (table: Locator, label: string) => table.getByRole('row').filter({ has: cashier.getByRole('rowheader', { name: label, exact: true }) }).getByRole('cell');
  const tenders = cashier.getByRole('table', { name: 'By tender: sales, refunds and net' });
  await expect(row(tenders, 'Cash')).toHaveText(['2', money(cash), '0', money(0), money(cash)]);
  await expect(row(tenders, 'Card (external)')).toHaveText(['0', money(0), '0', money(0), money(0)]);
  await expect(row(tenders, 'Centrapay')).toHaveText(['2', money(centrapay), '1', money(refunded), money(centrapay - refunded)]);
  await expect(row(tenders, 'All tenders')).toHaveText(['3', money(total), '1', money(refunded), money(total - refunded)]);
  const assets = cashier.getByRole('table', { name: 'Centrapay by asset type: sales, refunds and net' });
  await expect(row(assets, asset.description)).toHaveText(['2', money(centrapay), '1', money(refunded), money(centrapay - refunded)]);
  await expect(cashier.getByText('None: every refund of the day is completed.')).toBeVisible();

  // The day as the cashier reads it ("7/12/2026"); the CSV, for spreadsheets, has it as ISO (2026-12-07).
  const date = parseDay(await cashier.getByRole('textbox', { name: 'Day', exact: true }).inputValue())!;
  const downloading = cashier.waitForEvent('download');
  await cashier.getByRole('button', { name: 'Download CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`end-of-day-${date}-${lane}.csv`);
  const csv = (await readFile(await download.path(), 'utf8')).split('\r\n').filter((line) => line !== '').map((line) => line.split(','));
  expect(csv[0]).toEqual(['date', 'lane', 'section', 'key', 'description', 'sales_count', 'sales_amount', 'refunds_count', 'refunds_amount', 'net_amount', 'currency']);
  const csvRow = (section: string, key: string) => csv.find((fields) => fields[2] === section && fields[3] === key);
  expect(csvRow('tender', 'cash')).toEqual([date, lane, 'tender', 'cash', 'Cash', '2', dollars(cash), '0', '0.00', dollars(cash), 'NZD']);
  expect(csvRow('tender', 'card')).toEqual([date, lane, 'tender', 'card', 'Card (external)', '0', '0.00', '0', '0.00', '0.00', 'NZD']);
  expect(csvRow('tender', 'centrapay')).toEqual([date, lane, 'tender', 'centrapay', 'Centrapay', '2', dollars(centrapay), '1', dollars(refunded), dollars(centrapay - refunded), 'NZD']);
  expect(csvRow('centrapay-asset', asset.type))
    .toEqual([date, lane, 'centrapay-asset', asset.type, asset.description, '2', dollars(centrapay), '1', dollars(refunded), dollars(centrapay - refunded), 'NZD']);
  expect(csvRow('total', 'total')).toEqual([date, lane, 'total', 'total', 'All tenders', '3', dollars(total), '1', dollars(refunded), dollars(total - refunded), 'NZD']);
  expect(csvRow('pending-refunds', '')?.[7]).toBe('0');
  await close();
});
