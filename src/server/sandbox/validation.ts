// Field validation answers 400 with a free-text message, as Centrapay does ("amount is required").
import { z } from 'zod';
import { badRequest } from './errors';

// describeIssue reads zod's English messages ("… received undefined"); the domain's zod/mini schemas load no locale.
z.config(z.locales.en());

const MAX_VALUE = 100_000_000n;

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.') || 'body';
  const last = String(issue.path.at(-1) ?? '');
  if (/received undefined$/.test(issue.message)) return `${path} is required`;
  if (issue.path.length === 0 && issue.code === 'invalid_type') return 'body must be a JSON object';
  if (last && issue.message.startsWith(`${last} `)) return `${path}${issue.message.slice(last.length)}`;
  if (/^[a-z]/.test(issue.message)) return `${path} ${issue.message}`;
  return `${path}: ${issue.message}`;
}

export function parseWith<T extends z.core.$ZodType>(schema: T, data: unknown): z.output<T> {
  const result = z.safeParse(schema, data);
  if (!result.success) throw badRequest(result.error.issues.map(describeIssue).join('; '));
  return result.data;
}

/** A transactable value in cents: positive, whole, below 100000000 (§1.4). */
export function requireValueCents(amount: string, field: string): void {
  if (amount.startsWith('-')) throw badRequest(`${field} must be positive`);
  if (!/^\d+$/.test(amount)) throw badRequest(`${field} must be a whole number of cents`);
  const value = BigInt(amount);
  if (value <= 0n) throw badRequest(`${field} must be positive`);
  if (value >= MAX_VALUE) throw badRequest(`${field} must be less than 100000000`);
}

export function requireWholeCents(amount: string, field: string): void {
  if (!/^-?\d+$/.test(amount)) throw badRequest(`${field} must be a whole number of cents`);
}

/** Ids may carry a type prefix (`mc_`, `cn_`, `c_`); an id with another type's prefix is refused early (§1.5). */
export function requireIdPrefix(id: string, prefix: string, field: string): void {
  const match = /^([A-Za-z]+)_/.exec(id);
  if (match && match[1] !== prefix) throw badRequest(`${field} must be a ${prefix}_ id`);
}
