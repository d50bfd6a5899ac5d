/** What a sidecar supervisor reports, hands out and is configured with (the class is sidecar-supervisor.ts). */
import type { Logger } from '../util/logger';
import type { RestartPolicy } from '../worker/restart-policy';
import type { EndpointLease } from './endpoint-source';

export type SidecarState = 'stopped' | 'starting' | 'ready' | 'stopping' | 'crashed' | 'failed';

export interface SidecarStatus {
  name: string;
  state: SidecarState;
  pid: number | null;
  port: number | null;
  baseUrl: string | null;
  inFlight: number;
  /** How long the last successful start took until healthy. */
  lastLoadMs: number | null;
  recentRestarts: number;
  /** Why it last stopped or failed, in words. */
  lastError: string | null;
  /** What it printed last (bounded). */
  logTail: string[];
}

export type SidecarEvents = {
  state: SidecarStatus;
  ready: { pid: number; port: number; loadMs: number };
  /** The process group is gone; `expected` for stops the supervisor asked for. */
  exited: { pid: number; code: number | null; signal: string | null; expected: boolean; reason: string };
  'gave-up': { reason: string };
};

/** What the watchdog side decides (see sidecar-memory-gate.ts); all optional for a bare supervisor. */
export interface SidecarAdmission {
  /** Resolves when a start fits in memory now; rejects when it never can or the wait runs out. */
  beforeStart(signal: AbortSignal): Promise<void>;
  /** The sidecar is healthy: calibrate what loading it took. */
  onReady(): void;
  /** Waits while requests are paused or do not fit; returns what to call when the request is over. */
  beforeRequest(chars: number, signal: AbortSignal): Promise<() => void>;
  /** Multiplier (≤ 1) on the definition's maxRequestChars, lowered under memory pressure. */
  readonly requestScale: number;
}

export interface SidecarLease extends EndpointLease {
  /** Most characters the next request should carry (smaller under memory pressure). */
  maxChars: number;
  /**
   * The server stopped answering this request (its deadline passed): it is ended now, as a hung worker
   * is, and the next acquire starts a fresh one (counted against the restart policy). Release as usual.
   */
  reportHung(reason: string): void;
}

export interface SidecarSupervisorOptions {
  restartPolicy?: RestartPolicy;
  /** A free port for each start (tests hand out a taken one first). Default: the OS picks one. */
  pickPort?: () => Promise<number>;
  /** Folder for the config file written per start; default a temporary folder removed on dispose. */
  runDir?: string;
  /** Environment the sidecar inherits (the definition's env is added). Default process.env. */
  env?: NodeJS.ProcessEnv;
  admission?: SidecarAdmission;
  /** Time between health polls while loading. Default 250 ms. */
  healthPollMs?: number;
  /** SIGTERM → SIGKILL grace period. Default 5 s. */
  killGraceMs?: number;
  /**
   * Where a record of the running sidecar is kept (the data folder's `sidecars/`), so that one left by a
   * host that was killed outright is ended at the next start. Default none.
   */
  recordDir?: string;
  /** Starts on a new port after a bind failure, per start. Default 3. */
  maxPortAttempts?: number;
  logger?: Logger;
}
