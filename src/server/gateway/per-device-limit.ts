// A limit per device on a route anyone may call (a receipt link, a display code): asked too often, it answers 429 with
// how long to wait, in words. Routes opt in with `perMinute(max)`.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';

/** `tooMany` finishes "Too many … from this device", e.g. "codes were tried". */
export async function limitPerDevice(app: FastifyInstance, tooMany: string): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'TOO_MANY_REQUESTS',
      message: `Too many ${tooMany} from this device. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
    }),
  });
}

export function perMinute(max: number) {
  return { config: { rateLimit: { max, timeWindow: 60_000 } } };
}
