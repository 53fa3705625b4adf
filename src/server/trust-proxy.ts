// TRUST_PROXY: the reverse proxies whose X-Forwarded-For the gateway believes, by address or CIDR range. Never "any":
// then a client's own X-Forwarded-For would decide its address, and every per-device limit (the cashier and kiosk
// lock-outs, the event-stream cap) would start afresh with each made-up address. Nor a hop count: Fastify ignores one
// (it cannot tell the proxy from a client that reaches the gateway directly).
import { z } from 'zod';

const address = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);
const SAY_WHICH = 'set it to the proxy’s own address or range as the gateway sees it (e.g. TRUST_PROXY=127.0.0.1 for a proxy on this computer, or 10.0.0.5,10.0.1.0/24), comma-separated';

/** The proxies' addresses and ranges, as Fastify's `trustProxy` takes them. */
export const trustProxySchema = z.string().transform((value, context): string[] => {
  const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
  const refuse = (message: string) => {
    context.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  if (entries.length === 0) return refuse(`is empty: ${SAY_WHICH}`);
  if (entries.some((entry) => /^(on|true|yes|all|\*)$/i.test(entry))) {
    return refuse(`"${value}" would believe any client’s own X-Forwarded-For, so a device could dodge every per-device limit: ${SAY_WHICH}`);
  }
  if (entries.some((entry) => /^\d+$/.test(entry))) {
    return refuse(`"${value}" is a hop count, which cannot tell the proxy from a client that reaches the gateway directly: ${SAY_WHICH}`);
  }
  const wrong = entries.find((entry) => !address.safeParse(entry).success);
  if (wrong !== undefined) return refuse(`"${wrong}" is not an IP address or CIDR range: ${SAY_WHICH}`);
  return entries;
});
