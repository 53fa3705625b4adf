// The journal's contract: every backend (SQLite by default; PostgreSQL for a chain) runs these same tests against a
// fresh journal of its own (`open`). A backend passes when each repository does what the engines, history and
// receipts rely on.
import { describe } from 'vitest';
import type { Journal, JournalOptions } from '../server/gateway/journal/journal';
import { foundSalesContract } from './journal-contract/found-sales';
import { historyContract } from './journal-contract/history';
import { holdRepositoryContract } from './journal-contract/holds';
import { refundRepositoryContract } from './journal-contract/refunds';
import { saleRepositoryContract } from './journal-contract/sales';
import { smallStoresContract } from './journal-contract/small-stores';
import { storesContract } from './journal-contract/stores';
import { transactionContract } from './journal-contract/transactions';
import { vendRepositoryContract } from './journal-contract/vends';

/** `open` makes a fresh, empty journal with the options given (a store for each place, in the stores tests). */
export function describeJournalContract(backend: string, open: (options?: JournalOptions) => Promise<Journal>): void {
  describe(`the ${backend} journal: sales`, () => saleRepositoryContract(open));
  describe(`the ${backend} journal: holds`, () => holdRepositoryContract(open));
  describe(`the ${backend} journal: vends`, () => vendRepositoryContract(open));
  describe(`the ${backend} journal: refunds of finished sales`, () => refundRepositoryContract(open));
  describe(`the ${backend} journal: sales found at Centrapay`, () => foundSalesContract(open));
  describe(`the ${backend} journal: transactions`, () => transactionContract(open));
  describe(`the ${backend} journal: notifications, secret, order numbers`, () => smallStoresContract(open));
  describe(`the ${backend} journal: history`, () => historyContract(open));
  describe(`the ${backend} journal: stores`, () => storesContract(open));
}
