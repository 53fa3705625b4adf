// The cashier's settings page as the cashier reads it: each pre-flight check with its verdict in words and what to do,
// a run under way, a screen that may not ask (said in words, by the panel and by the page's gate), and a run that failed.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PreflightReport } from '../../domain/preflight';
import { configKeys, type PosConfig } from '../config/api/get-config';
import { ApiError } from '../lib/api-client';
import { getPreflightQueryOptions } from '../till/api/get-preflight';
import { cashierStoreKeys } from '../till/api/get-cashier-store';
import { PreflightView, type PreflightRun } from './preflight-panel';
import { SettingsPage } from './settings-page';

const AT = Date.parse('2026-11-26T01:02:03.000Z');
const PASSING: PreflightReport = {
  centrapay: 'the sandbox at http://127.0.0.1:8080/sandbox',
  checks: [
    { id: 'key', title: 'API key', status: 'ok', detail: 'Centrapay accepts the key; it belongs to merchant account sbxAccountCafe and has the merchant-terminal role.' },
    { id: 'clock', title: 'Clock', status: 'ok', detail: 'This machine’s clock agrees with Centrapay’s (within a second).' },
    { id: 'webhooks', title: 'Webhooks', status: 'warning', detail: 'Webhooks are off.', action: 'Set PUBLIC_URL to the address Centrapay can reach the till at.' },
  ],
};
const FAILING: PreflightReport = {
  ...PASSING,
  checks: [
    PASSING.checks[0]!,
    { id: 'clock', title: 'Clock', status: 'failed', detail: 'This machine’s clock is 45 s ahead of Centrapay’s.', action: 'Turn on time synchronisation on this machine (NTP).' },
  ],
};

const view = (run: Partial<PreflightRun>) => renderToStaticMarkup(
  <PreflightView run={{ report: undefined, error: null, running: false, checkedAt: AT, ...run }} onRunAgain={() => undefined} />,
);
/** What a person reads: the markup without its tags. */
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the pre-flight panel', () => {
  it('lists each check with its verdict in words, says what to do about a warning, and sums up', () => {
    const html = view({ report: PASSING });
    expect(html).toContain('<ul class="preflight-checks" aria-label="Checks" aria-busy="false" tabindex="0">');
    expect(text(html)).toContain('API key ✓ Passed Centrapay accepts the key');
    expect(text(html)).toContain('Webhooks ! Warning Webhooks are off. What to do: Set PUBLIC_URL to the address Centrapay can reach the till at.');
    // The mark is a picture of the verdict, not its words: a screen reader says only "Passed".
    expect(html).toContain('<span aria-hidden="true">✓ </span>Passed');
    expect(html).toMatch(/<p role="status" class="preflight-status">2 ok, 1 warning, 0 failed: nothing stops a first sale\. Checked against the sandbox at http:\/\/127\.0\.0\.1:8080\/sandbox at [^<]+\.<\/p>/);
    expect(html).toContain('>Run checks again</button>');
    expect(html).not.toContain('role="alert"');
  });

  it('shows a failing check as failed, with what to do, and says the sale must wait', () => {
    const html = view({ report: FAILING });
    expect(text(html)).toContain('Clock ✗ Failed This machine’s clock is 45 s ahead of Centrapay’s. What to do: Turn on time synchronisation on this machine (NTP).');
    expect(html).toContain('class="preflight-check preflight-failed"');
    expect(html).toContain('1 ok, 0 warning, 1 failed: fix what failed before the first real sale.');
  });

  it('says a run is under way, keeping the button in reach but inert, and the last report marked busy', () => {
    const html = view({ report: PASSING, running: true });
    expect(html).toContain('<p role="status" class="preflight-status">Running the checks against Centrapay…</p>');
    expect(html).toContain('<button type="button" aria-disabled="true">Run checks again</button>');
    expect(html).toContain('aria-busy="true"');
  });

  it('says in words that a screen that is not authorised may not run the checks', () => {
    const refused = new ApiError(401, 'CASHIER_CODE_NOT_SET', 'This till has no cashier code, so only the computer running it may take payments.');
    const html = view({ error: refused });
    expect(html).toContain('role="alert"');
    expect(text(html)).toContain('This screen is not authorised Only an unlocked cashier screen of this store may run the pre-flight checks. The till said: This till has no cashier code');
    expect(html).not.toContain('preflight-checks');
  });

  it('says in words that the checks could not be run when the gateway fails or cannot be reached', () => {
    const failed = text(view({ report: PASSING, error: new ApiError(502, 'UPSTREAM_UNAVAILABLE', 'Centrapay did not answer in time.') }));
    expect(failed).toContain('The checks could not be run Centrapay did not answer in time. Nothing was checked; press Run checks again to try once more.');
    // A report from an earlier run is not shown as if it were this one's.
    expect(failed).not.toContain('API key');
    const offline = text(view({ error: new ApiError(0, 'NETWORK', 'Cannot reach the till’s server. Check the network connection.') }));
    expect(offline).toContain('The checks could not be run Cannot reach the till’s server. Check the network connection.');
  });
});

const CONFIG: PosConfig = {
  lanes: [{ id: 'lane-1', name: 'Front counter' }], resultSeconds: 8, sandbox: true, logoUrl: '', displayLanguage: 'en-NZ', merchantName: null,
  merchantLogoUrl: null, slides: [], cashier: 'code', kiosks: [], kioskIdleSeconds: 90, machines: [],
};

function page(config: PosConfig, seed: (client: QueryClient) => void = () => undefined): string {
  const client = new QueryClient();
  client.setQueryData(configKeys.all, config);
  seed(client);
  return text(renderToStaticMarkup(<QueryClientProvider client={client}><SettingsPage /></QueryClientProvider>));
}

describe('the settings page', () => {
  beforeEach(() => {
    vi.stubGlobal('window', { location: { pathname: '/settings', search: '?lane=lane-1' } });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows an authorised cashier screen its store’s checks, under the till’s header', () => {
    // The till's own computer, on a till with no cashier code (a server render sees no code this screen kept).
    const html = page({ ...CONFIG, cashier: 'open' }, (client) => {
      client.setQueryData(cashierStoreKeys.of(''), { id: 'default', name: 'Cafe', lanes: CONFIG.lanes, kiosks: [] });
      client.setQueryData(getPreflightQueryOptions('').queryKey, FAILING);
    });
    expect(html).toContain('Settings · Front counter');
    expect(html).toContain('Clock ✗ Failed');
  });

  it('asks a screen without the cashier code for it, saying what it unlocks, and shows no checks', () => {
    const html = page(CONFIG);
    expect(html).toContain('Enter the store’s cashier code to see this till’s settings on this screen.');
    expect(html).not.toContain('Pre-flight checks');
  });

  it('tells another device of a till with no cashier code that it may not see the settings', () => {
    const html = page({ ...CONFIG, cashier: 'local-only' });
    expect(html).toContain('This screen cannot see this till’s settings');
    expect(html).toContain('only the computer the till runs on may see this till’s settings');
    expect(html).not.toContain('Pre-flight checks');
  });
});
