// Every sandbox error leaves as Centrapay's body: { statusCode, error, message[, reason] } (centrapay-api.md §1.8).
import { STATUS_CODES } from 'node:http';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  reason?: string;
}

export class SandboxError extends Error {
  readonly statusCode: number;
  readonly reason: string | undefined;

  constructor(statusCode: number, message: string, reason?: string) {
    super(message);
    this.name = 'SandboxError';
    this.statusCode = statusCode;
    this.reason = reason;
  }
}

export function errorBody(statusCode: number, message: string, reason?: string): ErrorBody {
  const body: ErrorBody = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
  if (reason !== undefined) body.reason = reason;
  return body;
}

export function badRequest(message: string): SandboxError {
  return new SandboxError(400, message);
}

export function unauthorized(): SandboxError {
  return new SandboxError(401, 'Missing authentication');
}

/** 403: plain `Forbidden` for "no such resource / no access", or a business-rule code. */
export function forbidden(code = 'Forbidden', reason?: string): SandboxError {
  return new SandboxError(403, code, reason);
}

export function notFound(): SandboxError {
  return new SandboxError(404, 'Not Found');
}

export function tooManyRequests(): SandboxError {
  return new SandboxError(429, 'RATE_LIMIT_EXCEEDED');
}
