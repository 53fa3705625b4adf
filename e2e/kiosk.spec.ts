// The self-checkout kiosk, as the people who use it: staff set a kiosk up once with the staff code; a patron touches
// Start, builds an order on the tiles, pays by the QR on the kiosk's own screen (scanned from its pixels) or by a
// code; a patron who walks away has their order cleared and its payment voided; staff reset a kiosk from its panel.
// Nothing on a kiosk leads to the cashier's functions, and its credential opens none of them.
// A kiosk's time stands still in these tests (holdClock): nobody walks away unless a test moves its time on, and its
// timers are run on by the test, so no step races the idle time or the result time.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { E2E_KIOSK_IDLE_SECONDS, E2E_KIOSK_STAFF_CODE, E2E_RESULT_SECONDS } from '../playwright.config';
import { expectNoSeriousViolations } from './axe';
import { holdClock, lanePayment, payAs, paymentRequestIdFrom, qrOnDisplay, sandboxPaymentRequest, scanQr } from './helpers';

async function openKiosk(browser: Browser, lane: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
  const kiosk = await context.newPage();
  await kiosk.goto(`/kiosk?lane=${lane}`);
  return { kiosk, clock: await holdClock(kiosk) };
}

/** Staff, once per kiosk: the corner button, the staff code, close. */
async function setUpKiosk(kiosk: Page): Promise<void> {
  await expect(kiosk.getByRole('alert')).toHaveText(/This kiosk is not set up yet/);
  await kiosk.getByRole('button', { name: 'Staff' }).click();
  await kiosk.getByLabel('Staff code').fill(E2E_KIOSK_STAFF_CODE);
  await kiosk.getByRole('button', { name: 'Open' }).click();
  await expect(kiosk.getByTestId('kiosk-lane-status')).toContainText('Sale: no payment');
  await kiosk.getByRole('button', { name: 'Close' }).click();
  await expect(kiosk.getByRole('button', { name: 'Touch to start' })).toBeVisible();
}

async function startOrder(kiosk: Page, ...products: string[]): Promise<void> {
  await kiosk.getByRole('button', { name: 'Touch to start' }).click();
  for (const product of products) await kiosk.getByRole('button', { name: `Add ${product}` }).click();
}

/** Nothing leads off the kiosk: no links, no text selection, no context menu. */
async function expectLockedDown(kiosk: Page): Promise<void> {
  await expect(kiosk.locator('a')).toHaveCount(0);
  expect(await kiosk.locator('main.kiosk').evaluate((main) => getComputedStyle(main).userSelect)).toBe('none');
  const menuBlocked = await kiosk.evaluate(() => !document.body.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true })));
  expect(menuBlocked).toBe(true);
}

test('a kiosk sale from an empty cart to paid: tiles, quantities, a line removed, the QR scanned from the kiosk and paid as Alice', async ({ browser }) => {
  const { kiosk } = await openKiosk(browser, 'e2e-53');
  await setUpKiosk(kiosk);
  await expectNoSeriousViolations(kiosk, 'kiosk attract');
  await expectLockedDown(kiosk);

  await startOrder(kiosk, 'Flat White', 'Flat White', 'Croissant', 'Orange Juice');
  await expect(kiosk.getByTestId('kiosk-qty-COFFEE-FW')).toHaveText('2');
  await kiosk.getByRole('button', { name: 'One less Flat White' }).click();
  await expect(kiosk.getByTestId('kiosk-qty-COFFEE-FW')).toHaveText('1');
  await kiosk.getByRole('button', { name: 'One more Orange Juice' }).click();
  await kiosk.getByRole('button', { name: 'Remove Croissant' }).click();
  await expect(kiosk.getByTestId('kiosk-line-FOOD-CROI')).toHaveCount(0);
  // Flat White $5.50 + 2 × Orange Juice $4.50, priced by the server.
  await expect(kiosk.getByTestId('kiosk-total')).toHaveText('$14.50');
  // Nothing at the counter here, and nothing that needs an ID check.
  await expect(kiosk.getByRole('button', { name: /^(Cash|Card)/ })).toHaveCount(0);
  await expect(kiosk.getByRole('button', { name: 'Add Craft Beer' })).toHaveCount(0);
  await expectNoSeriousViolations(kiosk, 'kiosk cart');
  await expectLockedDown(kiosk);

  await kiosk.getByRole('button', { name: 'Pay $14.50' }).click();
  const url = await scanQr(qrOnDisplay(kiosk));
  await expectNoSeriousViolations(kiosk, 'kiosk pay');
  // A reload mid-payment shows the same payment.
  await kiosk.reload();
  expect(await scanQr(qrOnDisplay(kiosk))).toBe(url);

  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  await phone.goto(url);
  await payAs(phone, 'Alice');
  await expect(kiosk.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  await expect(kiosk.getByRole('list', { name: 'Paid by' })).toContainText('Centrapay NZD $14.50');
  await expectNoSeriousViolations(kiosk, 'kiosk result');
  await expectLockedDown(kiosk);
  // The result stays for the till's result time (DISPLAY_RESULT_SECONDS), then the kiosk starts over by itself: its
  // timers are run on by that time (its idle time, reckoned by its clock, stands still).
  await kiosk.clock.fastForward(E2E_RESULT_SECONDS * 1000);
  await expect(kiosk.getByRole('button', { name: 'Touch to start' })).toBeVisible();
  expect((await sandboxPaymentRequest(kiosk.request, paymentRequestIdFrom(url))).status).toBe('paid');
  await kiosk.context().close();
  await phone.context().close();
});

test('an abandoned kiosk order is cleared and its payment voided after the idle time, after asking whether anyone is there', async ({ browser }) => {
  const { kiosk, clock } = await openKiosk(browser, 'e2e-54');
  await setUpKiosk(kiosk);
  // Pay straight after the taps: it waits for them, so the request is for both.
  await startOrder(kiosk, 'Latte', 'Blueberry Muffin');
  await kiosk.getByRole('button', { name: /^Pay \$/ }).click();
  const id = paymentRequestIdFrom(await scanQr(qrOnDisplay(kiosk)));
  await expect(kiosk.getByTestId('amount-due')).toHaveText('$11.50');

  // Untouched until 3 s before the idle time: asked, and the question stays while it is answered.
  const prompt = kiosk.getByRole('alertdialog', { name: 'Are you still there?' });
  await clock.forward(E2E_KIOSK_IDLE_SECONDS - 3);
  await expect(prompt).toBeVisible();
  await expect(kiosk.getByTestId('idle-countdown')).toHaveText('Your order will be cleared in 3 s.');
  await expectNoSeriousViolations(kiosk, 'kiosk still there?');
  // Any touch answers it, and the question goes as the finger lands: the press is not checked for ending on the button.
  await kiosk.getByRole('button', { name: 'I’m still here' }).click({ force: true });
  await expect(prompt).toBeHidden();
  expect((await sandboxPaymentRequest(kiosk.request, id)).status).toBe('new');

  // Now they walk away: asked again, then, at the idle time, the kiosk starts over.
  await clock.forward(E2E_KIOSK_IDLE_SECONDS - 3);
  await expect(prompt).toBeVisible();
  await clock.forward(3);
  await expect(kiosk.getByRole('button', { name: 'Touch to start' })).toBeVisible();
  await expect.poll(async () => (await sandboxPaymentRequest(kiosk.request, id)).status).toBe('cancelled');
  const lane = await (await kiosk.request.get('/api/lanes/e2e-54')).json();
  expect(lane.cart).toEqual([]);
  expect(await lanePayment(kiosk.request, 'e2e-54')).toBeNull();
  await kiosk.context().close();
});

test('a kiosk cannot reach cashier functions: no links or counter tenders on screen, and the API refuses its credential', async ({ browser }) => {
  const { kiosk } = await openKiosk(browser, 'e2e-55');
  await setUpKiosk(kiosk);
  const token = await kiosk.evaluate(() => JSON.parse(localStorage.getItem('centrapay-pos.kiosk') ?? '{}').state?.tokens?.['e2e-55'] as string);
  expect(token).toBeTruthy();
  const headers = { 'X-Kiosk-Token': token };
  const tender = await kiosk.request.post('/api/lanes/e2e-55/counter', { headers, data: { cart: [{ sku: 'COFFEE-FW', qty: 1 }], method: 'cash' } });
  expect(tender.status()).toBe(401);
  expect((await tender.json()).message).toBe('This screen may not take payments. Enter the cashier code.');
  const till = await kiosk.request.put('/api/kiosk/lanes/e2e-1/cart', { headers, data: { cart: [{ sku: 'COFFEE-FW', qty: 1 }] } });
  expect(till.status()).toBe(403);
  expect((await till.json()).message).toMatch(/is a till, not a self-checkout kiosk/);
  const noCredential = await kiosk.request.put('/api/kiosk/lanes/e2e-55/cart', { data: { cart: [{ sku: 'COFFEE-FW', qty: 1 }] } });
  expect(noCredential.status()).toBe(401);
  expect((await noCredential.json()).message).toMatch(/not set up as this kiosk/);

  // A patron's code: a wrong one is said in words; a Farmlands card with a balance pays the $5.50 at once (not the $20
  // sandbox voucher: its balance is the patron-codes spec's).
  await startOrder(kiosk, 'Flat White');
  await kiosk.getByRole('button', { name: 'I have a code' }).click();
  await kiosk.getByLabel('Code or voucher number').fill('9990001000000018');
  await kiosk.getByRole('button', { name: 'Pay with this code' }).click();
  await expect(kiosk.getByRole('alert')).toHaveText('That code is not right. Check the digits and try again.');
  await expectNoSeriousViolations(kiosk, 'kiosk code');
  await kiosk.getByLabel('Code or voucher number').fill('424242424');
  await kiosk.getByRole('button', { name: 'Pay with this code' }).click();
  await expect(kiosk.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  await expectLockedDown(kiosk);
  // The patron is done: the kiosk starts over for the next one.
  await kiosk.getByRole('button', { name: 'Done' }).click();
  await expect(kiosk.getByRole('button', { name: 'Touch to start' })).toBeVisible();
  await kiosk.context().close();
});

test('the staff panel resets a kiosk mid-payment (the request voided); the patron may switch language', async ({ browser }) => {
  const { kiosk } = await openKiosk(browser, 'e2e-56');
  await setUpKiosk(kiosk);
  await kiosk.getByRole('button', { name: 'Te reo Māori' }).click();
  await expect(kiosk.getByRole('button', { name: 'Pāwhiria kia tīmata' })).toBeVisible();
  await kiosk.getByRole('button', { name: 'English' }).click();
  await startOrder(kiosk, 'Mocha');
  await kiosk.getByRole('button', { name: 'Pay $6.00' }).click();
  const id = paymentRequestIdFrom(await scanQr(qrOnDisplay(kiosk)));

  await kiosk.getByRole('button', { name: 'Staff' }).click();
  await kiosk.getByLabel('Staff code').fill('not-the-code');
  await kiosk.getByRole('button', { name: 'Open' }).click();
  await expect(kiosk.getByRole('alert')).toHaveText('That is not the staff code.');
  await kiosk.getByLabel('Staff code').fill(E2E_KIOSK_STAFF_CODE);
  await kiosk.getByRole('button', { name: 'Open' }).click();
  await expect(kiosk.getByTestId('kiosk-lane-status')).toContainText('Sale: payment live');
  await expectNoSeriousViolations(kiosk, 'kiosk staff panel');
  await kiosk.getByRole('button', { name: 'Reset the kiosk' }).click();
  await expect(kiosk.getByText('The kiosk has been reset.')).toBeVisible();
  await expect(kiosk.getByTestId('kiosk-lane-status')).toContainText('Sale: no payment');
  await kiosk.getByRole('button', { name: 'Close' }).click();
  await expect(kiosk.getByRole('button', { name: 'Touch to start' })).toBeVisible();
  expect((await sandboxPaymentRequest(kiosk.request, id)).status).toBe('cancelled');
  await kiosk.context().close();
});
