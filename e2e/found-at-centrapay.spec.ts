// A receipt from another till (issue 21 item 1, checklist 104.3) as the cashier meets it: the sale was made straight at
// Centrapay by another till (the sandbox, with the café's terminal key) and paid by Alice, so this gateway's journal has
// none of it. The cashier types the receipt's short code into the history, sees Centrapay's sale, refunds one line from
// this till, and sees it done; Centrapay holds exactly one refund, under this till's reference.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { E2E_CASHIER_CODE, E2E_LANES } from '../playwright.config';
import { formatMoney } from '../src/domain/money';
import { SEED } from '../src/domain/sandbox-seeds';
import { expectNoSeriousViolations } from './axe';
import { press, refundsAtCentrapay, TERMINAL_KEY } from './helpers';

const money = (cents: number) => formatMoney(String(cents));
const LANE = 'e2e-36';
const FLAT_WHITES = { name: 'Flat White', sku: 'COFFEE-FW', qty: '2', price: '1100', tax: '15' };
const MUFFIN = { name: 'Blueberry Muffin', sku: 'FOOD-MUF', qty: '1', price: '600', tax: '15' };

/** Another till's sale: created at Centrapay with the café's key and paid by Alice in her wallet. */
async function soldAtAnotherTill(request: APIRequestContext): Promise<{ id: string; shortCode: string }> {
  const created = await request.post('/sandbox/api/payment-requests', {
    headers: { 'X-Api-Key': TERMINAL_KEY },
    data: {
      configId: SEED.configCafe, value: { amount: '1700', currency: 'NZD' }, lineItems: [FLAT_WHITES, MUFFIN], conditionsEnabled: true,
      externalRef: `till-9-000042-${Date.now()}`, terminalId: 'till-9', deviceId: 'SN-9',
    },
  });
  expect(created.status()).toBe(200);
  const { id, shortCode } = await created.json();
  const paid = await request.post(`/sandbox/api/payment-requests/${id}/pay`, {
    headers: { Authorization: SEED.aliceToken },
    data: { assetType: 'centrapay.nzd.test', assetId: SEED.aliceAsset, idempotencyKey: `alice-${id}` },
  });
  expect(paid.status()).toBe(200);
  return { id, shortCode };
}

test('a receipt from another till: found at Centrapay by its short code, one line refunded from this till, once', async ({ browser, request }) => {
  const sale = await soldAtAnotherTill(request);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const till = await context.newPage();
  await till.goto(`/history?lane=${LANE}`);
  await till.getByLabel('Cashier code').fill(E2E_CASHIER_CODE);
  await till.getByRole('button', { name: 'Unlock' }).click();

  // The short code as the customer reads it off the receipt: the journal has no such sale, so Centrapay is asked.
  await till.getByRole('searchbox', { name: 'Find a sale' }).fill(sale.shortCode.toLowerCase());
  await till.getByRole('button', { name: 'Find', exact: true }).click();
  await expect(till.getByText(`No sales with short code ${sale.shortCode}.`)).toBeVisible();
  const found = till.getByRole('region', { name: `${sale.shortCode} at Centrapay` });
  await expect(found).toContainText('Not in this till’s journal: sold on terminal till-9, as Centrapay has it.');
  await expect(found.getByTestId('at-centrapay-status')).toHaveText('Paid · Centrapay NZD');
  await expect(found.getByTestId('at-centrapay-refundable')).toHaveText(money(1700));
  await expect(found.getByRole('row', { name: /Blueberry Muffin/ })).toContainText(money(600));
  await expect(found).toContainText('Nothing has been refunded of it.');
  await expectNoSeriousViolations(till, 'a sale found at Centrapay');
  await till.screenshot({ path: test.info().outputPath('found-at-centrapay.png'), fullPage: true });

  await found.getByRole('button', { name: 'Refund from this till' }).click();
  await expect(till.getByRole('heading', { name: 'Sale found at Centrapay' })).toBeVisible();
  const panel = till.getByRole('region', { name: 'Refund or void' });
  await expect(panel).toContainText(`Left to refund: ${money(1700)}`);
  await expect(panel).toContainText('Void: This sale was found at Centrapay, not made on this till: it can be refunded, not voided.');
  await expect(panel.getByRole('button', { name: 'Void sale' })).toHaveCount(0);

  await panel.getByRole('checkbox', { name: /Blueberry Muffin/ }).check();
  await press(panel, 'Refund chosen lines', 'Muffin was stale', `Refund ${money(600)} (the chosen lines)?`);
  const refund = panel.getByRole('list', { name: 'Refunds' }).getByRole('listitem');
  await expect(refund).toContainText(`Refunded · Centrapay refund ${sale.shortCode} · ${money(600)} (1 × Blueberry Muffin) · “Muffin was stale”`, { timeout: 15_000 });
  await expect(panel.getByTestId('refund-state')).toHaveText(`Part refunded: ${money(600)} of ${money(1700)}`);
  await expect(panel).toContainText(`Left to refund: ${money(1100)}`);
  await expect(panel.getByRole('checkbox', { name: /Blueberry Muffin/ })).toBeDisabled();
  await expect(till.getByTestId('sale-journal')).toContainText('Found at Centrapay by its short code');
  await till.screenshot({ path: test.info().outputPath('found-sale-refunded.png'), fullPage: true });

  // Centrapay holds exactly one refund of the request: the muffin, under this till's own reference.
  const terminalId = E2E_LANES.find((lane) => lane.id === LANE)!.terminalId;
  const refunds = await refundsAtCentrapay(request, sale.id);
  expect(refunds).toEqual([expect.objectContaining({
    externalRef: expect.stringMatching(new RegExp(`^${terminalId}-FOUND-[0-9A-Z]{6}-R[0-9A-F]{8}-1$`)),
    value: { amount: '600', currency: 'NZD' },
    lineItems: [expect.objectContaining({ sku: 'FOOD-MUF', qty: '1', price: '600' })],
  })]);

  // Found again by its short code: now the journal's own sale.
  await till.goto(`/history?lane=${LANE}&q=${sale.shortCode}`);
  await expect(till.getByText(`1 sale with short code ${sale.shortCode}.`)).toBeVisible();
  await expect(till.getByRole('row').filter({ hasText: sale.shortCode })).toContainText('found at Centrapay');
  await context.close();
});

test('a short code Centrapay has no sale of is said in words', async ({ browser }) => {
  const context = await browser.newContext();
  const till = await context.newPage();
  await till.goto(`/history?lane=${LANE}`);
  await till.getByLabel('Cashier code').fill(E2E_CASHIER_CODE);
  await till.getByRole('button', { name: 'Unlock' }).click();
  // A real short code, of the other merchant's account: Centrapay answers the café's key as if it did not exist.
  const other = await soldAtAnotherTillOfAnotherMerchant(context.request);
  await till.getByRole('searchbox', { name: 'Find a sale' }).fill(other);
  await till.getByRole('button', { name: 'Find', exact: true }).click();
  await expect(till.getByRole('region', { name: `${other} at Centrapay` }).getByRole('alert')).toHaveText('No sale with that code at Centrapay.');
  await context.close();
});

/** A sale of the other seeded merchant, paid: the café's key is not allowed to see it. */
async function soldAtAnotherTillOfAnotherMerchant(request: APIRequestContext): Promise<string> {
  const created = await request.post('/sandbox/api/payment-requests', {
    headers: { 'X-Api-Key': SEED.terminalOtherKey },
    data: { configId: SEED.configOther, value: { amount: '600', currency: 'NZD' }, lineItems: [MUFFIN], conditionsEnabled: true },
  });
  expect(created.status()).toBe(200);
  return (await created.json()).shortCode;
}
