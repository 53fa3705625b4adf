// The customer display shows only what is the customer's (issue 20): the lane is walked through random sales by its
// own transition function (test-support/sale-simulation.ts), and at every state, as the display shows it then, its
// words are checked against the staff-only phrases and against every note the till wrote for the cashier.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import fc from 'fast-check';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { LaneState } from '../../domain/lane';
import { Simulation, SIMULATION_STEPS } from '../../test-support/sale-simulation';
import { i18n } from '../i18n/i18n';
import { displayScreen } from '../ui/sale-state';
import { DisplayScreens } from './display-page';

/** Words meant for the cashier: instructions a patron cannot act on, and the till's internals. */
const STAFF_ONLY = [
  'portal', 'handing over', 'Hand back', 'Give back', 'Take payment another way', 'take it again', 'the customer', 'The customer',
  'the till', 'The till', 'configuration', 'IT person', 'being cancelled', 'not answering', 'refused', 'cashier:', 'system:',
  'till-1-', 'status unknown', 'Centrapay’s', 'Answer it again',
];

const CONFIG = { logoUrl: '/logo.svg', merchantName: 'Sandbox Café', slides: [] };
const RESULT_SECONDS = 8;

/** The display's text for a lane state at `now`, without markup. */
function displayText(state: LaneState, now: number): string {
  const html = renderToStaticMarkup(
    <QueryClientProvider client={new QueryClient()}><DisplayScreens state={state} now={now} config={CONFIG} /></QueryClientProvider>,
  );
  return html.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/\s+/g, ' ');
}

/** Every note the till wrote for the cashier that this state carries. */
function notesOf(state: Simulation['state']): string[] {
  const payments = [state.payment, ...state.parts];
  return [state.notice, state.step?.notice, state.connection?.notice, ...payments.map((payment) => payment?.notice)]
    .filter((note): note is string => Boolean(note));
}

interface Walk {
  screens: Set<string>;
  notes: number;
}

function checkEveryState(language: string, walk: Walk): void {
  fc.assert(
    fc.property(SIMULATION_STEPS, (steps) => {
      const simulation = new Simulation();
      for (const step of steps) {
        simulation.apply(step);
        const now = simulation.world.now;
        const shown = simulation.view(RESULT_SECONDS);
        const text = displayText(shown, now);
        walk.screens.add(displayScreen(shown, now));
        for (const phrase of STAFF_ONLY) expect(text, `${language}: "${phrase}" on the ${displayScreen(shown, now)} screen`).not.toContain(phrase);
        for (const note of notesOf(simulation.state)) {
          walk.notes += 1;
          expect(text, `${language}: the cashier's note on the display`).not.toContain(note);
        }
      }
    }),
    { numRuns: 80 },
  );
}

describe('the customer display, in every lane state the transition reaches', () => {
  afterEach(() => i18n.changeLanguage('en-NZ'));

  it.each(['en-NZ', 'mi-NZ'])('never shows a staff instruction or a note written for the cashier (%s)', { timeout: 120_000 }, async (language) => {
    await i18n.changeLanguage(language);
    const walk: Walk = { screens: new Set(), notes: 0 };
    checkEveryState(language, walk);
    // Not vacuous: the walk reached the screens that carry words, and states with notes for the cashier.
    expect([...walk.screens]).toEqual(expect.arrayContaining(['cart', 'starting', 'pay', 'connect', 'collect', 'result']));
    expect(walk.notes).toBeGreaterThan(100);
  });

  it('sends the patron to the cashier when the till does not know how a payment ended, in calm words', () => {
    const state = new Simulation().view(RESULT_SECONDS);
    const now = Date.parse('2026-11-26T10:00:01.000Z');
    const unknown: LaneState = {
      ...state,
      cart: [{ sku: 'COFFEE-FW', name: 'Flat White', qty: 1, unitPrice: '550', tax: '15' }],
      payment: {
        paymentRequest: {
          id: 'pr-1', shortCode: 'CP-AAA-AAA', url: 'u', value: { amount: '550', currency: 'NZD' }, paymentOptions: [], merchantId: 'm',
          merchantName: 'M', configId: 'c', status: 'new', createdAt: '', updatedAt: '', expiresAt: '2026-11-26T10:02:00.000Z', merchantConditions: [],
        },
        tenders: [], outcome: 'unknown', startedAt: '2026-11-26T09:59:00.000Z', finishedAt: '2026-11-26T10:00:00.000Z',
        notice: 'Centrapay will neither cancel this payment nor show it. Check it in Centrapay’s portal before handing over the goods.',
      },
    };
    const text = displayText(unknown, now);
    expect(text).toContain('Please see the cashier');
    expect(text).not.toContain('Payment not completed');
    expect(text).not.toContain('portal');
  });
});
