// The journal's small stores: webhook notification ids kept once, the till's own secret, and order numbers.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Journal } from '../../server/gateway/journal/journal';

export function smallStoresContract(open: () => Promise<Journal>): void {
  let journal: Journal;

  beforeEach(async () => {
    journal = await open();
  });

  afterEach(async () => {
    await journal.close();
  });

  it('keeps a webhook notification id once', async () => {
    expect(await journal.notifications.record('N1', 'payment-request:paid', 'PR1')).toBe(true);
    expect(await journal.notifications.record('N1', 'payment-request:paid', 'PR1')).toBe(false);
  });

  it('makes the till’s secret once: 32 bytes, the same every time', async () => {
    const key = await journal.secrets.receiptKey();
    expect(key).toHaveLength(32);
    expect((await journal.secrets.receiptKey()).equals(key)).toBe(true);
  });

  it('numbers orders once each, however many ask at once', async () => {
    const numbers = await Promise.all(Array.from({ length: 20 }, () => journal.sales.takeOrderNumber()));
    expect(new Set(numbers).size).toBe(20);
    expect(Math.min(...numbers)).toBe(1);
  });
}
