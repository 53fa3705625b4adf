// Issue 20: `npm start` restarted with a payment live, on the embedded sandbox. Real Centrapay never forgets a Payment
// Request, so neither may the sandbox: it keeps its state beside the journal, and after the restart the patron scans the
// display, pays, and both screens show "Payment successful". This spec runs its own server (it kills it), with its
// journal in a file, on the port two after the suite's.
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { E2E_CASHIER_CODE, E2E_PORT } from '../playwright.config';
import { addToCart, patronScans, payAs, qrOnDisplay, unlockCashier } from './helpers';

const PORT = E2E_PORT + 2;
const BASE = `http://127.0.0.1:${PORT}`;
const LANE = { id: 'restart-1', name: 'Restart till' };
/** What the suite's server sets that a single store of its own must not inherit. */
const NOT_OURS = ['LANES_FILE', 'MACHINES', 'MACHINES_FILE', 'STORES', 'STORES_FILE', 'KIOSK_STAFF_CODE', 'CENTRAPAY_BASE_URL', 'SANDBOX_STATE_PATH', 'JOURNAL_URL'];

test.use({ baseURL: BASE });

const dataDir = mkdtempSync(join(tmpdir(), 'centrapay-restart-'));
let server: ChildProcess | undefined;

/** `npm start` without the build (the suite has built the web app), on a journal file in `dataDir`. */
async function startServer(): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env, PORT: String(PORT), HOST: '127.0.0.1', PUBLIC_URL: BASE, JOURNAL_PATH: join(dataDir, 'journal.sqlite'),
    LANES: JSON.stringify([LANE]), CASHIER_CODE: E2E_CASHIER_CODE, SANDBOX_RATE_LIMIT: '100000', LOG_LEVEL: 'warn', DISPLAY_RESULT_SECONDS: '600',
  };
  for (const name of NOT_OURS) delete env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { cwd: fileURLToPath(new URL('..', import.meta.url)), env, stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
    if (await fetch(`${BASE}/api/config`).then((response) => response.ok, () => false)) return child;
    if (Date.now() > deadline) throw new Error('the server did not start within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Killed outright, as a power cut or a crash would: nothing gets the chance to tidy up. */
async function killServer(): Promise<void> {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = once(server, 'exit');
  server.kill('SIGKILL');
  await exited;
}

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(killServer);

test('npm start restarted mid-payment: the patron then pays, and both screens show "Payment successful"', async ({ browser }) => {
  const cashierContext = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const displayContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const cashier = await cashierContext.newPage();
  const display = await displayContext.newPage();
  await cashier.goto(`/cashier?lane=${LANE.id}`);
  await unlockCashier(cashier);
  await display.goto(`/display?lane=${LANE.id}`);
  await expect(display.getByRole('heading', { name: 'Welcome' })).toBeVisible();

  await addToCart(cashier, 'Flat White', 'Blueberry Muffin');
  await cashier.getByRole('button', { name: 'Pay with Centrapay' }).click();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Waiting for the customer to pay');
  await expect(qrOnDisplay(display)).toBeVisible();

  // The server goes down with the payment live and comes back on the same data directory.
  await killServer();
  expect(existsSync(join(dataDir, 'sandbox.sqlite'))).toBe(true);
  server = await startServer();

  // Both screens find their way back to the payment, and the patron pays it from the display's QR.
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Waiting for the customer to pay');
  const phone = await patronScans(browser, display);
  await expect(phone.getByRole('heading', { name: 'Sandbox Café' })).toBeVisible();
  await expect(phone.getByText('$11.50').first()).toBeVisible();
  await payAs(phone, 'Alice');
  await expect(phone.getByText('Paid. Thank you!')).toBeVisible();

  await expect(display.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  await expect(cashier.getByTestId('cashier-status')).toHaveText('Payment successful');

  await cashierContext.close();
  await displayContext.close();
  await phone.context().close();
});
