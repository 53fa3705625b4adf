// A chain's two stores on one gateway (STORES), each on its own Centrapay account of the sandbox: North on the café's,
// South on the other seeded merchant's with its own key. North's cashier rings up and is paid on North's till while
// South's cashier screen, unlocked with South's code, can neither see the sale nor act on North's lane. This spec runs
// its own server (the suite's has one store), on the port after the suite's.
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { E2E_PORT } from '../playwright.config';
import { SEED } from '../src/domain/sandbox-seeds';
import { addToCart, patronScans, payAs, qrOnDisplay, unlockCashier } from './helpers';

const PORT = E2E_PORT + 1;
const BASE = `http://127.0.0.1:${PORT}`;
const NORTH = { id: 'north', name: 'North', lanes: [{ id: 'north-1', name: 'North till' }], cashierCode: 'north-2468' };
const SOUTH = {
  id: 'south', name: 'South', apiKey: SEED.terminalOtherKey, configId: SEED.configOther, merchantAccountId: SEED.accountOther, merchantId: SEED.merchantOther,
  lanes: [{ id: 'south-1', name: 'South till' }, { id: 'south-2', name: 'South bar' }], cashierCode: 'south-1357',
};
/** What a single store's variables would set: the chain's server must not inherit them from the suite's. */
const SINGLE_STORE = ['LANES', 'LANES_FILE', 'MACHINES', 'MACHINES_FILE', 'CASHIER_CODE', 'KIOSK_STAFF_CODE', 'CENTRAPAY_CONFIG_ID',
  'CENTRAPAY_MERCHANT_ACCOUNT_ID', 'CENTRAPAY_MERCHANT_ID', 'MERCHANT_GST_NUMBER', 'CENTRAPAY_BASE_URL', 'STORES_FILE'];

test.use({ baseURL: BASE });

let server: ChildProcess | undefined;

test.beforeAll(async () => {
  const env: NodeJS.ProcessEnv = {
    ...process.env, PORT: String(PORT), HOST: '127.0.0.1', PUBLIC_URL: BASE, JOURNAL_PATH: ':memory:', SANDBOX_RATE_LIMIT: '100000',
    LOG_LEVEL: 'warn', DISPLAY_RESULT_SECONDS: '600', STORES: JSON.stringify([NORTH, SOUTH]),
  };
  for (const name of SINGLE_STORE) delete env[name];
  server = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { cwd: fileURLToPath(new URL('..', import.meta.url)), env, stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the chain's server exited (${server.exitCode})`);
    const up = await fetch(`${BASE}/api/config`).then((response) => response.ok, () => false);
    if (up) return;
    if (Date.now() > deadline) throw new Error('the chain\'s server did not start within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});

test.afterAll(async () => {
  if (!server || server.exitCode !== null) return;
  const exited = once(server, 'exit');
  server.kill('SIGTERM');
  await exited;
});

test('North\'s cashier is paid on North\'s till; South\'s cashier screen can neither see nor act on it', async ({ browser }) => {
  const northContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const southContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const displayContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const north = await northContext.newPage();
  const south = await southContext.newPage();
  const display = await displayContext.newPage();

  // Each cashier unlocks with its own store's code; South's screen, opened without a lane, is on South's first till.
  await north.goto('/cashier?lane=north-1');
  await unlockCashier(north, NORTH.cashierCode);
  await expect(north.getByRole('heading', { name: 'North till · Cashier' })).toBeVisible();
  await south.goto('/cashier');
  await unlockCashier(south, SOUTH.cashierCode);
  await expect(south.getByRole('heading', { name: 'South till · Cashier' })).toBeVisible();
  await display.goto('/display?lane=north-1');
  await expect(display.getByRole('heading', { name: 'Welcome' })).toBeVisible();

  // North rings up and asks for payment.
  await addToCart(north, 'Flat White', 'Blueberry Muffin');
  await north.getByRole('button', { name: 'Pay with Centrapay' }).click();
  await expect(north.getByTestId('cashier-status')).toHaveText('Waiting for the customer to pay');
  await expect(qrOnDisplay(display)).toBeVisible();
  const { ref } = (await (await north.request.get('/api/lanes/north-1')).json()).order as { ref: string };

  // South's screen sent to North's lane sees only that it is another store's, and the way to South's own tills.
  await south.goto('/cashier?lane=north-1');
  await expect(south.getByRole('heading', { name: 'This lane is another store’s' })).toBeVisible();
  await expect(south.getByRole('alert')).toHaveText('North till belongs to another store. This screen is unlocked for South, so it may use only South’s tills.');
  await expect(south.getByRole('navigation', { name: 'South’s tills' }).getByRole('link')).toHaveText(['South till', 'South bar']);
  await expect(south.getByRole('button', { name: 'Pay with Centrapay' })).toHaveCount(0);
  await expect(south.getByText('$11.50')).toHaveCount(0);
  // Nor can it act on North's lane with its code: the gateway refuses in words and changes nothing.
  const cancel = await south.request.post('/api/lanes/north-1/cancel', { headers: { 'X-Cashier-Code': SOUTH.cashierCode }, data: { ref, operatorId: 'south' } });
  expect(cancel.status()).toBe(403);
  expect(await cancel.json()).toMatchObject({ code: 'OTHER_STORE', message: expect.stringContaining('belongs to another store') });

  // The patron pays North's sale; North's screens show it, and the sale was South's business at no point.
  const phone = await patronScans(browser, display);
  await expect(phone.getByRole('heading', { name: 'Sandbox Café' })).toBeVisible();
  await payAs(phone, 'Alice');
  await expect(display.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  await expect(north.getByTestId('cashier-status')).toHaveText('Payment successful');

  // South's history lists nothing of North's, and offers South's lanes only; North's lists its sale.
  await south.getByRole('link', { name: 'South till' }).click();
  await expect(south.getByRole('heading', { name: 'South till · Cashier' })).toBeVisible();
  await south.getByRole('link', { name: 'Sales history' }).click();
  await expect(south.getByRole('searchbox', { name: 'Find a sale' })).toBeVisible();
  await expect(south.getByLabel('Lane').getByRole('option')).toHaveText(['South till', 'South bar', 'All lanes']);
  await south.getByLabel('Lane').selectOption('');
  await expect(south.getByText(ref)).toHaveCount(0);
  await north.getByRole('link', { name: 'Sales history' }).click();
  await expect(north.getByText(ref).first()).toBeVisible();
  await expect(north.getByLabel('Lane').getByRole('option')).toHaveText(['North till', 'All lanes']);

  await northContext.close();
  await southContext.close();
  await displayContext.close();
  await phone.context().close();
});
