// The till fits the till (issue 20): at 1366×768, 1280×800 (a POS tablet) and 1920×1080 the cashier never scrolls the
// page, cuts off no text, and keeps the cart's total and the pay actions on screen through every state of a sale —
// a long cart, an ID check, waiting for the patron, cash with change, the result with its receipt. Products are found
// by category and by typing, from the keyboard; the bar tabs and recent payments are views of their own.
import { expect, test, type Page } from '@playwright/test';
import { expectToFit, expectWhollyInView } from './fit';
import { changing } from './screens-mask';
import { addToCart, startLaneAfresh, unlockCashier } from './helpers';

const SIZES = [
  { width: 1366, height: 768, lane: 'e2e-70' },
  { width: 1280, height: 800, lane: 'e2e-71' },
  { width: 1920, height: 1080, lane: 'e2e-72' },
];
const LONG_CART = ['Flat White', 'Blueberry Muffin', 'Craft Beer', 'Orange Juice', 'Latte', 'Mocha', 'Croissant', 'Espresso', 'Salmon Bagel', 'Chai Latte'];

/** The product buttons (the header's Add a display is not one). */
const products = (page: Page) => page.getByRole('region', { name: 'Products' }).getByRole('button', { name: /^Add / });

async function openTill(page: Page, lane: string): Promise<void> {
  await startLaneAfresh(page.request, lane);
  await page.goto(`/cashier?lane=${lane}`);
  await unlockCashier(page);
}

for (const { width, height, lane } of SIZES) {
  test(`at ${width}×${height} every state of a sale fits without scrolling the page`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width, height } });
    const till = await context.newPage();
    await openTill(till, lane);
    const at = (state: string) => `${state} at ${width}×${height}`;
    const total = till.getByTestId('cashier-total');

    await expectToFit(till, at('an empty cart'));
    await expect(till).toHaveScreenshot(`till-an-empty-cart-${width}x${height}.png`, { mask: changing(till) });
    // Every product is on screen with the cart: none cut off at the bottom.
    for (const product of await products(till).all()) await expectWhollyInView(till, product, at('a product'));

    await addToCart(till, ...LONG_CART);
    await expectToFit(till, at('a long cart'));
    await expect(till).toHaveScreenshot(`till-a-long-cart-${width}x${height}.png`, { mask: changing(till) });
    await expectWhollyInView(till, total, at('the total of a long cart'));
    await expectWhollyInView(till, till.getByRole('button', { name: 'Pay with Centrapay' }), at('Pay'));

    await till.getByRole('button', { name: 'Pay with Centrapay' }).click();
    const check = till.getByRole('group', { name: /Check needed/ });
    await expect(check).toBeVisible();
    await expectToFit(till, at('an ID check'));
    await expect(till).toHaveScreenshot(`till-an-ID-check-${width}x${height}.png`, { mask: changing(till) });
    await expectWhollyInView(till, check.getByRole('button', { name: 'Accept' }), at('Accept'));
    await expectWhollyInView(till, till.getByRole('button', { name: 'Cancel payment' }), at('Cancel during the check'));

    await check.getByRole('button', { name: 'Accept' }).click();
    await expect(till.getByTestId('cashier-status')).toHaveText('Waiting for the customer to pay');
    await expectToFit(till, at('waiting for the patron'));
    await expect(till).toHaveScreenshot(`till-waiting-for-patron-${width}x${height}.png`, { mask: changing(till) });
    await expectWhollyInView(till, total, at('the total while waiting'));

    await till.getByRole('group', { name: 'Take payment at the counter' }).getByRole('button', { name: 'Cash' }).click();
    await till.getByLabel('Cash received ($)').fill('100');
    await expect(till.getByTestId('cash-change')).toBeVisible();
    await expectToFit(till, at('cash with change'));
    await expect(till).toHaveScreenshot(`till-cash-with-change-${width}x${height}.png`, { mask: changing(till) });
    for (const name of ['Take cash', 'Cancel payment']) await expectWhollyInView(till, till.getByRole('button', { name }), at(name));

    await till.getByRole('button', { name: 'Take cash' }).click();
    await expect(till.getByTestId('cashier-status')).toHaveText('Payment successful');
    await expectToFit(till, at('the result'));
    await expect(till).toHaveScreenshot(`till-result-${width}x${height}.png`, { mask: changing(till) });
    for (const name of ['New sale', 'Print receipt']) await expectWhollyInView(till, till.getByRole('button', { name }), at(name));
    await expectWhollyInView(till, till.getByTestId('cashier-change'), at('the change'));
    await context.close();
  });
}

test('products are found from the keyboard: a letter typed anywhere searches, Enter adds the first match', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openTill(page, 'e2e-73');
  const cart = page.getByRole('list', { name: 'Cart items' });
  await page.getByRole('heading', { name: 'Cart' }).click();
  await page.keyboard.type('cro');
  await expect(page.getByLabel('Search products')).toBeFocused();
  await expect(page.getByLabel('Search products')).toHaveValue('cro');
  await expect(products(page)).toHaveText([/Croissant/]);
  await page.keyboard.press('Enter');
  await expect(cart).toContainText('Croissant');
  // The search is left empty and without focus, so a scanner's next code is a scan.
  await expect(page.getByLabel('Search products')).toHaveValue('');
  await expect(page.getByLabel('Search products')).not.toBeFocused();

  await page.getByLabel('Search products').fill('ch sc');
  await expect(products(page)).toHaveText([/Cheese Scone/]);
  await page.getByLabel('Search products').fill('zzz');
  await expect(page.getByRole('status').filter({ hasText: 'No product matches “zzz”.' })).toBeVisible();
  await page.getByLabel('Search products').press('Escape');
  await expect(products(page)).toHaveCount(21);

  const categories = page.getByRole('group', { name: 'Categories' });
  await categories.getByRole('button', { name: 'Food' }).click();
  await expect(categories.getByRole('button', { name: 'Food' })).toHaveAttribute('aria-pressed', 'true');
  await expect(products(page)).toHaveText([/Blueberry Muffin/, /Croissant/, /Ham and Cheese Toastie/, /Salmon Bagel/, /Banana Bread/, /Cheese Scone/, /Caramel Slice/, /Raspberry Friand/]);
});

test('the bar tabs and the recent payments are views of their own beside the cart, chosen by tabs', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openTill(page, 'e2e-74');
  const views = page.getByRole('tablist', { name: 'Till views' });
  await expect(page.getByRole('region', { name: 'Bar tabs' })).toBeHidden();
  await views.getByRole('tab', { name: 'Bar tabs' }).click();
  await expect(page.getByRole('region', { name: 'Bar tabs' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Products' })).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Cart' })).toBeVisible();
  await expectToFit(page, 'the bar tabs view');
  // The tabs pattern: arrow keys move to the next view.
  await page.keyboard.press('ArrowRight');
  await expect(views.getByRole('tab', { name: 'Recent payments' })).toBeFocused();
  await expect(views.getByRole('tab', { name: 'Recent payments' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('region', { name: 'Recent payments' })).toBeVisible();
  await expectToFit(page, 'the recent payments view');
});
