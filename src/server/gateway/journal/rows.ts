// Rows as every backend reads them back into the engines' states: the same column aliases in each backend's SELECTs,
// JSON columns read with the domain's schemas (a column that cannot be read gives what the engines can live with:
// no line items, no asset totals), statuses checked.
import { z } from 'zod/mini';
import { assetAmountSchema, refundMethodSchema, refundStatusSchema } from '../../../domain/after-sale';
import { saleDiscountSchema } from '../../../domain/card-partner';
import { lineItemSchema, type LineItem } from '../../../domain/centrapay';
import { vendStatusSchema } from '../../../domain/machine';
import { confirmationStatusSchema, holdKindSchema, holdReturnKindSchema, holdReturnStatusSchema, holdStatusSchema } from '../../../domain/pre-auth';
import type { Refund } from '../after-sale/ledger';
import type { HoldState } from '../hold/state';
import type { SaleRow } from './journal';
import { readSavedLane } from '../sale/saved-state';
import type { StoredLane } from '../sale/state';
import type { Vend } from '../vend/state';

/** A row as a driver gives it: text columns by their aliases. */
export type Row = Record<string, string | null>;

const lineItemsSchema = z.array(lineItemSchema);
const DEFAULT_LINE: Record<string, string> = { tab: 'Bar tab', pump: 'Fuel' };

/** A sale as the journal keeps it, its discount read with the domain's schema (none when it cannot be read). */
export function saleRow(row: Omit<SaleRow, 'discount'> & { discount: string | null }): SaleRow {
  const discount = z.safeParse(saleDiscountSchema, parseJson(row.discount));
  return { ...row, discount: discount.success ? discount.data : null };
}

/** JSON a column kept, or undefined when it is not JSON (the caller's schema then says what is wrong). */
export function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Line items kept as JSON; none when they cannot be read (nothing is then sent with them). */
function lineItems(text: string | null | undefined): LineItem[] {
  const parsed = z.safeParse(lineItemsSchema, parseJson(text ?? null));
  return parsed.success ? parsed.data : [];
}

/** Line items kept as JSON, or null for none kept (or none readable). */
function optionalLineItems(text: string | null | undefined): LineItem[] | null {
  if (text === null || text === undefined) return null;
  const parsed = z.safeParse(lineItemsSchema, parseJson(text));
  return parsed.success ? parsed.data : null;
}

export function readVend(row: Row): Vend {
  return {
    id: row.id!, machine: row.machine!, sku: row.sku!, name: row.name!, amount: row.amount!, currency: row.currency!,
    lineItems: lineItems(row.lineItems), paymentRequestId: row.paymentRequestId ?? null, shortCode: row.shortCode ?? null,
    url: row.url ?? null, status: vendStatusSchema.parse(row.status), reason: row.reason ?? null, paidAt: row.paidAt ?? null,
    refundSettled: row.refundSettledAt !== null && row.refundSettledAt !== undefined, createdAt: row.createdAt!, updatedAt: row.updatedAt!,
  };
}

export function readRefund(row: Row): Refund {
  const assetTotals = row.assetTotals === null ? null : z.safeParse(z.array(assetAmountSchema), parseJson(row.assetTotals ?? null));
  return {
    id: row.id!, orderRef: row.orderRef!, paymentRequestId: row.paymentRequestId ?? null, method: refundMethodSchema.parse(row.method),
    amount: row.amount!, currency: row.currency!, lineItems: optionalLineItems(row.lineItems), reason: row.reason ?? null, actor: row.actor!,
    status: refundStatusSchema.parse(row.status), error: row.error ?? null, assetTotals: assetTotals?.success ? assetTotals.data : null,
    accepted: row.acceptedAt !== null && row.acceptedAt !== undefined, sentLineItems: optionalLineItems(row.sentLineItems), createdAt: row.createdAt!, updatedAt: row.updatedAt!,
  };
}

/** A hold from its row, its confirmations' rows and its returns' rows (each in the order they were made). */
export function readHold(row: Row, confirmations: readonly Row[], returns: readonly Row[]): HoldState {
  const kind = holdKindSchema.parse(row.kind);
  const items = lineItems(row.lineItems);
  return {
    id: row.id!, kind, owner: row.owner!, externalRef: row.externalRef!, paymentRequestId: row.paymentRequestId ?? null, shortCode: row.shortCode ?? null,
    url: row.url ?? null, amount: row.amount!, currency: row.currency!, status: holdStatusSchema.parse(row.status), error: row.error ?? null,
    preAuthExpiresAt: row.preAuthExpiresAt ?? null, requestCreatedAt: row.requestCreatedAt ?? null, openedBy: row.openedBy!,
    label: items[0]?.name ?? DEFAULT_LINE[kind]!, createdAt: row.createdAt!, updatedAt: row.updatedAt!, lineItems: items,
    confirmations: confirmations.map((item) => ({
      key: item.key!, invoiceRef: item.invoiceRef!, amount: item.amount!, lineItems: lineItems(item.lineItems),
      status: confirmationStatusSchema.parse(item.status), error: item.error ?? null, activityId: item.activityId ?? null, actor: item.actor!,
      createdAt: item.createdAt!, updatedAt: item.updatedAt!,
    })),
    returns: returns.map((item) => ({
      id: item.id!, kind: holdReturnKindSchema.parse(item.kind), amount: item.amount ?? null, confirmationKey: item.confirmationKey ?? null,
      status: holdReturnStatusSchema.parse(item.status), error: item.error ?? null, actor: item.actor!, createdAt: item.createdAt!, updatedAt: item.updatedAt!,
    })),
  };
}

/**
 * Every lane's saved state from its row. A row that cannot be read is reported and handed to `quarantine` (to be moved
 * aside); if the journal cannot be written now, it stays where it is and is moved aside at the next start.
 */
export async function readLanes(
  rows: readonly { id: string; state: string }[],
  quarantine: (row: { id: string; state: string }, problem: string) => Promise<void>,
): Promise<{ lanes: { key: string; state: StoredLane }[]; quarantined: { lane: string; problem: string }[] }> {
  const lanes: { key: string; state: StoredLane }[] = [];
  const quarantined: { lane: string; problem: string }[] = [];
  for (const row of rows) {
    const saved = readSavedLane(row.state);
    if ('state' in saved) {
      lanes.push({ key: row.id, state: saved.state });
      continue;
    }
    quarantined.push({ lane: row.id, problem: saved.problem });
    await quarantine(row, saved.problem).catch(() => undefined);
  }
  return { lanes, quarantined };
}
