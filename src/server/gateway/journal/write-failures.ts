// Whether a journal can write, for its health check: the last write's outcome, cleared by the next write that lands.
// When nothing was written for a few seconds (at start, nothing has been) a health read first proves it with a probe
// write: a row added and taken away again in one committed transaction, so a disk that filled (or went read-only)
// while the till was idle or stopped is reported before a sale finds out. Only a commit reaches the disk: a rolled-back
// write succeeds on a full one. Both backends keep theirs here; which errors are failures (the machine or the
// database, not the data) each backend decides.
import pTimeout from 'p-timeout';
import { FAILURE_MESSAGES, isJournalFailure, JournalUnavailable, type JournalFailure } from './failures';
import type { JournalHealth } from './journal';

/** The probe's statements, the same on both backends (in one transaction: nothing of them is left behind). */
export const PROBE_STATEMENTS = ["INSERT INTO meta (key, value) VALUES ('write_probe', '')", "DELETE FROM meta WHERE key = 'write_probe'"] as const;
/** A health read proves the journal writable by a probe when nothing was written for this long. */
export const PROBE_AFTER_MS = 5_000;
/** How long a health read waits for its probe (a database out of reach takes seconds to say so): then it says what it knew. */
const PROBE_WAIT_MS = 1_000;

export class WriteFailures {
  private last: { failure: JournalFailure; at: string } | null = null;
  /** When a write last landed or failed (Date.now()); never, at start. */
  private lastOutcomeAt = Number.NEGATIVE_INFINITY;
  /** The probe under way: resolves to an error that is not a journal failure (a bug), else undefined. */
  private probing: Promise<unknown> | null = null;

  constructor(
    private readonly onFailure?: (failure: JournalFailure) => void,
    /** A write through the backend's own door (so its outcome lands here) that leaves nothing behind. */
    private readonly probe?: () => Promise<unknown>,
  ) {}

  landed(): void {
    this.last = null;
    this.lastOutcomeAt = Date.now();
  }

  /** What to throw for a write that failed: JournalUnavailable for a `failure` (remembered, reported), else the bug as it is. */
  refused(error: unknown, failure: JournalFailure | null): unknown {
    if (!failure) return error;
    // The same failure going on (a probe every few seconds finds it again) began when it was first seen.
    this.last = { failure, at: this.last?.failure === failure ? this.last.at : new Date().toISOString() };
    this.lastOutcomeAt = Date.now();
    this.onFailure?.(failure);
    return new JournalUnavailable(failure, error);
  }

  /** Whether the journal can write, proved by a probe first when nothing was written for PROBE_AFTER_MS. */
  async health(): Promise<JournalHealth> {
    if (this.probe && !this.probing && Date.now() - this.lastOutcomeAt >= PROBE_AFTER_MS) {
      this.probing = this.probe()
        .then(() => undefined, (error: unknown) => (isJournalFailure(error) ? undefined : error))
        .finally(() => {
          this.probing = null;
        });
    }
    if (this.probing) {
      const bug = await pTimeout(this.probing, { milliseconds: PROBE_WAIT_MS, message: false });
      if (bug) throw bug;
    }
    return this.known();
  }

  /** What the last write said, without probing. */
  private known(): JournalHealth {
    const last = this.last;
    return { writable: !last, failure: last?.failure ?? null, message: last ? FAILURE_MESSAGES[last.failure] : null, since: last?.at ?? null };
  }
}
