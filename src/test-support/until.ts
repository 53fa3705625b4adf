// Waits for what runners do on their own timers: reads until `done` holds, or fails with the last value read.
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 8_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`never got there: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Waits until a synchronous check holds, looking every few milliseconds. */
export async function untilTrue(check: () => boolean, withinMs = 5_000, everyMs = 20): Promise<void> {
  await until(async () => check(), (held) => held, withinMs, everyMs);
}
