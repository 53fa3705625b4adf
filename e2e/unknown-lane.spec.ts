// A screen opened for a lane that does not exist says so at once, on the cashier screen and on the display, and offers
// the lanes of the right kind instead (a till's screens never a kiosk's): never a screen of disabled buttons while a
// refusal is asked again (issue 12), and no more asking once the gateway has said it (issue 20).
import { expect, test, type Page } from '@playwright/test';
import { E2E_CASHIER_CODE, E2E_KIOSK_LANES, E2E_LANES } from '../playwright.config';
import { unlockCashier } from './helpers';

const TILLS = E2E_LANES.filter((lane) => !E2E_KIOSK_LANES.includes(lane.id));
/** How long a wrong-lane page is watched for asking again: several times the fallback poll (1 s) and the stream's first retries. */
const WATCH_MS = 5_000;

/** Every request the page makes about lane `nope` (its state and its event stream), from now on. */
function laneRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/api/lanes/nope')) seen.push(path);
  });
  return seen;
}

/** The links offered instead lead to every till of the same screen, and to no kiosk. */
async function expectTillsOffered(page: Page, screen: 'cashier' | 'display'): Promise<void> {
  const offered = await page.getByRole('link').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
  expect(offered.sort()).toEqual(TILLS.map((till) => `/${screen}?lane=${till.id}`).sort());
  for (const kiosk of E2E_KIOSK_LANES) expect(offered.join(' ')).not.toContain(`lane=${kiosk}`);
}

test('an unknown lane is explained at once on the cashier screen, with its tills only, and not asked about again', async ({ page }) => {
  const asked = laneRequests(page);
  await page.goto('/cashier?lane=nope');
  await page.getByLabel('Cashier code').fill(E2E_CASHIER_CODE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toHaveText('There is no lane “nope” on this till. Open one of its tills instead:', { timeout: 3_000 });
  await expect(page.getByRole('button', { name: 'Pay with Centrapay' })).toHaveCount(0);
  await expectTillsOffered(page, 'cashier');
  const afterAnswer = asked.length;
  await page.waitForTimeout(WATCH_MS);
  // Its state read once and its event stream opened once at most, and nothing since the answer.
  expect(asked.filter((path) => path === '/api/lanes/nope').length).toBeLessThanOrEqual(1);
  expect(asked.filter((path) => path === '/api/lanes/nope/events').length).toBeLessThanOrEqual(1);
  expect(asked.length).toBe(afterAnswer);
});

test('an unknown lane is explained at once on the display, which offers to be set up for a till instead, and not asked about again', async ({ browser }) => {
  const display = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  const asked = laneRequests(display);
  await display.goto('/display?lane=nope');
  await expect(display.getByRole('alert')).toHaveText('There is no lane “nope” on this till. Set this display up for one of its lanes.', { timeout: 3_000 });
  await expect(display.getByLabel('Code from the till')).toBeVisible();
  await expectTillsOffered(display, 'display');
  const afterAnswer = asked.length;
  await display.waitForTimeout(WATCH_MS);
  expect(asked.filter((path) => path === '/api/lanes/nope').length).toBeLessThanOrEqual(1);
  expect(asked.filter((path) => path === '/api/lanes/nope/events').length).toBeLessThanOrEqual(1);
  expect(asked.length).toBe(afterAnswer);
  await display.context().close();
});

test('a kiosk opened for a lane that is not a kiosk says so, and asks nothing about it', async ({ page }) => {
  const asked = laneRequests(page);
  await page.goto('/kiosk?lane=nope');
  await expect(page.getByRole('alert')).toHaveText('This screen is not a self-checkout kiosk. Ask a staff member for help.');
  await page.waitForTimeout(2_000);
  expect(asked).toEqual([]);
});

test('a product button is named by what it shows, so a voice or a screen reader finds it', async ({ page }) => {
  await page.goto('/cashier?lane=e2e-35');
  await unlockCashier(page);
  const button = page.getByRole('button', { name: /^Add Flat White\s?\$5\.50$/ });
  await expect(button).toBeVisible();
  await expect(button).toContainText('Flat White');
});
