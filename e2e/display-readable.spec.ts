// Readable across the counter, measured: on a 1920×1080 screen and a 768×1024 tablet following one lane, a 12-line
// cart shows in full beside (or under) a QR code of at least 45% of the shorter side, amounts due are at least 56 px
// high, item lines at least 28 px, text has WCAG AA contrast and amounts AAA, and nothing scrolls; a 20-line cart
// scrolls inside its list with the newest line in view.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { boxOf, contrastOf, expectInside, expectNoPageScroll, expectQuietZone, fontSize, viewportBox } from './display-measure';
import { addToCart, patronScans, payAs, unlockCashier } from './helpers';

const TWELVE = ['Flat White', 'Long Black', 'Cappuccino', 'Blueberry Muffin', 'Croissant', 'Orange Juice', 'Latte', 'Mocha', 'Espresso', 'Iced Coffee', 'Chai Latte', 'Hot Chocolate'];
const EIGHT_MORE = ['English Breakfast Tea', 'Sparkling Water', 'Ham and Cheese Toastie', 'Salmon Bagel', 'Banana Bread', 'Cheese Scone', 'Caramel Slice', 'Raspberry Friand'];
const SHAPES = [
  { name: '1920×1080 landscape', viewport: { width: 1920, height: 1080 } },
  { name: '768×1024 tablet', viewport: { width: 768, height: 1024 } },
];

async function openDisplay(browser: Browser, lane: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  await page.goto(`/display?lane=${lane}`);
  await expect(page.getByRole('heading', { name: 'Welcome' })).toBeVisible();
  return page;
}

const cartRows = (display: Page) => display.getByTestId('display-cart').locator('tbody tr');

/** Every cart line: at least 28 px, readable (AA, amounts AAA), on the screen and not cut off by its list. */
async function measureLines(display: Page, shape: string, count: number): Promise<void> {
  const rows = cartRows(display);
  await expect(rows).toHaveCount(count);
  const list = await boxOf(display.getByTestId('display-cart'));
  expectInside(list, viewportBox(display), `${shape}: the cart list`);
  for (let i = 0; i < count; i += 1) {
    const row = rows.nth(i);
    const what = `${shape}: line ${i + 1}`;
    const box = await boxOf(row);
    expect(box.height, `${what} height`).toBeGreaterThanOrEqual(28);
    expect(await fontSize(row.getByRole('rowheader')), `${what} text size`).toBeGreaterThanOrEqual(28);
    expectInside(box, list, what);
    expect(await contrastOf(row.getByRole('rowheader')), `${what} name contrast`).toBeGreaterThanOrEqual(4.5);
    expect(await contrastOf(row.locator('.qty')), `${what} quantity contrast`).toBeGreaterThanOrEqual(4.5);
    expect(await contrastOf(row.locator('.amount')), `${what} amount contrast`).toBeGreaterThanOrEqual(7);
  }
  const total = display.getByTestId('cart-total');
  expectInside(await boxOf(total), viewportBox(display), `${shape}: the total`);
  expect(await contrastOf(total), `${shape}: total contrast`).toBeGreaterThanOrEqual(7);
  // The whole cart shows without scrolling its list either.
  expect(await display.getByTestId('display-cart').evaluate((element) => element.scrollHeight - element.clientHeight), `${shape}: the list has more than shows`).toBeLessThanOrEqual(0);
}

/** The amount due: at least 56 px high, AAA contrast, on the screen. */
async function measureAmountDue(display: Page, shape: string): Promise<void> {
  const amount = display.getByTestId('amount-due');
  const box = await boxOf(amount);
  expect(box.height, `${shape}: amount due height`).toBeGreaterThanOrEqual(56);
  expect(await fontSize(amount), `${shape}: amount due text size`).toBeGreaterThanOrEqual(56);
  expectInside(box, viewportBox(display), `${shape}: amount due`);
  expect(await contrastOf(amount), `${shape}: amount due contrast`).toBeGreaterThanOrEqual(7);
  expect(await contrastOf(display.locator('.amount-due')), `${shape}: its label's contrast`).toBeGreaterThanOrEqual(4.5);
}

/** The QR code: at least 45% of the screen's shorter side, on the screen, with its quiet zone. */
async function measureQr(display: Page, shape: string): Promise<void> {
  const svg = display.getByRole('img', { name: 'Scan to pay with Centrapay' }).locator('svg');
  const box = await boxOf(svg);
  const { width, height } = display.viewportSize()!;
  expect(Math.min(box.width, box.height), `${shape}: QR code size`).toBeGreaterThanOrEqual(0.45 * Math.min(width, height));
  expectInside(box, viewportBox(display), `${shape}: QR code`);
  await expectQuietZone(svg);
  for (const text of [display.locator('.scan-hint'), display.locator('.time-left')]) {
    expectInside(await boxOf(text), viewportBox(display), `${shape}: ${await text.textContent()}`);
    expect(await contrastOf(text), `${shape}: ${await text.textContent()} contrast`).toBeGreaterThanOrEqual(4.5);
  }
}

async function measureBrand(display: Page, shape: string): Promise<void> {
  const brand = display.getByTestId('brand-bar');
  await expect(brand).toContainText('Sandbox Café');
  expectInside(await boxOf(brand), viewportBox(display), `${shape}: merchant name`);
  expect(await contrastOf(brand.getByText('Sandbox Café')), `${shape}: merchant name contrast`).toBeGreaterThanOrEqual(4.5);
}

/** The newest line is the last, and it shows: inside its list's visible part and on the screen. */
async function expectNewestLineInView(display: Page, shape: string, name: string): Promise<void> {
  const newest = cartRows(display).last();
  await expect(newest.getByRole('rowheader')).toHaveText(name);
  await expect(async () => {
    const box = await boxOf(newest);
    expectInside(box, await boxOf(display.getByTestId('display-cart')), `${shape}: newest line ${name} in its list`);
    expectInside(box, viewportBox(display), `${shape}: newest line ${name} on the screen`);
    // The total stays in view below it, at the foot of the list.
    const total = await boxOf(display.getByTestId('cart-total'));
    expectInside(total, await boxOf(display.getByTestId('display-cart')), `${shape}: the total in the list`);
    expectInside(total, viewportBox(display), `${shape}: the total`);
  }).toPass({ timeout: 5_000 });
  await expectNoPageScroll(display);
}

test('measured sizes on both screen shapes: a 12-line cart, its QR code and what is due fit and read; a 20-line cart scrolls to its newest line', async ({ browser }) => {
  test.setTimeout(150_000);
  const lane = 'e2e-43';
  const cashier = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await cashier.goto(`/cashier?lane=${lane}`);
  await unlockCashier(cashier);
  const displays = await Promise.all(SHAPES.map(async (shape) => ({ ...shape, page: await openDisplay(browser, lane, shape.viewport) })));

  // The cart as it is rung up.
  await addToCart(cashier, ...TWELVE);
  for (const { name, page } of displays) {
    await expect(page.getByTestId('cart-total')).toHaveText('$65.00');
    await measureBrand(page, name);
    await measureLines(page, `${name}, cart`, 12);
    await expectNoPageScroll(page);
  }

  // $10 in cash first: the display asks for the rest.
  await cashier.getByRole('group', { name: 'Take payment at the counter' }).getByRole('button', { name: 'Cash' }).click();
  await cashier.getByLabel('Cash received ($)').fill('10');
  await cashier.getByRole('button', { name: 'Take cash' }).click();
  for (const { name, page } of displays) {
    await expect(page.getByText('Please pay the rest at the counter.')).toBeVisible();
    await expect(page.getByTestId('amount-due')).toHaveText('$55.00');
    await measureBrand(page, name);
    await measureLines(page, `${name}, collect`, 12);
    await measureAmountDue(page, `${name}, collect`);
    await expectNoPageScroll(page);
  }

  // The rest by Centrapay: the whole cart, the QR code and what is still to pay, at once.
  await cashier.getByRole('button', { name: 'Pay the rest $55.00 with Centrapay' }).click();
  for (const { name, page } of displays) {
    // Measured once the QR code shows (the amount due shows already while the payment starts).
    await expect(page.getByRole('img', { name: 'Scan to pay with Centrapay' })).toBeVisible();
    await expect(page.getByTestId('amount-due')).toHaveText('$55.00');
    await measureBrand(page, name);
    await measureLines(page, `${name}, pay`, 12);
    await measureAmountDue(page, `${name}, pay`);
    await measureQr(page, `${name}, pay`);
    await expectNoPageScroll(page);
  }
  const phone = await patronScans(browser, displays[0]!.page);
  await payAs(phone, 'Alice');
  for (const { page } of displays) await expect(page.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  await phone.context().close();

  // The next customer's cart grows past what fits: each new line is brought into view on both shapes.
  await cashier.getByRole('button', { name: 'New sale' }).click();
  await expect(cashier.getByText('The cart is empty.')).toBeVisible();
  await addToCart(cashier, ...TWELVE);
  for (const product of EIGHT_MORE) {
    await addToCart(cashier, product);
    for (const { name, page } of displays) await expectNewestLineInView(page, `${name}, cart`, product);
  }

  // Paying for it: the newest line, the QR code and the amount due all show.
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  for (const { name, page } of displays) {
    await expect(page.getByRole('img', { name: 'Scan to pay with Centrapay' })).toBeVisible();
    await expect(page.getByTestId('amount-due')).toHaveText('$119.00');
    await expectNewestLineInView(page, `${name}, pay`, 'Raspberry Friand');
    // Beside (or under) the QR code, 20 lines do not all fit: the list scrolls, the page does not.
    expect(await page.getByTestId('display-cart').evaluate((element) => element.scrollHeight > element.clientHeight), `${name}: a 20-line cart scrolls in its list`).toBe(true);
    await measureAmountDue(page, `${name}, pay (20 lines)`);
    await measureQr(page, `${name}, pay (20 lines)`);
  }
  await cashier.getByRole('button', { name: 'Cancel payment' }).click();
  for (const { page } of displays) await expect(page.getByRole('heading', { name: 'Payment cancelled' })).toBeVisible();
  await cashier.context().close();
  for (const { page } of displays) await page.context().close();
});
