// Counts of API calls by `METHOD /route/:template` and status, so tests can assert how
// often a client called upstream (e.g. exactly one poller per Payment Request).

export type TrafficCounts = Record<string, Record<string, number>>;

export interface TrafficLog {
  record(method: string, route: string, status: number | string): void;
  snapshot(): TrafficCounts;
  reset(): void;
}

export function createTrafficLog(): TrafficLog {
  let counts: TrafficCounts = {};
  return {
    record(method, route, status) {
      const key = `${method.toUpperCase()} ${route}`;
      const byStatus = (counts[key] ??= {});
      byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
    },
    snapshot() {
      return structuredClone(counts);
    },
    reset() {
      counts = {};
    },
  };
}
