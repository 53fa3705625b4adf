// A lane's display as the chain bench holds it: the lane's event stream (Server-Sent Events) read over plain HTTP from
// one instance, every state stamped when it arrived. When that instance goes away the stream reconnects to another
// with the last version it had (Last-Event-ID), as a display behind a load balancer would.
import { request as httpRequest, type ClientRequest } from 'node:http';

/** What the bench reads of a lane's state. */
export interface LaneView {
  version: number;
  order: { ref: string } | null;
  step: { kind: string } | null;
  payment: { outcome: string; paymentRequest: { id: string } } | null;
}

interface Arrival {
  at: number;
  view: LaneView;
}

const KEPT = 64;
const RECONNECT_MS = 200;

/** Splits what a stream sent so far into whole events; the rest waits for more. */
export function splitEvents(buffer: string): { events: { event: string; data: string }[]; rest: string } {
  const blocks = buffer.split('\n\n');
  const rest = blocks.pop() ?? '';
  const events = blocks.map((block) => {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    return { event, data: data.join('\n') };
  });
  return { events: events.filter((event) => event.data !== ''), rest };
}

export class LaneStream {
  private readonly arrivals: Arrival[] = [];
  private waiters = new Set<() => void>();
  private current: ClientRequest | undefined;
  private closed = false;
  /** Which instance it reads from now (it moves when that one goes away). */
  instance: string;
  reconnects = 0;

  constructor(
    readonly lane: string,
    /** The instance to read from: the preferred one while it is up, else another. */
    private readonly pick: () => string,
  ) {
    this.instance = pick();
  }

  get latest(): LaneView | null {
    return this.arrivals[this.arrivals.length - 1]?.view ?? null;
  }

  /** Connects; resolves once the lane's state has arrived. */
  async open(): Promise<void> {
    this.connect();
    if (!(await this.next(() => true, 0, 30_000))) throw new Error(`no state on ${this.lane}'s event stream from ${this.instance} within 30 s`);
  }

  /** The first state that arrived at or after `after` and passes `test`, waiting up to `timeoutMs`; null if none. */
  async next(test: (view: LaneView) => boolean, after: number, timeoutMs: number): Promise<Arrival | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.arrivals.find((arrival) => arrival.at >= after && test(arrival.view));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0 || this.closed) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        const waiters = this.waiters;
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        waiters.add(done);
      });
    }
  }

  close(): void {
    this.closed = true;
    this.current?.destroy();
    for (const wake of [...this.waiters]) wake();
  }

  private connect(): void {
    if (this.closed) return;
    this.instance = this.pick();
    const url = new URL(`/api/lanes/${encodeURIComponent(this.lane)}/events`, this.instance);
    const version = this.latest?.version;
    const request = httpRequest(url, { headers: { Accept: 'text/event-stream', ...(version === undefined ? {} : { 'Last-Event-ID': String(version) }) } }, (response) => {
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk: string) => {
        const { events, rest } = splitEvents(buffer + chunk);
        buffer = rest;
        for (const event of events) if (event.event === 'lane') this.arrived(JSON.parse(event.data) as LaneView);
      });
      response.on('close', () => this.again(request));
    });
    request.on('error', () => this.again(request));
    request.end();
    this.current = request;
  }

  /** The stream `request` ended (its instance went away, or stopped): once per request, read from one up now. */
  private again(request: ClientRequest): void {
    if (this.closed || this.current !== request) return;
    this.current = undefined;
    this.reconnects += 1;
    setTimeout(() => this.connect(), RECONNECT_MS);
  }

  private arrived(view: LaneView): void {
    this.arrivals.push({ at: Date.now(), view });
    if (this.arrivals.length > KEPT) this.arrivals.shift();
    for (const wake of [...this.waiters]) wake();
  }
}
