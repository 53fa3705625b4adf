// Setting up a display by scanning (issue 12): the cashier presses Add a display, a tablet scans the QR code on the
// till's screen (decoded here from its pixels) and becomes that lane's display, and remembers it; or the code is typed
// in. And the display says "Reconnecting…" only when its link has been down for more than 3 s.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addToCart, scanQr, startLaneAfresh, unlockCashier } from './helpers';
import { expectNoClippedText } from './layout';

async function openCashier(browser: Browser, lane: string): Promise<Page> {
  const cashier = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await startLaneAfresh(cashier.request, lane);
  await cashier.goto(`/cashier?lane=${lane}`);
  await unlockCashier(cashier);
  return cashier;
}

async function newTablet(browser: Browser): Promise<Page> {
  return (await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true })).newPage();
}

test('a display set up from the cashier’s “Add a display” QR decoded from pixels, and remembered', async ({ browser }) => {
  const lane = 'e2e-40';
  const cashier = await openCashier(browser, lane);
  const addDisplay = cashier.getByRole('button', { name: 'Add a display' });
  await addDisplay.click();
  const dialog = cashier.getByRole('dialog', { name: 'Add a display' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  await expect(dialog).toContainText(/On the tablet, scan this code with the camera, or open 127\.0\.0\.1:\d+\/pair and type the code\./);
  const shown = (await dialog.getByTestId('display-code').textContent()) ?? '';
  expect(shown).toMatch(/^[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}$/);

  const url = await scanQr(dialog.getByRole('img', { name: 'QR code that opens this lane’s display' }));
  expect(url).toMatch(new RegExp(`/pair/${shown.replace('-', '')}$`));

  const tablet = await newTablet(browser);
  await tablet.goto(url);
  await expect(tablet).toHaveURL(new RegExp(`/display\\?lane=${lane}$`));
  await expect(tablet.locator('main.display')).toHaveAttribute('data-screen', 'idle');
  // The pairing address was replaced, not left behind in the tablet's history (the tab opened on about:blank).
  expect(await tablet.evaluate(() => history.length)).toBe(2);

  // Escape closes the dialog and the cashier is back where they were.
  await cashier.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(addDisplay).toBeFocused();

  await addToCart(cashier, 'Flat White');
  await expect(tablet.locator('main.display')).toHaveAttribute('data-screen', 'cart');
  await expect(tablet.getByText('Flat White')).toBeVisible();

  // Opened again from the home screen: the manifest's start_url, with no lane in it, opens this lane.
  const manifest = (await (await tablet.request.get('/manifest.webmanifest')).json()) as { start_url: string };
  await tablet.goto(manifest.start_url);
  expect(new URL(tablet.url()).searchParams.get('lane')).toBeNull();
  await expect(tablet.locator('main.display')).toHaveAttribute('data-screen', 'cart');
  await expect(tablet.getByText('Flat White')).toBeVisible();
  await addToCart(cashier, 'Blueberry Muffin');
  await expect(tablet.getByText('Blueberry Muffin')).toBeVisible();
});

test('a display set up by typing the short code at /pair', async ({ browser }) => {
  const lane = 'e2e-41';
  const cashier = await openCashier(browser, lane);
  await cashier.getByRole('button', { name: 'Add a display' }).click();
  const dialog = cashier.getByRole('dialog', { name: 'Add a display' });
  const shown = (await dialog.getByTestId('display-code').textContent()) ?? '';
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // A tablet never set up, on a till with many lanes: it asks to be set up rather than guessing a lane.
  const tablet = await newTablet(browser);
  await tablet.goto('/display');
  await expect(tablet.getByRole('heading', { name: 'Set up this display' })).toBeVisible();

  await tablet.goto('/pair');
  const field = tablet.getByLabel('Code from the till');
  await expect(field).toBeFocused();
  // The empty field shows what a code looks like, whole; so does a code typed as the till shows it.
  await expect(field).toHaveAttribute('placeholder', 'K7Q-Z2M');
  await expectNoClippedText(tablet, 'the empty code field', '.pair-code-form');
  await field.fill('K7Q-Z2M');
  await expectNoClippedText(tablet, 'a code typed in full', '.pair-code-form');
  await field.fill('O0O-1I1');
  await tablet.getByRole('button', { name: 'Open the display' }).click();
  await expect(tablet.getByRole('alert')).toHaveText('A code from the till has 6 letters and digits, like K7Q\u2011Z2M.');
  // A well-formed code the till never gave.
  await field.fill(shown === 'ZZZ-ZZZ' ? 'YYY-YYY' : 'ZZZ-ZZZ');
  await tablet.getByRole('button', { name: 'Open the display' }).click();
  await expect(tablet.getByRole('alert')).toHaveText(/That code is not known or has expired/);

  // As a person types what they read: lower case, a space for the dash.
  await field.fill(shown.replace('-', ' ').toLowerCase());
  await field.press('Enter');
  await expect(tablet).toHaveURL(new RegExp(`/display\\?lane=${lane}$`));
  await addToCart(cashier, 'Flat White');
  await expect(tablet.getByText('Flat White')).toBeVisible();
  await tablet.goto('/display');
  await expect(tablet.getByText('Flat White')).toBeVisible();
});

test('the display says “Reconnecting…” only once its link has been down for more than 3 s', async ({ browser }) => {
  const lane = 'e2e-42';
  const cashier = await openCashier(browser, lane);
  const tabletContext = await browser.newContext({ viewport: { width: 768, height: 1024 } });
  // The tablet's timers run on a clock the test can stop: "3 s" is then the tablet's time, however slow this machine.
  await tabletContext.clock.install();
  const tablet = await tabletContext.newPage();
  await tablet.goto(`/display?lane=${lane}`);
  await expect(tablet.locator('main.display')).toHaveAttribute('data-screen', 'idle');
  const notice = tablet.getByRole('status').filter({ hasText: 'Reconnecting…' });
  await expect(notice).toHaveCount(0);

  // Stopped (a few seconds on, so never in its past): from here the tablet's time moves only when the test runs it.
  await tablet.clock.pauseAt((await tablet.evaluate(() => Date.now())) + 5_000);
  await tabletContext.setOffline(true);
  await tablet.clock.runFor(2_900);
  await expect(notice).toHaveCount(0);
  // Let its time run again: past 3 s down, it says so.
  await tablet.clock.resume();
  await expect(notice).toBeVisible({ timeout: 10_000 });

  await tabletContext.setOffline(false);
  await expect(notice).toHaveCount(0, { timeout: 10_000 });
  await addToCart(cashier, 'Flat White');
  await expect(tablet.getByText('Flat White')).toBeVisible({ timeout: 10_000 });

  // A second display whose network stays up but whose gateway stops answering: the event stream is refused (a
  // proxy's 503) and, from a moment on, so are its reads of the lane.
  const second = await (await browser.newContext({ viewport: { width: 768, height: 1024 } })).newPage();
  let gatewayDown = false;
  await second.route(`**/api/lanes/${lane}/events`, (route) => route.fulfill({ status: 503, body: 'Service Unavailable' }));
  await second.route(`**/api/lanes/${lane}`, (route) => (gatewayDown ? route.fulfill({ status: 502, body: 'Bad Gateway' }) : route.continue()));
  await second.goto(`/display?lane=${lane}`);
  await expect(second.getByText('Flat White')).toBeVisible();
  // Polling alone keeps it right: that is not a lost link.
  await second.waitForTimeout(4_000);
  const secondNotice = second.getByRole('status').filter({ hasText: 'Reconnecting…' });
  await expect(secondNotice).toHaveCount(0);
  gatewayDown = true;
  await expect(secondNotice).toBeVisible({ timeout: 10_000 });
  gatewayDown = false;
  await expect(secondNotice).toHaveCount(0, { timeout: 10_000 });
  await addToCart(cashier, 'Long Black');
  await expect(second.getByText('Long Black')).toBeVisible();
});
