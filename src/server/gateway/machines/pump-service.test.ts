// The pump service's start-up look for pumps left authorised after a finish: while the journal cannot be read it
// looks again, and it never rejects. Found by the chaos run: an instance starting while its database connections were
// being dropped left the look's rejection unhandled (a crash by the run's rules).
import { describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../../domain/catalog';
import { JournalUnavailable } from '../journal/failures';
import type { HoldService } from '../hold/service';
import { DEMO_MACHINES, Machines, resolveMachines } from './machines';
import { PumpService } from './pump-service';

const machines = new Machines(resolveMachines(DEMO_MACHINES, DEMO_CATALOG, { configId: 'cfg', deviceIdOf: (id) => `host-${id}` }), 'NZD');

/** Holds whose list fails `failures` times with the journal out of reach, then answers there are none. */
function holdsFailing(failures: number): { holds: HoldService; lists: () => number } {
  let lists = 0;
  const holds = {
    list: async () => {
      lists += 1;
      if (lists <= failures) throw new JournalUnavailable('unreachable', new Error('terminating connection due to administrator command'));
      return [];
    },
  } as unknown as HoldService;
  return { holds, lists: () => lists };
}

describe('the pump service at start-up', () => {
  it('looks again while the journal cannot be read', async () => {
    const { holds, lists } = holdsFailing(2);
    const warned: unknown[] = [];
    await new PumpService(holds, machines).start({ retryMs: 1, warn: (err) => warned.push(err) });
    expect(lists()).toBe(3);
    expect(warned).toEqual([]);
  });

  it('gives up with a warning, never a rejection, when the journal stays out of reach', async () => {
    const { holds } = holdsFailing(100);
    const warned: unknown[] = [];
    await expect(new PumpService(holds, machines).start({ retryMs: 1, attempts: 3, warn: (err) => warned.push(err) })).resolves.toBeUndefined();
    expect(warned).toHaveLength(1);
    expect(warned[0]).toBeInstanceOf(JournalUnavailable);
  });
});
