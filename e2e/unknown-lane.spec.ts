// A screen opened for a lane that does not exist says so at once, on the cashier screen and on the display, with the
// lanes that do exist: never a screen of disabled buttons while a refusal is asked again (issue 12).
import { expect, test } from '@playwright/test';
import { E2E_CASHIER_CODE, E2E_LANES } from '../playwright.config';
import { unlockCashier } from './helpers';

test('an unknown lane is explained at once, with the lanes that exist, on both screens', async ({ page, browser }) => {
  const lanes = new RegExp(`There is no lane "nope"\\. Lanes on this till: ${E2E_LANES.map((lane) => lane.id).join(', ')}\\.`);
  const laneReads: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/lanes/nope') laneReads.push(request.url());
  });
  await page.goto('/cashier?lane=nope');
  await page.getByLabel('Cashier code').fill(E2E_CASHIER_CODE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toHaveText(lanes, { timeout: 3_000 });
  await expect(page.getByRole('button', { name: 'Pay with Centrapay' })).toHaveCount(0);
  // A refusal is not asked again.
  expect(laneReads.length).toBeLessThanOrEqual(1);

  const display = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await display.goto('/display?lane=nope');
  await expect(display.getByRole('alert')).toHaveText(lanes, { timeout: 3_000 });
});

test('a product button is named by what it shows, so a voice or a screen reader finds it', async ({ page }) => {
  await page.goto('/cashier?lane=e2e-35');
  await unlockCashier(page);
  const button = page.getByRole('button', { name: /^Add Flat White\s?\$5\.50$/ });
  await expect(button).toBeVisible();
  await expect(button).toContainText('Flat White');
});
