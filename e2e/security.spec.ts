// What reaches a browser: never the merchant's API key.
import { expect, test } from '@playwright/test';
import { addToCart, openScreens, TERMINAL_KEY, unlockCashier } from './helpers';

test('no screen downloads the terminal API key', async ({ page }) => {
  const bodies: string[] = [];
  page.on('response', async (response) => {
    if (response.request().resourceType() === 'script' || response.url().includes('/api/')) bodies.push(await response.text().catch(() => ''));
  });
  for (const path of ['/cashier?lane=e2e-12', '/display?lane=e2e-12']) {
    await page.goto(path);
    await expect(page.locator('#root')).not.toBeEmpty();
  }
  expect(bodies.length).toBeGreaterThan(2);
  for (const body of bodies) expect(body).not.toContain(TERMINAL_KEY);
});

test('a display cannot change a lane, and a wrong cashier code unlocks nothing', async ({ browser, request }) => {
  const lane = 'e2e-13';
  const { cashier, display, close } = await openScreens(browser, lane);
  await addToCart(cashier, 'Flat White');
  await expect(display.getByTestId('cart-total')).toHaveText('$5.50');

  // Whatever the display's browser could send without the cashier code, well-formed as the cashier's own, is refused
  // and changes nothing. (Every refusal counts towards the lockout: keep these few.)
  const cart = [{ sku: 'COFFEE-FW', qty: 5 }];
  const ref = (await (await request.get(`/api/lanes/${lane}`)).json()).order?.ref ?? 'e2e-terminal-13-000001-AAAAAA';
  const changes = [
    ['post', 'payments', { cart, operatorId: 'display' }],
    ['put', 'cart', { cart, operatorId: 'display' }],
    ['post', 'tenders', { ref, method: 'cash', operatorId: 'display' }],
    ['post', 'cancel', { ref, operatorId: 'display' }],
    ['post', 'new-sale', { operatorId: 'display' }],
  ] as const;
  for (const [method, path, data] of changes) {
    const response = await display.request[method](`/api/lanes/${lane}/${path}`, { data });
    expect(response.status()).toBe(401);
    expect((await response.json()).code).toBe('CASHIER_CODE_REQUIRED');
  }
  const after = await (await request.get(`/api/lanes/${lane}`)).json();
  expect(after.cart).toEqual([expect.objectContaining({ sku: 'COFFEE-FW', qty: 1 })]);
  expect(after.order).toBeNull();
  await expect(display.getByTestId('cart-total')).toHaveText('$5.50');

  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto(`/cashier?lane=${lane}`);
  await stranger.getByLabel('Cashier code').fill('1234');
  await stranger.getByRole('button', { name: 'Unlock' }).click();
  await expect(stranger.getByRole('alert')).toHaveText('This screen may not take payments. Enter the cashier code.');
  await unlockCashier(stranger);
  await close();
});
