// The journal's contract: every backend (SQLite by default; PostgreSQL for a chain) runs these same tests against a
// fresh journal of its own (`open`). A backend passes when each repository does what the engines, history and
// receipts rely on.
import { describe } from 'vitest';
import type { Journal } from '../server/gateway/journal/journal';
import { engineRepositoriesContract } from './journal-contract/engines';
import { historyContract } from './journal-contract/history';
import { saleRepositoryContract } from './journal-contract/sales';

export function describeJournalContract(backend: string, open: () => Promise<Journal>): void {
  describe(`the ${backend} journal: sales`, () => saleRepositoryContract(open));
  describe(`the ${backend} journal: hold, vend and after-sale engines`, () => engineRepositoriesContract(open));
  describe(`the ${backend} journal: history`, () => historyContract(open));
}
