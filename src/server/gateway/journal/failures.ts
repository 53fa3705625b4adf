// The journal's own failures: the disk (or the journal's database), not the data. Never Centrapay's answer, and nothing
// was changed.
export type JournalFailure = 'busy' | 'full' | 'read-only' | 'unreachable' | 'failed';

export const FAILURE_MESSAGES: Record<JournalFailure, string> = {
  busy: 'The till’s journal is locked by another program, so nothing can be recorded right now. Try again in a moment.',
  full: 'The till’s disk is full, so it cannot record sales. New sales are refused until space is freed.',
  'read-only': 'The till’s journal cannot be written (the disk is read-only). New sales are refused until it is fixed.',
  unreachable: 'The till’s journal database cannot be reached, so nothing can be recorded right now. New sales are refused until it is back.',
  failed: 'The till could not record this in its journal. Try again; if it keeps failing, call support.',
};

/** A local failure to record something: never Centrapay's answer, and nothing was changed. */
export class JournalUnavailable extends Error {
  constructor(
    readonly failure: JournalFailure,
    cause: unknown,
  ) {
    super(FAILURE_MESSAGES[failure], { cause });
    this.name = 'JournalUnavailable';
  }
}

export function isJournalFailure(error: unknown): error is JournalUnavailable {
  return error instanceof JournalUnavailable;
}
