// Unattended machines (issue 11): a vending machine sold from by a static QR code, and a pump that authorises a fixed
// amount and takes what was dispensed. What the gateway's `/api/machines…` and `/api/vends…` answer, shared by the
// gateway and the machine pages. Money is integer cents in strings.
import { z } from 'zod/mini';
import { compareCents } from './money';
import { machineKindSchema } from './machine-kind';
import { holdStatusSchema, type HoldRefusal, type HoldView } from './pre-auth';

export const MACHINE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;

export const machineProductSchema = z.object({ sku: z.string(), name: z.string(), price: z.string() });
export type MachineProduct = z.infer<typeof machineProductSchema>;

/** What a patron's phone may know of a machine: never its key, its terminal or its device. */
export const machineViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: machineKindSchema,
  currency: z.string(),
  products: z.array(machineProductSchema),
  /** A pump's fixed authorisation; null for a vending machine. */
  authoriseAmount: z.nullable(z.string()),
});
export type MachineView = z.infer<typeof machineViewSchema>;

/**
 * `creating`: written, Centrapay being asked for the request; `pending`: waiting for the patron to pay; `vending`:
 * paid, the machine told to vend; `vended`: the machine confirmed it; `refunding`: the machine failed or did not
 * confirm in time, the refund is being sent; `refunded`: Centrapay accepted the refund; `refund-failed`: Centrapay
 * refused it (a person must look); `unpaid`: the request expired or was cancelled unpaid; `failed`: never created.
 */
export const vendStatusSchema = z.enum(['creating', 'pending', 'vending', 'vended', 'refunding', 'refunded', 'refund-failed', 'unpaid', 'failed']);
export type VendStatus = z.infer<typeof vendStatusSchema>;

/** A vend waits on the patron or the machine in these: the machine serves no one else meanwhile. */
export const BUSY_VEND_STATUSES: readonly VendStatus[] = ['creating', 'pending', 'vending'];

export const vendViewSchema = z.object({
  id: z.string(),
  machineId: z.string(),
  sku: z.string(),
  name: z.string(),
  amount: z.string(),
  currency: z.string(),
  status: vendStatusSchema,
  /** Why it was refunded or never paid, in words (journaled as such). */
  reason: z.nullable(z.string()),
  paymentRequestId: z.nullable(z.string()),
  shortCode: z.nullable(z.string()),
  /** Where the patron pays (Centrapay's `url`). */
  url: z.nullable(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type VendView = z.infer<typeof vendViewSchema>;

/** A pump's authorisation as the patron page and the simulator read it. */
export const pumpViewSchema = z.object({
  holdId: z.string(),
  machineId: z.string(),
  status: holdStatusSchema,
  currency: z.string(),
  /** The fixed amount authorised. */
  authorised: z.string(),
  /** What was dispensed and confirmed. */
  confirmed: z.string(),
  /** What went back to the patron; null until released. */
  released: z.nullable(z.string()),
  invoiceRef: z.nullable(z.string()),
  /** Where the patron approves the authorisation. */
  url: z.nullable(z.string()),
  /** Dispensed, confirmed and the rest released (or nothing to release): the final amount stands. */
  finished: z.boolean(),
  createdAt: z.string(),
});
export type PumpView = z.infer<typeof pumpViewSchema>;

/** What the machine is to do now (the simulator polls it with the machine's key). */
export const machineJobSchema = z.object({
  vend: z.nullable(z.object({ vendId: z.string(), sku: z.string(), name: z.string(), deadline: z.string() })),
  pump: z.nullable(pumpViewSchema),
});
export type MachineJob = z.infer<typeof machineJobSchema>;

/** A purchase at a machine, as the patron's page keeps it in its address: `?vend=…` or `?hold=…` (a pump's). */
export type MachinePurchase = { kind: 'vend' | 'hold'; id: string };

/**
 * The patron's page of a machine (what its sticker's QR code opens), or of one purchase on it: where Centrapay's pay
 * page sends the patron back after paying or cancelling. `origin` is how phones reach the till (PUBLIC_URL).
 */
export function machinePatronUrl(origin: string, machineId: string, purchase?: MachinePurchase): string {
  const url = new URL(`${origin.replace(/\/+$/, '')}/machines/${encodeURIComponent(machineId)}/pay`);
  if (purchase) url.searchParams.set(purchase.kind, purchase.id);
  return url.href;
}

/** The header a machine proves itself with. */
export const MACHINE_KEY_HEADER = 'x-machine-key';

/** Dispensed, confirmed and the rest released (or nothing left to release): the pump's authorisation is finished. */
export function pumpFinished(hold: Pick<HoldView, 'status' | 'remaining' | 'confirmations'>): boolean {
  const confirmed = hold.confirmations.some((confirmation) => confirmation.status === 'confirmed');
  return hold.status === 'released' || (hold.status === 'authorized' && compareCents(hold.remaining, '0') === 0 && confirmed);
}

/** A pump serves one patron at a time: another authorisation waits until the one in use is finished or ended. */
export function pumpBusyRefusal(holds: readonly Pick<HoldView, 'kind' | 'status' | 'remaining' | 'confirmations'>[]): HoldRefusal | null {
  const inUse = holds.some((hold) => hold.kind === 'pump' && (hold.status === 'opening' || hold.status === 'pending' || hold.status === 'authorized') && !pumpFinished(hold));
  return inUse ? { statusCode: 409, code: 'MACHINE_BUSY', message: 'Machine busy, try again in a moment.' } : null;
}
