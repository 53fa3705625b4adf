// Webhooks end to end. On the sandbox, it sends a signed test notification to the webhook URL and the gateway there
// verifies it with its own verifier: the answer says whether it got through and was believed. A real Centrapay sends
// no test webhook on request (its support sets webhooks up), so there the URL must answer as this gateway's webhook
// endpoint does to an unsigned post (401 WEBHOOK_REJECTED), and Centrapay's signing keys must be readable; that a
// real delivery verifies shows only with the first payment.
import { z } from 'zod';
import type { PreflightCheck } from '../../../domain/preflight';
import { JwksCache, JwksUnavailable } from '../webhooks/webhooks';
import { resolveSource, type PreflightTarget } from './target';

const TITLE = 'Webhooks';
const REACH = 'Start the till (npm start) and make the webhook URL reach it from Centrapay: PUBLIC_URL or WEBHOOK_AUDIENCE, the reverse proxy, the firewall and DNS.';
const testDeliverySchema = z.object({ statusCode: z.number().optional(), body: z.string().optional(), error: z.string().optional() });
const gatewayErrorSchema = z.object({ code: z.string(), message: z.string() });

export async function checkWebhooks(target: PreflightTarget): Promise<PreflightCheck> {
  if (!target.webhooks) {
    return { id: 'webhooks', title: TITLE, status: 'warning', detail: 'Webhooks are off (no PUBLIC_URL or WEBHOOK_AUDIENCE, or WEBHOOKS=off): the till learns of every payment by polling, out of the rate budget.',
      action: 'Set PUBLIC_URL to the address Centrapay can reach the till at, and give Centrapay support PUBLIC_URL/api/webhooks/centrapay with the types payment-request:paid, refund-initiated and refund-completed.' };
  }
  const audience = resolveSource(target.webhooks.audience);
  return target.sandbox ? sandboxDelivery(target, audience) : realCentrapay(target, audience);
}

async function sandboxDelivery(target: PreflightTarget, audience: string): Promise<PreflightCheck> {
  const response = await fetch(`${resolveSource(target.centrapayBaseUrl)}/_sandbox/webhooks/test`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: audience, accountId: target.stores[0]?.centrapay.merchantAccountId }),
    signal: AbortSignal.timeout(15_000),
  });
  const sent = testDeliverySchema.parse(await response.json());
  if (sent.statusCode === undefined) {
    return { id: 'webhooks', title: TITLE, status: 'failed', detail: `A signed test notification could not reach ${audience}: ${sent.error ?? 'no answer'}.`, action: REACH };
  }
  if (sent.statusCode >= 200 && sent.statusCode < 300) {
    return { id: 'webhooks', title: TITLE, status: 'ok', detail: `A signed test notification from the sandbox reached ${audience} and the gateway verified it (it answered ${sent.statusCode}).` };
  }
  const refused = gatewayErrorSchema.safeParse(parseJson(sent.body));
  return { id: 'webhooks', title: TITLE, status: 'failed',
    detail: `A signed test notification reached ${audience}, which answered ${sent.statusCode}${refused.success ? ` ${refused.data.code}: ${refused.data.message}` : ''}.`,
    action: refused.success && refused.data.code === 'WEBHOOK_REJECTED'
      ? 'The gateway there does not believe it: WEBHOOK_JWKS_URL must be where this Centrapay publishes its keys, and WEBHOOK_AUDIENCE exactly the URL it posts to.'
      : `Something other than this till's webhook endpoint answers at ${audience}: ${REACH}` };
}

async function realCentrapay(target: PreflightTarget, audience: string): Promise<PreflightCheck> {
  const reached = await reachGateway(audience);
  if (reached.status !== 'ok') return { id: 'webhooks', title: TITLE, status: 'failed', detail: reached.detail, action: REACH };
  const jwksUrl = resolveSource(target.webhooks!.jwksUrl);
  let kids: string[];
  try {
    kids = await new JwksCache(jwksUrl).kids();
  } catch (error) {
    const why = error instanceof JwksUnavailable ? error.message : String(error);
    return { id: 'webhooks', title: TITLE, status: 'failed', detail: `${reached.detail} But ${why} (${jwksUrl}).`, action: 'Check WEBHOOK_JWKS_URL (https://auth.centrapay.com/api/.well-known/jwks.json) and that this machine can reach it.' };
  }
  return { id: 'webhooks', title: TITLE, status: 'warning',
    detail: `${reached.detail} Centrapay publishes ${kids.length} signing key${kids.length === 1 ? '' : 's'} at ${jwksUrl}. Whether Centrapay signs for this URL cannot be checked before a real payment: it sends no test webhook on request.`,
    action: `Make sure Centrapay support has subscribed ${audience} (payment-request:paid, refund-initiated, refund-completed); after the first test payment, centrapay_webhook_deliveries_total{result="accepted"} on /metrics shows deliveries verified.` };
}

/** An unsigned post to the webhook URL: this gateway's endpoint answers 401 WEBHOOK_REJECTED to it. */
async function reachGateway(audience: string): Promise<{ status: 'ok' | 'failed'; detail: string }> {
  let response: Response;
  try {
    response = await fetch(audience, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { status: 'failed', detail: `Nothing answered at the webhook URL ${audience} (${cause ?? String(error)}).` };
  }
  const body = gatewayErrorSchema.safeParse(parseJson(await response.text()));
  if (response.status === 401 && body.success && body.data.code === 'WEBHOOK_REJECTED') {
    return { status: 'ok', detail: `The webhook URL ${audience} reaches this till's webhook endpoint (it refused an unsigned post, as it must).` };
  }
  return { status: 'failed', detail: `The webhook URL ${audience} answered ${response.status}, not as this till's webhook endpoint does.` };
}

function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
