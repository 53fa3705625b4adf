// The front door (/), as someone setting the shop up meets it: every lane's screens, every machine's pages and, on the
// sandbox only, the wallet simulator and the patrons' codes, each a link that opens what it says, styled like the
// rest, named for a screen reader, with the focus shown, fitting a till (1366×768) and a tablet (768×1024).
import { expect, test, type Page } from '@playwright/test';
import { E2E_KIOSK_LANES, E2E_LANES } from '../playwright.config';
import { DEMO_MACHINES } from '../src/server/gateway/machines/machines';
import { expectNoSeriousViolations } from './axe';
import { expectFocusShown, expectNoClippedText } from './layout';

const TILLS = E2E_LANES.filter((lane) => !E2E_KIOSK_LANES.includes(lane.id));
const KIOSKS = E2E_LANES.filter((lane) => E2E_KIOSK_LANES.includes(lane.id));
const link = (page: Page, name: string) => page.getByRole('link', { name, exact: true });

async function expectLinks(page: Page): Promise<void> {
  for (const till of TILLS) {
    await expect(link(page, `Cashier for ${till.name}`)).toHaveAttribute('href', `/cashier?lane=${till.id}`);
    await expect(link(page, `Display for ${till.name}`)).toHaveAttribute('href', `/display?lane=${till.id}`);
  }
  for (const kiosk of KIOSKS) {
    await expect(link(page, `Kiosk for ${kiosk.name}`)).toHaveAttribute('href', `/kiosk?lane=${kiosk.id}`);
    // A kiosk has no cashier screen or display of its own.
    await expect(link(page, `Cashier for ${kiosk.name}`)).toHaveCount(0);
  }
  for (const machine of DEMO_MACHINES) {
    await expect(link(page, `Patron page for ${machine.name}`)).toHaveAttribute('href', `/machines/${machine.id}/pay`);
    await expect(link(page, `Sticker for ${machine.name}`)).toHaveAttribute('href', `/machines/${machine.id}/qr`);
  }
  // Every link's name says what it opens, and whose: no two alike.
  const names = await page.getByRole('link').evaluateAll((links) => links.map((each) => (each.textContent ?? '').trim()));
  expect(new Set(names).size).toBe(names.length);
}

for (const viewport of [{ width: 1366, height: 768 }, { width: 768, height: 1024 }]) {
  test(`the home page lists every lane, machine and sandbox page, and fits ${viewport.width}×${viewport.height}`, async ({ browser }) => {
    const page = await (await browser.newContext({ viewport })).newPage();
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Lanes' })).toBeVisible();
    await expectLinks(page);
    for (const machine of DEMO_MACHINES) await expect(link(page, `Simulator for ${machine.name}`)).toHaveAttribute('href', `/machines/${machine.id}`);
    await expect(link(page, 'Open the wallet')).toHaveAttribute('href', '/sandbox/wallet');
    await expect(link(page, 'My codes')).toHaveAttribute('href', '/sandbox/codes');

    // Styled like the rest: the till's header bar and white cards on the wash; nothing sideways, no words cut off.
    expect(await page.locator('.home-header').evaluate((header) => getComputedStyle(header).backgroundColor)).toBe('rgb(11, 31, 58)');
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth)).toBe(0);
    await expectNoClippedText(page, 'home');
    for (const card of await page.locator('.home-card').all()) {
      const box = (await card.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    }
    // A keyboard reaches the first link, and it shows it has the focus.
    await page.keyboard.press('Tab');
    await expectFocusShown(link(page, `Cashier for ${TILLS[0]!.name}`), 'first link');
    await expectNoSeriousViolations(page, 'home');
    await page.context().close();
  });
}

test('each link on the home page opens its screen', async ({ page }) => {
  const opens: [string, (target: Page) => Promise<void>][] = [
    [`Cashier for ${TILLS[0]!.name}`, (target) => expect(target.getByLabel('Cashier code')).toBeVisible()],
    [`Display for ${TILLS[1]!.name}`, (target) => expect(target.getByRole('heading', { name: 'Welcome' })).toBeVisible()],
    [`Kiosk for ${KIOSKS.at(-1)!.name}`, (target) => expect(target.getByRole('button', { name: 'Staff' })).toBeVisible()],
    [`Patron page for ${DEMO_MACHINES[0]!.name}`, (target) => expect(target.getByRole('heading', { name: DEMO_MACHINES[0]!.name })).toBeVisible()],
    [`Sticker for ${DEMO_MACHINES[1]!.name}`, (target) => expect(target.getByRole('img', { name: new RegExp(DEMO_MACHINES[1]!.name!) })).toBeVisible()],
    [`Simulator for ${DEMO_MACHINES[0]!.name}`, (target) => expect(target.getByRole('heading', { name: new RegExp(DEMO_MACHINES[0]!.name!) })).toBeVisible()],
    ['Open the wallet', (target) => expect(target.getByRole('heading', { name: 'Wallet simulator' })).toBeVisible()],
    ['My codes', (target) => expect(target.getByRole('heading', { name: 'My codes' })).toBeVisible()],
  ];
  for (const [name, shows] of opens) {
    await page.goto('/');
    await link(page, name).click();
    await shows(page);
  }
});

test('with a real Centrapay the home page offers no wallet, no codes and no machine simulator', async ({ page }) => {
  // The server says whether it runs on its embedded sandbox (GET /api/config, `sandbox`); with a real Centrapay the
  // sandbox's pages are not served at all (src/server/app.test.ts).
  await page.route('**/api/config', async (route) => {
    const config = await (await route.fetch()).json();
    await route.fulfill({ json: { ...config, sandbox: false } });
  });
  await page.goto('/');
  await expectLinks(page);
  await expect(page.getByText('connected to Centrapay')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Sandbox' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: /wallet|codes|Simulator/i })).toHaveCount(0);
});
