// The other side of the counter, through the sandbox's Centrapay API as the seeded parties call it
// (sandbox-contract.md "How the seeded parties call it"): Alice paying in full or in part, or declining, and the
// rewards wallet linking a Connection and paying its offer. Their pay calls meet the same injected faults as the
// gateways'; like a wallet app they retry with the same idempotencyKey until Centrapay gives a readable answer.
import { ASSET_TYPE, offerCover, REWARDS_OFFER, REWARDS_WALLET, SEED_PATRONS } from '../../src/domain/sandbox-seeds';
import type { LineItem } from '../../src/domain/centrapay';
import { bump, sleep, type RunStats } from './stats';
import { describe } from './till';

const ALICE = SEED_PATRONS.find((patron) => patron.id === 'alice')!;

type Credential = { Authorization: string } | { 'X-Api-Key': string };
const AS_ALICE: Credential = { Authorization: ALICE.token };
const AS_WALLET: Credential = { 'X-Api-Key': REWARDS_WALLET.apiKey };

interface Reply {
  status: number;
  /** Parsed JSON, or undefined when the answer was lost or unreadable. */
  body: { id?: string; message?: string; lineItems?: LineItem[]; status?: string; walletId?: string } | undefined;
}

/** What came of a patron's action: `ok`, Centrapay's refusal code, or `gave-up` after retrying. */
export type PatronResult = 'ok' | 'gave-up' | 'aborted' | `refused:${string}`;

export class Patrons {
  constructor(
    readonly sandboxUrl: string,
    private readonly stats: RunStats,
  ) {}

  private async call(method: string, path: string, credential: Credential, body?: object): Promise<Reply> {
    try {
      const response = await fetch(`${this.sandboxUrl}${path}`, {
        method,
        headers: { ...credential, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        // A `timeout` fault holds the call for 30 s; a wallet app gives up sooner and tries again.
        signal: AbortSignal.timeout(12_000),
      });
      const text = await response.text();
      let parsed: Reply['body'];
      try {
        parsed = text ? (JSON.parse(text) as Reply['body']) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: response.status, body: parsed };
    } catch (error) {
      return { status: 0, body: { message: describe(error) } };
    }
  }

  /**
   * POST …/pay until a readable answer: 200 with an activity, or a 4xx refusal (not 429). Lost answers (network,
   * timeouts, 5xx, 429, HTML, empty or broken JSON) are retried with the same idempotencyKey and body.
   */
  private async pay(who: string, requestId: string, credential: Credential, body: object, signal: AbortSignal): Promise<PatronResult> {
    const deadline = Date.now() + 45_000;
    for (let attempt = 1; Date.now() < deadline; attempt += 1) {
      if (signal.aborted) return 'aborted';
      const reply = await this.call('POST', `/api/payment-requests/${requestId}/pay`, credential, body);
      if (reply.status === 200 && reply.body?.id) {
        if (attempt > 1) bump(this.stats.patron, `${who} retried-then-answered`);
        return 'ok';
      }
      if (reply.status >= 400 && reply.status < 500 && reply.status !== 429 && reply.body?.message) return `refused:${reply.body.message}`;
      bump(this.stats.patron, `${who} lost answer, retried`);
      await sleep(300 + attempt * 200, signal);
    }
    return 'gave-up';
  }

  /** Alice pays what is left (no amount), or part of it with `partial-payment`. */
  alicePays(requestId: string, key: string, signal: AbortSignal, partAmount?: string): Promise<PatronResult> {
    const body = {
      assetType: ALICE.assetType,
      assetId: ALICE.assetId,
      idempotencyKey: key,
      ...(partAmount ? { mode: 'partial-payment', amount: partAmount } : {}),
    };
    return this.pay('alice', requestId, AS_ALICE, body, signal);
  }

  /** What Alice's wallet shows is left to pay (it reads the request, as wallets do); null if it could not tell. */
  async remainingOf(requestId: string, signal: AbortSignal): Promise<bigint | null> {
    for (let attempt = 1; attempt <= 6 && !signal.aborted; attempt += 1) {
      const reply = await this.call('GET', `/api/payment-requests/${requestId}`, AS_ALICE);
      const remaining = (reply.body as { remainingAmount?: string } | undefined)?.remainingAmount;
      if (reply.status === 200 && remaining !== undefined) return BigInt(remaining);
      await sleep(400, signal);
    }
    return null;
  }

  /** Alice declines in her wallet (the sandbox's patron cancel). */
  async aliceDeclines(requestId: string, signal: AbortSignal): Promise<PatronResult> {
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      if (signal.aborted) return 'aborted';
      const reply = await this.call('POST', `/api/payment-requests/${requestId}/cancel`, AS_ALICE);
      if (reply.status === 200) return 'ok';
      if (reply.status >= 400 && reply.status < 500 && reply.body?.message) return `refused:${reply.body.message}`;
      await sleep(500, signal);
    }
    return 'gave-up';
  }

  /**
   * The rewards wallet links the Connection. A second authorise is refused (centrapay-api.md §5.1), so when a retry
   * is refused the summary tells whether an earlier attempt whose answer was lost linked it.
   */
  async walletAuthorizes(connectionId: string, signal: AbortSignal): Promise<PatronResult> {
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      if (signal.aborted) return 'aborted';
      const reply = await this.call('POST', `/api/connections/${connectionId}/authorize`, AS_WALLET, { walletId: REWARDS_WALLET.walletId });
      if (reply.status === 200) return 'ok';
      if (reply.status === 403 && attempt > 1) {
        const summary = await this.call('GET', `/api/connections/${connectionId}/summary`, AS_WALLET);
        if (summary.body?.status === 'authorized' && summary.body.walletId === REWARDS_WALLET.walletId) return 'ok';
      }
      if (reply.status >= 400 && reply.status < 500 && reply.status !== 429 && reply.body?.message) return `refused:${reply.body.message}`;
      await sleep(500, signal);
    }
    return 'gave-up';
  }

  /**
   * Once the till has made the Connection's Payment Request, the wallet reads it and pays its offer (20% of each
   * coffee). Returns the request id and what came of the offer (`none` when nothing in the cart is covered).
   */
  async walletPaysOffer(connectionId: string, signal: AbortSignal): Promise<{ requestId: string | null; result: PatronResult | 'none' }> {
    let request: Reply['body'];
    while (!signal.aborted) {
      const reply = await this.call('GET', `/api/connections/${connectionId}/latest-payment-request`, AS_WALLET);
      if (reply.status === 200 && reply.body?.id) {
        request = reply.body;
        break;
      }
      await sleep(300, signal);
    }
    if (!request?.id) return { requestId: null, result: 'aborted' };
    if (request.status !== 'new') return { requestId: request.id, result: `refused:${request.status}` };
    const cover = offerCover(REWARDS_OFFER, request.lineItems ?? []);
    if (BigInt(cover.amount) <= 0n) return { requestId: request.id, result: 'none' };
    const result = await this.pay('wallet', request.id, AS_WALLET, {
      assetType: ASSET_TYPE.rewardsTest,
      authorization: `offer-coffee-20-${request.id}`,
      mode: 'multi-asset-payment',
      amount: cover.amount,
      idempotencyKey: `offer-${request.id}`,
    }, signal);
    return { requestId: request.id, result };
  }
}
