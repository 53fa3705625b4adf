// A bar tab as people run one: the cashier opens a $100 tab, the patron scans the display and authorises it as Alice,
// two rounds are rung up and added (each confirmed at once under its invoice number), a round over what is left is
// refused with words and nothing sent, the tab is still listed after a reload, it is closed (the rest released), and
// the history and Centrapay's activities show it all. Lanes e2e-49…52.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { E2E_CASHIER_CODE } from '../playwright.config';
import { expectNoSeriousViolations } from './axe';
import { addToCart, openScreens, paymentRequestIdFrom, sandboxRequestCounts, scanQr, TERMINAL_KEY, tillView } from './helpers';

const confirmCalls = (counts: Record<string, Record<string, number>>) =>
  Object.entries(counts).filter(([route]) => route.startsWith('POST') && route.endsWith('/confirm'))
    .reduce((total, [, byStatus]) => total + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);

/** The cashier opens a tab: a name, a quick amount, Open tab. */
async function openTab(cashier: Page, name: string, amount: string): Promise<void> {
  const tabs = await tillView(cashier, 'Bar tabs');
  await tabs.getByLabel('Name on the tab').fill(name);
  await tabs.getByRole('group', { name: 'Quick amounts' }).getByRole('button', { name: amount }).click();
  await tabs.getByRole('button', { name: `Open tab for ${amount}` }).click();
}

/** The patron scans the tab's QR on the display with their phone. */
async function patronScansTab(browser: Browser, display: Page): Promise<Page> {
  const url = await scanQr(display.getByRole('img', { name: 'Scan to open your tab' }));
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  await phone.goto(url);
  return phone;
}

test('a bar tab opened, two rounds added with their invoice numbers, one over the rest refused, closed, and in the history', async ({ browser, request }) => {
  const { cashier, display, close } = await openScreens(browser, 'e2e-49');
  const tabs = await tillView(cashier, 'Bar tabs');
  // The display learns of the tab from its lane's pushed state: from here on it asks the gateway nothing.
  const displayCalls: string[] = [];
  display.on('request', (call) => {
    if (new URL(call.url()).pathname.startsWith('/api/')) displayCalls.push(`${call.method()} ${new URL(call.url()).pathname}`);
  });

  await openTab(cashier, 'Sam', '$100.00');
  await expect(tabs.getByTestId('tab-status')).toHaveText('Waiting for the customer to approve $100.00 on the display.');
  await expect(display.getByRole('heading', { name: 'Open your tab' })).toBeVisible();
  await expect(display.getByText('Tab for Sam')).toBeVisible();
  await expect(display.getByTestId('amount-due')).toHaveText('$100.00');
  await expect(display.getByText('Scan to open your tab — $100.00 held, you pay only for what you order')).toBeVisible();
  await expectNoSeriousViolations(display, 'the display’s tab QR screen');
  await expectNoSeriousViolations(cashier, 'the cashier screen with a tab waiting for approval');

  const phone = await patronScansTab(browser, display);
  const paymentRequestId = paymentRequestIdFrom(phone.url());
  await expect(phone.getByText('$100.00').first()).toBeVisible();
  await expect(phone.getByText('Bar tab: Sam')).toBeVisible();
  await phone.getByRole('radio', { name: /^Alice/ }).check();
  await phone.getByRole('button', { name: 'Authorise $100.00 as Alice' }).click();
  await expect(phone.getByText('Authorised. You pay only for what you use.')).toBeVisible();
  await expect(display.getByRole('heading', { name: 'Your tab is open' })).toBeVisible();
  await expect(tabs.getByTestId('tab-status')).toHaveText('Authorised $100.00; $100.00 still available.');
  expect(displayCalls).toEqual([]);

  // Round 1: two beers, confirmed at once under the till's invoice number, once the cashier has checked the ID.
  await addToCart(cashier, 'Craft Beer', 'Craft Beer');
  await tillView(cashier, 'Bar tabs');
  const addRound = tabs.getByRole('button', { name: 'Add round to tab ($18.00)' });
  await expect(addRound).toBeDisabled();
  await expect(tabs.getByTestId('round-refused')).toHaveText('Check the customer’s ID first (Craft Beer).');
  await tabs.getByLabel('I have checked the customer’s ID (Craft Beer)').check();
  await addRound.click();
  const rounds = tabs.getByTestId('tab-round');
  await expect(rounds).toHaveCount(1);
  await expect(rounds.first()).toContainText('Confirmed');
  await expect(rounds.first()).toContainText('$18.00');
  await expect(cashier.getByText('The cart is empty. Tap a product to add it.')).toBeVisible();
  // Round 2.
  await addToCart(cashier, 'Orange Juice', 'Salmon Bagel');
  await tillView(cashier, 'Bar tabs');
  await tabs.getByRole('button', { name: 'Add round to tab ($19.00)' }).click();
  await expect(rounds).toHaveCount(2);
  await expect(rounds.nth(1)).toContainText('Confirmed');
  await expect(tabs.getByTestId('tab-taken')).toHaveText('$37.00');
  await expect(tabs.getByTestId('tab-remaining')).toHaveText('$63.00');
  const invoices = await tabs.getByTestId('invoice-ref').allTextContents();
  expect(invoices).toHaveLength(2);
  expect(invoices[0]).toMatch(/^e2e-terminal-49-TAB-[0-9A-Z]{8}-R1$/);
  expect(invoices[1]).toBe(invoices[0]!.replace(/-R1$/, '-R2'));
  const tabId = invoices[0]!.replace(/-R1$/, '');

  // A round over what is left: refused with words before anything is sent, by the screen and by the till.
  const before = confirmCalls(await sandboxRequestCounts(request));
  for (let i = 0; i < 5; i += 1) await addToCart(cashier, 'Salmon Bagel');
  await tillView(cashier, 'Bar tabs');
  await expect(tabs.getByTestId('round-refused')).toHaveText('$72.50 is more than the $63.00 still authorised. Nothing was taken: take the difference another way.');
  await expect(tabs.getByRole('button', { name: 'Add round to tab ($72.50)' })).toBeDisabled();
  const refused = await request.post(`/api/holds/${tabId}/confirmations`, {
    headers: { 'X-Cashier-Code': E2E_CASHIER_CODE },
    data: { key: 'over-the-rest-1', cart: [{ sku: 'FOOD-BAGEL', qty: 5 }], operatorId: 'cashier-1' },
  });
  expect(refused.status()).toBe(422);
  expect((await refused.json()).message).toBe('$72.50 is more than the $63.00 still authorised. Nothing was taken: take the difference another way.');
  expect(confirmCalls(await sandboxRequestCounts(request))).toBe(before);
  await cashier.getByRole('button', { name: 'Remove Salmon Bagel' }).click();

  // The till is reloaded: the tab is still listed, from the journal.
  await cashier.reload();
  await tillView(cashier, 'Bar tabs');
  const listed = tabs.getByTestId('open-tab').filter({ hasText: 'Sam’s tab' });
  await expect(listed).toContainText('E2E 49');
  await expect(listed).toContainText('$37.00');
  await expect(listed).toContainText('$63.00');
  await expect(listed).toContainText('Open');
  await expectNoSeriousViolations(cashier, 'the cashier screen with an open tab listed');
  await listed.getByRole('button', { name: 'Sam’s tab' }).click();
  await expect(tabs.getByTestId('tab-round')).toHaveCount(2);
  await expectNoSeriousViolations(cashier, 'the cashier screen with a tab picked');

  await tabs.getByRole('button', { name: 'Close tab' }).click();
  await expect(tabs.getByTestId('tab-status')).toHaveText('Closed: what was not used went back to the customer.');
  await expect(tabs.getByTestId('tab-final')).toHaveText('$37.00');
  await expect(tabs.getByTestId('tab-rounds')).toContainText('Released (not used)$63.00');
  await expect(tabs.getByTestId('open-tab').filter({ hasText: 'Sam’s tab' })).toHaveCount(0);

  // Centrapay's record: the authorisation, both rounds under their invoice numbers, the release of the rest.
  const activities = (await (await request.get(`/sandbox/api/payment-requests/${paymentRequestId}/activities`, { headers: { 'X-Api-Key': TERMINAL_KEY } })).json()).items as
    Array<{ type: string; value?: { amount: string }; invoiceRef?: string }>;
  expect(activities.filter((activity) => activity.type === 'authorization')).toHaveLength(1);
  expect(activities.filter((activity) => activity.type === 'confirmation').map((activity) => [activity.invoiceRef, activity.value?.amount]).sort())
    .toEqual([[invoices[0], '1800'], [invoices[1], '1900']]);
  expect(activities.filter((activity) => activity.type === 'release').map((activity) => activity.value?.amount)).toEqual(['6300']);

  // The history lists the tab; its page shows the rounds with their invoice numbers, and the release.
  await cashier.getByRole('link', { name: 'Sales history' }).click();
  const row = cashier.getByTestId('history-tab').filter({ hasText: tabId });
  await expect(row).toContainText('Sam’s tab');
  await expect(row).toContainText('Closed');
  await expectNoSeriousViolations(cashier, 'the history with tabs');
  await row.getByRole('link').click();
  await expect(cashier.getByRole('heading', { name: /Sam’s tab/ })).toBeVisible();
  await expect(cashier.getByTestId('tab-history-taken')).toHaveText('$37.00');
  await expect(cashier.getByTestId('invoice-ref')).toHaveText(invoices);
  await expect(cashier.getByTestId('tab-returns')).toContainText('Release of the rest');
  await expect(cashier.getByTestId('tab-returns')).toContainText('$63.00');
  await cashier.getByTestId('tab-details').getByText('Details').click();
  await expect(cashier.getByTestId('tab-journal-record')).toContainText(`invoice ${invoices[1]}`);
  await expectNoSeriousViolations(cashier, 'a tab’s page in the history');

  await phone.context().close();
  await close();
});

test('a tab the patron declines is shown as not opened; an authorised tab with no rounds is voided with a reason', async ({ browser }) => {
  const { cashier, display, close } = await openScreens(browser, 'e2e-50');
  const tabs = await tillView(cashier, 'Bar tabs');

  await openTab(cashier, 'Table 4', '$50.00');
  const phone = await patronScansTab(browser, display);
  await phone.getByRole('button', { name: 'Decline' }).click();
  await expect(display.getByRole('heading', { name: 'Tab not opened' })).toBeVisible();
  await expect(tabs.getByTestId('tab-status')).toHaveText('Never authorised: the customer did not approve it in time, or it was cancelled.');
  await expect(tabs.getByRole('button', { name: 'Close tab' })).toHaveCount(0);
  await tabs.getByRole('button', { name: 'Done' }).click();

  await openTab(cashier, 'Table 4', '$200.00');
  const again = await patronScansTab(browser, display);
  await again.getByRole('radio', { name: /^Alice/ }).check();
  await again.getByRole('button', { name: 'Authorise $200.00 as Alice' }).click();
  await expect(tabs.getByTestId('tab-status')).toHaveText('Authorised $200.00; $200.00 still available.');
  await tabs.getByRole('button', { name: 'Void tab' }).click();
  const dialog = tabs.getByRole('alertdialog');
  await expect(dialog).toContainText('The whole $200.00 goes back to the customer.');
  await dialog.getByLabel('Reason').fill('Opened on the wrong card');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(tabs.getByTestId('tab-status')).toHaveText('Voided: the whole authorisation went back to the customer.');

  await phone.context().close();
  await again.context().close();
  await close();
});
