// How often health proves the journal writable with a probe write, and what it says meanwhile (issue 21: a journal
// that could not write was reported writable until a sale's first write failed).
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FAILURE_MESSAGES } from './failures';
import { SqliteJournal } from './sqlite/sqlite-journal';
import { PROBE_AFTER_MS, WriteFailures } from './write-failures';

const WRITABLE = { writable: true, failure: null, message: null, since: null };

describe('the health probe', () => {
  let probes = 0;
  let failure: 'full' | null = null;
  let failures: WriteFailures;

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-03-02T09:00:00Z') });
    probes = 0;
    failure = null;
    failures = new WriteFailures(undefined, async () => {
      probes += 1;
      if (failure) throw failures.refused(new Error('SQLITE_FULL'), failure);
      failures.landed();
    });
  });
  afterEach(() => vi.useRealTimers());

  it('probes at the first health read, then at most once every few seconds while nothing is written', async () => {
    failure = 'full';
    expect(await failures.health()).toEqual({ writable: false, failure: 'full', message: FAILURE_MESSAGES.full, since: '2026-03-02T09:00:00.000Z' });
    expect(probes).toBe(1);
    vi.advanceTimersByTime(PROBE_AFTER_MS - 1);
    expect((await failures.health()).writable).toBe(false);
    expect(probes).toBe(1);
    vi.advanceTimersByTime(1);
    // Still full: the failure began when it was first seen.
    expect(await failures.health()).toMatchObject({ writable: false, since: '2026-03-02T09:00:00.000Z' });
    expect(probes).toBe(2);
    failure = null;
    vi.advanceTimersByTime(PROBE_AFTER_MS);
    expect(await failures.health()).toEqual(WRITABLE);
    expect(probes).toBe(3);
  });

  it('needs no probe while writes come: their outcome is the answer', async () => {
    failures.landed();
    vi.advanceTimersByTime(PROBE_AFTER_MS - 1);
    failures.refused(new Error('SQLITE_READONLY'), 'read-only');
    vi.advanceTimersByTime(PROBE_AFTER_MS - 1);
    expect(await failures.health()).toMatchObject({ writable: false, failure: 'read-only' });
    expect(probes).toBe(0);
  });

  it('makes one probe for health reads that come together', async () => {
    await Promise.all([failures.health(), failures.health(), failures.health()]);
    expect(probes).toBe(1);
  });

  it('answers within a second with what it knew when the probe hangs (a database out of reach), and keeps what the probe finds', async () => {
    let finish = () => undefined as void;
    const slow = new WriteFailures(undefined, () => new Promise<void>((resolve) => {
      finish = () => {
        slow.refused(new Error('ECONNREFUSED'), 'unreachable');
        resolve();
      };
    }));
    const answer = slow.health();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await answer).toEqual(WRITABLE);
    finish();
    expect(await slow.health()).toMatchObject({ writable: false, failure: 'unreachable' });
  });
});

describe('the SQLite probe', () => {
  it('is a committed write that leaves nothing behind, and fails as the journal’s own failure', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pos-probe-')), 'journal.sqlite');
    const journal = new SqliteJournal(path);
    expect(await journal.health()).toEqual(WRITABLE);
    journal.simulateReadOnlyDisk(true);
    vi.useFakeTimers({ now: Date.now() + PROBE_AFTER_MS });
    try {
      expect(await journal.health()).toMatchObject({ writable: false, failure: 'read-only' });
    } finally {
      vi.useRealTimers();
    }
    await journal.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare("SELECT key FROM meta WHERE key = 'write_probe'").all()).toEqual([]);
    raw.close();
  });
});
