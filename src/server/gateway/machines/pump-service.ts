// A pump on pre-auth (§6.10), through the gateway's one PreAuthService: the patron's scan authorises the pump's fixed
// amount (a hold of kind `pump` owned by the machine); the pump dispenses; its finish confirms exactly what was
// dispensed under an invoice number (PUMP-1-000123) and releases the rest. One authorisation at a time per pump.
import type { HoldView } from '../../../domain/pre-auth';
import { compareCents, formatMoney } from '../../../domain/money';
import type { PumpView } from '../../../domain/machine';
import { GatewayHttpError } from '../errors';
import type { PreAuthService } from '../pre-auth/service';
import type { Machine, Machines } from './machines';

export class PumpService {
  constructor(
    private readonly preAuth: PreAuthService,
    private readonly machines: Machines,
  ) {}

  /** A pump that confirmed what was dispensed but went down before releasing the rest releases it now. */
  async start(): Promise<void> {
    for (const machine of this.machines.all().filter((candidate) => candidate.kind === 'pump')) {
      for (const hold of this.preAuth.list({ open: true, owner: machine.id })) {
        const confirmed = hold.confirmations.some((confirmation) => confirmation.status === 'confirmed');
        if (hold.kind === 'pump' && hold.status === 'authorized' && confirmed && hold.returns.length === 0) {
          await this.preAuth.release(hold.id, `machine:${machine.id}`).catch(() => undefined);
        }
      }
    }
  }

  /** The patron scanned the pump's code: its fixed amount is authorised (they approve it in their app). */
  async authorise(machineId: string): Promise<PumpView> {
    const machine = this.machines.get(machineId, 'pump');
    if (this.current(machine)) throw new GatewayHttpError(409, 'MACHINE_BUSY', 'Machine busy, try again in a moment.');
    const amount = machine.authoriseAmount!;
    const hold = await this.preAuth.open({
      kind: 'pump', owner: machine.id, amount, operatorId: `patron@${machine.id}`,
      lineItems: [{ name: `Fuel at ${machine.name} (authorisation)`, qty: '1', price: amount }],
    });
    return this.pumpView(machine, hold);
  }

  view(machineId: string, holdId: string): PumpView {
    const machine = this.machines.get(machineId, 'pump');
    return this.pumpView(machine, this.hold(machine, holdId));
  }

  /** The pump's authorisation in use (being approved, or authorised and not finished), for the machine. */
  current(machine: Machine): PumpView | null {
    const open = this.preAuth.list({ open: true, owner: machine.id }).filter((hold) => hold.kind === 'pump');
    const view = open[0] ? this.pumpView(machine, open[0]) : null;
    return view && !view.finished ? view : null;
  }

  /**
   * The pump finished: exactly `amount` is confirmed (refused before sending if over the authorisation), the rest
   * released. Sent again with the same amount, it is the same confirmation (its key is the hold's).
   */
  async finish(machine: Machine, holdId: string, amount: string): Promise<PumpView> {
    const hold = this.hold(machine, holdId);
    if (compareCents(amount, hold.amount) > 0) {
      throw new GatewayHttpError(422, 'OVER_AUTHORISED',
        `${formatMoney(amount, hold.currency)} is more than the ${formatMoney(hold.amount, hold.currency)} authorised. Nothing was taken.`);
    }
    let after = hold;
    const actor = `machine:${machine.id}`;
    if (compareCents(amount, '0') > 0) {
      after = await this.preAuth.confirm(holdId, {
        key: `${holdId}-FUEL`, invoiceRef: this.invoiceRef(machine, holdId), amount, operatorId: actor,
        lineItems: [{ name: `Fuel at ${machine.name}`, qty: '1', price: amount }],
      });
    }
    if (after.status === 'authorized' && compareCents(after.remaining, '0') > 0 && !after.returns.some((row) => row.kind === 'release')) {
      after = await this.preAuth.release(holdId, actor);
    }
    return this.pumpView(machine, after);
  }

  private hold(machine: Machine, holdId: string): HoldView {
    const hold = this.preAuth.view(holdId);
    if (hold.kind !== 'pump' || hold.owner !== machine.id) {
      throw new GatewayHttpError(404, 'HOLD_NOT_FOUND', `No authorisation with that reference was made at ${machine.name}.`);
    }
    return hold;
  }

  /** The pump's invoice numbers count its authorisations: PUMP-1-000001 for the first. */
  private invoiceRef(machine: Machine, holdId: string): string {
    const ids = this.preAuth.list({ owner: machine.id }).filter((hold) => hold.kind === 'pump').map((hold) => hold.id).reverse();
    return `${machine.invoicePrefix}-${String(ids.indexOf(holdId) + 1).padStart(6, '0')}`;
  }

  private pumpView(machine: Machine, hold: HoldView): PumpView {
    const release = hold.returns.find((row) => row.kind === 'release' && row.status === 'done');
    const confirmation = hold.confirmations.find((row) => row.status === 'confirmed');
    const finished = hold.status === 'released' || (hold.status === 'authorized' && compareCents(hold.remaining, '0') === 0 && Boolean(confirmation));
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
      finished,
      createdAt: hold.createdAt,
    };
  }
}
