// The wallet simulator in a patron's normal use refuses nothing and logs nothing: its own page lists what is waiting
// at the till, and My codes and a connected wallet wait for the till's request without asking Centrapay's look-ups
// before there is anything to find (they answer 403 until then, which the browser logs as an error).
import { expect, test, type Browser, type Page } from '@playwright/test';
import { SEED } from '../src/domain/sandbox-seeds';
import { addToCart, lanePayment, openScreens, payAs, scanQr, takeExactCash } from './helpers';

/** A phone whose every answer of 400 or more, and every error it logs, is kept. */
async function phoneOf(browser: Browser): Promise<{ phone: Page; refusals: string[] }> {
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  const refusals: string[] = [];
  phone.on('response', (response) => {
    if (response.status() >= 400) refusals.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
  });
  phone.on('console', (message) => {
    if (message.type() === 'error') refusals.push(`console: ${message.text()}`);
  });
  return { phone, refusals };
}

test('the wallet’s own page lists the payment waiting at the till; the patron opens it there and pays, with nothing refused', async ({ browser, request }) => {
  const lane = 'e2e-51';
  const { cashier, display, close } = await openScreens(browser, lane);
  const { phone, refusals } = await phoneOf(browser);
  await phone.goto('/sandbox/wallet');
  await expect(phone.getByRole('heading', { name: 'Wallet simulator' })).toBeVisible();

  await addToCart(cashier, 'Long Black', 'Croissant');
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  await expect(display.getByRole('img', { name: 'Scan to pay with Centrapay' })).toBeVisible();
  const { shortCode } = (await lanePayment(request, lane)).paymentRequest;
  const waiting = phone.getByRole('listitem').filter({ hasText: shortCode });
  await waiting.getByRole('link', { name: 'Pay $10.00 to Sandbox Café' }).click();
  await payAs(phone, 'Alice');
  await expect(display.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  await expect(phone.getByRole('status')).toContainText('Paid');

  // Back on the wallet's page, the paid request is no longer waiting.
  await phone.goto('/sandbox/wallet');
  await expect(phone.getByRole('listitem').filter({ hasText: shortCode })).toHaveCount(0);
  await phone.waitForTimeout(2_000);
  expect(refusals).toEqual([]);
  await phone.context().close();
  await close();
});

test('My codes waits for the till to scan the code, shows the payment and approves it, with nothing refused', async ({ browser }) => {
  const { cashier, display, close } = await openScreens(browser, 'e2e-52');
  const { phone, refusals } = await phoneOf(browser);
  await phone.goto('/sandbox/codes?patron=alice');
  await expect(phone.getByText('Nothing to approve. When the till scans your code, the payment appears here.')).toBeVisible();
  // The patron shows the code a while before the till scans it: the wallet keeps looking meanwhile.
  await phone.waitForTimeout(3_000);

  await addToCart(cashier, 'Flat White');
  await cashier.getByLabel('Patron code').fill(SEED.aliceBarcode);
  await cashier.getByRole('button', { name: 'Check code' }).click();
  await cashier.getByRole('button', { name: /^Charge .* to Centrapay$/ }).click();
  const payment = phone.getByRole('article', { name: 'Payment to Sandbox Café' });
  await payment.getByRole('button', { name: 'Approve' }).click();
  await expect(display.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  await expect(phone.getByText('Nothing to approve. When the till scans your code, the payment appears here.')).toBeVisible();
  await phone.waitForTimeout(2_000);
  expect(refusals).toEqual([]);
  await phone.context().close();
  await close();
});

test('a wallet connected from the wallet’s page waits for the till’s request and applies its offer, with nothing refused', async ({ browser }) => {
  const { cashier, display, close } = await openScreens(browser, 'e2e-78');
  const { phone, refusals } = await phoneOf(browser);
  await addToCart(cashier, 'Flat White', 'Flat White');
  await cashier.getByRole('button', { name: 'Connect wallet' }).click();
  const connection = new URL(await scanQr(display.getByRole('img', { name: 'Scan to connect your wallet' }))).pathname;

  // The connection the display shows is waiting on the wallet's page: opened from there, as from the QR code.
  await phone.goto('/sandbox/wallet');
  const connect = phone.getByRole('link', { name: 'Connect Sandbox Rewards to Sandbox Café' }).and(phone.locator(`[href="${connection}"]`));
  await connect.click();
  await phone.getByRole('button', { name: 'Connect Sandbox Rewards' }).click();
  await expect(phone.getByRole('list', { name: 'Items' })).toContainText('Flat White');
  await phone.getByRole('button', { name: /Apply offer/ }).click();
  await expect(phone.getByText('Offer applied. Pay the rest at the counter.')).toBeVisible();
  // 20% off two coffees: the till collects the rest once it has seen the offer.
  await expect(cashier.getByTestId('cashier-remaining')).toHaveText('$8.80');
  await takeExactCash(cashier, cashier.getByRole('group', { name: 'Collect the rest' }));
  await expect(display.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  await phone.waitForTimeout(2_000);
  expect(refusals).toEqual([]);
  await phone.context().close();
  await close();
});
