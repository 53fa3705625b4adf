// Why the SQLite journal could not be opened at start-up, in words that say where and what to do. A till stopped
// cleanly leaves no -shm file behind, so on a disk that filled up meanwhile SQLite cannot make one and says only "disk
// I/O error" (SQLITE_IOERR_SHMSIZE); a data directory the till may not write gives "unable to open database file".
// Start-up stops on either (main.ts prints the message and exits 1): the journal cannot even be read without it.
import { accessSync, constants, existsSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';

/** Less room than this on the journal's disk is a full disk: SQLite needs a few pages of its own to open a journal. */
const FULL_BELOW_BYTES = 1024 * 1024;

/** Errors that are a full disk whatever the room: SQLITE_IOERR_SHMSIZE is SQLite failing to grow its -shm file. */
const FULL_CODES = new Set(['SQLITE_FULL', 'SQLITE_IOERR_SHMSIZE', 'ENOSPC', 'EDQUOT']);
/** Errors that are a file or directory the till may not write (or make). */
const NOT_WRITABLE_CODES = new Set(['SQLITE_CANTOPEN', 'SQLITE_IOERR_SHMOPEN', 'EACCES', 'EPERM', 'EROFS']);
/** Making the data directory on a read-only disk fails with ENOENT (Node's recursive mkdir): the disk tells more. */
const MACHINE_CODES = new Set([...FULL_CODES, ...NOT_WRITABLE_CODES, 'ENOENT']);

/** What the disk holding a directory is like, as far as this machine can tell (undefined where it cannot). */
export interface DiskState {
  freeBytes?: number;
  /** Why the directory cannot be written: `read-only` (the disk), `denied` (this user); null when it can. */
  unwritable?: 'read-only' | 'denied' | null;
}

export class JournalOpenFailed extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'JournalOpenFailed';
  }
}

/**
 * What to report for `error`, thrown while opening the journal at `location` (an absolute path): the machine's
 * failure in words naming the file, else the error as it is (a bug is not hidden).
 */
export function journalOpenFailure(error: unknown, location: string, diskAt: (dir: string) => DiskState = readDisk): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !(code.startsWith('SQLITE_') || MACHINE_CODES.has(code))) return error;
  const dir = dirname(location);
  const disk = diskAt(dir);
  const message = error instanceof Error ? error.message : '';
  // The words first; what the system said last, for whoever looks further.
  const said = ` [${message.startsWith(code) ? message : `${message ? `${message}, ` : ''}${code}`}]`;
  const full = FULL_CODES.has(code) || (code.startsWith('SQLITE_IOERR') && disk.freeBytes !== undefined && disk.freeBytes < FULL_BELOW_BYTES);
  if (full) {
    // A disk with room that refuses to grow a file is a user's quota used up.
    const state = disk.freeBytes === undefined ? 'is full' : disk.freeBytes < FULL_BELOW_BYTES ? `is full (${formatBytes(disk.freeBytes)} free)` : 'is full, or this user’s quota on it is used up';
    return new JournalOpenFailed(`The till cannot start: the disk holding its journal ${location} ${state}. `
      + `Free space on that disk, or set JOURNAL_PATH to a disk with room, then start the till again.${said}`, error);
  }
  if (NOT_WRITABLE_CODES.has(code) || code.startsWith('SQLITE_READONLY') || disk.unwritable) {
    const why = disk.unwritable === 'read-only' ? `its data directory ${dir} is on a read-only disk`
      : disk.unwritable === 'denied' ? `its data directory ${dir} is not writable by the user the till runs as`
        : `the file, or its data directory ${dir}, is not writable`;
    return new JournalOpenFailed(`The till cannot start: it cannot write its journal ${location}: ${why}. `
      + `Let the till’s user write there, or set JOURNAL_PATH to a directory it can write, then start the till again.${said}`, error);
  }
  return new JournalOpenFailed(`The till cannot start: its journal ${location} could not be opened.${said}`, error);
}

/** The disk of `dir`, or of its nearest directory that exists (the data directory may not have been made yet). */
function readDisk(missing: string): DiskState {
  let dir = missing;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  let freeBytes: number | undefined;
  try {
    const { bavail, bsize } = statfsSync(dir);
    freeBytes = bavail * bsize;
  } catch {
    freeBytes = undefined;
  }
  try {
    accessSync(dir, constants.W_OK);
    return { freeBytes, unwritable: null };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { freeBytes, unwritable: code === 'EROFS' ? 'read-only' : code === 'EACCES' || code === 'EPERM' ? 'denied' : undefined };
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.floor(bytes / 1024)} KB`;
  return `${Math.floor(bytes / (1024 * 1024))} MB`;
}
