// What the hold engine keeps of a hold (a bar tab, or a pump's authorisation): the domain's hold, with the line items
// its Payment Request is created with. Kept in the journal as the hold's rows (holds, hold_confirmations,
// hold_returns), read back with the domain's schemas.
import type { LineItem } from '../../../domain/centrapay';
import type { Hold } from '../../../domain/pre-auth';

export interface HoldState extends Hold {
  lineItems: LineItem[];
}
