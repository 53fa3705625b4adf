// The journal: every sale the till numbered, every Payment Request it created, every status it saw, every tender,
// hold, vend, refund and void with who asked, and each engine's state so a restart resumes what was in flight. One
// repository per engine (its states and records) and one for what history, receipts and reports read, behind an
// asynchronous interface: SQLite (sqlite/, the default, one file) and PostgreSQL (postgres/, JOURNAL_URL, a chain's
// shared journal) implement it and pass the same contract tests (src/test-support/journal-contract.ts). A write that
// fails (disk full, read-only, locked by another program, the database out of reach) rejects with JournalUnavailable
// (failures.ts) and changes nothing.
import type { SaleDiscount } from '../../../domain/card-partner';
import type { LineItem, PaidBy } from '../../../domain/centrapay';
import type { Refund } from '../after-sale/ledger';
import type { HoldState } from '../hold/state';
import type { SaleRecord } from '../sale/events';
import type { StoredLane } from '../sale/state';
import type { Vend } from '../vend/state';
import type { JournalFailure } from './failures';

/** Rows that must be written together: pass the same `tx` to each write; they land all at once, or not at all. */
export interface JournalTx {
  readonly kind: 'journal-tx';
}

/** Who did what, kept in the one events table (a sale's, a hold's, a vend's or a refund's history). */
export interface JournalEvent {
  /** The Payment Request it is about, or the thing's own id when it has none. */
  subject: string;
  /** The sale, hold or vend it belongs to. */
  ref: string | null;
  name: string;
  actor: string;
  detail: string | null;
  status?: string | null;
}

export interface SaleRepository {
  /** Every lane's saved state. A saved state that cannot be read is moved aside (quarantined) and reported. */
  lanes(): Promise<{ lanes: { key: string; state: StoredLane }[]; quarantined: { lane: string; problem: string }[] }>;
  load(lane: string): Promise<StoredLane | null>;
  /** A lane's new state with the rows that record how it got there. */
  commit(lane: string, state: StoredLane, records: readonly SaleRecord[], tx?: JournalTx): Promise<void>;
  /** The next order number, taken: two lanes asking at once never get the same one. */
  takeOrderNumber(): Promise<number>;
  /** Lane states that could not be read, kept for a person to look at. */
  quarantined(): Promise<{ lane: string; state: string; reason: string; at: string }[]>;
}

export interface HoldRepository {
  load(id: string): Promise<HoldState | null>;
  /** Holds with something still to do with Centrapay: being opened or approved, a confirmation or return unanswered. */
  unfinished(): Promise<HoldState[]>;
  /** Newest first; of one store, of one lane or machine, and with one of `statuses`, when given. */
  list(filter?: { store?: string; owner?: string; statuses?: readonly string[] }): Promise<HoldState[]>;
  /** The hold's rows as the state says, with the events that record the change. */
  commit(state: HoldState, events: readonly JournalEvent[], tx?: JournalTx): Promise<void>;
  events(id: string): Promise<EventRow[]>;
}

export interface VendRepository {
  load(id: string): Promise<Vend | null>;
  unfinished(): Promise<Vend[]>;
  /** Newest first; of one store, of one machine and with one of `statuses` when given. */
  list(filter?: { store?: string; machine?: string; statuses?: readonly string[]; limit?: number }): Promise<Vend[]>;
  commit(state: Vend, events: readonly JournalEvent[], tx?: JournalTx): Promise<void>;
}

export interface RefundRepository {
  /** A finished sale's refunds and voids, oldest first, read with their schemas. */
  of(orderRef: string): Promise<Refund[]>;
  /** Sales with a refund Centrapay has not finished (or not yet answered). */
  unfinished(): Promise<string[]>;
  /** The sale's refund rows as given, with the events that record the change. */
  commit(orderRef: string, refunds: readonly Refund[], events: readonly JournalEvent[], tx?: JournalTx): Promise<void>;
}

/**
 * A sale found at Centrapay by its short code and journaled so that the after-sale engine can refund it
 * (history/at-centrapay.ts): its sale row, its one Payment Request as Centrapay showed it, and the event that says it was
 * found, not sold here. The rows are in the store of `sale.lane`, the lane whose cashier found it.
 */
export interface FoundSaleRows {
  sale: Pick<SaleRow, 'ref' | 'lane' | 'terminalId' | 'operatorId' | 'total' | 'currency' | 'result' | 'createdAt'> & Partial<Pick<SaleRow, 'invoiceRef' | 'purchaseOrderRef'>>
    & { lineItems: readonly LineItem[] };
  request: Omit<RequestRow, 'orderRef'> & { externalRef: string };
  event: JournalEvent;
}

export interface FoundSaleRepository {
  /**
   * Writes the found sale's rows together: the sale (kind `found`, no order number of the till's: 0), its request and
   * the event. False, and nothing written, when the journal has the request already (found before, or this till's own).
   */
  record(found: FoundSaleRows): Promise<boolean>;
}

/** A lane or machine and a store its rows were journaled under. */
export interface PlaceStore {
  place: string;
  store: string;
}

/** Which store each place's rows are under: a place taken out of the configuration is still finished with its own. */
export interface PlaceRepository {
  /**
   * The store of every lane's saved state (a sale and its refunds are its lane's) and of the holds and vends with
   * business left with Centrapay, by lane or machine; ordered by place, then store (a place with such rows under more
   * than one store is listed under each).
   */
  stores(): Promise<PlaceStore[]>;
}

/** What history, receipts and the end-of-day report read: never a write. */
export interface HistoryRepository {
  /** Sales newest first; `limit` of them after `after`, with where the next page starts (null: no more). */
  findSales(filter: SaleFilter, page?: { limit?: number; after?: SaleCursor }): Promise<{ sales: SaleRow[]; next: SaleCursor | null }>;
  sale(ref: string): Promise<SaleRow | undefined>;
  request(id: string): Promise<RequestRow | undefined>;
  /** What of the till's a Payment Request belongs to: a sale, a hold (a tab, a pump) or a vend, with its store. */
  requestOwner(id: string): Promise<RequestOwner | undefined>;
  requestsOf(ref: string): Promise<RequestRow[]>;
  tendersOf(ref: string): Promise<TenderRow[]>;
  eventsOf(ref: string): Promise<EventRow[]>;
  /** JSON: the line items the sale was numbered with; null for a sale the journal does not have. */
  lineItemsOf(ref: string): Promise<string | null>;
  refundsOf(ref: string): Promise<RefundRow[]>;
  /** Refunds and voids made in [from, to) (end of day), of the sales of `store` and of `lane` when given. */
  refundsMade(filter: { store?: string; lane?: string; from: string; to: string }): Promise<RefundRow[]>;
}

export interface RequestOwner {
  kind: 'sale' | 'hold' | 'vend';
  /** The sale's reference, or the hold's or vend's id. */
  ref: string;
  store: string;
}

export interface NotificationRepository {
  /**
   * Keeps the id of a verified webhook notification; false when it was seen before (Centrapay delivers at least
   * once, and retries for two weeks, so the ids outlive a restart).
   */
  record(id: string, type: string, paymentRequestId: string | null): Promise<boolean>;
}

export interface SecretRepository {
  /**
   * The till's own secret: receipt links are signed with it and kiosk tokens keyed with it. 32 random bytes made on
   * first use, then kept for the journal's life.
   */
  receiptKey(): Promise<Buffer>;
}

export interface JournalHealth {
  writable: boolean;
  failure: JournalFailure | null;
  message: string | null;
  since: string | null;
}

export interface Journal {
  /** Where it is, for logs (a file path, `:memory:`, or a database URL without its password). */
  readonly location: string;
  readonly sales: SaleRepository;
  readonly holds: HoldRepository;
  readonly vends: VendRepository;
  readonly refunds: RefundRepository;
  readonly foundSales: FoundSaleRepository;
  readonly history: HistoryRepository;
  readonly places: PlaceRepository;
  readonly notifications: NotificationRepository;
  readonly secrets: SecretRepository;
  /** Runs `work`; every write it made through `tx` lands when it resolves, all at once, or none does. */
  transaction<T>(work: (tx: JournalTx) => Promise<T>): Promise<T>;
  /**
   * Whether the journal can write: the last local write failure, writable again once a write succeeds; when nothing
   * was written for a few seconds (at start, nothing has been), first proved by a probe write that leaves nothing.
   */
  health(): Promise<JournalHealth>;
  /**
   * Whether this instance can take work now (`/readyz`): PostgreSQL while its database answers a query within
   * `timeoutMs`; SQLite while it can write (`health`). `reason` says why not, in words.
   */
  readiness(timeoutMs: number): Promise<{ ready: boolean; reason: string | null }>;
  close(): Promise<void>;
}

export type JournalWriteKind = 'sale' | 'payment-request' | 'status' | 'tender' | 'event' | 'lane-state' | 'webhook-notification' | 'refund' | 'hold' | 'vend';

/** Which store a lane or machine belongs to: every row the journal writes carries it. One store: `default`. */
export type StoreOf = (place: string) => string;

export const DEFAULT_STORE_ID = 'default';

export interface JournalOptions {
  /** The store of a lane or machine, from the configuration (every place is in the `default` store when not given). */
  storeOf?: StoreOf;
  onWrite?: (kind: JournalWriteKind) => void;
  onFailure?: (failure: JournalFailure) => void;
  /** How long a write waits for another program's lock. Short: the event loop waits with it. */
  busyTimeoutMs?: number;
}

export interface SaleRow {
  ref: string;
  number: number;
  /** The store whose lane made it. */
  store: string;
  lane: string;
  kind: string;
  terminalId: string;
  total: string;
  currency: string;
  operatorId: string | null;
  result: string;
  createdAt: string;
  updatedAt: string;
  /** The invoice its requests and refunds name; null for a sale journaled before the journal kept it. */
  invoiceRef: string | null;
  purchaseOrderRef: string | null;
  /** The Farmlands Card Partner discount in its total. */
  discount: SaleDiscount | null;
}

export interface RequestRow {
  id: string;
  shortCode: string;
  orderRef: string;
  amount: string;
  currency: string;
  status: string;
  createdAt: string;
  /** What paid it, by asset type, as last read from Centrapay; null when nothing was read yet. */
  paidBy: PaidBy | null;
  /** The Connection it was made with (a wallet linked first), whose offers on it are discounts; null for none. */
  connectionId: string | null;
}

/** What a sale can be found by (see history/search.ts). */
export type SaleMatch =
  | { by: 'short-code'; shortCode: string }
  | { by: 'number'; number: number }
  | { by: 'amount'; amount: string }
  /** Part of the order reference, or a whole Payment Request id. */
  | { by: 'reference'; text: string };

export interface SaleFilter {
  /** Of one store's lanes only (a cashier sees their own store's sales). */
  store?: string;
  lane?: string;
  /** Made at or after this instant (ISO, UTC). */
  from?: string;
  /** Made before this instant. */
  to?: string;
  /** Found by any of these; none: every sale. */
  matches?: readonly SaleMatch[];
}

/** Where a page of sales (newest first, then by reference) ends: the next page starts after it. */
export interface SaleCursor {
  createdAt: string;
  ref: string;
}

export interface TenderRow {
  orderRef: string;
  paymentRequestId: string | null;
  /** Recorded on the Payment Request as an external payment (else taken at the counter only). */
  onRequest: boolean;
  method: string;
  amount: string;
  actor: string;
  at: string;
}

export interface EventRow {
  subject: string;
  orderRef: string | null;
  kind: string;
  status: string | null;
  actor: string;
  detail: string | null;
  at: string;
}

/**
 * A refund or void of a finished sale as history reads it, one row per tender it returns money through; JSON
 * columns as text (the after-sale engine reads them with their schemas: RefundRepository).
 */
export interface RefundRow {
  /** Our refund id: the `externalRef` sent to Centrapay, or a local id for money handed back at the counter. */
  id: string;
  orderRef: string;
  /** Null for money handed back at the counter. */
  paymentRequestId: string | null;
  method: 'centrapay' | 'void' | 'cash' | 'card';
  amount: string;
  currency: string;
  /** JSON array of the line items refunded; null for the whole sale. */
  lineItems: string | null;
  reason: string | null;
  actor: string;
  status: 'pending' | 'completed' | 'failed';
  /** Centrapay's code when it refused (e.g. REFUND_WINDOW_EXCEEDED). */
  error: string | null;
  /** JSON [{type, description?, amount}]: how Centrapay split the refund across what paid (its `strategy`). */
  assetTotals: string | null;
  createdAt: string;
  updatedAt: string;
}
