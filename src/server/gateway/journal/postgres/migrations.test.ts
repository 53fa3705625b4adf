// The PostgreSQL journal's schema: instances starting together on an empty database migrate it exactly once; a
// database from a newer release is refused; what was written survives a close and a reopen.
import { afterEach, describe, expect, it } from 'vitest';
import { busyHold, vend } from '../../../../test-support/journal-contract/fixtures';
import { asAdmin, freshDatabase } from '../../../../test-support/postgres-database';
import { SCHEMA_VERSION } from './migrations';
import { PostgresJournal } from './postgres-journal';

const opened: PostgresJournal[] = [];
const nameOf = (url: string) => new URL(url).pathname.slice(1);

async function open(url: string): Promise<PostgresJournal> {
  const journal = await PostgresJournal.open(url);
  opened.push(journal);
  return journal;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((journal) => journal.close()));
});

describe('migrations', () => {
  it('run exactly once when five instances open an empty database at the same moment, and every instance works', async () => {
    const url = await freshDatabase();
    const journals = await Promise.all(Array.from({ length: 5 }, () => open(url)));
    const applied = await asAdmin(async (db) => (await db.query<{ version: number }>('SELECT version FROM journal_schema ORDER BY version')).rows, nameOf(url));
    expect(applied.map((row) => row.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, index) => index + 1));
    // Each instance writes, and sees what the others wrote.
    await Promise.all(journals.map((journal, index) => journal.vends.commit(vend(`V${index}`), [])));
    expect((await journals[0]!.vends.list()).map((row) => row.id).sort()).toEqual(['V0', 'V1', 'V2', 'V3', 'V4']);
    const numbers = await Promise.all(journals.flatMap((journal) => [journal.sales.takeOrderNumber(), journal.sales.takeOrderNumber()]));
    expect(new Set(numbers).size).toBe(10);
    const keys = await Promise.all(journals.map((journal) => journal.secrets.receiptKey()));
    expect(keys.every((key) => key.equals(keys[0]!))).toBe(true);
  });

  it('refuse a database from a newer release, and change nothing in it', async () => {
    const url = await freshDatabase();
    await (await open(url)).close();
    opened.length = 0;
    await asAdmin((db) => db.query("INSERT INTO journal_schema (version, applied_at) VALUES (99, '2030-01-01T00:00:00.000Z')"), nameOf(url));
    await expect(PostgresJournal.open(url)).rejects.toThrow(`the journal is from a newer version of centrapay-pos (schema 99; this one knows ${SCHEMA_VERSION})`);
  });
});

describe('a journal closed and opened again', () => {
  it('reads what was written before, and goes on numbering where it was', async () => {
    const url = await freshDatabase();
    const first = await open(url);
    await first.holds.commit(busyHold('TAB-1'), []);
    const number = await first.sales.takeOrderNumber();
    const key = await first.secrets.receiptKey();
    await first.close();
    opened.length = 0;
    const again = await open(url);
    expect(await again.holds.load('TAB-1')).toEqual(busyHold('TAB-1'));
    expect(await again.sales.takeOrderNumber()).toBe(number + 1);
    expect((await again.secrets.receiptKey()).equals(key)).toBe(true);
  });
});
