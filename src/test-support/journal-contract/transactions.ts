// A transaction's contract: every write made through it lands when its work is done, all at once, or none does.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Journal } from '../../server/gateway/journal/journal';
import { hold, vend } from './fixtures';

export function transactionContract(open: () => Promise<Journal>): void {
  let journal: Journal;

  beforeEach(async () => {
    journal = await open();
  });

  afterEach(async () => {
    await journal.close();
  });

  it('lands every write made through it at once when its work is done', async () => {
    const seen = await journal.transaction(async (tx) => {
      await journal.holds.commit(hold('TX-1'), [], tx);
      await journal.vends.commit(vend('TX-V'), [], tx);
      return 'done';
    });
    expect(seen).toBe('done');
    expect(await journal.holds.load('TX-1')).toEqual(hold('TX-1'));
    expect(await journal.vends.load('TX-V')).toEqual(vend('TX-V'));
  });

  it('lands nothing when its work fails', async () => {
    await expect(journal.transaction(async (tx) => {
      await journal.holds.commit(hold('TX-2'), [], tx);
      throw new Error('the work failed');
    })).rejects.toThrow('the work failed');
    expect(await journal.holds.load('TX-2')).toBeNull();
  });
}
