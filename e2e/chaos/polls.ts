// How often the gateways read each Payment Request while it was live, from the sandbox's log of merchants' reads
// (`GET /_sandbox/requests/reads`): one watcher polls a live request at most once a second (less once it backs off),
// so two watchers of one request show as about two reads a second. Pure: reads in, figures out.

export interface RequestReadAt {
  id: string;
  at: number;
}

export interface PollFigures {
  /** Requests read at least twice. */
  requests: number;
  reads: number;
  /** Σ over those requests of the time from their first read to their last, plus one second each. */
  liveSeconds: number;
  /** reads / liveSeconds: about 1 or less with one watcher per request. */
  perLiveSecond: number;
  /** Each request's seconds (counted from its first read) by how many reads fell in them. */
  secondsWith: { one: number; two: number; more: number };
  /** The request read most per second among those live 10 s or more. */
  busiest: { id: string; reads: number; seconds: number; perSecond: number } | null;
}

const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;

export function pollFigures(reads: readonly RequestReadAt[]): PollFigures {
  const byId = new Map<string, number[]>();
  for (const read of reads) (byId.get(read.id) ?? byId.set(read.id, []).get(read.id)!).push(read.at);
  const figures: PollFigures = { requests: 0, reads: 0, liveSeconds: 0, perLiveSecond: 0, secondsWith: { one: 0, two: 0, more: 0 }, busiest: null };
  for (const [id, times] of byId) {
    if (times.length < 2) continue;
    times.sort((a, b) => a - b);
    const seconds = (times[times.length - 1]! - times[0]!) / 1000 + 1;
    figures.requests += 1;
    figures.reads += times.length;
    figures.liveSeconds += seconds;
    const buckets = new Map<number, number>();
    for (const at of times) buckets.set(Math.floor((at - times[0]!) / 1000), (buckets.get(Math.floor((at - times[0]!) / 1000)) ?? 0) + 1);
    for (const count of buckets.values()) {
      if (count === 1) figures.secondsWith.one += 1;
      else if (count === 2) figures.secondsWith.two += 1;
      else figures.secondsWith.more += 1;
    }
    const perSecond = times.length / seconds;
    if (seconds >= 10 && (!figures.busiest || perSecond > figures.busiest.perSecond)) figures.busiest = { id, reads: times.length, seconds: round(seconds, 1), perSecond: round(perSecond) };
  }
  figures.liveSeconds = round(figures.liveSeconds, 1);
  figures.perLiveSecond = figures.liveSeconds > 0 ? round(figures.reads / figures.liveSeconds) : 0;
  return figures;
}

export async function readPolls(sandboxUrl: string): Promise<RequestReadAt[]> {
  const response = await fetch(`${sandboxUrl}/_sandbox/requests/reads`, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`the sandbox did not list its reads: ${response.status}`);
  return ((await response.json()) as { items: RequestReadAt[] }).items;
}
