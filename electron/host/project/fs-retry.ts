/**
 * Retries a file operation that Windows refuses while another program (virus scanner, indexer, backup
 * tool, a second window) briefly holds the file open. Elsewhere those error codes are real and fail at once.
 */

/** Codes Windows gives for a file that is open elsewhere. */
export const TRANSIENT_LOCK_CODES: ReadonlySet<string> = new Set(['EPERM', 'EBUSY', 'EACCES']);

export interface RetryOptions {
  /** Attempts in total, including the first. Default 10. */
  tries?: number;
  /** Waits between attempts in ms; the last one repeats. Default adds up to about 1 s over 10 tries. */
  delaysMs?: readonly number[];
  /** Whose rules apply; retries happen only on win32 unless `always` is set. */
  platform?: NodeJS.Platform;
  /** Retry on every platform (tests). */
  always?: boolean;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [10, 20, 40, 80, 120, 150, 170, 190, 200];

/** The `code` of a Node system error, if it has one. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `operation`, retrying it with bounded backoff while it fails with a Windows lock error. */
export async function withLockRetry<T>(operation: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const platform = options.platform ?? process.platform;
  const retries = options.always === true || platform === 'win32';
  const tries = retries ? Math.max(1, options.tries ?? 10) : 1;
  const delays = options.delaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const sleep = options.sleep ?? realSleep;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      const code = errorCode(error);
      if (attempt >= tries || code === undefined || !TRANSIENT_LOCK_CODES.has(code)) throw error;
      await sleep(delays[Math.min(attempt - 1, delays.length - 1)] ?? 100);
    }
  }
}
