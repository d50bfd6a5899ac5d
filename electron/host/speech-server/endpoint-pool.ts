/**
 * A pool of endpoints serving one engine: each request goes to the least busy endpoint that has room
 * (fewest requests in flight for its `maxConcurrent`); an endpoint that fails is set aside for a backoff
 * that doubles with each failure in a row (or for the server's Retry-After) and is tried again after it.
 * When every endpoint is busy or set aside, a request waits for the first to free up.
 */
import type { AcquiredEndpoint, EndpointSource } from './endpoint-source';

/** The longest Retry-After honoured. */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

export interface PoolOptions {
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  now?: () => number;
}

export interface EndpointStatus {
  label: string;
  remote: boolean;
  maxConcurrent: number;
  inFlight: number;
  failuresInARow: number;
  /** Set aside until this time (ms since epoch), or null. */
  setAsideUntilMs: number | null;
  rendered: number;
}

interface Entry {
  source: EndpointSource;
  inFlight: number;
  failures: number;
  setAsideUntil: number;
  rendered: number;
  lastPickedAt: number;
}

export interface Lease {
  source: EndpointSource;
  endpoint: AcquiredEndpoint;
  /** The request succeeded: the endpoint is in good standing again. */
  succeeded(): void;
  /** The request failed in a way that counts against the endpoint (set aside for `retryAfterMs` or a backoff). */
  failed(retryAfterMs?: number): void;
  /** Released without judging the endpoint (cancelled, or the request itself was bad). */
  released(): void;
}

export class EndpointPool {
  private readonly entries: Entry[];
  private waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private picks = 0;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly now: () => number;

  constructor(sources: EndpointSource[], options: PoolOptions = {}) {
    if (sources.length === 0) throw new Error('a pool needs at least one endpoint');
    this.entries = sources.map((source) => ({
      source,
      inFlight: 0,
      failures: 0,
      setAsideUntil: 0,
      rendered: 0,
      lastPickedAt: 0,
    }));
    this.backoffBaseMs = options.backoffBaseMs ?? 1000;
    this.backoffMaxMs = options.backoffMaxMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Requests the whole pool takes at once. */
  get capacity(): number {
    return this.entries.reduce((sum, entry) => sum + entry.source.maxConcurrent, 0);
  }

  get sources(): EndpointSource[] {
    return this.entries.map((entry) => entry.source);
  }

  status(): EndpointStatus[] {
    const now = this.now();
    return this.entries.map((entry) => ({
      label: entry.source.label,
      remote: entry.source.remote,
      maxConcurrent: entry.source.maxConcurrent,
      inFlight: entry.inFlight,
      failuresInARow: entry.failures,
      setAsideUntilMs: entry.setAsideUntil > now ? entry.setAsideUntil : null,
      rendered: entry.rendered,
    }));
  }

  /** The least busy endpoint with room, once there is one. */
  async acquire(signal: AbortSignal): Promise<Lease> {
    for (;;) {
      if (signal.aborted) throw signal.reason ?? new Error('cancelled');
      const entry = this.pick();
      if (entry) {
        entry.inFlight += 1;
        entry.lastPickedAt = ++this.picks;
        let endpoint: AcquiredEndpoint;
        try {
          endpoint = await entry.source.acquire(signal);
        } catch (error) {
          entry.inFlight -= 1;
          this.wake();
          throw error;
        }
        return this.lease(entry, endpoint);
      }
      await this.waitForChange(signal);
    }
  }

  private pick(): Entry | undefined {
    const now = this.now();
    let best: Entry | undefined;
    for (const entry of this.entries) {
      if (entry.setAsideUntil > now || entry.inFlight >= entry.source.maxConcurrent) continue;
      if (!best) {
        best = entry;
        continue;
      }
      const load = entry.inFlight / entry.source.maxConcurrent;
      const bestLoad = best.inFlight / best.source.maxConcurrent;
      if (load < bestLoad || (load === bestLoad && entry.lastPickedAt < best.lastPickedAt)) best = entry;
    }
    return best;
  }

  private lease(entry: Entry, endpoint: AcquiredEndpoint): Lease {
    let done = false;
    const finish = (judge: () => void) => {
      if (done) return;
      done = true;
      entry.inFlight -= 1;
      judge();
      endpoint.release();
      this.wake();
    };
    return {
      source: entry.source,
      endpoint,
      succeeded: () =>
        finish(() => {
          entry.failures = 0;
          entry.rendered += 1;
        }),
      failed: (retryAfterMs) =>
        finish(() => {
          entry.failures += 1;
          const backoff = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** (entry.failures - 1));
          // A server's Retry-After is honoured up to a bound (one asking for hours would stall the render).
          const wait = retryAfterMs === undefined ? backoff : Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
          entry.setAsideUntil = Math.max(entry.setAsideUntil, this.now() + wait);
        }),
      released: () => finish(() => undefined),
    };
  }

  private waitForChange(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.push(done);
      signal.addEventListener('abort', done, { once: true });
      this.armTimer();
    });
  }

  /**
   * Wakes waiters when the first set-aside endpoint comes back. One whose set-aside ended after the
   * waiter looked (the clock moved on in between) wakes them at once, else nothing would.
   */
  private armTimer(): void {
    if (this.timer) return;
    const now = this.now();
    if (
      this.entries.some((entry) => entry.setAsideUntil <= now && entry.inFlight < entry.source.maxConcurrent)
    ) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.wake();
      }, 0);
      return;
    }
    const next = Math.min(
      ...this.entries.map((entry) => (entry.setAsideUntil > now ? entry.setAsideUntil : Infinity)),
    );
    if (!Number.isFinite(next)) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.wake();
      },
      Math.max(1, next - now),
    );
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  async dispose(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.wake();
    await Promise.all(this.entries.map((entry) => entry.source.dispose?.()));
  }
}
