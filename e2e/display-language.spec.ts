// Two languages as people use them: the patron taps "Te reo Māori" on the display mid-sale and reads the rest of the
// sale in Māori, money written as New Zealand writes it ("$17.00", never the "NZ$17.00" a browser without Intl data for
// mi falls back to: src/domain/money.ts); the display is back in the store's language (English) for the next
// patron. The patron's phone speaks Māori when it asks for it, Centrapay's words included.
import { expect, test, type Page } from '@playwright/test';
import { formatMoney } from '../src/domain/money';
import { THANKS_SECONDS } from '../src/web/ui/sale-state';
import { addToCart, holdClock, openScreens, payAs, qrOnDisplay, scanQr, SHORT_RESULT_SECONDS } from './helpers';

/** Dollars as a patron's screen in te reo Māori writes them: "$17.00", as in English, whatever the browser's Intl has. */
async function money(_page: Page, _language: string, dollars: number): Promise<string> {
  return formatMoney(String(Math.round(dollars * 100)), 'NZD', 'mi-NZ');
}

test('switch to te reo Māori mid-sale and back to the default after it', async ({ browser }) => {
  const lane = 'e2e-37';
  const { cashier, display, close } = await openScreens(browser, lane, { resultSeconds: SHORT_RESULT_SECONDS });
  await expect(display.locator('html')).toHaveAttribute('lang', 'en-NZ');

  await addToCart(cashier, 'Flat White', 'Flat White', 'Blueberry Muffin');
  await expect(display.getByTestId('cart-total')).toHaveText('$17.00');
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  await expect(display.getByTestId('amount-due')).toHaveText('$17.00');
  await expect(qrOnDisplay(display)).toBeVisible();

  // The patron taps the switch, written in Māori; it is the display's own business and asks nothing of the lane.
  const calls: string[] = [];
  display.on('request', (call) => calls.push(`${call.method()} ${new URL(call.url()).pathname}`));
  const toMaori = display.getByRole('button', { name: 'Te reo Māori' });
  await expect(toMaori).toHaveAttribute('lang', 'mi-NZ');
  await toMaori.click();

  const maori17 = await money(display, 'mi-NZ', 17);
  expect(maori17).toBe('$17.00');
  await expect(display.locator('html')).toHaveAttribute('lang', 'mi-NZ');
  await expect(display.getByRole('heading', { name: 'Tāu ota' })).toBeVisible();
  await expect(display.locator('.amount-due')).toHaveText(`Hei utu ${maori17}`);
  await expect(display.getByTestId('amount-due')).toHaveText(maori17);
  await expect(display.getByRole('table', { name: 'Ngā tūemi' })).toBeVisible();
  await expect(display.getByRole('row', { name: /Flat White/ }).getByRole('cell')).toHaveText(['2 ×', await money(display, 'mi-NZ', 11)]);
  await expect(display.getByRole('rowheader', { name: 'Tāpeke' })).toBeVisible();
  await expect(display.getByTestId('cart-total')).toHaveText(maori17);
  await expect(display.getByText('Matawaihia ki tō taupānga Centrapay')).toBeVisible();
  await expect(display.getByText(/^Te wā e toe ana \d+:\d\d$/)).toBeVisible();
  // The way back, written in English.
  await expect(display.getByRole('button', { name: 'English' })).toHaveAttribute('lang', 'en-NZ');
  // Nothing asked of the lane or the gateway's API: only the Māori words, a static file, come on first use. (The display
  // makes no request at all while its lane's stream is up: its tab comes with the lane's pushed state.)
  expect(calls.filter((call) => !/^GET \/assets\/mi-NZ-[\w-]+\.js$/.test(call))).toEqual([]);

  // The patron scans the code (its name in Māori now) and pays from the wallet simulator. The display's time stands
  // still from here (it still follows the lane), so its result stays until the test moves it on.
  const clock = await holdClock(display);
  const url = await scanQr(display.getByRole('img', { name: 'Matawaihia kia utu mā Centrapay' }));
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  await phone.goto(url);
  await payAs(phone, 'Alice');
  await expect(phone.getByText('Paid. Thank you!')).toBeVisible();

  // The result, in Māori.
  await expect(display.getByRole('heading', { name: 'Kua tutuki te utu' })).toBeVisible();
  await expect(display.getByRole('list', { name: 'I utua mā' })).toContainText(maori17);
  await expect(display.getByRole('heading', { name: 'Matawaihia mō tō rīhiti' })).toBeVisible();
  await expect(display.getByRole('img', { name: 'Waehere QR ki tō rīhiti' })).toBeVisible();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment successful');

  // After the result time and the thanks the sale is over: the display is back in the store's language.
  await clock.forward(SHORT_RESULT_SECONDS + THANKS_SECONDS + 1);
  await expect(display.getByRole('heading', { name: 'Welcome' })).toBeVisible();
  await expect(display.locator('html')).toHaveAttribute('lang', 'en-NZ');
  await expect(display.getByRole('button', { name: 'Te reo Māori' })).toBeVisible();

  // The next patron's sale is in English.
  await cashier.getByRole('button', { name: 'New sale' }).click();
  await addToCart(cashier, 'Long Black');
  await expect(display.getByRole('heading', { name: 'Your order' })).toBeVisible();
  await expect(display.getByTestId('cart-total')).toHaveText('$4.80');
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  await expect(display.locator('.amount-due')).toHaveText('Amount due $4.80');
  await expect(display.getByText('Scan with your Centrapay app')).toBeVisible();
  await cashier.getByRole('button', { name: 'Cancel payment' }).click();
  await expect(display.getByRole('heading', { name: 'Payment cancelled' })).toBeVisible();
  await close();
});

test('a new sale started during the result is in the store’s language again', async ({ browser }) => {
  const lane = 'e2e-38';
  const { cashier, display, close } = await openScreens(browser, lane);
  await addToCart(cashier, 'Long Black');
  await display.getByRole('button', { name: 'Te reo Māori' }).click();
  await expect(display.getByRole('heading', { name: 'Tāu ota' })).toBeVisible();

  // Paid in cash at the counter: the thank-you is in Māori, the change too.
  await cashier.getByRole('group', { name: 'Take payment at the counter' }).getByRole('button', { name: 'Cash' }).click();
  await cashier.getByLabel('Cash received ($)').fill('10');
  await cashier.getByRole('button', { name: 'Take cash' }).click();
  await expect(display.getByRole('heading', { name: 'Ngā mihi!' })).toBeVisible();
  await expect(display.getByTestId('change-due')).toHaveText(`Tō moni toenga ${await money(display, 'mi-NZ', 5.2)}`);
  await expect(display.getByRole('list', { name: 'I utua mā' })).toContainText(`Moni ${await money(display, 'mi-NZ', 4.8)}`);

  // The cashier starts the next sale before the result has gone: the next patron reads English.
  await cashier.getByRole('button', { name: 'New sale' }).click();
  await addToCart(cashier, 'Flat White');
  await expect(display.getByRole('heading', { name: 'Your order' })).toBeVisible();
  await expect(display.locator('html')).toHaveAttribute('lang', 'en-NZ');
  await expect(display.getByTestId('cart-total')).toHaveText('$5.50');
  await close();
});

test('a phone that asks for Māori gets the wallet in Māori, Centrapay’s words too, and a switch to English', async ({ browser }) => {
  const lane = 'e2e-39';
  const { cashier, display, close } = await openScreens(browser, lane);
  await addToCart(cashier, 'Cappuccino');
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  const url = await scanQr(qrOnDisplay(display));
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'mi-NZ' })).newPage();
  await phone.goto(url);

  await expect(phone.locator('html')).toHaveAttribute('lang', 'mi-NZ');
  await expect(phone.getByText('Pūkoro whakamātau')).toBeVisible();
  // Bob has $5.00: Centrapay refuses, in Māori.
  await phone.getByRole('radio', { name: /^Bob/ }).check();
  await expect(phone.getByRole('radio', { name: /^Bob/ })).toHaveAccessibleName(`Bob (${await money(phone, 'mi-NZ', 5)} i Centrapay NZD)`);
  await phone.getByRole('button', { name: 'Utu hei Bob' }).click();
  await expect(phone.getByRole('alert')).toHaveText('Kāore e rawaka ana te moni i tēnei pūkoro hei utu.');

  // The patron declines; the display (English, the store's language) gives Centrapay's reason in English.
  await phone.getByRole('button', { name: 'Whakakāhore' }).click();
  await expect(phone.getByText('I whakakorea tēnei utu.')).toBeVisible();
  await expect(display.getByRole('heading', { name: 'Payment cancelled' })).toBeVisible();
  await expect(display.getByText('Cancelled by the customer.')).toBeVisible();

  // One tap back to English on the phone.
  await phone.getByRole('button', { name: 'English' }).click();
  await expect(phone.locator('html')).toHaveAttribute('lang', 'en-NZ');
  await expect(phone.getByText('This payment was cancelled.')).toBeVisible();
  await phone.context().close();
  await close();
});
