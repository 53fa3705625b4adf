// A setting given as JSON, inline in a variable (LANES, STORES…) or in a file its *_FILE twin names, read and checked
// with its zod schema. What is wrong is said with the setting's name, so the person starting the server can fix it.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/** The setting's JSON, or undefined when it is not set (or set empty). */
export function readJsonSetting(name: string, inline: string | undefined, file: string | undefined): unknown {
  const text = inline ?? (file ? readFileSync(file, 'utf8') : undefined);
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`Configuration error: ${inline ? name : `${name}_FILE`} is not valid JSON`);
  }
}

/** The JSON as its schema reads it; else the first problem, where it is (`0.lanes.1.id`) and what is wrong. */
export function checkSetting<T extends z.ZodType>(label: string, schema: T, json: unknown): z.output<T> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new Error(`Configuration error: ${label}: ${where}${issue?.message}`);
}
