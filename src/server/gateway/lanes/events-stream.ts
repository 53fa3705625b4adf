// Server-Sent Events of a lane: its whole state on connect and after every change, each with its version as the
// event's id, and a visible heartbeat so a screen can tell a silently dead connection from a quiet lane. A screen that
// reconnects (its browser sends the last id it had: Last-Event-ID) is sent the lane's state when it has moved since —
// each state is whole, so the newest one is everything it missed — and nothing when it has not. Each stream holds one
// of its client's places (streams-per-client.ts) until it closes.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LaneState } from '../../../domain/lane';
import type { StreamsPerClient } from './streams-per-client';

const HEARTBEAT_MS = 15_000;

export interface LaneFeed {
  state(lane: string): LaneState;
  subscribe(lane: string, listener: (state: LaneState) => void): () => void;
}

export function streamLane(request: FastifyRequest, reply: FastifyReply, feed: LaneFeed, lane: string, places: StreamsPerClient): void {
  const initial = feed.state(lane);
  const release = places.take(request);
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  raw.write('retry: 1000\n\n');
  const send = (state: LaneState) => raw.write(`id: ${state.version}\nevent: lane\ndata: ${JSON.stringify(state)}\n\n`);
  if (initial.version !== lastEventId(request)) send(initial);
  const unsubscribe = feed.subscribe(lane, send);
  const heartbeat = setInterval(() => raw.write(`event: ping\ndata: ${Date.now()}\n\n`), HEARTBEAT_MS);
  request.raw.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
    release();
  });
}

/** The version a reconnecting screen last had; undefined on a first connection. */
function lastEventId(request: FastifyRequest): number | undefined {
  const header = request.headers['last-event-id'];
  const value = Number(Array.isArray(header) ? header[0] : header);
  return header !== undefined && Number.isSafeInteger(value) ? value : undefined;
}
