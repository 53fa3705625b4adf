// Server-Sent Events of a lane, written into the same react-query cache entry that the fallback polling fills.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { laneStateSchema } from '../../domain/lane';
import { laneKeys, setLaneState, useLaneStreamStore } from './get-lane-state';

const MAX_RECONNECT_MS = 30_000;
/** The gateway pings every 15 s; two missed pings mean the connection died without saying so. */
const SILENCE_MS = 40_000;

/** Keeps the lane's event stream open for as long as the screen shows the lane; true while it is open. */
export function useLaneEvents(lane: string): boolean {
  const queryClient = useQueryClient();
  const setOpen = useLaneStreamStore((state) => state.setOpen);

  useEffect(() => {
    let source: EventSource | undefined;
    let reconnect: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let lastHeard = Date.now();
    const watchdog = setInterval(() => {
      if (source && Date.now() - lastHeard > SILENCE_MS) {
        source.close();
        setOpen(lane, false);
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
        setOpen(lane, true);
      });
      source.addEventListener('error', () => {
        setOpen(lane, false);
        // A dropped connection is retried by EventSource itself (the server sets `retry: 1000`), but an HTTP error
        // (a proxy's 502, a gateway restarting) closes it for good: then open a new one, backing off.
        if (source?.readyState === EventSource.CLOSED) {
          reconnect = setTimeout(connect, Math.min(1000 * 2 ** failures, MAX_RECONNECT_MS));
          failures += 1;
        }
      });
      source.addEventListener('lane', (event) => {
        lastHeard = Date.now();
        let json: unknown;
        try {
          json = JSON.parse((event as MessageEvent<string>).data);
        } catch {
          json = undefined;
        }
        const parsed = laneStateSchema.safeParse(json);
        // A push we cannot read is not trusted: read the state instead.
        if (parsed.success) setLaneState(queryClient, parsed.data);
        else void queryClient.invalidateQueries({ queryKey: laneKeys.detail(lane) });
      });
    };

    connect();
    return () => {
      clearInterval(watchdog);
      clearTimeout(reconnect);
      source?.close();
      setOpen(lane, false);
    };
  }, [lane, queryClient, setOpen]);

  return useLaneStreamStore((state) => state.open[lane] === true);
}
