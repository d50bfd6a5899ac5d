/**
 * The render queue: turns into takes. Each turn is looked up in the take cache, else cut into chunks that
 * the inference worker renders one by one, checked, trimmed and joined. Worker crashes, hangs and
 * out-of-memory errors are retried (first as they were, on a fresh worker; then smaller), so a job is never
 * lost and a turn is never silently skipped: it ends `done`, `cached`, `failed` (with the reason) or
 * `cancelled`.
 */
import { randomUUID } from 'node:crypto';
import type { RenderProgress, WatchdogAction } from '../../../shared/api/studio-api';
import type { Take } from '../../../shared/model/project';
import { msToSamples } from '../../../shared/model/time';
import type { VoiceRef } from '../../../shared/model/voice';
import type { EngineDescription, ModelSpec, SynthesizeResult } from '../../../shared/protocol/worker-protocol';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { TypedEmitter } from '../util/typed-emitter';
import { WorkerCallError } from '../worker/worker-errors';
import type { WorkerHost } from '../worker/worker-host';
import type { PlannedChunk } from './chunk-plan';
import { planChunks, splitForRetry, CLAUSE_PAUSE_MS } from './chunk-plan';
import { trimSilence, verifyChunk } from './pcm-checks';
import { takeKey } from './take-key';
import type { TakeMeta, TakeStore } from './take-store';

export interface TakeRequest {
  segmentId: string;
  text: string;
  voice: VoiceRef;
  force?: boolean;
}

export interface RenderServiceOptions {
  worker: WorkerHost;
  /** Resolves a voice's model pack for ONNX engines; undefined for engines without packs. */
  resolveModel?: (voice: VoiceRef) => Promise<ModelSpec | undefined>;
  maxAttemptsPerChunk?: number;
  modelLoadDeadlineMs?: number;
  logger?: Logger;
}

export type RenderServiceEvents = {
  progress: RenderProgress;
  action: WatchdogAction;
};

export class RenderCancelledError extends Error {
  constructor() {
    super('render cancelled');
  }
}

interface Job {
  id: string;
  controller: AbortController;
}

export class RenderService {
  readonly events = new TypedEmitter<RenderServiceEvents>();
  private readonly descriptions = new Map<string, EngineDescription>();
  private readonly loadedModels = new Map<string, number | undefined>();
  private readonly jobs = new Map<string, Job>();
  private queueTail: Promise<unknown> = Promise.resolve();
  private paused = false;
  private pauseWaiters: (() => void)[] = [];
  /** Watchdog lever: 1 = engine limit, 0.5 = half-size chunks. */
  private chunkScale = 1;
  /** Measured synthesis speed, ms of compute per character (exponential average). */
  private msPerChar = 60;
  private readonly maxAttempts: number;
  private readonly logger: Logger;

  constructor(private readonly options: RenderServiceOptions) {
    this.maxAttempts = options.maxAttemptsPerChunk ?? 4;
    this.logger = options.logger ?? silentLogger;
  }

  /** Queues a job of turns; progress arrives as events. Returns the job id at once. */
  startJob(store: TakeStore, requests: TakeRequest[]): { jobId: string; done: Promise<Map<string, TakeMeta>> } {
    const job: Job = { id: randomUUID(), controller: new AbortController() };
    this.jobs.set(job.id, job);
    const done = this.queueTail.then(() => this.runJob(job, store, requests));
    this.queueTail = done.catch(() => undefined);
    void done.finally(() => this.jobs.delete(job.id)).catch(() => undefined);
    return { jobId: job.id, done };
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    job?.controller.abort();
    return job !== undefined;
  }

  pause(reason: string): void {
    if (this.paused) return;
    this.paused = true;
    this.action('pause-queue', reason);
  }

  resume(reason: string): void {
    if (!this.paused) return;
    this.paused = false;
    this.action('resume-queue', reason);
    for (const wake of this.pauseWaiters.splice(0)) wake();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  setChunkScale(scale: number, reason: string): void {
    const next = Math.min(1, Math.max(0.125, scale));
    if (next === this.chunkScale) return;
    this.chunkScale = next;
    this.action('shrink-chunks', reason);
  }

  private async runJob(job: Job, store: TakeStore, requests: TakeRequest[]): Promise<Map<string, TakeMeta>> {
    const results = new Map<string, TakeMeta>();
    const totalCount = requests.length;
    let doneCount = 0;
    const emit = (segmentId: string, status: RenderProgress['status'], extra: Partial<RenderProgress> = {}) =>
      this.events.emit('progress', { jobId: job.id, segmentId, status, doneCount, totalCount, ...extra });
    for (const request of requests) emit(request.segmentId, 'queued');
    for (const request of requests) {
      if (job.controller.signal.aborted) {
        emit(request.segmentId, 'cancelled');
        continue;
      }
      emit(request.segmentId, 'rendering');
      try {
        const { meta, cached } = await this.renderTake(store, request, job.controller.signal);
        results.set(request.segmentId, meta);
        doneCount += 1;
        emit(request.segmentId, cached ? 'cached' : 'done', { take: toTake(meta) });
      } catch (error) {
        doneCount += 1;
        if (error instanceof RenderCancelledError || job.controller.signal.aborted) {
          emit(request.segmentId, 'cancelled');
        } else {
          const apiError = toApiError(error);
          this.logger.warn(`turn ${request.segmentId} failed: ${apiError.message}`);
          emit(request.segmentId, 'failed', { error: apiError });
        }
      }
    }
    return results;
  }

  /** One turn: from the cache, or rendered chunk by chunk. */
  async renderTake(store: TakeStore, request: TakeRequest, signal: AbortSignal): Promise<{ meta: TakeMeta; cached: boolean }> {
    const model = await this.options.resolveModel?.(request.voice);
    const hash = takeKey(request.voice, request.text, model ? (model.contentHash ?? model.id) : '');
    if (!request.force) {
      const cached = await store.get(hash);
      if (cached) return { meta: cached, cached: true };
    }
    const description = await this.describe(request.voice.engine, model);
    if (model) await this.ensureLoaded(model);
    const maxChars = Math.max(24, Math.floor(description.maxChunkChars * this.chunkScale));
    const chunks = planChunks(request.text, maxChars, request.voice.params.ratePercent);
    const parts: Float32Array[] = [];
    for (const chunk of chunks) {
      const audio = await this.renderChunk(chunk.text, request.voice, model, description.sampleRate, signal, 1);
      parts.push(audio, silence(chunk.pauseAfterMs, description.sampleRate));
    }
    const pcm = concat(parts);
    const meta = await store.put(hash, pcm, description.sampleRate, {
      engine: request.voice.engine,
      model: request.voice.model,
      voice: request.voice.voice,
      text: request.text,
    });
    return { meta, cached: false };
  }

  private async renderChunk(
    text: string,
    voice: VoiceRef,
    model: ModelSpec | undefined,
    sampleRate: number,
    signal: AbortSignal,
    attempt: number,
  ): Promise<Float32Array> {
    await this.waitWhilePaused(signal);
    if (signal.aborted) throw new RenderCancelledError();
    try {
      return await this.synthesizeChecked(text, voice, model, sampleRate);
    } catch (error) {
      if (signal.aborted) throw new RenderCancelledError();
      const failure = error instanceof WorkerCallError ? error : new WorkerCallError('engine-failed', String(error));
      if (!failure.retryable || attempt >= this.maxAttempts) throw failure;
      if (failure.code === 'out-of-memory') await this.options.worker.restart('out of memory: giving memory back before retrying');
      this.action('retry-chunk', `${describeFailure(failure)}; retrying "${preview(text)}" (attempt ${attempt + 1} of ${this.maxAttempts})`);
      if (model) this.loadedModels.delete(model.id);
      if (model) await this.ensureLoaded(model);
      // First retry as it was (a fresh worker usually gets through, and the audio stays identical), then smaller.
      const pieces = attempt === 1 ? [text] : splitForRetry(text);
      const parts: Float32Array[] = [];
      for (const [index, piece] of pieces.entries()) {
        parts.push(await this.renderChunk(piece, voice, model, sampleRate, signal, attempt + 1));
        if (index < pieces.length - 1) parts.push(silence(CLAUSE_PAUSE_MS, sampleRate));
      }
      return concat(parts);
    }
  }

  private async synthesizeChecked(text: string, voice: VoiceRef, model: ModelSpec | undefined, sampleRate: number): Promise<Float32Array> {
    const blocks: Float32Array[] = [];
    const started = Date.now();
    const deadlineMs = Math.max(20_000, Math.round(text.length * this.msPerChar * 8));
    await this.options.worker.call<SynthesizeResult>(
      { type: 'synthesize', request: { engine: voice.engine, model, voice: voice.voice, params: voice.params, text, chunkIndex: 0 } },
      { deadlineMs, onAudio: (pcm) => blocks.push(pcm) },
    );
    const elapsed = Date.now() - started;
    this.msPerChar = this.msPerChar * 0.8 + (elapsed / Math.max(1, text.length)) * 0.2;
    const pcm = concat(blocks);
    const verdict = verifyChunk(pcm, sampleRate, text, voice.params.ratePercent);
    if (!verdict.ok) throw new WorkerCallError('engine-failed', verdict.reason ?? 'implausible audio');
    return trimSilence(pcm, sampleRate);
  }

  private async describe(engine: string, model: ModelSpec | undefined): Promise<EngineDescription> {
    const key = `${engine}/${model?.id ?? ''}`;
    let description = this.descriptions.get(key);
    if (!description) {
      description = await this.options.worker.call<EngineDescription>({ type: 'describe', engine, model });
      this.descriptions.set(key, description);
    }
    return description;
  }

  private async ensureLoaded(model: ModelSpec): Promise<void> {
    const pid = this.options.worker.pid;
    if (this.loadedModels.has(model.id) && this.loadedModels.get(model.id) === pid) return;
    await this.options.worker.call({ type: 'load', model }, { deadlineMs: this.options.modelLoadDeadlineMs ?? 180_000 });
    this.loadedModels.set(model.id, this.options.worker.pid);
  }

  private async waitWhilePaused(signal: AbortSignal): Promise<void> {
    while (this.paused && !signal.aborted) {
      await new Promise<void>((resolve) => {
        this.pauseWaiters.push(resolve);
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
  }

  private action(action: WatchdogAction['action'], reason: string): void {
    this.events.emit('action', { atMs: Date.now(), action, reason });
  }

  dispose(): void {
    for (const job of this.jobs.values()) job.controller.abort();
    this.resume('shutting down');
    this.events.clear();
  }
}

function silence(ms: number, sampleRate: number): Float32Array {
  return new Float32Array(msToSamples(ms, sampleRate));
}

function concat(parts: Float32Array[]): Float32Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Float32Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function toTake(meta: TakeMeta): Take {
  return { hash: meta.hash, durationSamples: meta.durationSamples, sampleRate: meta.sampleRate, createdAtMs: meta.createdAtMs };
}

function describeFailure(error: WorkerCallError): string {
  switch (error.code) {
    case 'worker-crashed':
      return 'the inference worker crashed';
    case 'worker-hung':
      return 'the inference worker stopped responding';
    case 'deadline-exceeded':
      return 'a chunk took longer than its deadline';
    case 'out-of-memory':
      return 'the engine ran out of memory';
    default:
      return error.message;
  }
}

function preview(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function toApiError(error: unknown): { code: string; message: string; hint?: string } {
  if (error instanceof WorkerCallError) {
    const hint =
      error.code === 'worker-unavailable'
        ? 'Check `roundtable doctor`, free memory or switch this speaker to CPU, then render again: finished turns are kept.'
        : error.code === 'unknown-voice'
          ? 'Pick another voice for this speaker (`roundtable voices`).'
          : 'Render this turn again; if it keeps failing, shorten it or pick another voice.';
    return { code: error.code, message: error.message, hint };
  }
  return { code: 'render-failed', message: error instanceof Error ? error.message : String(error) };
}

export type { PlannedChunk };
