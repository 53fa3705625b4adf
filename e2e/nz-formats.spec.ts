// New Zealand formats and people's words (issue 20, items 4 and 6), with every browser set to en-US in Auckland's time
// zone — a till bought off the shelf. A morning's sale is paid by QR and part refunded; the display (in te reo Māori
// for the patron), the wallet simulator, the receipt, the history, the sale's page, its refunds and the end of day
// are read as people read them: no US date ("12/6/2026", "Dec 6"), no "AM"/"PM", no "NZ$" anywhere; days typed
// day/month/year; and a part-refunded sale says so with its amounts, its ids and asset types only under Details.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { formatDay, localDateOf } from '../src/domain/dates';
import { expectNoSeriousViolations } from './axe';
import { addToCart, lanePayment, openScreens, payAs, press, qrOnDisplay, scanQr } from './helpers';

test.use({ locale: 'en-US', timezoneId: 'Pacific/Auckland' });

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
/** What an en-US browser writes where New Zealand writes otherwise. */
const NOT_NZ: [string, RegExp][] = [
  ['a numeric date', /\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/],
  ['a month before its day', new RegExp(`\\b(${MONTHS})[a-z]* \\d{1,2}\\b(?!\\d)`)],
  ['AM or PM', /\b(AM|PM)\b/],
  ['NZ$', /NZ\$/],
  ['a space after the dollar sign', /\$\s\d/],
];
/** "8 Dec 2026, 9:55 am", as the receipt writes it. */
const NZ_DATE_TIME = new RegExp(`\\b\\d{1,2} (${MONTHS}) \\d{4}, \\d{1,2}:\\d{2} (am|pm)\\b`);

/** The text a person reads on the page (a closed Details included in nothing). */
async function expectNewZealandFormats(page: Page | Locator, screen: string): Promise<string> {
  const text = await ('mainFrame' in page ? page.locator('body') : page).innerText();
  for (const [what, pattern] of NOT_NZ) expect(text, `${screen}: ${what} in ${JSON.stringify(text.match(pattern)?.[0])}`).not.toMatch(pattern);
  return text;
}

/** Today in Auckland, as the test's browsers count it. */
const aucklandToday = () => {
  const zone = process.env.TZ;
  process.env.TZ = 'Pacific/Auckland';
  const today = localDateOf(Date.now());
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
  return today;
};

test('an en-US browser in Auckland: every screen writes dates, times and money as New Zealand does, and a part refund in words', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const lane = 'e2e-77';
  const { cashier, display, close } = await openScreens(browser, lane);
  expect(await cashier.evaluate(() => navigator.language)).toBe('en-US');
  await addToCart(cashier, 'Orange Juice', 'Blueberry Muffin');
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();

  // The patron reads the display in te reo Māori: money is "$10.50" there too, never "NZ$10.50".
  await expect(qrOnDisplay(display)).toBeVisible();
  await display.getByRole('button', { name: 'Te reo Māori' }).click();
  await expect(display.getByTestId('amount-due')).toHaveText('$10.50');
  await expectNewZealandFormats(display, 'the display in te reo Māori');
  const url = await scanQr(display.getByRole('img', { name: 'Matawaihia kia utu mā Centrapay' }));
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  await phone.goto(url);
  await expect(phone.getByText('$10.50').first()).toBeVisible();
  await expectNewZealandFormats(phone, 'the wallet simulator');
  await payAs(phone, 'Alice');
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment successful');
  await expect(display.getByRole('heading', { name: 'Kua tutuki te utu' })).toBeVisible();
  await expectNewZealandFormats(display, 'the display’s result');
  await expectNewZealandFormats(cashier, 'the till');

  // The receipt on the patron's phone.
  await phone.goto(await scanQr(display.getByRole('img', { name: 'Waehere QR ki tō rīhiti' })));
  const receipt = phone.getByRole('article');
  await expect(receipt).toBeVisible();
  expect(await expectNewZealandFormats(phone, 'the receipt')).toMatch(NZ_DATE_TIME);
  await phone.context().close();

  await expect(await historyPage(cashier, lane)).toMatch(NZ_DATE_TIME);
  const saleText = await refundOneLine(cashier, lane, (await lanePayment(request, lane)).paymentRequest.id);
  expect(saleText).toMatch(NZ_DATE_TIME);
  // Back on the list, the sale says what went back of it.
  await cashier.getByRole('link', { name: '← All sales' }).click();
  await expect(cashier.getByTestId('history-page-sale')).toContainText('Paid · $6.00 refunded');
  await endOfDay(cashier, lane);
  await close();
});

/** The history: its dates as New Zealand writes them, and a day typed day/month/year (never the browser's picker). */
async function historyPage(cashier: Page, lane: string): Promise<string> {
  await cashier.setViewportSize({ width: 1366, height: 768 });
  await cashier.goto(`/history?lane=${lane}`);
  await expect(cashier.getByTestId('history-page-sale')).toHaveCount(1);
  const text = await expectNewZealandFormats(cashier, 'the history');
  await expect(cashier.locator('input[type="date"]')).toHaveCount(0);

  const today = aucklandToday();
  const [year, month, day] = today.split('-').map(Number);
  const date = cashier.getByRole('textbox', { name: 'Date' });
  await date.fill(`${day}/${month}/${year}`);
  await expect(cashier.getByTestId('date-field-words')).toHaveText(formatDay(today));
  // ↓ is the day before, ↑ back again; a month written first is no day.
  await date.press('ArrowDown');
  await expect(date).not.toHaveValue(`${day}/${month}/${year}`);
  await date.press('ArrowUp');
  await expect(date).toHaveValue(`${day}/${month}/${year}`);
  await cashier.getByRole('button', { name: 'Find', exact: true }).click();
  await expect(cashier.locator('.history-summary')).toContainText(`on ${formatDay(today)}.`);
  await date.fill('12/31/2026');
  await expect(date).toHaveAttribute('aria-invalid', 'true');
  await expect(cashier.getByTestId('date-field-words')).toHaveText('Type day/month/year, e.g. 6/12/2026.');
  await cashier.screenshot({ path: test.info().outputPath('history-1366x768.png') });
  await cashier.getByRole('button', { name: 'Show all' }).click();
  await expect(date).toHaveValue('');
  return text;
}

/** The sale's page: one line refunded, then it says Part refunded with the amounts; raw internals only under Details. */
async function refundOneLine(cashier: Page, lane: string, paymentRequestId: string): Promise<string> {
  await cashier.getByTestId('history-page-sale').getByRole('link').click();
  const panel = cashier.getByRole('region', { name: 'Refund or void' });
  const muffin = panel.getByRole('checkbox', { name: /Blueberry Muffin/ });
  await expectCheckboxBesideItsLabel(muffin, panel.getByText('1 × Blueberry Muffin'));
  await muffin.check();
  await press(panel, 'Refund chosen lines', 'Stale', 'Refund $6.00 (the chosen lines)?');
  await expect(cashier.getByTestId('sale-result')).toHaveText('Part refunded: $6.00 of $10.50', { timeout: 15_000 });
  await expect(panel.getByTestId('refund-state')).toHaveText('Part refunded: $6.00 of $10.50');
  await expect(panel.getByTestId('refund')).toContainText('Refunded · Centrapay refund');
  await expect(cashier.getByTestId('sale-activities')).toContainText('Refunded');

  const main = cashier.getByRole('main');
  const text = await expectNewZealandFormats(main, 'the sale’s page');
  for (const raw of [paymentRequestId, 'centrapay.nzd.test', 'cashier:', 'refund accepted pending', 'refund-accepted']) {
    expect(text, `${raw} outside Details`).not.toContain(raw);
  }
  expect(text).toContain('Centrapay NZD');
  expect(text).toContain('Cashier 1');
  await main.screenshot({ path: test.info().outputPath('sale-page.png') });
  await panel.screenshot({ path: test.info().outputPath('refund-panel-1366x768.png') });
  await expectNoSeriousViolations(cashier, 'a part-refunded sale’s page');

  // Support opens Details: there they are.
  await cashier.getByTestId('sale-details').getByText('Details', { exact: true }).click();
  await expect(cashier.getByTestId('sale-request-ids')).toContainText(paymentRequestId);
  await expect(cashier.getByTestId('sale-asset-types')).toContainText('centrapay.nzd.test');
  await expect(cashier.getByTestId('sale-journal-record')).toContainText('refund-accepted');
  await expectNewZealandFormats(main, 'the sale’s page with its Details open');
  return text;
}

/** A checkbox sits on the same line as its label, to its left (not above it, as the browser's default list put it). */
async function expectCheckboxBesideItsLabel(checkbox: Locator, label: Locator): Promise<void> {
  const box = (await checkbox.boundingBox())!;
  const words = (await label.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(words.x);
  const middle = box.y + box.height / 2;
  expect(middle).toBeGreaterThan(words.y);
  expect(middle).toBeLessThan(words.y + words.height);
}

/** End of day: the day in words and typed day/month/year, never the browser's date picker. */
async function endOfDay(cashier: Page, lane: string): Promise<void> {
  await cashier.goto(`/reports?lane=${lane}`);
  const day = cashier.getByRole('textbox', { name: 'Day' });
  const today = aucklandToday();
  const [year, month, date] = today.split('-').map(Number);
  await expect(day).toHaveValue(`${date}/${month}/${year}`);
  await expect(cashier.locator('input[type="date"]')).toHaveCount(0);
  await expect(cashier.locator('.history-summary')).toContainText(formatDay(today));
  await cashier.getByRole('button', { name: 'Day: the day before' }).click();
  await expect(cashier.locator('.history-summary')).toContainText(formatDay(addDay(today, -1)));
  await expectNewZealandFormats(cashier, 'the end of day');
  await cashier.screenshot({ path: test.info().outputPath('end-of-day-1366x768.png') });
}

function addDay(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
