// The display between sales, as a patron at the counter sees it: the merchant's name, promotions that change by
// themselves (a missing image skipped, never a broken-image icon), the time and where to pay; still when the
// device asks for less motion; and a thank-you after a paid sale before the attract screen returns.
import { expect, test, type Page } from '@playwright/test';
import { E2E_SLIDES } from '../playwright.config';
import { DEMO_SLIDES } from '../src/server/display-slides';
import { THANKS_SECONDS } from '../src/web/ui/sale-state';
import { addToCart, holdClock, openScreens, SHORT_RESULT_SECONDS, takeExactCash } from './helpers';

const SLIDE_SECONDS = 7;
const [FIRST, BROKEN, SECOND, THIRD] = E2E_SLIDES as [string, string, string, string];

/** Every image on the page has loaded and has pixels: none shows as a broken-image icon. */
async function expectNoBrokenImages(display: Page): Promise<void> {
  const images = await display.evaluate(() => [...document.images].map((image) => ({ src: new URL(image.src).pathname, ok: image.complete && image.naturalWidth > 0 })));
  expect(images.filter((image) => !image.ok)).toEqual([]);
  expect(images.map((image) => image.src)).not.toContain(BROKEN);
}

async function openAttract(display: Page, lane: string): Promise<void> {
  await display.goto(`/display?lane=${lane}`);
  await expect(display.getByRole('heading', { name: 'Welcome' })).toBeVisible();
  // The slides load up front; the missing one is dropped once it fails.
  await expect.poll(() => display.evaluate(() => [...document.images].map((image) => image.complete && image.naturalWidth > 0))).toEqual([true, true, true]);
  await expectNoBrokenImages(display);
}

const shownSlide = (display: Page) => display.getByTestId('slide-shown');

test('attract slideshow with a broken image skipped: name, time, where to pay, slides that change; still with reduced motion; plain with none', async ({ browser }) => {
  test.setTimeout(120_000);
  const lane = 'e2e-44';
  const display = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await openAttract(display, lane);
  await expect(display.getByTestId('brand-bar')).toHaveText('Sandbox Café');
  await expect(display.getByText('Pay with Centrapay here')).toBeVisible();
  const time = display.getByTestId('attract-time');
  await expect(time).toHaveText(/^\d{1,2}:\d{2}/);
  expect(Math.abs(Date.parse((await time.getAttribute('datetime'))!) - Date.now())).toBeLessThan(60_000);

  // The slides take turns, cross-fading, and the missing one never has one.
  await expect(shownSlide(display)).toHaveAttribute('src', FIRST);
  await expect(shownSlide(display)).toHaveCSS('opacity', '1');
  expect(await shownSlide(display).evaluate((slide) => parseFloat(getComputedStyle(slide).transitionDuration))).toBeGreaterThan(0);
  for (const next of [SECOND, THIRD, FIRST]) {
    await expect(shownSlide(display)).toHaveAttribute('src', next, { timeout: (SLIDE_SECONDS + 3) * 1000 });
    await expect(shownSlide(display)).toHaveCSS('opacity', '1');
    await expectNoBrokenImages(display);
  }
  await display.context().close();

  // A device set to reduce motion: the first slide stays, and appears without a fade.
  const still = await (await browser.newContext({ viewport: { width: 768, height: 1024 } })).newPage();
  await still.emulateMedia({ reducedMotion: 'reduce' });
  await openAttract(still, lane);
  await expect(shownSlide(still)).toHaveAttribute('src', FIRST);
  expect(await shownSlide(still).evaluate((slide) => getComputedStyle(slide).transitionDuration)).toBe('0s');
  await still.waitForTimeout((SLIDE_SECONDS + 2) * 1000);
  await expect(shownSlide(still)).toHaveAttribute('src', FIRST);
  await expect(still.locator('.slide')).toHaveCount(3);
  await still.context().close();

  // Every slide and the logo missing: a plain welcome with the merchant's name, and no broken-image icon anywhere.
  const plain = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await plain.route('**/api/config', async (route) => {
    const config = await (await route.fetch()).json();
    await route.fulfill({ json: { ...config, merchantLogoUrl: '/no-such-logo.png', slides: [BROKEN, '/slides/also-missing.jpg'] } });
  });
  await plain.goto(`/display?lane=${lane}`);
  await expect(plain.getByRole('heading', { name: 'Welcome' })).toBeVisible();
  await expect(plain.getByText('Pay with Centrapay here')).toBeVisible();
  await expect(plain.getByTestId('brand-bar')).toHaveText('Sandbox Café');
  await expect(plain.locator('img')).toHaveCount(0);
  await expect(plain.getByTestId('slideshow')).toHaveCount(0);
  await plain.context().close();
});

test('after a paid sale the display thanks the patron by the merchant’s name, then the attract screen returns', async ({ browser }) => {
  const { cashier, display, close } = await openScreens(browser, 'e2e-45', { resultSeconds: SHORT_RESULT_SECONDS });
  await addToCart(cashier, 'Long Black');
  await expect(display.getByTestId('cart-total')).toHaveText('$4.80');
  await expect(display.getByTestId('brand-bar')).toHaveText('Sandbox Café');

  // The display's time stands still from the sale's end, and the test moves it on: each screen is seen for as long as
  // the display means it to be, however slow this machine is.
  const clock = await holdClock(display);
  await takeExactCash(cashier, cashier.getByRole('group', { name: 'Take payment at the counter' }));
  await expect(display.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  await expect(display.getByTestId('brand-bar')).toHaveText('Sandbox Café');

  // After the result time, the thanks; still there most of its time later: a few seconds of thanks, not a flash.
  const thanks = display.getByRole('heading', { name: 'Thank you for shopping with Sandbox Café' });
  await clock.forward(SHORT_RESULT_SECONDS);
  await expect(thanks).toBeVisible();
  await expect(display.getByTestId('brand-bar')).toHaveText('Sandbox Café');
  await clock.forward(THANKS_SECONDS - 1.5);
  await expect(thanks).toBeVisible();
  // Then the attract screen.
  await clock.forward(2);
  await expect(display.getByRole('heading', { name: 'Welcome' })).toBeVisible();
  await expect(thanks).toHaveCount(0);
  await expect(display.getByText('Pay with Centrapay here')).toBeVisible();
  await close();
});

test('no demo slide’s words are covered by its picture, in this machine’s fonts', async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage();
  for (const slide of DEMO_SLIDES) {
    await page.goto(slide);
    // Each line of words against each shape of the picture: the slide's background (a shape as big as the slide) and
    // faint decoration (a glow under 20% opacity) aside, none may overlap a line.
    const covered = await page.evaluate(() => {
      const slideBox = document.documentElement.getBoundingClientRect();
      const opacity = (element: Element | null): number => (element instanceof SVGElement ? Number(getComputedStyle(element).opacity) * opacity(element.parentElement) : 1);
      const lines = [...document.querySelectorAll('text')].map((text) => ({ words: text.textContent ?? '', box: text.getBoundingClientRect() }));
      const shapes = [...document.querySelectorAll('path, rect, circle, ellipse, polygon, polyline, line')]
        .filter((shape) => !shape.closest('defs') && opacity(shape) >= 0.2)
        .map((shape) => shape.getBoundingClientRect())
        .filter((box) => box.width * box.height < 0.9 * slideBox.width * slideBox.height);
      const overlap = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      // A shape that holds the whole line (a price's pill) is its backdrop, not the picture.
      const holds = (outer: DOMRect, inner: DOMRect) => outer.left <= inner.left && outer.right >= inner.right && outer.top <= inner.top && outer.bottom >= inner.bottom;
      return lines.filter((line) => shapes.some((box) => overlap(line.box, box) && !holds(box, line.box))).map((line) => line.words);
    });
    expect(covered, slide).toEqual([]);
  }
  await page.context().close();
});
