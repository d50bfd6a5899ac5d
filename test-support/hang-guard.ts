/**
 * How long a test may wait for something before it is called stuck: a hang guard, never a budget. On a
 * machine loaded 10x (seen here: load 20–25 on 2 cores) work that takes 10 s idle takes minutes, so every
 * wait in a test (`expect.poll`, `vi.waitFor`, `spawnSync`'s timeout, a per-test timeout) uses this one
 * figure, the same as vitest.config.ts's testTimeout. Speed targets live in `npm run bench`.
 */
export const HANG_GUARD_MS = 300_000;

/**
 * The inference worker's heartbeat timeout for tests that are not about hangs: a worker starved of CPU on a
 * busy machine can be silent for seconds, and a recycle then changes what the test measures (retries,
 * sentence splits, restart counts). Tests of hang detection set their own, shorter one and assert nothing
 * about how soon it fires.
 */
export const NO_HANG_DETECTION_MS = 600_000;
