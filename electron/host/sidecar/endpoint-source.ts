/**
 * Where the server engine gets a base URL to send a request to. A fixed endpoint hands out its URL; a
 * managed sidecar starts its server first (and counts the request, so it is not stopped as idle).
 * Shape agreed with the server engine: `acquire(signal)` → `{ baseUrl, release() }`; release exactly once
 * when the request is over, whatever its outcome.
 */
export interface EndpointLease {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash). */
  baseUrl: string;
  release(): void;
}

export interface EndpointSource {
  acquire(signal: AbortSignal): Promise<EndpointLease>;
}
