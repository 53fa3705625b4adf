// What people see, as they see it (issue 20): every main screen in its main states, at the sizes it is used at, is
// compared with its committed picture (toHaveScreenshot, with the tolerance in playwright.config.ts: a short code or a
// clock that differs passes, a layout that moves does not), fits its screen (no page scroll, no clipped text) and
// stays at 0 serious or critical axe findings. What changes on every run — QR codes, clocks, the time left, slides —
// is masked. The till's own states are pictured by till-layout.spec.ts. After a deliberate change of a screen:
// `npx playwright test e2e/screens.spec.ts e2e/till-layout.spec.ts --update-snapshots`, then look at the new pictures.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { E2E_KIOSK_STAFF_CODE } from '../playwright.config';
import { expectNoSeriousViolations } from './axe';
import { expectToFit, misfits } from './fit';
import { changing } from './screens-mask';
import { addToCart, holdClock, patronScans, payAs, startLaneAfresh, takeExactCash, unlockCashier } from './helpers';

/**
 * The screen as people see it: its picture, fitting its screen, and axe. A page that may scroll (`scrolls`: the home
 * page, which lists every lane) is checked for clipped text only.
 */
async function checkScreen(page: Page, name: string, { scrolls = false, height }: { scrolls?: boolean; height?: number } = {}): Promise<void> {
  if (scrolls) expect((await misfits(page)).clipped, name).toEqual([]);
  else await expectToFit(page, name);
  await expectNoSeriousViolations(page, name);
  // `height`: only the top of the screen is pictured, where what follows depends on what other tests left behind.
  const clip = height ? { x: 0, y: 0, width: page.viewportSize()!.width, height } : undefined;
  await expect(page).toHaveScreenshot(`${name}.png`, { mask: changing(page), fullPage: false, ...(clip ? { clip } : {}) });
}

const DISPLAYS = [{ width: 1920, height: 1080 }, { width: 768, height: 1024 }];

async function displaysOf(browser: Browser, lane: string): Promise<Page[]> {
  return Promise.all(DISPLAYS.map(async (viewport) => {
    const page = await (await browser.newContext({ viewport })).newPage();
    await page.goto(`/display?lane=${lane}`);
    await holdClock(page);
    return page;
  }));
}

test('the customer display: welcome, the order, the QR to pay, an ID check and the result, landscape and portrait', async ({ browser }) => {
  const lane = 'e2e-75';
  const till = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await startLaneAfresh(till.request, lane);
  await till.goto(`/cashier?lane=${lane}`);
  await unlockCashier(till);
  const displays = await displaysOf(browser, lane);
  const each = async (state: string) => {
    for (const display of displays) await checkScreen(display, `display-${state}-${display.viewportSize()!.width}x${display.viewportSize()!.height}`);
  };
  for (const display of displays) await expect(display.getByRole('heading', { name: 'Welcome' })).toBeVisible();
  await each('welcome');

  await addToCart(till, 'Flat White', 'Blueberry Muffin', 'Craft Beer');
  for (const display of displays) await expect(display.getByRole('heading', { name: 'Your order' })).toBeVisible();
  await each('order');

  await till.getByRole('button', { name: 'Pay with Centrapay' }).click();
  for (const display of displays) await expect(display.getByTestId('display-check')).toBeVisible();
  await each('id-check');

  await till.getByRole('group', { name: /Check needed/ }).getByRole('button', { name: 'Accept' }).click();
  for (const display of displays) await expect(display.getByRole('img', { name: 'Scan to pay with Centrapay' })).toBeVisible();
  await each('pay');

  const phone = await patronScans(browser, displays[0]!);
  await checkScreen(phone, 'wallet-pay-390x844');
  await payAs(phone, 'Alice');
  for (const display of displays) await expect(display.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  await each('paid');
});

test('the back office: sales history, a sale, end of day and settings at 1366×768', async ({ browser }) => {
  const lane = 'e2e-76';
  const till = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await startLaneAfresh(till.request, lane);
  await till.goto(`/cashier?lane=${lane}`);
  await unlockCashier(till);
  await addToCart(till, 'Latte', 'Croissant');
  await takeExactCash(till, till.getByRole('group', { name: 'Take payment at the counter' }));
  await expect(till.getByTestId('cashier-status')).toHaveText('Paid by Cash');

  await till.goto(`/history?lane=${lane}`);
  const sale = till.getByRole('table').getByRole('link').first();
  await expect(sale).toBeVisible();
  // The store's machines' vends follow the lane's sales on the page: as many as the other tests made.
  await checkScreen(till, 'back-office-history-1366x768', { height: 460 });
  await sale.click();
  await expect(till.getByRole('heading', { level: 1 })).toBeVisible();
  await checkScreen(till, 'back-office-sale-1366x768');
  await till.goto(`/reports?lane=${lane}`);
  await expect(till.getByRole('heading', { name: /^End of day/ })).toBeVisible();
  await checkScreen(till, 'back-office-end-of-day-1366x768');
  await till.goto(`/settings?lane=${lane}`);
  await expect(till.getByRole('status').filter({ hasText: /check/i }).first()).toBeVisible({ timeout: 20_000 });
  await checkScreen(till, 'back-office-settings-1366x768');
});

test('the front door and the kiosk, as a new store and a patron first see them', async ({ browser }) => {
  const home = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await home.goto('/');
  await expect(home.getByRole('heading', { level: 1 })).toBeVisible();
  await checkScreen(home, 'home-1366x768', { scrolls: true });

  for (const viewport of [{ width: 1920, height: 1080 }, { width: 768, height: 1024 }]) {
    const kiosk = await (await browser.newContext({ viewport, hasTouch: true })).newPage();
    await kiosk.goto('/kiosk?lane=e2e-57');
    await holdClock(kiosk);
    const size = `${viewport.width}x${viewport.height}`;
    const notSetUp = kiosk.getByRole('alert').filter({ hasText: /not set up yet/ });
    await expect(notSetUp.or(kiosk.getByRole('button', { name: 'Touch to start' }))).toBeVisible();
    if (await notSetUp.count()) {
      await kiosk.getByRole('button', { name: 'Staff' }).click();
      await kiosk.getByLabel('Staff code').fill(E2E_KIOSK_STAFF_CODE);
      await kiosk.getByRole('button', { name: 'Open' }).click();
      await kiosk.getByRole('button', { name: 'Close' }).click();
    }
    await expect(kiosk.getByRole('button', { name: 'Touch to start' })).toBeVisible();
    await checkScreen(kiosk, `kiosk-welcome-${size}`);
    // The order is the lane's: pictured once, on the portrait tablet (the last size), as it starts one.
    if (viewport.height > viewport.width) {
      await kiosk.getByRole('button', { name: 'Touch to start' }).click();
      await kiosk.getByRole('button', { name: 'Add Flat White' }).click();
      await checkScreen(kiosk, `kiosk-order-${size}`);
    }
    await kiosk.context().close();
  }
});
