// Server-Sent Events of a lane, written into the same react-query cache entry that polling fills.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { laneStateSchema } from '../../domain/lane';
import { setLaneState } from './get-lane-state';

export function useLaneEvents(lane: string): boolean {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    // EventSource reconnects by itself (the server sets `retry: 1000`).
    const source = new EventSource(`/api/lanes/${encodeURIComponent(lane)}/events`);
    source.addEventListener('open', () => setConnected(true));
    source.addEventListener('error', () => setConnected(false));
    source.addEventListener('lane', (event) => {
      const parsed = laneStateSchema.safeParse(JSON.parse((event as MessageEvent<string>).data));
      if (parsed.success) setLaneState(queryClient, parsed.data);
    });
    return () => source.close();
  }, [lane, queryClient]);

  return connected;
}
