// The kiosk on a portrait tablet (768×1024) and a landscape screen: each screen fills the glass without the page
// scrolling (the tiles and the order scroll inside themselves, so Pay and Cancel stay in reach), the QR code grows
// into the room there is, and what to do is centred under the code it is about. No words cut off anywhere.
import { expect, test, type Page } from '@playwright/test';
import { E2E_KIOSK_STAFF_CODE } from '../playwright.config';
import { holdClock, qrOnDisplay } from './helpers';
import { emptyBelow, expectNoClippedText, expectNoPageScroll } from './layout';

const LANE = 'e2e-58';
/** At most this much of the screen's height may stay empty under a screen that has more to show (a 2 vmin margin is 20 px). */
const MOST_EMPTY_BELOW = 40;

async function openKiosk(page: Page): Promise<void> {
  await page.goto(`/kiosk?lane=${LANE}`);
  await holdClock(page);
  await page.getByRole('button', { name: 'Staff' }).click();
  await page.getByLabel('Staff code').fill(E2E_KIOSK_STAFF_CODE);
  await page.getByRole('button', { name: 'Open' }).click();
  // Whatever an earlier run left on the kiosk's lane goes.
  await page.getByRole('button', { name: 'Reset the kiosk' }).click();
  await page.getByRole('button', { name: 'Close' }).click();
}

/** Centre of a box, across. */
const middle = (box: { x: number; width: number }) => box.x + box.width / 2;

async function expectCentredUnder(page: Page, what: string, text: ReturnType<Page['getByText']>): Promise<void> {
  const qr = (await qrOnDisplay(page).boundingBox())!;
  const box = (await text.boundingBox())!;
  expect(box.y, `${what} is under the code`).toBeGreaterThan(qr.y + qr.height - 1);
  // The words themselves, not only their box, sit in the middle.
  expect(await text.evaluate((element) => getComputedStyle(element).textAlign), what).toBe('center');
  expect(Math.abs(middle(box) - middle(qr)), `${what} is centred under the code`).toBeLessThanOrEqual(2);
}

test('on a portrait tablet every kiosk screen fills the glass, without scrolling and with nothing cut off', async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true })).newPage();
  await openKiosk(page);
  await expectNoPageScroll(page, 'attract');
  await expectNoClippedText(page, 'attract');

  await page.getByRole('button', { name: 'Touch to start' }).click();
  for (const product of ['Flat White', 'Croissant', 'Orange Juice']) await page.getByRole('button', { name: `Add ${product}` }).click();
  await expect(page.getByTestId('kiosk-total')).toHaveText('$15.20');
  // The shop: the tiles above, the order below with Pay in reach, down to the bottom of the screen.
  await expectNoPageScroll(page, 'shop');
  await expectNoClippedText(page, 'shop');
  await expect(page.getByRole('button', { name: 'Pay $15.20' })).toBeInViewport({ ratio: 1 });
  expect(await emptyBelow(page, 'main.kiosk'), 'shop: empty under the order').toBeLessThanOrEqual(MOST_EMPTY_BELOW);

  await page.getByRole('button', { name: 'Pay $15.20' }).click();
  await expect(qrOnDisplay(page)).toBeVisible();
  // Paying: the order above, the code as large as the rest of the screen allows, Cancel at the bottom.
  await expectNoPageScroll(page, 'pay');
  await expectNoClippedText(page, 'pay');
  expect(await emptyBelow(page, 'main.kiosk'), 'pay: empty under Cancel').toBeLessThanOrEqual(MOST_EMPTY_BELOW);
  expect((await qrOnDisplay(page).boundingBox())!.width, 'the code takes the room there is').toBeGreaterThanOrEqual(0.55 * 768);
  await expect(page.getByRole('button', { name: 'Cancel payment' })).toBeInViewport({ ratio: 1 });
  await expectCentredUnder(page, 'the hint', page.getByText('Scan with your Centrapay app'));
  await expectCentredUnder(page, 'the time left', page.getByText(/^Time left/));

  await page.getByRole('button', { name: 'Cancel payment' }).click();
  await expect(page.getByRole('heading', { name: 'Payment cancelled' })).toBeVisible();
  // The result stands in the middle of the screen, not at its top.
  await expectNoPageScroll(page, 'result');
  const result = (await page.locator('.kiosk-result').boundingBox())!;
  const heading = (await page.getByRole('heading', { name: 'Payment cancelled' }).boundingBox())!;
  const startOver = (await page.getByRole('button', { name: 'Start over' }).boundingBox())!;
  const above = heading.y - result.y;
  const below = result.y + result.height - (startOver.y + startOver.height);
  expect(Math.abs(above - below), 'result: as much room above as below').toBeLessThanOrEqual(4);
  await page.getByRole('button', { name: 'Start over' }).click();
  await page.context().close();
});

test('on a landscape kiosk what to do is centred under the QR code', async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true })).newPage();
  await openKiosk(page);
  await page.getByRole('button', { name: 'Touch to start' }).click();
  await page.getByRole('button', { name: 'Add Long Black' }).click();
  await page.getByRole('button', { name: 'Pay $4.80' }).click();
  await expect(qrOnDisplay(page)).toBeVisible();
  await expectNoPageScroll(page, 'pay');
  await expectNoClippedText(page, 'pay');
  await expectCentredUnder(page, 'the hint', page.getByText('Scan with your Centrapay app'));
  await page.getByRole('button', { name: 'Cancel payment' }).click();
  await page.getByRole('button', { name: 'Start over' }).click();
  await page.context().close();
});
