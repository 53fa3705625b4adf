import { expect, type APIRequestContext, type Browser, type Locator, type Page } from '@playwright/test';
import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, RGBLuminanceSource } from '@zxing/library';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { E2E_CASHIER_CODE } from '../playwright.config';
import { SEED } from '../src/domain/sandbox-seeds';

export const TERMINAL_KEY = SEED.terminalCafeKey;

/** Reads the QR code a person would scan: a screenshot of the element, decoded from its pixels. */
export async function scanQr(qr: Locator): Promise<string> {
  await expect(qr).toBeVisible();
  const png = PNG.sync.read(await qr.screenshot());
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  if (!code) throw new Error('no QR code could be read from the screen');
  return code.data;
}

/** Reads a 1D barcode (Code 128) the way a till's scanner would: a screenshot of the element, decoded from its pixels. */
export async function scanBarcode(barcode: Locator): Promise<string> {
  await expect(barcode).toBeVisible();
  const png = PNG.sync.read(await barcode.screenshot());
  const luminance = new Uint8ClampedArray(png.width * png.height);
  for (let i = 0; i < luminance.length; i += 1) {
    const [r, g, b] = [png.data[i * 4]!, png.data[i * 4 + 1]!, png.data[i * 4 + 2]!];
    luminance[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }
  const reader = new MultiFormatReader();
  reader.setHints(new Map<DecodeHintType, unknown>([[DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.CODE_128]], [DecodeHintType.TRY_HARDER, true]]));
  return reader.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, png.width, png.height)))).getText();
}

/**
 * A display's result time for a test that watches a result end (the display's own `?resultSeconds=`): short, so that
 * the test can move the display's held clock past it (holdClock) without going quiet for long enough to look like a
 * dead link. Without it a display keeps the e2e server's, which outlasts the test.
 */
export const SHORT_RESULT_SECONDS = 2;

/**
 * The cashier screen, unlocked, and the lane's display at its attract screen. `resultSeconds` sets the display's own
 * result time; without it a result stays for the whole test.
 */
export async function openScreens(browser: Browser, lane: string, { resultSeconds, clock }: { resultSeconds?: number; clock?: boolean } = {}) {
  const cashierContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const displayContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  // Screens whose clocks the test moves on (page.clock.fastForward), running at real speed until it does.
  if (clock) await Promise.all([cashierContext.clock.install(), displayContext.clock.install()]);
  const cashier = await cashierContext.newPage();
  const display = await displayContext.newPage();
  await startLaneAfresh(cashier.request, lane);
  await cashier.goto(`/cashier?lane=${lane}`);
  await unlockCashier(cashier);
  await display.goto(`/display?lane=${lane}${resultSeconds === undefined ? '' : `&resultSeconds=${resultSeconds}`}`);
  await expect(display.getByRole('heading', { name: 'Welcome' })).toBeVisible();
  return { cashier, display, close: async () => { await cashierContext.close(); await displayContext.close(); } };
}

/**
 * Holds a page's clock: its Date stands still from now on while its timers keep running, so it still hears and shows
 * every change, but nothing on it times out by itself — a display's result and thank-you, a kiosk's idle time.
 * `forward(seconds)` moves its time on by exactly that much.
 *
 * A display reckons time from the server's time of the latest lane change it heard, so once held it shows the lane as
 * of that change: hold it before the change whose screens the test times (a sale's end), and change nothing on the lane
 * while moving it on. Jumps stay under the display's dead-link watchdog (40 s without a sign of life).
 */
export async function holdClock(page: Page): Promise<{ forward(seconds: number): Promise<void> }> {
  let time = Date.now();
  await page.clock.setFixedTime(time);
  return {
    async forward(seconds) {
      time += seconds * 1000;
      await page.clock.setFixedTime(time);
    },
  };
}

/**
 * A sale an earlier run of the test left on its lane (a test repeated on the same server) is put away, as the cashier's
 * New sale would: its result would otherwise stay on the display (E2E_RESULT_SECONDS). A fresh lane is left untouched.
 */
export async function startLaneAfresh(request: APIRequestContext, lane: string): Promise<void> {
  const state = await (await request.get(`/api/lanes/${lane}`)).json();
  if (state.cart.length === 0 && !state.order) return;
  const newSale = await request.post(`/api/lanes/${lane}/new-sale`, { headers: { 'X-Cashier-Code': E2E_CASHIER_CODE }, data: { operatorId: 'e2e' } });
  expect(newSale.status(), `New sale on ${lane}`).toBe(200);
}

/** The till asks for the store's cashier code once; the cashier types it in. */
export async function unlockCashier(cashier: Page, code = E2E_CASHIER_CODE): Promise<void> {
  await cashier.getByLabel('Cashier code').fill(code);
  await cashier.getByRole('button', { name: 'Unlock' }).click();
  await expect(cashier.getByRole('heading', { name: 'Products' })).toBeVisible();
}

export async function addToCart(cashier: Page, ...names: string[]): Promise<void> {
  // The products are a view of the till: back to it first, as the cashier would, when another view is showing.
  const productsTab = cashier.getByRole('tablist', { name: 'Till views' }).getByRole('tab', { name: 'Products' });
  if (await productsTab.count() > 0 && await productsTab.getAttribute('aria-selected') === 'false') await productsTab.click();
  for (const name of names) await cashier.getByRole('button', { name: `Add ${name}` }).click();
}

/** The cashier takes cash for what is due: Cash in `counter` (a group of tender buttons), then the exact amount. */
export async function takeExactCash(cashier: Page, counter: Locator): Promise<void> {
  await counter.getByRole('button', { name: 'Cash' }).click();
  await cashier.getByRole('group', { name: 'Cash handed over' }).getByRole('button').first().click();
}

export function qrOnDisplay(display: Page): Locator {
  return display.getByRole('img', { name: 'Scan to pay with Centrapay' });
}

/** After a paid sale: the code the patron scans for their receipt (not one to pay with). */
export function receiptQrOnDisplay(display: Page): Locator {
  return display.getByRole('img', { name: 'QR code linking to your receipt' });
}

/** The patron scans the QR on the display with a phone and gets the wallet page. */
export async function patronScans(browser: Browser, display: Page): Promise<Page> {
  const url = await scanQr(qrOnDisplay(display));
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  await phone.goto(url);
  return phone;
}

export async function payAs(phone: Page, patron: 'Alice' | 'Bob' | 'Carol'): Promise<void> {
  await phone.getByRole('radio', { name: new RegExp(`^${patron}`) }).check();
  await phone.getByRole('button', { name: `Pay as ${patron}` }).click();
}

/** Reads a Payment Request from the sandbox the way a merchant integration would: the public API, terminal key. */
export async function sandboxPaymentRequest(request: APIRequestContext, id: string) {
  const response = await request.get(`/sandbox/api/payment-requests/${id}`, { headers: { 'X-Api-Key': TERMINAL_KEY } });
  expect(response.status()).toBe(200);
  return response.json();
}

export async function sandboxRequestCounts(request: APIRequestContext): Promise<Record<string, Record<string, number>>> {
  const response = await request.get('/sandbox/_sandbox/requests');
  expect(response.status()).toBe(200);
  return response.json();
}

export async function lanePayment(request: APIRequestContext, lane: string) {
  const response = await request.get(`/api/lanes/${lane}`);
  expect(response.status()).toBe(200);
  return (await response.json()).payment;
}

export function paymentRequestIdFrom(url: string): string {
  const match = /\/sandbox\/pay\/([^/?#]+)/.exec(url);
  if (!match?.[1]) throw new Error(`not a sandbox pay URL: ${url}`);
  return match[1];
}

/** On a sale's "Refund or void" panel: gives the reason, presses the button, reads what the till asks, and confirms. */
export async function press(panel: Locator, button: string, reason: string, question: string): Promise<void> {
  await panel.getByLabel('Reason', { exact: true }).fill(reason);
  await panel.getByRole('button', { name: button }).click();
  const confirm = panel.getByRole('alertdialog', { name: 'Confirm the refund' });
  await expect(confirm).toContainText(question);
  await confirm.getByRole('button', { name: 'Confirm' }).click();
}

/** The refunds Centrapay (the sandbox) holds for a request, read as the merchant would. */
export async function refundsAtCentrapay(request: APIRequestContext, id: string) {
  const response = await request.get(`/sandbox/api/payment-requests/${id}/activities`, { headers: { 'X-Api-Key': TERMINAL_KEY } });
  expect(response.status()).toBe(200);
  const { items } = await response.json();
  return items.filter((activity: { type: string }) => activity.type === 'refund');
}

/** One of the till's views beside the cart (Bar tabs, Recent payments), chosen by its tab as the cashier does. */
export async function tillView(cashier: Page, name: 'Products' | 'Bar tabs' | 'Recent payments'): Promise<Locator> {
  await cashier.getByRole('tablist', { name: 'Till views' }).getByRole('tab', { name }).click();
  return cashier.getByRole('region', { name });
}
