// Small helpers for what goes on the wire.

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Drops `undefined` fields: the sandbox omits unset optional attributes rather than sending null. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** Stable text of a call, so a retry can be told apart from a different call reusing an idempotency key. */
export function fingerprint(caller: string, body: object): string {
  const sorted = Object.fromEntries(Object.entries(body).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify([caller, sorted]);
}
