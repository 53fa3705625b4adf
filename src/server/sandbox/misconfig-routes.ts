// Control endpoints that make the sandbox look like a store set up wrongly, so a pre-flight check can be seen to fail:
// the key has another role, a merchant config is missing, Centrapay's clock (its `Date` header) is off. Like every
// control endpoint they need no key and are never served next to a real Centrapay; a reset undoes them all.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { SandboxError } from './errors';
import type { SandboxState } from './state';
import { parseWith } from './validation';

const roleBodySchema = z.object({ apiKey: z.string().min(1), role: z.enum(['merchant-terminal', 'account-owner']) });
const skewBodySchema = z.object({ seconds: z.number().finite() });

export const misconfigRoutes: FastifyPluginAsync<{ state: SandboxState }> = async (app, { state }) => {
  app.post('/_sandbox/api-keys/role', async (request) => {
    const { apiKey, role } = parseWith(roleBodySchema, request.body);
    const key = state.store.apiKeys.get(apiKey);
    if (!key) throw new SandboxError(404, `no API key ${apiKey}`);
    key.role = role;
    return { name: key.name, accountId: key.accountId, role };
  });

  app.delete<{ Params: { configId: string } }>('/_sandbox/merchant-configs/:configId', async (request) => {
    const id = request.params.configId.replace(/^mc_/, '');
    if (!state.store.configs.delete(id)) throw new SandboxError(404, `no merchant config ${request.params.configId}`);
    return { deleted: id };
  });

  app.get('/_sandbox/date-skew', async () => ({ seconds: state.dateSkew.seconds }));

  app.post('/_sandbox/date-skew', async (request) => {
    state.dateSkew.seconds = parseWith(skewBodySchema, request.body).seconds;
    return { seconds: state.dateSkew.seconds };
  });
};
