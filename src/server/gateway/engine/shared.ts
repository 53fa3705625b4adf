// What the shell needs to share its keys with other gateway instances on the same journal (a chain's instances on one
// PostgreSQL: chain/). Alone (SQLite, one process) the shell needs none of it: its memory is the truth.
import type { JournalTx } from '../journal/journal';

/** The right to watch a key (run its effects), held by one instance; its token fences that instance's writes. */
export interface Lease {
  name: string;
  token: number;
}

/** A turn's outcome: what it answers, whether it committed, and the lane views its change shows on. */
export interface TurnOutcome<T> {
  value: T;
  changed: boolean;
  /** Lanes whose view (the sale and its tab) this change alters: their view version is bumped with it. */
  views: readonly string[];
}

export interface SharedKeys {
  /**
   * The key's turn across every instance: `work` runs while no other instance can commit to the key, given the
   * version last committed (so a state kept in memory at that version is current), and commits through `tx`. A
   * change lands with the key's next version, and every instance hears of it once committed.
   */
  turn<T>(name: string, work: (tx: JournalTx, version: number) => Promise<TurnOutcome<T>>): Promise<{ value: T; version: number }>;
  /** Runs `work` while no other instance runs work under the same name (a check across several keys). */
  exclusive<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Takes the key's lease when no other instance holds it; null when one does. */
  claim(name: string): Promise<Lease | null>;
  release(lease: Lease): Promise<void>;
  /** Inside a turn: the commit lands only while this instance still holds `lease` (else LeaseLost, nothing written). */
  fence(tx: JournalTx, lease: Lease): void;
  /** Of `names`, those no instance holds a lease on now. */
  unheld(names: readonly string[]): Promise<string[]>;
  /** A write refused by `fence`. */
  isLeaseLost(error: unknown): boolean;
}
