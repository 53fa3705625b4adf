// What the vend engine keeps of a vend at an unattended machine: the product, the Payment Request, where the vend
// stands (domain/machine.ts: creating → pending → vending → vended, or refunding → refunded), and why.
import type { LineItem } from '../../../domain/centrapay';
import type { VendStatus } from '../../../domain/machine';

export interface Vend {
  /** Our reference: the request's `externalRef`. */
  id: string;
  machine: string;
  sku: string;
  name: string;
  amount: string;
  currency: string;
  lineItems: LineItem[];
  paymentRequestId: string | null;
  shortCode: string | null;
  url: string | null;
  status: VendStatus;
  /** Why it was refunded or never paid, in words. */
  reason: string | null;
  /** When Centrapay said paid: the machine's time to confirm runs from it. */
  paidAt: string | null;
  /** The refund's completion was read back (nothing more to watch). */
  refundSettled: boolean;
  createdAt: string;
  updatedAt: string;
}
