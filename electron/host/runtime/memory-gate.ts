/**
 * The render queue's memory gate: before a model load or a chunk, admission control against live memory
 * (wait while it does not fit, fail the turn when it never can), and after it, what was observed goes into
 * the calibrated estimates.
 *
 * Calibration: a load's figure is the worker's growth across the load (its RSS, or its GPU memory on a GPU
 * provider); a chunk's is the model's figure plus the growth seen during the chunk (the sampled peak, and a
 * reading taken as it ends, since a short chunk may fall between samples). Chunk observations are kept to
 * one per model per sampling interval, so a fast engine does not rewrite the file for every sentence.
 * Each model's render is timed as a whole for the time estimates (render-timer.ts).
 */
import type { WatchdogAction } from '../../../shared/api/studio-api';
import type {
  EngineDescription,
  ExecutionProvider,
  LoadResult,
  ModelSpec,
} from '../../../shared/protocol/worker-protocol';
import { HostError } from '../host-error';
import type { ChunkContext, ChunkOutcome, LoadOutcome } from '../render/render-service';
import { RenderCancelledError } from '../render/render-service';
import type { Logger } from '../util/logger';
import type { AdmissionDecision, ModelFigures, Observation, ResourceWatchdog } from '../watchdog';
import { isGpuProvider } from '../watchdog';
import { formatMinutes } from '../watchdog/render-plan';
import { formatBytes } from '../watchdog/units';
import { RenderTimer } from './render-timer';

/** Default longest wait for memory before a turn fails: long enough for another program to finish. */
export const DEFAULT_MAX_MEMORY_WAIT_MS = 15 * 60_000;

export interface MemoryGateDeps {
  watchdog: () => Promise<ResourceWatchdog>;
  /** The provider a model (or an engine without one) is expected to run on now. */
  providerFor: (modelId: string | null, device: ExecutionProvider) => ExecutionProvider;
  /** The provider to tell the watchdog a finished load uses (tests simulate a GPU here). */
  reportedProvider: (result: LoadResult) => ExecutionProvider;
  /** The pack's manifest memory figure, bytes; undefined when unknown. */
  manifestBytes: (modelId: string) => Promise<number | undefined>;
  onLoaded: (modelId: string, provider: ExecutionProvider) => void;
  announce: (action: WatchdogAction['action'], reason: string) => void;
  /** The worker's RSS read now (null when it cannot be read); no snapshot is emitted for it. */
  workerRssNow: () => number | null;
  intervalMs: number;
  maxWaitMs: number;
  logger: Logger;
  /** The clock for render timings (tests); Date.now by default. */
  now?: () => number;
}

/** Implements RenderHooks.beforeModelLoad and beforeChunk. */
export class MemoryGate {
  /** Load figures observed this session, per model id. */
  private readonly loadBytes = new Map<string, number>();
  /** When a chunk observation was last recorded, per model and provider. */
  private readonly lastChunkRecordAt = new Map<string, number>();
  /** Models (with provider) that have rendered a chunk since their last load: the next one is not the first. */
  private readonly warmed = new Set<string>();
  /** Each model's render in this worker, timed for the plan's time estimates. */
  private readonly timer: RenderTimer;
  /**
   * Chunks that run at once (an engine with parallelCalls) are admitted one after another, so a shortage
   * is announced and waited out once, and each admission sees the memory the one before it left.
   */
  private admissions: Promise<void> = Promise.resolve();

  constructor(private readonly deps: MemoryGateDeps) {
    this.timer = new RenderTimer({
      intervalMs: deps.intervalMs,
      now: deps.now ?? Date.now,
      logger: deps.logger,
    });
  }

  async beforeModelLoad(model: ModelSpec, signal: AbortSignal): Promise<(outcome: LoadOutcome) => void> {
    const watchdog = await this.deps.watchdog();
    const provider = this.deps.providerFor(model.id, 'cpu');
    const figures = await this.figures(model.id, provider, undefined);
    await this.waitForRoom(
      watchdog,
      () => watchdog.admitModelLoad(watchdog.estimates.modelLoadEstimate(figures)),
      `loading ${model.id}`,
      signal,
    );
    const before = this.workerFigure(watchdog, provider);
    const window = watchdog.startPeakWindow();
    return (outcome) => {
      if (!outcome.ok) {
        window.end();
        return;
      }
      const peaks = window.end();
      const used = this.deps.reportedProvider(outcome.result);
      watchdog.setExecutionProvider(used);
      const sampled = isGpuProvider(used) ? peaks.workerGpuPeakBytes : peaks.workerRssPeakBytes;
      const peak = Math.max(sampled ?? 0, this.workerFigure(watchdog, used) ?? 0);
      const grown = before !== null && peak > 0 ? peak - before : 0;
      this.deps.onLoaded(model.id, used);
      const estimate = watchdog.estimates.modelLoadEstimate({ ...figures, provider: used }).bytes;
      watchdog.noteModelLoaded(model.id, used, grown > 0 ? grown : estimate);
      // A load served from the worker's cache (0 ms) or one no sample saw says nothing about memory.
      // A real load starts the model afresh: its next chunk is a first one again.
      if (outcome.result.loadMs > 0) this.warmed.delete(`${model.id}|${used}`);
      if (outcome.result.loadMs > 0 && grown > 0) {
        this.loadBytes.set(model.id, grown);
        this.record(watchdog, { modelId: model.id, provider: used, peakBytes: grown, chunkChars: 0 });
      }
    };
  }

  async beforeChunk(chunk: ChunkContext, signal: AbortSignal): Promise<(outcome: ChunkOutcome) => void> {
    const watchdog = await this.deps.watchdog();
    const modelId = chunk.model?.id ?? chunk.description.id;
    const provider = this.deps.providerFor(chunk.model?.id ?? null, chunk.description.device);
    const figures = await this.figures(modelId, provider, chunk.model ? undefined : chunk.description);
    const chars = chunk.text.length;
    const admitted = this.admissions.then(() =>
      this.waitForRoom(
        watchdog,
        () => watchdog.admitChunk(watchdog.estimates.chunkEstimate(figures, chars)),
        `the next chunk with ${modelId}`,
        signal,
      ),
    );
    this.admissions = admitted.catch(() => undefined);
    await admitted;
    const before = this.workerFigure(watchdog, provider);
    const window = watchdog.startPeakWindow();
    const key = `${modelId}|${provider}`;
    const cold = !this.warmed.has(key);
    this.warmed.add(key);
    this.timer.chunkStarted(watchdog.estimates, key, { modelId, provider }, cold);
    return (outcome) => {
      const peaks = window.end();
      if (!outcome.ok) return;
      const now = Date.now();
      this.timer.chunkFinished(watchdog.estimates, key, chars);
      if (now - (this.lastChunkRecordAt.get(key) ?? -Infinity) < this.deps.intervalMs) return;
      const sampled = isGpuProvider(provider) ? peaks.workerGpuPeakBytes : peaks.workerRssPeakBytes;
      const ending = this.workerFigure(watchdog, provider);
      if (before === null || (sampled === null && ending === null)) return;
      const peak = Math.max(sampled ?? 0, ending ?? 0);
      this.lastChunkRecordAt.set(key, now);
      const modelBytes = this.loadBytes.get(modelId) ?? figures.manifestBytes;
      this.record(watchdog, {
        modelId,
        provider,
        peakBytes: modelBytes + Math.max(0, peak - before),
        chunkChars: chars,
        elapsedMs: outcome.elapsedMs,
        ...(cold ? { cold: true } : {}),
      });
    };
  }

  /** Writes where the renders being timed stand (their last chunks since the last record): on shutdown. */
  flushRenders(watchdog: ResourceWatchdog): void {
    this.timer.flush(watchdog.estimates);
  }

  /** What the worker holds now: its GPU memory on a GPU provider (last nvidia-smi reading), else its RSS. */
  private workerFigure(watchdog: ResourceWatchdog, provider: ExecutionProvider): number | null {
    if (isGpuProvider(provider)) return watchdog.details().workerGpuBytes;
    return this.deps.workerRssNow() ?? watchdog.snapshot().workerRssBytes;
  }

  /**
   * Figures for estimates: the pack manifest's memory figure, or the engine's own (memory, and its speed
   * where it gives one) for engines without packs.
   */
  async figures(
    modelId: string,
    provider: ExecutionProvider,
    description: Pick<EngineDescription, 'memoryEstimateBytes' | 'charsPerSecondEstimate'> | undefined,
  ): Promise<ModelFigures> {
    const manifestBytes = description
      ? description.memoryEstimateBytes
      : ((await this.deps.manifestBytes(modelId)) ?? 0);
    const speed = description?.charsPerSecondEstimate;
    return { modelId, provider, manifestBytes, ...(speed ? { manifestCharsPerSecond: speed } : {}) };
  }

  /**
   * Returns when `decide` admits. While it does not, the queue waits (announced once, with the reason) and
   * asks again on every sample; it fails the turn when the estimate exceeds what the device could ever
   * offer, when the wait runs out, and on cancel.
   */
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
    this.deps.announce(
      'pause-queue',
      `${decision.reason} Waiting for memory before ${what}. ${decision.suggestion}`,
    );
    try {
      for (;;) {
        if (decision.admitted) {
          const room =
            decision.availableBytes === null ? '' : ` (${formatBytes(decision.availableBytes)} usable)`;
          this.deps.announce('resume-queue', `Memory freed${room} — ${what} goes ahead`);
          return;
        }
        if (neverFits(decision)) {
          throw new HostError('not-enough-memory', decision.reason, decision.suggestion);
        }
        if (Date.now() - started >= this.deps.maxWaitMs) {
          throw new HostError(
            'not-enough-memory',
            `${decision.reason} Waited ${formatMinutes((Date.now() - started) / 60_000)} for memory to free up.`,
            decision.suggestion,
          );
        }
        await nextSample(watchdog, this.deps.intervalMs * 2, signal);
        if (signal.aborted) throw new RenderCancelledError();
        decision = decide();
      }
    } catch (error) {
      // The wait is over either way: the queue moves on (to the next turn, or stops on cancel).
      const why = error instanceof RenderCancelledError ? 'the render was cancelled' : 'this turn failed';
      this.deps.announce('resume-queue', `No longer waiting for memory before ${what}: ${why}`);
      throw error;
    }
  }

  private record(watchdog: ResourceWatchdog, observation: Observation): void {
    watchdog.estimates
      .recordObservation(observation)
      .catch((error: unknown) =>
        this.deps.logger.warn(`saving a memory observation failed: ${String(error)}`),
      );
  }
}

/** More than the whole device less its reserve: waiting cannot help. */
export function neverFits(decision: AdmissionDecision): boolean {
  if (decision.totalBytes === null) return false;
  return decision.neededBytes > decision.totalBytes - decision.reserveBytes;
}

/** Resolves on the watchdog's next sample, after `timeoutMs`, or on abort, whichever comes first. */
export function nextSample(
  watchdog: ResourceWatchdog,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      off();
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    const off = watchdog.on('resources', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
