// Counts of API calls by `METHOD /route/:template` and status, so tests can assert how
// often a client called upstream (e.g. exactly one poller per Payment Request); and each merchant's read of one
// Payment Request with its time, so a run can see whether two watchers ever polled the same request at once.

export type TrafficCounts = Record<string, Record<string, number>>;

/** A merchant's `GET /api/payment-requests/:id`: which request, when it arrived (wall-clock ms), and from where. */
export interface RequestRead {
  id: string;
  at: number;
  /** The caller's address (several callers on one machine can each call from a loopback address of their own). */
  from: string;
}

/** The newest reads kept: a long run's worth (a 500-operation chaos run makes about 20 000). */
const READS_KEPT = 200_000;

export interface TrafficLog {
  record(method: string, route: string, status: number | string): void;
  snapshot(): TrafficCounts;
  /** A merchant read one Payment Request. */
  read(read: RequestRead): void;
  reads(): RequestRead[];
  reset(): void;
}

export function createTrafficLog(): TrafficLog {
  let counts: TrafficCounts = {};
  let reads: RequestRead[] = [];
  return {
    record(method, route, status) {
      const key = `${method.toUpperCase()} ${route}`;
      const byStatus = (counts[key] ??= {});
      byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
    },
    snapshot() {
      return structuredClone(counts);
    },
    read(read) {
      reads.push(read);
      if (reads.length > READS_KEPT * 1.25) reads = reads.slice(-READS_KEPT);
    },
    reads() {
      return reads.slice(-READS_KEPT);
    },
    reset() {
      counts = {};
      reads = [];
    },
  };
}
