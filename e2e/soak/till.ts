// The soak run's cashier and patron: sales rung up through the gateway's cashier API (the cashier code header, as
// the cashier screen sends it) and paid by Alice through the sandbox's Centrapay API, as her wallet app would.
import type { CartItem } from '../../src/domain/cart';
import type { LaneState } from '../../src/domain/lane';
import { SEED_PATRONS } from '../../src/domain/sandbox-seeds';
import { salePhase } from '../../src/domain/sale';

const ALICE = SEED_PATRONS.find((patron) => patron.id === 'alice')!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SoakTill {
  constructor(
    private readonly gatewayUrl: () => string,
    private readonly sandboxUrl: string,
    readonly lane: string,
    private readonly cashierCode: string,
  ) {}

  /** The lane's state; waits out a gateway that is restarting. */
  async state(ms = 60_000): Promise<LaneState> {
    const deadline = Date.now() + ms;
    let last: string;
    for (;;) {
      try {
        const response = await fetch(`${this.gatewayUrl()}/api/lanes/${this.lane}`, { signal: AbortSignal.timeout(5_000) });
        if (response.ok) return (await response.json()) as LaneState;
        last = `${response.status} ${await response.text()}`;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      if (Date.now() > deadline) throw new Error(`the lane could not be read for ${ms / 1000} s: ${last}`);
      await sleep(100);
    }
  }

  async until(what: string, predicate: (state: LaneState) => boolean, ms = 30_000): Promise<LaneState> {
    const deadline = Date.now() + ms;
    for (;;) {
      const state = await this.state();
      if (predicate(state)) return state;
      if (Date.now() > deadline) throw new Error(`the lane never got to ${what}: step ${JSON.stringify(state.step)}, payment ${state.payment?.outcome}, notice ${state.notice}`);
      await sleep(20);
    }
  }

  /** One press on the cashier screen; a refusal or a lost answer is the run's failure, not retried. */
  async press(action: 'cart' | 'payments' | 'counter' | 'new-sale', body: object): Promise<LaneState> {
    const response = await fetch(`${this.gatewayUrl()}/api/lanes/${this.lane}/${action}`, {
      method: action === 'cart' ? 'PUT' : 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Cashier-Code': this.cashierCode },
      body: JSON.stringify({ ...body, operatorId: 'soak' }),
      signal: AbortSignal.timeout(20_000),
    });
    if (!response.ok) throw new Error(`${action} was refused: ${response.status} ${await response.text()}`);
    return (await response.json()) as LaneState;
  }

  setCart(cart: CartItem[]): Promise<LaneState> {
    return this.press('cart', { cart });
  }

  /** Pay with Centrapay: resolves once the Payment Request is live (the display shows its QR code). */
  async payWithCentrapay(cart: CartItem[]): Promise<string> {
    await this.press('payments', { cart });
    const state = await this.until('a live payment', (s) => salePhase(s) === 'paying' && !s.step);
    return state.payment!.paymentRequest.id;
  }

  cash(cart: CartItem[]): Promise<LaneState> {
    return this.press('counter', { cart, method: 'cash' });
  }

  async newSale(): Promise<void> {
    await this.press('new-sale', {});
  }

  /** Alice pays the request in full from her wallet. */
  async patronPays(paymentRequestId: string): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      const response = await fetch(`${this.sandboxUrl}/api/payment-requests/${encodeURIComponent(paymentRequestId)}/pay`, {
        method: 'POST',
        headers: { Authorization: ALICE.token, 'Content-Type': 'application/json' },
        body: JSON.stringify({ assetType: ALICE.assetType, assetId: ALICE.assetId, idempotencyKey: `soak-${paymentRequestId}` }),
        signal: AbortSignal.timeout(10_000),
      });
      if (response.ok) return;
      if (attempt >= 3) throw new Error(`Alice could not pay ${paymentRequestId}: ${response.status} ${await response.text()}`);
      await sleep(200);
    }
  }

  async paid(): Promise<LaneState> {
    return this.until('paid', (s) => salePhase(s) === 'done' && !s.step);
  }
}
