// What can happen to a lane: a cashier's command, or an observation of Centrapay reported by a runner (a create
// answered, a poll, a void…). The transition function takes one at a time; nothing else changes a lane.
import type { CartLine } from '../../../domain/cart';
import type { Connection, PaymentRequest } from '../../../domain/centrapay';
import type { SaleDiscount } from '../../../domain/card-partner';
import type { CounterTender, OrderKind, PresentedCode, SaleReferences, TenderMethod } from '../../../domain/lane';
import type { RequestMatch } from './state';

/** An order the service numbered for a Pay or Connect press (the number is used only if the press is accepted). */
export interface NewOrder {
  ref: string;
  number: number;
  currency: string;
  match: Omit<RequestMatch, 'lineItems' | 'currency'>;
  /** The store's Card Partner discount (a percentage), taken off when a Farmlands card pays the whole sale. */
  cardPartnerPercent?: string | null;
}

export type LaneCommand =
  | { type: 'setCart'; cart: CartLine[]; actor: string }
  | { type: 'pay'; kind: OrderKind; cart: CartLine[]; order: NewOrder; actor: string; code?: PatronCodePayment; counter?: CounterTender; refs?: SaleReferences }
  | { type: 'tender'; ref: string; actor: string } & CounterTender
  | { type: 'cancel'; ref: string; actor: string }
  | { type: 'refund'; ref: string; actor: string }
  | { type: 'newSale'; actor: string }
  /** The cashier's answer to an `awaiting-merchant` condition (§6.9). */
  | { type: 'decide'; ref: string; conditionId: string; decision: 'accept' | 'decline'; actor: string };

/** A Pay with a code the patron presented: the code as decoded, and whether the patron is at the counter. */
export interface PatronCodePayment {
  barcode: string;
  presented: PresentedCode;
  patronNotPresent: boolean;
}

export type LaneObservation =
  /** The lane is no longer in the configuration. */
  | { type: 'retire' }
  /** The order's Payment Request exists: its create answered, or a look-up by `externalRef` found it. */
  | { type: 'created'; ref: string; paymentRequest: PaymentRequest; sends: number }
  | { type: 'createRejected'; ref: string; code: string; sends: number }
  | { type: 'createSlow'; ref: string; notice: string }
  | { type: 'createGaveUp'; ref: string }
  | { type: 'polled'; paymentRequest: PaymentRequest }
  | { type: 'pollFailed'; id: string; rejected: boolean; code: string; failingSince: number }
  | { type: 'voided'; id: string; refunded: boolean }
  | { type: 'voidRejected'; id: string; code: string }
  | { type: 'voidFailed'; id: string; failingSince: number }
  | { type: 'tendered'; id: string; key: string }
  | { type: 'tenderRejected'; id: string; key: string; code: string }
  | { type: 'tenderFailed'; id: string; key: string }
  | { type: 'decided'; id: string; conditionId: string }
  | { type: 'decideRejected'; id: string; conditionId: string; code: string }
  | { type: 'decideFailed'; id: string; conditionId: string; failingSince: number }
  | { type: 'refunded'; id: string }
  | { type: 'refundRejected'; id: string; code: string }
  | { type: 'connectionCreated'; ref: string; connection: Connection }
  | { type: 'connectionFailed'; ref: string; code: string }
  | { type: 'connectionPolled'; id: string; status: string; walletName: string | null }
  | { type: 'connectionPollFailed'; id: string; rejected: boolean }
  | { type: 'lookedUp'; ref: string; matches: PaymentRequest[] };

export type LaneEvent = LaneCommand | LaneObservation;

/** How a sale ended, as the journal keeps it (history, receipts, the chaos audit). */
export type SaleResult = 'pending' | 'paid' | 'cancelled' | 'expired' | 'refunded' | 'unknown' | 'not-started';

/** A sale as the journal keeps it: numbered, with what it is invoiced as and any discount in its total. */
export interface JournaledOrder {
  ref: string;
  number: number;
  kind: OrderKind;
  total: string;
  currency: string;
  operatorId: string;
  terminalId: string;
  startedAt: string;
  /** Absent only in rows written before the journal kept them. */
  invoiceRef?: string;
  purchaseOrderRef?: string | null;
  discount?: SaleDiscount | null;
}

/** Rows the journal writes in the same transaction as the lane's new state. */
export type SaleRecord =
  | { kind: 'order'; order: JournaledOrder; lineItems: unknown }
  | { kind: 'result'; ref: string; result: SaleResult }
  | { kind: 'request'; ref: string; paymentRequest: PaymentRequest; operatorId: string | null }
  | { kind: 'status'; id: string; status: string }
  /** Money taken at the counter: `onRequest` when it was recorded on the Payment Request as an external payment. */
  | { kind: 'tender'; ref: string; paymentRequestId: string | null; onRequest: boolean; method: TenderMethod; amount: string; actor: string }
  | { kind: 'event'; subject: string; ref: string | null; name: string; actor: string; detail: string | null };
