// How often the gateways read each Payment Request while it was live, from the sandbox's log of merchants' reads
// (`GET /_sandbox/requests/reads`): one watcher polls a live request at most once a second (less once it backs off),
// so two watchers of one request show as about two reads a second. Where each call's address tells which gateway
// instance made it, two watchers show plainly: two instances' reads of one request alternating (within 10 s), i.e.
// both polling it at once. A takeover shows as one instance's reads ending and another's beginning. Only reads while
// a request is live count (liveUntil): after its end a sale's facts are looked up once by each instance that shows its
// refunds, which is not polling. Pure: reads in, figures out.

export interface RequestReadAt {
  id: string;
  at: number;
  /** The caller's address. */
  from?: string;
}

/** Two instances' reads of one request alternating within this long: both were polling it. */
const INTERLEAVED_WITHIN_MS = 10_000;

export interface PollFigures {
  /** Requests read at least twice while live. */
  requests: number;
  reads: number;
  /** Reads of requests already ended (look-ups, not polling): left out of every figure here. */
  afterEnd: number;
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

/** A request as Centrapay keeps it, as far as when it stops being watched goes. */
export interface RequestLife {
  id: string;
  preAuth?: boolean;
  expiresAt?: string;
  activities: readonly { type: string; createdAt?: string }[];
}

/** After a request's end a watcher reads it at most once more, within this. */
const LAST_READ_MS = 1_000;
const ENDS = new Set(['paid', 'cancellation', 'expiry']);

/**
 * Until when each request is live, so watched (ms): a payment until it is paid, cancelled or expires; a pre-auth
 * request (a hold) until its last activity (released, voided, lapsed). Reads after that are look-ups of a finished
 * request (a sale's facts for its refunds, once per instance), not polling.
 */
export function liveUntil(requests: readonly RequestLife[]): Map<string, number> {
  const until = new Map<string, number>();
  for (const request of requests) {
    const times = request.activities.filter((activity) => activity.createdAt && (request.preAuth || ENDS.has(activity.type))).map((activity) => Date.parse(activity.createdAt!));
    const expires = request.expiresAt ? Date.parse(request.expiresAt) : Number.POSITIVE_INFINITY;
    const end = request.preAuth ? Math.max(...times, 0) : Math.min(...times, expires);
    if (Number.isFinite(end) && end > 0) until.set(request.id, end + LAST_READ_MS);
  }
  return until;
}

export function pollFigures(allReads: readonly RequestReadAt[], options: { instanceOf?: (from: string) => string | undefined; liveUntil?: ReadonlyMap<string, number> } = {}): PollFigures {
  const instanceOf = options.instanceOf ?? (() => undefined);
  const reads = allReads.filter((read) => read.at <= (options.liveUntil?.get(read.id) ?? Number.POSITIVE_INFINITY));
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
    requests: 0, reads: 0, afterEnd: allReads.length - reads.length, liveSeconds: 0, perLiveSecond: 0, secondsWith: { one: 0, two: 0, more: 0 }, busiest: null, byInstance,
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
