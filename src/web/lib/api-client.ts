// The web app's one API client: JSON in and out, every answer checked with a schema, every failure a readable ApiError.
import { z } from 'zod/mini';
import { gatewayErrorSchema } from '../../domain/lane';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The server answered and refused (4xx other than 408 and 429): asking again gets the same answer. */
export function isRefusal(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function apiRequest<T extends z.core.$ZodType>(path: string, schema: T, options: RequestOptions = {}): Promise<z.output<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers: {
        Accept: 'application/json',
        ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', 'Cannot reach the till’s server. Check the network connection.');
  }
  const text = await response.text().catch(() => '');
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const gatewayError = gatewayErrorSchema.safeParse(json);
    if (gatewayError.success) throw new ApiError(response.status, gatewayError.data.code, gatewayError.data.message);
    const message = (json as { message?: unknown } | undefined)?.message;
    throw new ApiError(response.status, typeof message === 'string' ? message : `HTTP_${response.status}`,
      typeof message === 'string' ? message : `The server answered with an error (${response.status}).`);
  }
  // The function, not a method: screens pass both zod/mini schemas (the domain's) and classic ones (their own).
  const parsed = z.safeParse(schema, json);
  if (!parsed.success) throw new ApiError(response.status, 'MALFORMED_RESPONSE', 'The server sent an answer we could not read.');
  return parsed.data;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
