import type { FastifyError, FastifyInstance } from 'fastify';
import { z } from 'zod';
import { EngineRefusal } from './engine/engine';
import { JournalUnavailable } from './journal/failures';

// Validation messages reach the cashier in English; the domain's zod/mini schemas load no locale of their own.
z.config(z.locales.en());

/** An error the gateway answers with `{statusCode, code, message}`; the message is for people. */
export class GatewayHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The one error handler: stable codes, messages a cashier can act on, nothing upstream leaks (no keys, no bodies). */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const { statusCode, code, message } = toGatewayError(error);
    if (statusCode >= 500) request.log.error({ err: error }, message);
    void reply.status(statusCode).send({ statusCode, code, message });
  });
}

export function toGatewayError(error: unknown): { statusCode: number; code: string; message: string } {
  if (error instanceof GatewayHttpError) return { statusCode: error.statusCode, code: error.code, message: error.message };
  // An engine said no (what may happen now): its words, as it gave them.
  if (error instanceof EngineRefusal) return { ...error.refusal };
  // $ZodError, not ZodError: the domain's zod/mini schemas throw the core error, which classic's ZodError extends.
  if (error instanceof z.core.$ZodError) {
    const issue = error.issues[0];
    return { statusCode: 400, code: 'INVALID_REQUEST', message: issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'Invalid request' };
  }
  // The till's own disk or lock, never Centrapay: nothing was sent, nothing changed.
  if (error instanceof JournalUnavailable) return { statusCode: 503, code: 'JOURNAL_UNAVAILABLE', message: error.message };
  const fastifyError = error as Partial<FastifyError>;
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode < 500) {
    return { statusCode: fastifyError.statusCode, code: fastifyError.code ?? 'BAD_REQUEST', message: fastifyError.message ?? 'Bad request' };
  }
  return { statusCode: 500, code: 'INTERNAL', message: 'Something went wrong on the till’s server.' };
}
