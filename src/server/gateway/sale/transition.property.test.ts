// Property tests of the lane's transition function against a small Centrapay (test-support/sale-world.ts): random interleavings
// of cashier commands (from two screens, stale ones too), patrons paying, paying part, offers, answers, lost
// answers, duplicates, failures and time. After every step: the money rules hold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cartTotal } from '../../../domain/cart';
import { salePhase } from '../../../domain/sale';
import { CARTS, Simulation, SIMULATION_STEPS } from '../../../test-support/sale-simulation';

describe('the transition function, over random sales', () => {
  // CPU-bound (hundreds of random sales): on a busy two-core machine it can take twenty seconds, which is not a failure.
  it('never takes more than the total, shows paid only what is paid, keeps money owed owed, and tracks every live request', { timeout: 90_000 }, () => {
    fc.assert(
      fc.property(SIMULATION_STEPS, (steps) => {
        const simulation = new Simulation();
        for (const step of steps) simulation.apply(step);
      }),
      { numRuns: 1_000 },
    );
  });

  // Found by the property in CI (seed 1107385379): a rest request created twice (a lost answer) left a watch on the
  // sale's reference; the rest was then paid by another request, the sale ended and the next began, and the watch's
  // look-up took that paid request, the sale's own, for a stray and voided it (the patron refunded, the sale paid).
  it('never takes the sale’s own request for a stray once the sale is over (replay of a found sequence)', () => {
    fc.assert(
      fc.property(SIMULATION_STEPS, (steps) => {
        const simulation = new Simulation();
        for (const step of steps) simulation.apply(step);
      }),
      { seed: 1107385379, path: '24:4:1:0:4:8:8:8:8:8:8:8:8:9:9:15:19:17:17:26:24:27:25:25:25:25:27:25:26:26:37:37:37:48:48:48:52:57:56:56:56:61:61:64:64:64:70:74:74:74:79:85:85:88:97:97:97:101:99:98:103:108:103:103:103:103:103:104:109:110:110:110:113:110:110:115:113:113:117:121:120:120:120:123:130:130:132:128:126:130:129:131:130:129:130:130:131:122:120:124:125:78:113:113:113:113:114:114:113:114:113:114:114:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:98:100:98:99:99:99:102:100:100', endOnFailure: true },
    );
  });

  it('reaches every phase (so the property above is not vacuous)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(SIMULATION_STEPS, (steps) => {
        const simulation = new Simulation();
        for (const step of steps) {
          simulation.apply(step);
          seen.add(salePhase(simulation.state));
          if (simulation.state.loose.length > 0) seen.add('loose');
          if (simulation.state.payment?.outcome) seen.add(`outcome:${simulation.state.payment.outcome}`);
        }
      }),
      { numRuns: 400 },
    );
    expect([...seen].sort()).toEqual(expect.arrayContaining(['open', 'starting', 'connecting', 'paying', 'owed', 'done', 'loose', 'outcome:paid', 'outcome:cancelled', 'outcome:unknown']));
    expect(cartTotal(CARTS[1]!)).toBe('1700');
  });
});
