// Waits until a check holds, looking every few milliseconds; throws when it does not within the time given.
export async function until(check: () => boolean, withinMs = 5_000, everyMs = 20): Promise<void> {
  const end = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
