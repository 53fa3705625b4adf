// Fault injection: the next `count` matching API calls misbehave the way real networks and
// gateways do, so a client's retry, timeout and void-on-doubt paths can be exercised.
import type { FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import { errorBody } from './errors';

export const FAULT_MODES = [
  'http500',
  'http502',
  'http503',
  'http504',
  'rate-limit',
  'malformed-json',
  'html',
  'empty',
  'timeout',
  'drop',
  'slow',
] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

/** How long a `timeout` fault holds the call before giving up on it and closing the socket. */
export const TIMEOUT_FAULT_MS = 30_000;
const DEFAULT_SLOW_MS = 5_000;

export const faultInputSchema = z.object({
  method: z.string().min(1, 'method is required'),
  path: z.string().startsWith('/', 'path must start with /'),
  mode: z.enum(FAULT_MODES),
  count: z.number().int().positive().default(1),
  delayMs: z.number().int().nonnegative().max(600_000).optional(),
  // Extension (not in the contract): `after` lets the call take effect and then loses or
  // spoils the answer, the case idempotency keys and externalRef reconciliation exist for.
  phase: z.enum(['before', 'after']).default('before'),
});
export type FaultInput = z.input<typeof faultInputSchema>;

export interface Fault {
  id: number;
  method: string;
  path: string;
  mode: FaultMode;
  count: number;
  delayMs?: number;
  phase: 'before' | 'after';
}

export interface FaultBook {
  add(input: z.infer<typeof faultInputSchema>): Fault;
  list(): Fault[];
  clear(): void;
  /** Consumes one use of the first fault matching the call, if any. */
  take(method: string, path: string): Fault | undefined;
}

export function matchesPath(pattern: string, path: string): boolean {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  for (let i = 0; i < want.length; i++) {
    const segment = want[i] ?? '';
    if (segment === '*') return true;
    const actual = got[i];
    if (actual === undefined) return false;
    if (!segment.startsWith(':') && segment !== actual) return false;
  }
  return want.length === got.length;
}

export function createFaultBook(): FaultBook {
  let faults: Fault[] = [];
  let nextId = 1;
  return {
    add(input) {
      const fault: Fault = { id: nextId++, ...input, method: input.method.toUpperCase() };
      faults.push(fault);
      return fault;
    },
    list: () => faults.map((fault) => ({ ...fault })),
    clear() {
      faults = [];
    },
    take(method, path) {
      const fault = faults.find(
        (candidate) => (candidate.method === '*' || candidate.method === method.toUpperCase()) && matchesPath(candidate.path, path),
      );
      if (!fault) return undefined;
      fault.count -= 1;
      if (fault.count <= 0) faults = faults.filter((candidate) => candidate !== fault);
      return { ...fault };
    },
  };
}

/** Sleeps that end early when the server closes, so a held call never keeps a test or a shutdown waiting. */
export interface Waits {
  sleep(ms: number): Promise<void>;
  cancelAll(): void;
}

export function createWaits(): Waits {
  const pending = new Set<() => void>();
  return {
    sleep(ms) {
      return new Promise<void>((resolve) => {
        const finish = () => {
          clearTimeout(timer);
          pending.delete(finish);
          resolve();
        };
        const timer = setTimeout(finish, ms);
        timer.unref();
        pending.add(finish);
      });
    },
    cancelAll() {
      for (const finish of [...pending]) finish();
    },
  };
}

interface CannedResponse {
  status: number;
  contentType: string;
  headers?: Record<string, string>;
  body: string;
}

const HTML_ERROR_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

function cannedResponse(mode: FaultMode): CannedResponse | undefined {
  const json = 'application/json; charset=utf-8';
  switch (mode) {
    case 'http500':
    case 'http502':
    case 'http503':
    case 'http504': {
      const status = Number(mode.slice(4));
      const body = errorBody(status, STATUS_CODES[status] ?? 'Error');
      return { status, contentType: json, body: JSON.stringify(body) };
    }
    case 'rate-limit':
      return { status: 429, contentType: json, headers: { 'retry-after': '1' }, body: JSON.stringify(errorBody(429, 'RATE_LIMIT_EXCEEDED')) };
    case 'malformed-json':
      return { status: 200, contentType: json, body: '{"id":"MhocUmpxxmgdHjr7DgKoKw","status":"ne' };
    case 'html':
      return { status: 502, contentType: 'text/html', body: HTML_ERROR_PAGE };
    case 'empty':
      return { status: 200, contentType: json, body: '' };
    default:
      return undefined;
  }
}

/**
 * Applies a fault before the call is handled. Returns true when the reply has been taken
 * over (the handler must not run); `slow` just delays and lets the call through.
 */
export async function applyFaultBefore(fault: Fault, reply: FastifyReply, waits: Waits): Promise<boolean> {
  const canned = cannedResponse(fault.mode);
  if (canned) {
    reply.code(canned.status).headers({ 'content-type': canned.contentType, ...canned.headers }).send(canned.body);
    return true;
  }
  switch (fault.mode) {
    case 'slow':
      await waits.sleep(fault.delayMs ?? DEFAULT_SLOW_MS);
      return false;
    case 'drop':
      reply.hijack();
      reply.raw.destroy();
      return true;
    case 'timeout':
      reply.hijack();
      void waits.sleep(TIMEOUT_FAULT_MS).then(() => reply.raw.destroy());
      return true;
    default:
      return false;
  }
}

/** Applies a fault to an answer that has already been produced (phase `after`); returns the payload to send. */
export async function applyFaultAfter(fault: Fault, reply: FastifyReply, payload: unknown, waits: Waits): Promise<unknown> {
  const canned = cannedResponse(fault.mode);
  if (canned) {
    reply.code(canned.status);
    reply.headers({ 'content-type': canned.contentType, ...canned.headers });
    return canned.body;
  }
  switch (fault.mode) {
    case 'slow':
      await waits.sleep(fault.delayMs ?? DEFAULT_SLOW_MS);
      return payload;
    case 'drop':
      reply.raw.destroy();
      return payload;
    case 'timeout':
      await waits.sleep(TIMEOUT_FAULT_MS);
      reply.raw.destroy();
      return payload;
    default:
      return payload;
  }
}

/** Status label used in the request counts for a call a fault answered. */
export function faultStatusLabel(fault: Fault, handledStatus: number): string {
  if (fault.mode === 'drop' || fault.mode === 'timeout') return fault.mode;
  return String(cannedResponse(fault.mode)?.status ?? handledStatus);
}
