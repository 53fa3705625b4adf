// The lane's Server-Sent Events (GET /api/lanes/:lane/events) as a connection that mends itself: opened again, backing
// off, after an HTTP error, and after a silence longer than the gateway's pings allow.
const MAX_RECONNECT_MS = 30_000;
/** The gateway pings every 15 s; two missed pings mean the connection died without saying so. */
const SILENCE_MS = 40_000;

export interface LaneEventHandlers {
  onOpen: () => void;
  /** The stream is down until the next `onOpen`. */
  onDown: () => void;
  /** A `lane` event's data, as sent. */
  onLane: (data: string) => void;
}

/** Opens the lane's event stream and keeps it open until the function it returns is called. */
export function openLaneEvents(lane: string, handlers: LaneEventHandlers): () => void {
  let source: EventSource | undefined;
  let reconnect: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let lastHeard = Date.now();
  const watchdog = setInterval(() => {
    if (source && Date.now() - lastHeard > SILENCE_MS) {
      source.close();
      handlers.onDown();
      connect();
    }
  }, SILENCE_MS / 4);

  const connect = () => {
    lastHeard = Date.now();
    source = new EventSource(`/api/lanes/${encodeURIComponent(lane)}/events`);
    source.addEventListener('ping', () => {
      lastHeard = Date.now();
    });
    source.addEventListener('open', () => {
      failures = 0;
      handlers.onOpen();
    });
    source.addEventListener('error', () => {
      handlers.onDown();
      // A dropped connection is retried by EventSource itself (the server sets `retry: 1000`), but an HTTP error
      // (a proxy's 502, a gateway restarting) closes it for good: then open a new one, backing off.
      if (source?.readyState === EventSource.CLOSED) {
        reconnect = setTimeout(connect, Math.min(1000 * 2 ** failures, MAX_RECONNECT_MS));
        failures += 1;
      }
    });
    source.addEventListener('lane', (event) => {
      lastHeard = Date.now();
      handlers.onLane((event as MessageEvent<string>).data);
    });
  };

  connect();
  return () => {
    clearInterval(watchdog);
    clearTimeout(reconnect);
    source?.close();
  };
}
