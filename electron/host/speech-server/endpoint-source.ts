/**
 * Where a request goes. An engine's pool holds endpoint sources; a source hands out a base URL for one
 * request at a time. A URL the user entered is the simplest source; a managed sidecar (a local server the
 * host starts and supervises) is another: its `acquire` starts the process if needed, waits for health and
 * resolves with its loopback URL, and `release` lets it count requests and stop when idle.
 */
import { displayUrl, isLoopbackUrl } from './engine-config';

export interface AcquiredEndpoint {
  baseUrl: string;
  /** Bearer key for this request (read when acquired; never stored beyond it). */
  apiKey?: string;
  release(): void;
}

export interface EndpointSource {
  /** What the user knows it by: the URL, or the sidecar's name. Shown in the queue and recorded in takes. */
  readonly label: string;
  /** True when text sent there leaves this machine. */
  readonly remote: boolean;
  readonly maxConcurrent: number;
  acquire(signal: AbortSignal): Promise<AcquiredEndpoint>;
  dispose?(): Promise<void>;
}

export class UrlEndpointSource implements EndpointSource {
  readonly label: string;
  readonly remote: boolean;

  constructor(
    private readonly url: string,
    readonly maxConcurrent: number,
    private readonly apiKey: () => Promise<string | undefined> = async () => undefined,
  ) {
    this.label = displayUrl(url);
    this.remote = !isLoopbackUrl(url);
  }

  async acquire(): Promise<AcquiredEndpoint> {
    const apiKey = await this.apiKey();
    return { baseUrl: this.url, ...(apiKey ? { apiKey } : {}), release: () => undefined };
  }
}
