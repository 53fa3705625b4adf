// Unattended machines, acting as people: the shop prints a machine's sticker; a patron scans it with their phone
// (decoded from the sticker's pixels), picks a product and pays as Alice in the sandbox wallet, which sends the phone
// back to the machine's page (the Payment Request's redirectPaidUrl / redirectCancelUrl, as Centrapay's pay page does);
// the machine simulator plays the machine (vends, or jams and the gateway refunds). A pump: the patron authorises
// $100, the pump dispenses $37.20, the gateway confirms exactly that and releases the rest.
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { E2E_CASHIER_CODE } from '../playwright.config';
import { expectNoSeriousViolations } from './axe';
import { payAs, sandboxPaymentRequest, scanQr, TERMINAL_KEY } from './helpers';
import { expectNoClippedText } from './layout';

async function openPage(browser: Browser, path: string, phone = false): Promise<Page> {
  const context = await browser.newContext(phone ? { viewport: { width: 390, height: 844 }, isMobile: true } : { viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(path);
  return page;
}

/** The patron scans the printed sticker of `machine` with a phone. */
async function scanSticker(browser: Browser, machine: string, name: string): Promise<Page> {
  const sticker = await openPage(browser, `/machines/${machine}/qr`);
  await expect(sticker.getByRole('heading', { name })).toBeVisible();
  await expectNoSeriousViolations(sticker, `${machine} sticker`);
  const url = await scanQr(sticker.getByRole('img', { name: `QR code for ${name}` }));
  expect(url).toMatch(new RegExp(`/machines/${machine}/pay$`));
  await sticker.context().close();
  return openPage(browser, url, true);
}

/**
 * Pays (or authorises) in the sandbox wallet as Alice; the wallet sends the phone back to the machine's page for the
 * purchase by itself (Centrapay's redirect adds the request's id). Nobody presses Back.
 */
async function payAsAliceAndLandBack(phone: Page, machine: string, purchase: 'vend' | 'hold', button?: string): Promise<void> {
  await expect(phone).toHaveURL(/\/sandbox\/pay\//);
  if (button) {
    await phone.getByRole('radio', { name: /^Alice/ }).check();
    await phone.getByRole('button', { name: button }).click();
  } else {
    await payAs(phone, 'Alice');
  }
  await expect(phone).toHaveURL(new RegExp(`/machines/${machine}/pay\\?${purchase}=[^&]+&paymentRequestId=[^&]+$`));
}

/**
 * Every text the page's status lines show, in order, from when this runs: a machine's states come and go on the
 * gateway's timers (a jammed vend is refunded after VEND_TIMEOUT_SECONDS), so a test asks what the page showed, not
 * what it shows at the moment the test gets round to looking. Run in the page (or before each page of a phone loads).
 */
function noteStatuses(): void {
  const shown: string[] = [];
  Object.assign(window, { shownStatuses: shown });
  const note = () => {
    for (const status of document.querySelectorAll('[role="status"]')) {
      const text = status.textContent ?? '';
      if (shown.at(-1) !== text) shown.push(text);
    }
  };
  new MutationObserver(note).observe(document, { subtree: true, childList: true, characterData: true });
  note();
}

const shownStatuses = (page: Page) => () => page.evaluate(() => (window as unknown as { shownStatuses: string[] }).shownStatuses);

async function recordStatuses(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(noteStatuses);
  return shownStatuses(page);
}

async function activityTypes(request: APIRequestContext, paymentRequestId: string): Promise<string[]> {
  const response = await request.get(`/sandbox/api/payment-requests/${paymentRequestId}/activities`, { headers: { 'X-Api-Key': TERMINAL_KEY } });
  expect(response.status()).toBe(200);
  return ((await response.json()).items as Array<{ type: string }>).map((activity) => activity.type);
}

/** The cashier's history of the machines (read as the cashier screen reads it, with the till's cashier code). */
async function machineHistory(request: APIRequestContext) {
  const response = await request.get('/api/machine-history', { headers: { 'X-Cashier-Code': E2E_CASHIER_CODE } });
  expect(response.status()).toBe(200);
  return response.json();
}

async function vendOf(request: APIRequestContext, phone: Page) {
  const vendId = new URL(phone.url()).searchParams.get('vend');
  expect(vendId).toBeTruthy();
  return (await request.get(`/api/vends/${vendId}`)).json();
}

test('static QR at a vending machine: Alice picks a drink, pays, lands back on the machine’s page and sees it vended', async ({ browser, request }) => {
  // The machine holds the coil until the patron has seen that they paid, so the test sees every step they see.
  const machine = await openPage(browser, '/machines/vend-1');
  await expect(machine.getByRole('status').filter({ hasText: 'Ready' })).toBeVisible();
  await expectNoSeriousViolations(machine, 'vending machine simulator');
  await machine.getByLabel('Jam (never confirm a vend)').check();

  const phone = await scanSticker(browser, 'vend-1', 'Drinks and snacks');
  await expect(phone.getByRole('heading', { name: 'Pick a product' })).toBeVisible();
  await expectNoSeriousViolations(phone, 'vending patron page');
  // What the phone shows on every page it loads from now on, the one the wallet sends it back to included.
  await phone.context().addInitScript(noteStatuses);
  await phone.getByRole('button', { name: 'Buy Orange Juice' }).click();
  await payAsAliceAndLandBack(phone, 'vend-1', 'vend');

  await expect(phone.getByRole('status')).toHaveText('Paid. Vending your Orange Juice…');
  await machine.getByLabel('Jam (never confirm a vend)').uncheck();
  await expect(phone.getByRole('status')).toHaveText('Vended — enjoy');
  await expectNoSeriousViolations(phone, 'vending patron page, vended');
  // Back on the machine's page the patron saw the vend go on (a payment not yet seen paid may show first), and nothing else.
  const shown = await shownStatuses(phone)();
  expect(shown.slice(-2)).toEqual(['Paid. Vending your Orange Juice…', 'Vended — enjoy']);
  expect(shown.slice(0, -2).every((text) => text === 'Waiting for your payment…'), shown.join(' | ')).toBe(true);
  await expect(machine.getByRole('list', { name: 'Machine log' })).toContainText('Vended Orange Juice');

  const vend = await vendOf(request, phone);
  expect(vend).toMatchObject({ status: 'vended', amount: '450' });
  expect(new URL(phone.url()).searchParams.get('paymentRequestId')).toBe(vend.paymentRequestId);
  // Centrapay was asked to send the patron back there, after paying or after cancelling.
  const sent = await sandboxPaymentRequest(request, vend.paymentRequestId);
  expect(sent).toMatchObject({ redirectPaidUrl: expect.stringMatching(new RegExp(`/machines/vend-1/pay\\?vend=${vend.id}$`)), redirectCancelUrl: sent.redirectPaidUrl });
  expect(await activityTypes(request, vend.paymentRequestId)).not.toContain('refund');
  await machine.context().close();
  await phone.context().close();
});

test('a jammed vending machine: the payment is refunded, on the patron page and in the sandbox’s activities', async ({ browser, request }) => {
  const machine = await openPage(browser, '/machines/vend-1');
  await machine.getByLabel('Jam (never confirm a vend)').check();
  const machineShowed = await recordStatuses(machine);

  const phone = await scanSticker(browser, 'vend-1', 'Drinks and snacks');
  await phone.getByRole('button', { name: 'Buy Sparkling Water' }).click();
  await payAsAliceAndLandBack(phone, 'vend-1', 'vend');
  // The machine said it was stuck (for as long as the gateway gave it the vend), however long the patron took.
  await expect.poll(machineShowed).toContain('Jammed: Sparkling Water is stuck');

  // The machine never confirms: after the vend timeout the gateway refunds.
  await expect(phone.getByText('Refunded: the machine could not vend')).toBeVisible({ timeout: 20_000 });
  await expectNoSeriousViolations(phone, 'vending patron page, refunded');
  const vend = await vendOf(request, phone);
  expect(vend).toMatchObject({ status: 'refunded', reason: expect.stringContaining('did not confirm the vend') });
  expect(await activityTypes(request, vend.paymentRequestId)).toContain('refund');
  expect((await machineHistory(request)).vends).toContainEqual(expect.objectContaining({ id: vend.id, status: 'refunded', reason: expect.stringContaining('did not confirm') }));
  await machine.context().close();
  await phone.context().close();
});

test('a pump: authorise $100, dispense $37.20, confirm exactly that and release the rest', async ({ browser, request }) => {
  const pump = await openPage(browser, '/machines/pump-1');
  await expect(pump.getByRole('status').filter({ hasText: 'Idle' })).toBeVisible();
  await expectNoSeriousViolations(pump, 'pump simulator');

  const phone = await scanSticker(browser, 'pump-1', 'Pump 1');
  await expect(phone.getByText('We hold $100.00 in your wallet')).toBeVisible();
  await expectNoSeriousViolations(phone, 'pump patron page');
  await phone.getByRole('button', { name: 'Authorise $100.00' }).click();
  await payAsAliceAndLandBack(phone, 'pump-1', 'hold', 'Authorise $100.00 as Alice');
  await expect(phone.getByText('Authorised. You can start filling up.')).toBeVisible();

  await expect(pump.getByRole('status').filter({ hasText: 'Authorised $100.00: dispense' })).toBeVisible();
  await pump.getByLabel('Dispensed ($)').fill('37.20');
  await pump.getByRole('button', { name: 'Finish' }).click();
  await expect(pump.getByRole('status', { name: 'Last fill' })).toHaveText(/Confirmed \$37\.20 \(invoice PUMP-1-\d{6}\); released \$62\.80/);

  await expect(phone.getByText('Fuel: $37.20')).toBeVisible();
  await expect(phone.getByText('$62.80 went back to your wallet.')).toBeVisible();
  await expectNoSeriousViolations(phone, 'pump patron page, finished');

  const holdId = new URL(phone.url()).searchParams.get('hold');
  const hold = await (await request.get(`/api/machines/pump-1/holds/${holdId}`)).json();
  expect(hold).toMatchObject({ status: 'released', confirmed: '3720', released: '6280', finished: true });
  const paymentRequestId = /\/sandbox\/pay\/([^/?#]+)/.exec(hold.url)![1]!;
  expect(await activityTypes(request, paymentRequestId)).toEqual(expect.arrayContaining(['authorization', 'confirmation', 'release']));
  const journaled = (await machineHistory(request)).pumps.find((row: { id: string }) => row.id === holdId);
  expect(journaled).toMatchObject({ status: 'released', confirmed: '3720', confirmations: [expect.objectContaining({ invoiceRef: expect.stringMatching(/^PUMP-1-\d{6}$/) })] });
  await pump.context().close();
  await phone.context().close();
});

test('two patrons at one machine are served one at a time; a declined payment frees it; an unknown machine in words', async ({ browser }) => {
  const first = await scanSticker(browser, 'vend-1', 'Drinks and snacks');
  await first.getByRole('button', { name: 'Buy Caramel Slice' }).click();
  await expect(first).toHaveURL(/\/sandbox\/pay\//);

  const second = await openPage(browser, '/machines/vend-1/pay', true);
  await second.getByRole('button', { name: 'Buy Banana Bread' }).click();
  await expect(second.getByRole('alert')).toHaveText('Machine busy, try again in a moment');
  await expectNoSeriousViolations(second, 'vending patron page, busy');

  // The first patron changes their mind: the wallet sends them back (redirectCancelUrl), nothing is taken, and the
  // machine is free again.
  await first.getByRole('button', { name: 'Decline' }).click();
  await expect(first).toHaveURL(/\/machines\/vend-1\/pay\?vend=[^&]+&paymentRequestId=/);
  await expect(first.getByText('Not paid: nothing was taken.')).toBeVisible();
  await second.getByRole('button', { name: 'Buy Banana Bread' }).click();
  await expect(second).toHaveURL(/\/sandbox\/pay\//);
  await second.getByRole('button', { name: 'Decline' }).click();

  const lost = await openPage(browser, '/machines/vend-9/pay', true);
  await expect(lost.getByRole('alert')).toHaveText('There is no machine here with this code. Please ask the shop.');
  for (const page of [first, second, lost]) await page.context().close();
});

test('the sticker’s page sits in the middle of the screen, with a Print button wider than it is tall', async ({ browser }) => {
  for (const viewport of [{ width: 1366, height: 768 }, { width: 768, height: 1024 }]) {
    const sticker = await (await browser.newContext({ viewport })).newPage();
    await sticker.goto('/machines/vend-1/qr');
    const print = sticker.getByRole('button', { name: 'Print' });
    await expect(print).toBeVisible();
    const box = (await print.boundingBox())!;
    // A button's own height (44–56 px), not a share of the window's.
    expect(box.height, `Print's height at ${viewport.width}×${viewport.height}`).toBeLessThanOrEqual(56);
    expect(box.width, `Print's width at ${viewport.width}×${viewport.height}`).toBeGreaterThanOrEqual(2 * box.height);
    await expectNoClippedText(sticker, `sticker at ${viewport.width}×${viewport.height}`);
    await sticker.context().close();
  }
});
