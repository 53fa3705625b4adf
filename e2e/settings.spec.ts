// The cashier's settings page (issue 21, item 4): the pre-flight checks of the store, for an authorised cashier screen
// only. The cashier opens it from the till's header, sees every check pass against the sandbox, and — with the
// sandbox's clock set 45 s behind this machine's, as a till without time synchronisation would be — runs the checks
// again from the keyboard and reads the clock check fail in words, with what to do. On a till's 1366×768 screen the
// page never scrolls, and axe finds nothing serious on it.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { expectNoSeriousViolations } from './axe';
import { unlockCashier } from './helpers';

const LANE = 'e2e-59';
const CHECKS = ['API key', 'Merchant configs', 'Clock', 'Webhooks', 'Rate budget (account sbxAccountCafe)'];

/** Centrapay's clock (the sandbox's `Date` header) this many seconds from the machine's. */
async function skewCentrapayClock(request: APIRequestContext, seconds: number): Promise<void> {
  const response = await request.post('/sandbox/_sandbox/date-skew', { data: { seconds } });
  expect(response.status()).toBe(200);
}

function check(page: Page, title: string) {
  return page.getByRole('list', { name: 'Checks' }).getByRole('listitem').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
}

/** The page fits the screen: nothing to scroll, down or across. */
async function expectNoPageScroll(page: Page): Promise<void> {
  const size = await page.evaluate(() => ({
    height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth, innerHeight: window.innerHeight, innerWidth: window.innerWidth,
  }));
  expect(size.height, 'page height').toBeLessThanOrEqual(size.innerHeight);
  expect(size.width, 'page width').toBeLessThanOrEqual(size.innerWidth);
}

test('the cashier opens Settings from the till’s header and reads the pre-flight: all pass, then a skewed clock fails in words', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  try {
    // Not unlocked yet: the page says what the cashier code is for, and shows no checks.
    await page.goto(`/settings?lane=${LANE}`);
    await expect(page.getByText('Enter the store’s cashier code to see this till’s settings on this screen.')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Pre-flight checks' })).toHaveCount(0);

    await page.goto(`/cashier?lane=${LANE}`);
    await unlockCashier(page);
    await page.getByRole('navigation', { name: 'Till' }).getByRole('link', { name: 'Settings' }).click();
    await expect(page).toHaveURL(new RegExp(`/settings\\?lane=${LANE}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings · E2E 59');
    await expect(page.getByRole('link', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');

    const status = page.getByRole('status');
    await expect(status).toContainText('5 ok, 0 warning, 0 failed: nothing stops a first sale.', { timeout: 30_000 });
    await expect(status).toContainText(/Checked against the sandbox at http:\/\/127\.0\.0\.1:\d+\/sandbox at /);
    for (const title of CHECKS) await expect(check(page, title), title).toContainText('Passed');
    await expect(check(page, 'Webhooks')).toContainText('A signed test notification from the sandbox reached');
    await expectNoPageScroll(page);
    await page.screenshot({ path: '/tmp/settings-passing.png' });
    await expectNoSeriousViolations(page, 'settings, passing');

    await skewCentrapayClock(page.request, -45);
    // From the keyboard: Tab to the button (it is in the tab order after the header's links) and press it.
    const runAgain = page.getByRole('button', { name: 'Run checks again' });
    for (let presses = 0; presses < 10 && !(await runAgain.evaluate((button) => button === document.activeElement)); presses += 1) await page.keyboard.press('Tab');
    await expect(runAgain).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(status).toContainText('failed: fix what failed before the first real sale.', { timeout: 30_000 });
    const clock = check(page, 'Clock');
    await expect(clock).toContainText('Failed');
    await expect(clock).toContainText(/This machine's clock is 4[4-6] s ahead of Centrapay's\. Beyond 30 s every webhook is refused/);
    await expect(clock).toContainText('What to do: Turn on time synchronisation on this machine');
    await expect(check(page, 'API key')).toContainText('Passed');
    // The button kept the keyboard's place through the run.
    await expect(runAgain).toBeFocused();
    await expectNoPageScroll(page);
    await page.screenshot({ path: '/tmp/settings-failing.png' });
    await expectNoSeriousViolations(page, 'settings, a check failing');

    // The report is longer than the screen here (the suite's 60 lanes): it scrolls inside its list, by keyboard too.
    await page.keyboard.press('Tab');
    await expect(page.getByRole('list', { name: 'Checks' })).toBeFocused();
    await page.keyboard.press('End');
    await expect(check(page, 'Rate budget (account sbxAccountCafe)').getByText('Webhooks are on.')).toBeInViewport();
    await expectNoPageScroll(page);

    await skewCentrapayClock(page.request, 0);
    await page.keyboard.press('Shift+Tab');
    await expect(runAgain).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(status).toContainText('0 failed: nothing stops a first sale.', { timeout: 30_000 });
    await expect(check(page, 'Clock')).toContainText('Passed');
  } finally {
    await skewCentrapayClock(page.request, 0);
    await context.close();
  }
});
