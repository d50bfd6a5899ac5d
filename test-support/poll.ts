/**
 * The one poll helper for tests: waits for a state instead of a time. `probe` is asked every `intervalMs`
 * until it gives a truthy value, which is returned; `guardMs` only stops a hang (the error names `what`).
 */
export async function pollUntil<T>(
  probe: () => T | Promise<T>,
  what: string,
  guardMs = 60_000,
  intervalMs = 20,
): Promise<Exclude<T, undefined | null | false | 0 | ''>> {
  const deadline = Date.now() + guardMs;
  for (;;) {
    const value = await probe();
    if (value) return value as Exclude<T, undefined | null | false | 0 | ''>;
    if (Date.now() > deadline) throw new Error(`hang guard: still waiting for ${what} after ${guardMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
