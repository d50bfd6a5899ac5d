/**
 * Admission for a managed sidecar, against the watchdog's live memory (the same Admission and calibrated
 * EstimateStore the worker's models go through, under the model id `sidecar:<name>`):
 *
 * - before a start: the loaded server's estimate (the definition's expected memory until a load has been
 *   observed on this machine) must fit in free GPU memory (or RAM for a CPU server) less the reserve;
 * - before a request: its estimate (fixed part + per character) must fit on top;
 * - while it does not fit, or while the watchdog has paused work under pressure, the request waits
 *   (announced once, with the reason); it fails when it could never fit, after `maxWaitMs`, or on cancel;
 * - what was observed (the server's memory once healthy; its peak during a request) calibrates the
 *   estimates, so a second start is judged by what this machine really needed.
 */
import type { WatchdogAction } from '../../../shared/api/studio-api';
import { DisposableStore } from '../../../shared/lifecycle/disposable';
import type { ExecutionProvider } from '../../../shared/protocol/worker-protocol';
import { HostError } from '../host-error';
import { onAbort, timeout } from '../util/disposables';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import type { AdmissionDecision, ModelFigures, ResourceWatchdog } from '../watchdog';
import { neverFits, nextSample } from '../runtime/memory-gate';
import { formatMinutes } from '../watchdog/render-plan';
import { KIB, MIB } from '../watchdog/units';
import type { SidecarDefinition } from './sidecar-definition';
import { sidecarModelId, usesGpu } from './sidecar-definition';
import type { SidecarAdmission } from './sidecar-types';

/** How long after a start the gate looks for the server's memory to calibrate its load figure. */
const LOAD_OBSERVE_MS = 30_000;

export interface SidecarMemoryGateOptions {
  definition: SidecarDefinition;
  /** The watchdog (started on first use). */
  watchdog: () => Promise<ResourceWatchdog>;
  /** Longest a start or request waits for memory. Default 15 minutes. */
  maxWaitMs?: number;
  /** Longest between two looks while waiting, should the watchdog's samples stop. Default 2 s. */
  recheckMs?: number;
  /** Said once when a wait starts and when it ends (the render queue's action stream). */
  announce?: (action: WatchdogAction['action'], reason: string) => void;
  logger?: Logger;
}

export class SidecarMemoryGate implements SidecarAdmission {
  private pausedReason: string | null = null;
  private scale = 1;
  private readonly resumeWaiters = new Set<() => void>();
  /** The load figure observed this session (bytes), for chunk observations. */
  private loadBytes: number | null = null;
  private disposed = false;
  private readonly logger: Logger;

  constructor(private readonly options: SidecarMemoryGateOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  get requestScale(): number {
    return this.scale;
  }

  get paused(): boolean {
    return this.pausedReason !== null;
  }

  get provider(): ExecutionProvider {
    return usesGpu(this.options.definition) ? 'cuda' : 'cpu';
  }

  get modelId(): string {
    return sidecarModelId(this.options.definition);
  }

  /** Figures before calibration: the definition's expected memory. */
  figures(): ModelFigures {
    const { memory } = this.options.definition;
    return {
      modelId: this.modelId,
      provider: this.provider,
      manifestBytes: (usesGpu(this.options.definition) ? memory.gpuMiB : memory.ramMiB) * MIB,
      ...(memory.perCharKiB !== undefined ? { manifestPerCharBytes: memory.perCharKiB * KIB } : {}),
    };
  }

  /** Holds new requests (pressure); requests in flight carry on. */
  pause(reason: string): void {
    this.pausedReason = reason;
  }

  /** New requests go ahead again (at the size they have shrunk to, as the worker's chunks do). */
  resume(): void {
    this.pausedReason = null;
    for (const wake of [...this.resumeWaiters]) wake();
  }

  /** Smaller requests from now on (halved each time, down to 1/8). */
  shrink(): void {
    this.scale = Math.max(1 / 8, this.scale / 2);
  }

  async beforeStart(signal: AbortSignal): Promise<void> {
    const watchdog = await this.options.watchdog();
    await this.waitWhilePaused(`starting ${this.options.definition.name}`, signal);
    const figures = this.figures();
    await this.waitForRoom(
      watchdog,
      () => watchdog.admitModelLoad(watchdog.estimates.modelLoadEstimate(figures)),
      `starting ${this.options.definition.name}`,
      signal,
    );
  }

  onReady(): void {
    void this.observeLoad().catch((error: unknown) =>
      this.logger.warn(`measuring ${this.options.definition.name} after its start failed: ${String(error)}`),
    );
  }

  async beforeRequest(chars: number, signal: AbortSignal): Promise<() => void> {
    const watchdog = await this.options.watchdog();
    const what = `the next request to ${this.options.definition.name}`;
    await this.waitWhilePaused(what, signal);
    const figures = this.figures();
    await this.waitForRoom(
      watchdog,
      () => watchdog.admitChunk(watchdog.estimates.chunkEstimate(figures, chars)),
      what,
      signal,
    );
    const before = this.held(watchdog);
    const window = watchdog.startSidecarPeakWindow(this.options.definition.name);
    const startedAt = Date.now();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const peaks = window.end();
      const peak = usesGpu(this.options.definition) ? peaks.gpuPeakBytes : peaks.rssPeakBytes;
      const model = this.loadBytes ?? figures.manifestBytes;
      if (chars <= 0 || before === null || peak === null || this.disposed) return;
      this.record(watchdog, {
        peakBytes: model + Math.max(0, peak - before),
        chunkChars: chars,
        elapsedMs: Math.max(1, Date.now() - startedAt),
      });
    };
  }

  /**
   * The sidecar's memory once healthy, as soon as the watchdog has a reading of it (nvidia-smi lists a
   * new process within a few of its intervals); given up on after `LOAD_OBSERVE_MS`.
   */
  private async observeLoad(): Promise<void> {
    const watchdog = await this.options.watchdog();
    const deadline = Date.now() + LOAD_OBSERVE_MS;
    while (!this.disposed && Date.now() < deadline) {
      const bytes = this.held(watchdog);
      if (bytes !== null && bytes > 0) {
        this.loadBytes = bytes;
        watchdog.noteModelLoaded(this.modelId, this.provider, bytes);
        this.record(watchdog, { peakBytes: bytes, chunkChars: 0 });
        return;
      }
      await nextSample(watchdog, this.options.recheckMs ?? 2000, new AbortController().signal);
    }
  }

  /** The stop counterpart of observeLoad: the server's memory is no longer ours to count. */
  noteStopped(watchdog: ResourceWatchdog | undefined): void {
    watchdog?.noteModelUnloaded(this.modelId);
  }

  /** What the sidecar holds now where it matters: GPU memory for a GPU server, else its RSS. */
  private held(watchdog: ResourceWatchdog): number | null {
    const memory = watchdog.sidecarMemory(this.options.definition.name);
    if (!memory || memory.pid === null) return null;
    return usesGpu(this.options.definition) ? memory.gpuBytes : memory.rssBytes;
  }

  private record(
    watchdog: ResourceWatchdog,
    observation: { peakBytes: number; chunkChars: number; elapsedMs?: number },
  ): void {
    watchdog.estimates
      .recordObservation({ modelId: this.modelId, provider: this.provider, ...observation })
      .catch((error: unknown) => this.logger.warn(`saving a memory observation failed: ${String(error)}`));
  }

  private async waitWhilePaused(what: string, signal: AbortSignal): Promise<void> {
    if (this.pausedReason === null) return;
    const started = Date.now();
    const maxWaitMs = this.options.maxWaitMs ?? 15 * 60_000;
    this.options.announce?.('pause-queue', `${what} waits: ${this.pausedReason}`);
    while (this.pausedReason !== null && !this.disposed) {
      if (signal.aborted) throw signal.reason as Error;
      if (Date.now() - started >= maxWaitMs) {
        throw new HostError(
          'not-enough-memory',
          `${what} waited ${formatMinutes((Date.now() - started) / 60_000)} while memory pressure held requests (${this.pausedReason}).`,
          'Close other programs that use the GPU, or use a smaller model.',
        );
      }
      await new Promise<void>((resolve) => {
        const pause = new DisposableStore();
        const done = () => {
          pause.dispose();
          resolve();
        };
        pause.add(timeout(done, Math.min(this.options.recheckMs ?? 2000, maxWaitMs)));
        this.resumeWaiters.add(done);
        pause.add(() => this.resumeWaiters.delete(done));
        pause.add(onAbort(signal, done));
      });
    }
  }

  private async waitForRoom(
    watchdog: ResourceWatchdog,
    decide: () => AdmissionDecision,
    what: string,
    signal: AbortSignal,
  ): Promise<void> {
    let decision = decide();
    if (decision.admitted) return;
    if (neverFits(decision)) throw new HostError('not-enough-memory', decision.reason, decision.suggestion);
    const started = Date.now();
    const maxWaitMs = this.options.maxWaitMs ?? 15 * 60_000;
    this.options.announce?.(
      'pause-queue',
      `${decision.reason} Waiting for memory before ${what}. ${decision.suggestion}`,
    );
    for (;;) {
      if (decision.admitted) {
        this.options.announce?.('resume-queue', `Memory freed — ${what} goes ahead`);
        return;
      }
      if (neverFits(decision)) throw new HostError('not-enough-memory', decision.reason, decision.suggestion);
      if (Date.now() - started >= maxWaitMs) {
        throw new HostError(
          'not-enough-memory',
          `${decision.reason} Waited ${formatMinutes((Date.now() - started) / 60_000)} for memory to free up.`,
          decision.suggestion,
        );
      }
      await nextSample(watchdog, this.options.recheckMs ?? 2000, signal);
      if (signal.aborted) throw signal.reason as Error;
      decision = decide();
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const wake of [...this.resumeWaiters]) wake();
  }
}
