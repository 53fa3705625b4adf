// Server-Sent Events of a lane: its whole state on connect and after every change, each with its version as the
// event's id, and a visible heartbeat so a screen can tell a silently dead connection from a quiet lane. A screen that
// reconnects (its browser sends the last id it had: Last-Event-ID) is sent the lane's state when it has moved since —
// each state is whole, so the newest one is everything it missed — and nothing when it has not. Each stream holds one
// of its client's places (streams-per-client.ts) until it closes. A state waiting on Centrapay (a `step`) is sent
// once the wait has lasted TRANSIENT_STEP_MS: a call Centrapay answers sooner is never drawn, only its outcome — four
// screens drawing a "Starting payment…" that lasts 20 ms took the cores the QR code was waiting for.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LaneState } from '../../../domain/lane';
import type { StreamsPerClient } from './streams-per-client';

const HEARTBEAT_MS = 15_000;
/** How long a wait on Centrapay lasts before the screens are sent it: about what a person still takes as at once. */
export const TRANSIENT_STEP_MS = 100;

/** Each state is written once, however many screens it goes to. */
const written = new WeakMap<LaneState, string>();
function eventOf(state: LaneState): string {
  let event = written.get(state);
  if (event === undefined) {
    event = `id: ${state.version}\nevent: lane\ndata: ${JSON.stringify(state)}\n\n`;
    written.set(state, event);
  }
  return event;
}

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
  const send = (state: LaneState) => raw.write(eventOf(state));
  if (initial.version !== lastEventId(request)) send(initial);
  const held = holdingWaits(send);
  const unsubscribe = feed.subscribe(lane, held.push);
  const heartbeat = setInterval(() => raw.write(`event: ping\ndata: ${Date.now()}\n\n`), HEARTBEAT_MS);
  request.raw.on('close', () => {
    held.stop();
    clearInterval(heartbeat);
    unsubscribe();
    release();
  });
}

/**
 * Sends each state, but one waiting on Centrapay only once the wait has lasted TRANSIENT_STEP_MS, and then the newest
 * state since: a state after it sent sooner replaces it. (Held from the first such state, not from each: a wait whose
 * notices keep changing is still sent on time.)
 */
export function holdingWaits(send: (state: LaneState) => void): { push: (state: LaneState) => void; stop: () => void } {
  let held: LaneState | null = null;
  let timer: NodeJS.Timeout | undefined;
  const stop = () => {
    clearTimeout(timer);
    timer = undefined;
    held = null;
  };
  return {
    push(state) {
      if (state.step === null) {
        stop();
        send(state);
        return;
      }
      held = state;
      timer ??= setTimeout(() => {
        const waiting = held;
        stop();
        if (waiting) send(waiting);
      }, TRANSIENT_STEP_MS);
    },
    stop,
  };
}

/** The version a reconnecting screen last had; undefined on a first connection. */
function lastEventId(request: FastifyRequest): number | undefined {
  const header = request.headers['last-event-id'];
  const value = Number(Array.isArray(header) ? header[0] : header);
  return header !== undefined && Number.isSafeInteger(value) ? value : undefined;
}
