// How often the gateways read each Payment Request while it was live, from the sandbox's log of merchants' reads
// (`GET /_sandbox/requests/reads`): one watcher polls a live request at most once a second (less once it backs off),
// so two watchers of one request show as about two reads a second. Where each call's address tells which gateway
// instance made it, two watchers show plainly: two instances' reads of one request alternating (within 10 s), i.e.
// both polling it at once. A takeover shows as one instance's reads ending and another's beginning.
// Pure: reads in, figures out.

export interface RequestReadAt {
  id: string;
  at: number;
  /** The caller's address. */
  from?: string;
}

/** Two instances' reads of one request alternating within this long: both were polling it. */
const INTERLEAVED_WITHIN_MS = 10_000;

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
  /** Reads by instance (where the caller's address names one). */
  byInstance: Record<string, number>;
  /** Reads of a request by an instance alternating with another instance's (both polling it at once). */
  interleaved: { reads: number; requests: number; worst: { id: string; reads: number; instances: string[] } | null; examples: Interleaving[] };
}

/** One instance reading a request again while another polls it too: who, when (ISO), its read before, and the other's read between. */
export interface Interleaving {
  id: string;
  instance: string;
  at: string;
  previous: string;
  other: { instance: string; at: string };
}

const EXAMPLES = 10;

const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;

/**
 * Reads of one request (sorted by time) that show two instances polling it at once: an instance reads it after
 * another read it twice around its own last read (Y, X, Y, X within 10 s). A look-up another instance makes once (a
 * sale's facts for its refunds) is not polling, and a takeover is one instance's reads ending as another's begin.
 */
function interleavedReads(id: string, times: readonly { at: number; instance: string }[]): Interleaving[] {
  const lastTwo = new Map<string, number[]>();
  const found: Interleaving[] = [];
  const iso = (at: number) => new Date(at).toISOString();
  for (const { at, instance } of times) {
    const mine = lastTwo.get(instance)?.at(-1);
    const other = mine === undefined ? undefined : [...lastTwo].find(([who, [before, last]]) =>
      who !== instance && before !== undefined && last !== undefined && before < mine && last > mine && at - before <= INTERLEAVED_WITHIN_MS);
    if (other) found.push({ id, instance, at: iso(at), previous: iso(mine!), other: { instance: other[0], at: iso(other[1].at(-1)!) } });
    lastTwo.set(instance, [...(lastTwo.get(instance) ?? []), at].slice(-2));
  }
  return found;
}

function countInterleaved(byId: ReadonlyMap<string, { at: number; instance: string }[]>, figures: PollFigures): void {
  for (const [id, reads] of byId) {
    const found = interleavedReads(id, [...reads].sort((a, b) => a.at - b.at));
    if (found.length === 0) continue;
    figures.interleaved.reads += found.length;
    figures.interleaved.requests += 1;
    figures.interleaved.examples.push(...found.slice(0, EXAMPLES - figures.interleaved.examples.length));
    if (!figures.interleaved.worst || found.length > figures.interleaved.worst.reads) figures.interleaved.worst = { id, reads: found.length, instances: [...new Set(reads.map((read) => read.instance))].sort() };
  }
}

export function pollFigures(reads: readonly RequestReadAt[], instanceOf: (from: string) => string | undefined = () => undefined): PollFigures {
  const attributed = new Map<string, { at: number; instance: string }[]>();
  const byInstance: Record<string, number> = {};
  for (const read of reads) {
    const instance = read.from === undefined ? undefined : instanceOf(read.from);
    if (instance === undefined) continue;
    byInstance[instance] = (byInstance[instance] ?? 0) + 1;
    (attributed.get(read.id) ?? attributed.set(read.id, []).get(read.id)!).push({ at: read.at, instance });
  }
  const byId = new Map<string, number[]>();
  for (const read of reads) (byId.get(read.id) ?? byId.set(read.id, []).get(read.id)!).push(read.at);
  const figures: PollFigures = {
    requests: 0, reads: 0, liveSeconds: 0, perLiveSecond: 0, secondsWith: { one: 0, two: 0, more: 0 }, busiest: null, byInstance,
    interleaved: { reads: 0, requests: 0, worst: null, examples: [] },
  };
  countInterleaved(attributed, figures);
  for (const [id, times] of byId) {
    if (times.length < 2) continue;
    times.sort((a, b) => a - b);
    const seconds = (times[times.length - 1]! - times[0]!) / 1000 + 1;
    figures.requests += 1;
    figures.reads += times.length;
    figures.liveSeconds += seconds;
    const buckets = new Map<number, number>();
    for (const at of times) {
      const second = Math.floor((at - times[0]!) / 1000);
      buckets.set(second, (buckets.get(second) ?? 0) + 1);
    }
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
