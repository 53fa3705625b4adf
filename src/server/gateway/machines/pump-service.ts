// A pump on pre-auth (§6.10), through the gateway's one hold engine: the patron's scan authorises the pump's fixed
// amount (a hold of kind `pump` owned by the machine); the pump dispenses; its finish confirms exactly what was
// dispensed under an invoice number (PUMP-1-000123), and the hold engine releases the rest once that is confirmed.
// One authorisation at a time per pump.
import { pumpFinished, type PumpView } from '../../../domain/machine';
import { compareCents, formatMoney } from '../../../domain/money';
import type { HoldView } from '../../../domain/pre-auth';
import { GatewayHttpError } from '../errors';
import { isJournalFailure } from '../journal/failures';
import type { HoldService } from '../hold/service';
import type { Machine, Machines } from './machines';

export class PumpService {
  constructor(
    private readonly holds: HoldService,
    private readonly machines: Machines,
  ) {}

  /**
   * A pump that confirmed what was dispensed but went down before its release was written (a journal from before
   * the hold engine wrote both together) releases the rest now. While the journal cannot be read (the database is
   * down as the instance starts) it looks again a little later, up to `attempts` times; it never throws.
   */
  async start(options: { retryMs?: number; attempts?: number; warn?: (err: unknown) => void } = {}): Promise<void> {
    const { retryMs = 5_000, attempts = 12 } = options;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        return await this.releaseLeftOver();
      } catch (error) {
        if (!isJournalFailure(error) || attempt === attempts) {
          options.warn?.(error);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, retryMs).unref());
      }
    }
  }

  private async releaseLeftOver(): Promise<void> {
    for (const machine of this.machines.all().filter((candidate) => candidate.kind === 'pump')) {
      for (const hold of await this.holds.list({ open: true, owner: machine.id })) {
        const confirmed = hold.confirmations.some((confirmation) => confirmation.status === 'confirmed');
        if (hold.kind === 'pump' && hold.status === 'authorized' && confirmed && hold.returns.length === 0 && compareCents(hold.remaining, '0') > 0) {
          await this.holds.release(hold.id, `machine:${machine.id}`).catch(() => undefined);
        }
      }
    }
  }

  /** The patron scanned the pump's code: its fixed amount is authorised (they approve it in their app). */
  async authorise(machineId: string): Promise<PumpView> {
    const machine = this.machines.get(machineId, 'pump');
    const amount = machine.authoriseAmount!;
    const hold = await this.holds.open({
      kind: 'pump', owner: machine.id, amount, operatorId: `patron@${machine.id}`,
      lineItems: [{ name: `Fuel at ${machine.name} (authorisation)`, qty: '1', price: amount }],
    });
    return this.pumpView(machine, hold);
  }

  async view(machineId: string, holdId: string): Promise<PumpView> {
    const machine = this.machines.get(machineId, 'pump');
    return this.pumpView(machine, await this.hold(machine, holdId));
  }

  /** The pump's authorisation in use (being approved, or authorised and not finished), for the machine. */
  async current(machine: Machine): Promise<PumpView | null> {
    const open = (await this.holds.list({ open: true, owner: machine.id })).filter((hold) => hold.kind === 'pump' && !pumpFinished(hold));
    return open[0] ? this.pumpView(machine, open[0]) : null;
  }

  /**
   * The pump finished: exactly `amount` is confirmed (refused before sending if over the authorisation), and the rest
   * released once it is. Sent again with the same amount, it is the same confirmation (its key is the hold's).
   */
  async finish(machine: Machine, holdId: string, amount: string): Promise<PumpView> {
    const hold = await this.hold(machine, holdId);
    if (compareCents(amount, hold.amount) > 0) {
      throw new GatewayHttpError(422, 'OVER_AUTHORISED',
        `${formatMoney(amount, hold.currency)} is more than the ${formatMoney(hold.amount, hold.currency)} authorised. Nothing was taken.`);
    }
    const actor = `machine:${machine.id}`;
    let after = hold;
    if (compareCents(amount, '0') > 0) {
      after = await this.holds.confirm(holdId, {
        key: `${holdId}-FUEL`, invoiceRef: await this.invoiceRef(machine, holdId), amount, operatorId: actor,
        lineItems: [{ name: `Fuel at ${machine.name}`, qty: '1', price: amount }],
      });
      // The hold engine sends the release with the confirmation's answer: wait for that answer too.
      const release = after.returns.find((row) => row.kind === 'release');
      if (release?.status === 'sending') after = await this.holds.settled(holdId, release.id);
    } else if (after.status === 'authorized' && !after.returns.some((row) => row.kind === 'release')) {
      after = await this.holds.release(holdId, actor);
    }
    return this.pumpView(machine, after);
  }

  private async hold(machine: Machine, holdId: string): Promise<HoldView> {
    const hold = await this.holds.view(holdId);
    if (hold.kind !== 'pump' || hold.owner !== machine.id) {
      throw new GatewayHttpError(404, 'HOLD_NOT_FOUND', `No authorisation with that reference was made at ${machine.name}.`);
    }
    return hold;
  }

  /** The pump's invoice numbers count its authorisations: PUMP-1-000001 for the first. */
  private async invoiceRef(machine: Machine, holdId: string): Promise<string> {
    const ids = (await this.holds.list({ owner: machine.id })).filter((hold) => hold.kind === 'pump').map((hold) => hold.id).reverse();
    return `${machine.invoicePrefix}-${String(ids.indexOf(holdId) + 1).padStart(6, '0')}`;
  }

  private pumpView(machine: Machine, hold: HoldView): PumpView {
    const release = hold.returns.find((row) => row.kind === 'release' && row.status === 'done');
    const confirmation = hold.confirmations.find((row) => row.status === 'confirmed');
    return {
      holdId: hold.id,
      machineId: machine.id,
      status: hold.status,
      currency: hold.currency,
      authorised: hold.amount,
      confirmed: hold.confirmed,
      released: release ? release.amount ?? '0' : null,
      invoiceRef: confirmation?.invoiceRef ?? null,
      url: hold.url,
      finished: pumpFinished(hold),
      createdAt: hold.createdAt,
    };
  }
}
