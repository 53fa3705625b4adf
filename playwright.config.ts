import { defineConfig } from '@playwright/test';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 8181);
/** The e2e server asks for a cashier code, so every test unlocks the cashier screen as a person would. */
export const E2E_CASHIER_CODE = 'counter-2468';
export const E2E_LANES = Array.from({ length: 82 }, (_, i) => ({ id: `e2e-${i + 1}`, name: `E2E ${i + 1}`, terminalId: `e2e-terminal-${i + 1}`, deviceId: `e2e-device-${i + 1}` }));
/** Issue 11's self-checkout kiosks (e2e/kiosk.spec.ts): lanes 53…58 are kiosks, paired with this staff code. */
export const E2E_KIOSK_LANES = ['e2e-53', 'e2e-54', 'e2e-55', 'e2e-56', 'e2e-57', 'e2e-58'];
export const E2E_KIOSK_STAFF_CODE = 'kiosk-staff-8642';
export const E2E_KIOSK_IDLE_SECONDS = 12;
for (const lane of E2E_LANES) if (E2E_KIOSK_LANES.includes(lane.id)) Object.assign(lane, { kind: 'kiosk' });
/** A Farmlands Card Partner's lane (e2e/farmlands.spec.ts): its merchant config accepts Farmlands cards only (checklist 101.3). */
export const E2E_FARMLANDS_LANE = 'e2e-60';
for (const lane of E2E_LANES) if (lane.id === E2E_FARMLANDS_LANE) Object.assign(lane, { configId: 'sbxConfigFarmlands' });

/**
 * How long the e2e server's screens show a result (DISPLAY_RESULT_SECONDS): longer than any test, so a result, a tab's
 * outcome or a kiosk's paid screen stays until the test itself moves on — a display by its own `?resultSeconds=`, a page
 * by its clock (e2e/helpers.ts). No test waits for this time to pass.
 */
export const E2E_RESULT_SECONDS = 600;

export const E2E_SLIDES = ['/slides/flat-white.svg', '/slides/no-such-promo.png', '/slides/fresh-baking.svg', '/slides/pay-with-centrapay.svg'];

export default defineConfig({
  testDir: 'e2e',
  // Only the specs: e2e/chaos holds Vitest unit tests of the chaos run's audit.
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  // Screenshots (e2e/screens.spec.ts, e2e/till-layout.spec.ts) pass when at most 2% of pixels differ: a short code,
  // an order number or a price that differs from the picture's passes; a panel that moves or a line that wraps does not.
  expect: { timeout: 10_000, toHaveScreenshot: { maxDiffPixelRatio: 0.02, animations: 'disabled', caret: 'hide' } },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'npx tsx src/server/main.ts',
    url: `http://127.0.0.1:${E2E_PORT}/api/config`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    env: {
      PORT: String(E2E_PORT),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${E2E_PORT}`,
      JOURNAL_PATH: ':memory:',
      LANES: JSON.stringify(E2E_LANES),
      DISPLAY_RESULT_SECONDS: String(E2E_RESULT_SECONDS),
      SANDBOX_RATE_LIMIT: '100000',
      LOG_LEVEL: 'warn',
      CASHIER_CODE: E2E_CASHIER_CODE,
      // A jammed machine's vend is refunded quickly, yet a held one waits for a patron's phone to come back from paying
      // (the wallet's redirect takes about 2 s on a busy machine) and show it paid (e2e/machines.spec.ts).
      VEND_TIMEOUT_SECONDS: '8',
      KIOSK_STAFF_CODE: E2E_KIOSK_STAFF_CODE,
      KIOSK_IDLE_SECONDS: String(E2E_KIOSK_IDLE_SECONDS),
      // The demo slides and one that is missing (404): the display skips it (e2e/display-attract.spec.ts).
      DISPLAY_SLIDES: E2E_SLIDES.join(','),
    },
  },
});
