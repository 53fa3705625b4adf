// Control endpoints of sandbox-contract.md: no key needed, so never serve them next to a real Centrapay.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { PAYMENT_NOTIFICATION_TYPES } from '../../domain/centrapay';
import { SEED } from '../../domain/sandbox-seeds';
import { faultInputSchema } from './faults';
import type { SandboxState } from './state';
import { parseWith } from './validation';
import { waiting } from './waiting';

const clockBodySchema = z.object({ advanceSeconds: z.number().nonnegative('advanceSeconds must not be negative') });

const isHttpUrl = (value: string) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
const subscribeBodySchema = z.object({
  url: z.string().refine(isHttpUrl, 'url must be an http or https URL'),
  types: z.array(z.enum(PAYMENT_NOTIFICATION_TYPES)).min(1, 'types must not be empty').default([...PAYMENT_NOTIFICATION_TYPES]),
});

const testBodySchema = z.object({
  url: z.string().refine(isHttpUrl, 'url must be an http or https URL'),
  accountId: z.string().min(1).default(SEED.accountCafe),
});

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

  app.get('/_sandbox/requests/reads', async () => ({ items: state.traffic.reads() }));

  // The wallet simulator's look-out: what a patron or a wallet could act on now (waiting.ts).
  app.get('/_sandbox/waiting', async () => waiting(state));

  app.post('/_sandbox/webhooks', async (request) => state.webhooks.subscribe(parseWith(subscribeBodySchema, request.body)));

  app.get('/_sandbox/webhooks', async () => ({ items: state.webhooks.subscriptions() }));

  app.delete('/_sandbox/webhooks', async () => {
    state.webhooks.unsubscribeAll();
    return { ok: true };
  });

  app.get('/_sandbox/webhooks/deliveries', async () => ({ items: state.webhooks.deliveries() }));

  // A signed test notification, sent once to `url` now: the answer says what the receiver made of it.
  app.post('/_sandbox/webhooks/test', async (request) => {
    const { url, accountId } = parseWith(testBodySchema, request.body);
    return state.webhooks.sendTest(url, accountId);
  });

  app.post('/_sandbox/webhooks/rotate-key', async () => state.webhooks.rotateKey());
};
