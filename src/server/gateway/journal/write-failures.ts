// The last write a journal could not make, for its health check, cleared by the next write that lands. Both backends
// keep theirs here; which errors are failures (the machine or the database, not the data) each backend decides.
import { FAILURE_MESSAGES, JournalUnavailable, type JournalFailure } from './failures';
import type { JournalHealth } from './journal';

export class WriteFailures {
  private last: { failure: JournalFailure; at: string } | null = null;

  constructor(private readonly onFailure?: (failure: JournalFailure) => void) {}

  landed(): void {
    this.last = null;
  }

  /** What to throw for a write that failed: JournalUnavailable for a `failure` (remembered, reported), else the bug as it is. */
  refused(error: unknown, failure: JournalFailure | null): unknown {
    if (!failure) return error;
    this.last = { failure, at: new Date().toISOString() };
    this.onFailure?.(failure);
    return new JournalUnavailable(failure, error);
  }

  health(): JournalHealth {
    const last = this.last;
    return { writable: !last, failure: last?.failure ?? null, message: last ? FAILURE_MESSAGES[last.failure] : null, since: last?.at ?? null };
  }
}
