// Control endpoints of sandbox-contract.md: no key needed, so never serve them next to a real Centrapay.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { faultInputSchema } from './faults';
import type { SandboxState } from './state';
import { parseWith } from './validation';

const clockBodySchema = z.object({ advanceSeconds: z.number().nonnegative('advanceSeconds must not be negative') });

export const controlRoutes: FastifyPluginAsync<{ state: SandboxState }> = async (app, { state }) => {
  app.post('/_sandbox/reset', async () => {
    state.reset();
    return { ok: true, now: state.clock.nowIso() };
  });

  app.get('/_sandbox/clock', async () => ({ now: state.clock.nowIso() }));

  // The clock only moves forward: going back would let expired requests come alive again.
  app.post('/_sandbox/clock', async (request) => {
    const { advanceSeconds } = parseWith(clockBodySchema, request.body);
    state.clock.advance(advanceSeconds);
    return { now: state.clock.nowIso() };
  });

  app.get('/_sandbox/faults', async () => ({ items: state.faults.list() }));

  app.post('/_sandbox/faults', async (request) => state.faults.add(parseWith(faultInputSchema, request.body)));

  app.delete('/_sandbox/faults', async () => {
    state.faults.clear();
    return { ok: true };
  });

  app.get('/_sandbox/requests', async () => state.traffic.snapshot());
};
