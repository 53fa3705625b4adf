import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { laneTabShown, type LaneTabView } from '../../domain/lane-tab';
import { i18n } from '../i18n/i18n';
import { TabScreen, tabShown } from './tab-screen';

type Tab = LaneTabView;
const SINCE = '2026-11-26T10:00:00.000Z';
const tab: Tab = { id: 'till-1-TAB-X', name: 'Sam', amount: '10000', currency: 'NZD', stage: 'waiting', url: 'http://127.0.0.1/sandbox/pay/pr-1', since: SINCE };
const render = (patch: Partial<Tab> = {}) => renderToStaticMarkup(<TabScreen tab={{ ...tab, ...patch }} logoUrl="/logo.svg" />);

describe('the display’s tab screen', () => {
  afterEach(() => i18n.changeLanguage('en-NZ'));

  it('asks the patron to scan to open their tab, with the amount held and the name on it', () => {
    const html = render();
    expect(html).toContain('<h1>Open your tab</h1>');
    expect(html).toContain('Tab for Sam');
    expect(html).toContain('aria-label="Scan to open your tab"');
    expect(html).toContain('Scan to open your tab — $100.00 held, you pay only for what you order');
  });

  it('says the tab is open once authorised, or that it was not opened', () => {
    expect(render({ stage: 'open' })).toContain('Your tab is open');
    expect(render({ stage: 'not-opened' })).toContain('Tab not opened');
    expect(render({ stage: 'not-opened' })).toContain('Nothing was taken. Please see the cashier.');
    expect(render({ url: null })).toContain('Starting payment…');
  });

  it('speaks te reo Māori when the display does', async () => {
    await i18n.changeLanguage('mi-NZ');
    const html = render();
    expect(html).toContain('Whakatuwheratia tō pire');
    expect(html).toContain('Te pire mō Sam');
    expect(html).not.toContain('Open your tab');
  });

  it('takes the screen only when the lane has no payment of its own on it', () => {
    expect(tabShown(tab, 'idle')).toBe(true);
    expect(tabShown(tab, 'cart')).toBe(true);
    expect(tabShown(tab, 'pay')).toBe(false);
    expect(tabShown(null, 'idle')).toBe(false);
  });

  it('shows a tab waiting for its patron for as long as it waits, and how it ended for the result time only', () => {
    const at = (seconds: number) => Date.parse(SINCE) + seconds * 1000;
    expect(laneTabShown(tab, at(600), 5)).toBe(tab);
    const open = { ...tab, stage: 'open' as const };
    expect(laneTabShown(open, at(4.9), 5)).toBe(open);
    expect(laneTabShown(open, at(5), 5)).toBeNull();
    expect(laneTabShown(null, at(0), 5)).toBeNull();
  });
});
