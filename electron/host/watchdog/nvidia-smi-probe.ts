/**
 * Live NVIDIA memory from long-lived `nvidia-smi ... -lms <interval>` processes: one for per-GPU memory,
 * one (optional) for per-process memory. Never a blocking call, never a process per sample.
 */
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { TypedEmitter } from '../util/typed-emitter';
import type { GpuProbe, GpuProbeEvents, GpuProbeStatus, GpuReading } from './gpu-probe';
import { appsQueryArgs, gpuQueryArgs, parseComputeAppLine, parseGpuLine } from './nvidia-smi-csv';
import type { NvidiaSmiCommand } from './nvidia-smi-locate';
import { locateNvidiaSmi, NVIDIA_SMI_ENV } from './nvidia-smi-locate';
import { SupervisedLineProcess } from './supervised-line-process';

/** Unreadable lines in a row on the GPU query that end that nvidia-smi at once (SupervisedLineProcess). */
export const MAX_UNREADABLE_LINES = 10;

export interface NvidiaSmiProbeOptions {
  /** From `locateNvidiaSmi()`; null means no nvidia-smi here (the probe reports `unavailable`). */
  command: NvidiaSmiCommand | null;
  intervalMs?: number;
  /** Also run the per-process query (GPU memory held by the worker). Default true. */
  perProcess?: boolean;
  /** No first reading within this long after a start: hung. Default max(5 s, 3 intervals). */
  firstLineDeadlineMs?: number;
  /** No reading for this long while running: hung. Default max(5 s, 4 intervals). */
  silenceDeadlineMs?: number;
  /** Consecutive failures before giving up and working from totals. Default 3. */
  maxFailures?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  stableAfterMs?: number;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  logger?: Logger;
}

interface AppEntry {
  usedBytes: number | null;
  atMs: number;
}

/** A process's memory per GPU (by UUID): a process on two GPUs has two lines per frame. */
type AppEntries = Map<string, AppEntry>;

export class NvidiaSmiProbe implements GpuProbe {
  readonly events = new TypedEmitter<GpuProbeEvents>();
  private statusValue: GpuProbeStatus = 'idle';
  private readonly latest = new Map<number, GpuReading>();
  private readonly apps = new Map<number, AppEntries>();
  private gpuStream: SupervisedLineProcess | undefined;
  private appsStream: SupervisedLineProcess | undefined;
  private appsStreamStartedAtMs = 0;
  private readonly intervalMs: number;
  private readonly silenceDeadlineMs: number;
  private readonly now: () => number;
  private readonly logger: Logger;
  degradedReason: string | null = null;

  constructor(private readonly options: NvidiaSmiProbeOptions) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.silenceDeadlineMs = options.silenceDeadlineMs ?? Math.max(5000, 4 * this.intervalMs);
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
  }

  get status(): GpuProbeStatus {
    return this.statusValue;
  }

  /** Pids of the nvidia-smi children (for measuring what they cost). */
  get childPids(): { gpu: number | undefined; apps: number | undefined } {
    return { gpu: this.gpuStream?.pid, apps: this.appsStream?.pid };
  }

  /** How many times each query has been started (1 + restarts). */
  get launches(): { gpu: number; apps: number } {
    return { gpu: this.gpuStream?.launches ?? 0, apps: this.appsStream?.launches ?? 0 };
  }

  start(): void {
    if (this.statusValue !== 'idle') return;
    const command = this.options.command;
    if (!command) {
      this.statusValue = 'unavailable';
      return;
    }
    this.statusValue = 'starting';
    const common = {
      command,
      maxFailures: this.options.maxFailures ?? 3,
      backoffBaseMs: this.options.backoffBaseMs ?? 1000,
      backoffMaxMs: this.options.backoffMaxMs ?? 30_000,
      stableAfterMs: this.options.stableAfterMs ?? 10_000,
      env: this.options.env,
    };
    this.gpuStream = new SupervisedLineProcess({
      ...common,
      args: gpuQueryArgs(this.intervalMs),
      onLine: (line) => this.onGpuLine(line),
      firstLineDeadlineMs: this.options.firstLineDeadlineMs ?? Math.max(5000, 3 * this.intervalMs),
      silenceDeadlineMs: this.silenceDeadlineMs,
      // A banner or a warning before the readings is a line or three; ten in a row and none readable is not
      // nvidia-smi answering the query. (The per-process stream below is left to its deadlines: some
      // versions print a line such as "No running processes found" on every frame of an idle GPU.)
      maxUnreadableLines: MAX_UNREADABLE_LINES,
    });
    this.gpuStream.events.on('failure', ({ reason, retryInMs }) =>
      this.logger.warn(`nvidia-smi: ${reason}${retryInMs === null ? '' : `; retrying in ${retryInMs} ms`}`),
    );
    this.gpuStream.events.on('gave-up', ({ reason, failures }) => this.degrade(reason, failures));
    this.gpuStream.start();

    if (this.options.perProcess ?? true) {
      this.appsStream = new SupervisedLineProcess({
        ...common,
        args: appsQueryArgs(this.intervalMs),
        onLine: (line) => this.onAppsLine(line),
        // An idle GPU has no compute processes and nvidia-smi then prints nothing: silence is normal.
        firstLineDeadlineMs: null,
        silenceDeadlineMs: null,
      });
      this.appsStream.events.on('started', () => (this.appsStreamStartedAtMs = this.now()));
      this.appsStream.events.on('gave-up', ({ reason }) =>
        this.logger.warn(`per-process GPU memory unavailable: ${reason}`),
      );
      this.appsStream.start();
    }
  }

  private onGpuLine(line: string): boolean {
    const parsed = parseGpuLine(line);
    if (!parsed) return false;
    const reading: GpuReading = { ...parsed, atMs: this.now() };
    this.latest.set(reading.index, reading);
    if (this.statusValue === 'starting') this.statusValue = 'live';
    this.events.emit('reading', reading);
    return true;
  }

  private onAppsLine(line: string): boolean {
    const parsed = parseComputeAppLine(line);
    if (!parsed) return false;
    const atMs = this.now();
    // Keyed by GPU: a later frame replaces a GPU's figure, a second GPU adds to it (frames that arrive
    // together, when the host was busy, are not mistaken for a process on two GPUs).
    let entries = this.apps.get(parsed.pid);
    if (!entries) {
      entries = new Map();
      this.apps.set(parsed.pid, entries);
    }
    entries.set(parsed.gpu, { usedBytes: parsed.usedBytes, atMs });
    for (const [pid, gpus] of this.apps) {
      for (const [gpu, entry] of gpus) if (atMs - entry.atMs > 10 * this.intervalMs) gpus.delete(gpu);
      if (gpus.size === 0) this.apps.delete(pid);
    }
    return true;
  }

  private degrade(reason: string, failures: number): void {
    if (this.statusValue === 'degraded' || this.statusValue === 'disposed') return;
    this.statusValue = 'degraded';
    this.degradedReason = `nvidia-smi failed ${failures} times in a row (last: ${reason})`;
    void this.appsStream?.dispose();
    this.appsStream = undefined;
    this.events.emit('degraded', { reason: this.degradedReason });
  }

  readings(): GpuReading[] {
    const now = this.now();
    const trusted = this.statusValue === 'live' || this.statusValue === 'starting';
    return [...this.latest.values()]
      .sort((a, b) => a.index - b.index)
      .map((reading) =>
        trusted && now - reading.atMs <= this.silenceDeadlineMs
          ? reading
          : { ...reading, usedBytes: null, freeBytes: null, utilizationPercent: null },
      );
  }

  processGpuBytes(pid: number): number | null {
    const stream = this.appsStream;
    if (!stream || this.statusValue !== 'live') return null;
    if (stream.state !== 'running') return null;
    const now = this.now();
    const fresh = 2.5 * this.intervalMs;
    const entries = [...(this.apps.get(pid)?.values() ?? [])].filter((entry) => now - entry.atMs <= fresh);
    if (entries.length > 0) {
      return entries.some((entry) => entry.usedBytes === null)
        ? null
        : entries.reduce((sum, entry) => sum + entry.usedBytes!, 0);
    }
    // Not listed for a few intervals while the query runs: the process holds no GPU memory.
    return now - this.appsStreamStartedAtMs >= fresh ? 0 : null;
  }

  async dispose(): Promise<void> {
    if (this.statusValue === 'disposed') return;
    this.statusValue = 'disposed';
    await Promise.all([this.gpuStream?.dispose(), this.appsStream?.dispose()]);
    this.gpuStream = undefined;
    this.appsStream = undefined;
    this.events.clear();
  }
}

/** The probe on the nvidia-smi `env` points to (or the one on the PATH); says so when the setting is wrong. */
export function nvidiaSmiProbeFor(options: Omit<NvidiaSmiProbeOptions, 'command'>): NvidiaSmiProbe {
  const env = options.env ?? process.env;
  const command = locateNvidiaSmi({ env });
  if (!command && env[NVIDIA_SMI_ENV]) {
    options.logger?.warn(`${NVIDIA_SMI_ENV} is set to "${env[NVIDIA_SMI_ENV]}", which is not a file`);
  }
  return new NvidiaSmiProbe({ ...options, env, command });
}
