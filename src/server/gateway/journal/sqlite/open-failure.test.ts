// Regression (issue 21): a cleanly stopped till started on a full disk said only "disk I/O error": SQLite cannot make
// its -shm file there (SQLITE_IOERR_SHMSIZE). Start-up now says in words that the disk is full (or the data directory
// not writable), names the journal, says what to do, and the process exits non-zero.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openJournal } from '../open-journal';
import { journalOpenFailure, JournalOpenFailed } from './open-failure';
import { SqliteJournal } from './sqlite-journal';

const sqliteError = (message: string, code: string) => new Database.SqliteError(message, code);
const errnoError = (message: string, code: string) => Object.assign(new Error(`${code}: ${message}`), { code });
const FULL = { freeBytes: 0, unwritable: null };
const ROOMY = { freeBytes: 20 * 1024 ** 3, unwritable: null };

function journalDir(): string {
  return mkdtempSync(join(tmpdir(), 'pos-open-'));
}

describe('a journal that cannot be opened at start-up', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('on a full disk (SQLite cannot make its -shm file) says the disk is full, where, and what to do', async () => {
    // better-sqlite3 as it answers on a full disk: the WAL pragma is SQLite's first use of the -shm file.
    const pragma = Database.prototype.pragma;
    vi.spyOn(Database.prototype, 'pragma').mockImplementation(function (this: Database.Database, source: string, options?: Database.PragmaOptions) {
      if (source.startsWith('journal_mode')) throw sqliteError('disk I/O error', 'SQLITE_IOERR_SHMSIZE');
      return pragma.call(this, source, options);
    });
    const path = join(journalDir(), 'journal.sqlite');
    const opening = openJournal({ path });
    await expect(opening).rejects.toBeInstanceOf(JournalOpenFailed);
    await expect(opening).rejects.toThrow(new RegExp(`^The till cannot start: the disk holding its journal ${path} is full[ ,(].*`
      + 'Free space on that disk, or set JOURNAL_PATH to a disk with room, then start the till again\\. \\[disk I/O error, SQLITE_IOERR_SHMSIZE\\]$'));
    expect(() => new SqliteJournal(path)).toThrow(/is full/);
  });

  it('names what the machine said, after the words, and keeps it as the cause', () => {
    const cause = sqliteError('disk I/O error', 'SQLITE_IOERR_SHMSIZE');
    const failure = journalOpenFailure(cause, '/var/lib/pos/journal.sqlite', () => FULL) as JournalOpenFailed;
    expect(failure.message).toBe('The till cannot start: the disk holding its journal /var/lib/pos/journal.sqlite is full (0 bytes free). '
      + 'Free space on that disk, or set JOURNAL_PATH to a disk with room, then start the till again. [disk I/O error, SQLITE_IOERR_SHMSIZE]');
    expect(failure.cause).toBe(cause);
  });

  it('takes any I/O error on a disk with no room for a full disk, and a full one with room for a used-up quota', () => {
    expect(String(journalOpenFailure(sqliteError('disk I/O error', 'SQLITE_IOERR_WRITE'), '/d/j.sqlite', () => ({ freeBytes: 4096, unwritable: null }))))
      .toContain('the disk holding its journal /d/j.sqlite is full (4 KB free)');
    expect(String(journalOpenFailure(sqliteError('database or disk is full', 'SQLITE_FULL'), '/d/j.sqlite', () => ROOMY)))
      .toContain('is full, or this user’s quota on it is used up. Free space');
    expect(String(journalOpenFailure(errnoError("no space left on device, mkdir '/d'", 'ENOSPC'), '/d/j.sqlite', () => ({})))).toContain('/d/j.sqlite is full. Free space');
  });

  it('says the data directory is not writable, and why: a read-only disk, or the user the till runs as', () => {
    const readOnly = journalOpenFailure(sqliteError('attempt to write a readonly database', 'SQLITE_READONLY'), '/d/j.sqlite', () => ({ ...ROOMY, unwritable: 'read-only' }));
    expect(String(readOnly)).toBe('JournalOpenFailed: The till cannot start: it cannot write its journal /d/j.sqlite: its data directory /d is on a read-only disk. '
      + 'Let the till’s user write there, or set JOURNAL_PATH to a directory it can write, then start the till again. [attempt to write a readonly database, SQLITE_READONLY]');
    const denied = journalOpenFailure(sqliteError('unable to open database file', 'SQLITE_CANTOPEN'), '/d/j.sqlite', () => ({ ...ROOMY, unwritable: 'denied' }));
    expect(String(denied)).toContain('its data directory /d is not writable by the user the till runs as.');
    const mkdir = journalOpenFailure(errnoError("permission denied, mkdir '/d'", 'EACCES'), '/d/j.sqlite', () => ({ ...ROOMY, unwritable: 'denied' }));
    expect(String(mkdir)).toContain('[EACCES: permission denied, mkdir \'/d\']');
    const file = journalOpenFailure(sqliteError('unable to open database file', 'SQLITE_CANTOPEN'), '/d/j.sqlite', () => ROOMY);
    expect(String(file)).toContain('it cannot write its journal /d/j.sqlite: the file, or its data directory /d, is not writable.');
  });

  it('names the journal for any other SQLite failure, and leaves a bug as it is', () => {
    expect(String(journalOpenFailure(sqliteError('file is not a database', 'SQLITE_NOTADB'), '/d/j.sqlite', () => ROOMY)))
      .toBe('JournalOpenFailed: The till cannot start: its journal /d/j.sqlite could not be opened. [file is not a database, SQLITE_NOTADB]');
    const bug = new TypeError('x is not a function');
    expect(journalOpenFailure(bug, '/d/j.sqlite', () => ROOMY)).toBe(bug);
  });

  it('stops start-up: the till prints the words and exits non-zero', () => {
    const preload = fileURLToPath(new URL('../../../../test-support/disk-full-on-open.ts', import.meta.url));
    const path = join(journalDir(), 'journal.sqlite');
    const root = fileURLToPath(new URL('../../../../../', import.meta.url));
    const start = (env: Record<string, string>) => spawnSync(process.execPath, ['--import', 'tsx', '--import', preload, 'src/server/main.ts'], {
      cwd: root, encoding: 'utf8', timeout: 30_000,
      env: { PATH: process.env.PATH, JOURNAL_PATH: path, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    });
    // The journal (the sandbox's own state kept in memory here, so that the journal is the file that fails).
    const till = start({ SANDBOX_STATE_PATH: ':memory:' });
    expect(till.stderr.trim()).toBe(`The till cannot start: the disk holding its journal ${path} is full, or this user’s quota on it is used up. `
      + 'Free space on that disk, or set JOURNAL_PATH to a disk with room, then start the till again. [disk I/O error, SQLITE_IOERR_SHMSIZE]');
    expect(till.status).toBe(1);
    // npm start as it comes: the embedded sandbox's state file beside the journal is the first to fail, in words too.
    const demo = start({});
    expect(demo.stderr.trim()).toBe(`The sandbox cannot start: it cannot write its saved state ${join(dirname(path), 'sandbox.sqlite')} on that disk (full, or not writable). `
      + 'Free space there, or set SANDBOX_STATE_PATH to a directory with room the till can write, then start again. [disk I/O error, SQLITE_IOERR_SHMSIZE]');
    expect(demo.status).toBe(1);
  });
});
