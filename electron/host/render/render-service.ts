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
import type {
  EngineDescription,
  ExecutionProvider,
  LoadResult,
  ClipReference,
  ModelSpec,
  SynthesizeResult,
} from '../../../shared/protocol/worker-protocol';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { isDiskFullError } from '../files/write-errors';
import { TypedEmitter } from '../util/typed-emitter';
import { WorkerCallError } from '../worker/worker-errors';
import type { WorkerHost } from '../worker/worker-host';
import type { PlannedChunk } from './chunk-plan';
import { planChunks, splitForRetry, CLAUSE_PAUSE_MS } from './chunk-plan';
import { trimSilence, verifyChunk } from './pcm-checks';
import { fadeEdges } from './edge-fades';
import { takeKey } from './take-key';
import { checkReference } from './clip-check';
import { takeOf, type TakeMeta, type TakeStore } from './take-store';
import { excerpt } from '../../../shared/text/excerpt';
import type { HostEngine } from '../speech-server/server-engine';

export interface TakeRequest {
  segmentId: string;
  text: string;
  voice: VoiceRef;
  force?: boolean;
  /** The stored clip of `voice.clip`, consent checked (clips/clip-references.ts); engines read it from its path. */
  reference?: ClipReference;
}

export interface RenderServiceOptions {
  worker: WorkerHost;
  /** Resolves a voice's model pack for ONNX engines; undefined for engines without packs. */
  resolveModel?: (voice: VoiceRef) => Promise<ModelSpec | undefined>;
  maxAttemptsPerChunk?: number;
  modelLoadDeadlineMs?: number;
  logger?: Logger;
  /**
   * Engines that run in the host instead of the worker (speech servers): undefined for worker engines.
   * Their chunks take the same path (cache, chunking, checks, retries, progress) without model loads or
   * the memory gate, since they use no memory of this machine.
   */
  hostEngine?: (engine: string) => Promise<HostEngine | undefined>;
}

/** What a chunk hook sees: the text about to be rendered, with its voice, model and engine. */
export interface ChunkContext {
  text: string;
  voice: VoiceRef;
  model: ModelSpec | undefined;
  description: EngineDescription;
}

export type LoadOutcome = { ok: true; result: LoadResult; elapsedMs: number } | { ok: false; error: unknown };
export type ChunkOutcome = { ok: true; elapsedMs: number } | { ok: false; error: unknown };

/**
 * Hooks for the resource watchdog. `beforeModelLoad` and `beforeChunk` may wait (for memory) or throw (the
 * turn then fails with that error); what they return is called once the load or chunk has finished.
 */
export interface RenderHooks {
  beforeModelLoad?: (
    model: ModelSpec,
    signal: AbortSignal,
  ) => Promise<((outcome: LoadOutcome) => void) | void>;
  beforeChunk?: (
    chunk: ChunkContext,
    signal: AbortSignal,
  ) => Promise<((outcome: ChunkOutcome) => void) | void>;
  /** Models this service unloaded from the worker (not those lost with a worker process). */
  modelsUnloaded?: (modelIds: string[]) => void;
}

/** A model the current worker process holds, as loaded by this service. */
export interface LoadedModel {
  modelId: string;
  pid: number | undefined;
  provider: ExecutionProvider;
}

/** How a turn would render now: from the cache, or these chunks with this model (for up-front plans). */
export type TurnPlan =
  | { segmentId: string; cached: true }
  | {
      segmentId: string;
      cached: false;
      voice: VoiceRef;
      model: ModelSpec | undefined;
      description: EngineDescription;
      chunks: string[];
    };

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

type PreparedTake =
  | { cached: true; meta: TakeMeta }
  | {
      cached: false;
      hash: string;
      model: ModelSpec | undefined;
      description: EngineDescription;
      chunks: PlannedChunk[];
      /** Turns of this engine that may render at once. */
      parallelCalls: number;
    };

/** Counts turns rendering at once; a turn waits until fewer than its engine allows are. */
class Lanes {
  private busy = 0;
  private waiters: (() => void)[] = [];

  async acquire(limit: number): Promise<void> {
    while (this.busy >= limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.busy += 1;
  }

  release(): void {
    this.busy -= 1;
    for (const wake of this.waiters.splice(0)) wake();
  }
}

export class RenderService {
  readonly events = new TypedEmitter<RenderServiceEvents>();
  private readonly descriptions = new Map<string, EngineDescription>();
  private readonly loadedModels = new Map<string, LoadedModel>();
  private readonly jobs = new Map<string, Job>();
  private queueTail: Promise<unknown> = Promise.resolve();
  private paused = false;
  private pauseWaiters: (() => void)[] = [];
  /** Watchdog lever: 1 = engine limit, 0.5 = half-size chunks. */
  private chunkScaleValue = 1;
  /** Measured synthesis speed, ms of compute per character (exponential average). */
  private msPerChar = 60;
  private readonly maxAttempts: number;
  private readonly logger: Logger;
  private hooks: RenderHooks = {};
  /** Watchdog lever: providers every model spec is sent with (null: as resolved). */
  private providerOverride: ExecutionProvider[] | null = null;
  /** The model of the turn being rendered (never unloaded as idle). */
  private activeModelId: string | null = null;

  constructor(private readonly options: RenderServiceOptions) {
    this.maxAttempts = options.maxAttemptsPerChunk ?? 4;
    this.logger = options.logger ?? silentLogger;
  }

  /** Queues a job of turns; progress arrives as events. Returns the job id at once. */
  startJob(
    store: TakeStore,
    requests: TakeRequest[],
  ): { jobId: string; done: Promise<Map<string, TakeMeta>> } {
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
    if (next === this.chunkScaleValue) return;
    this.chunkScaleValue = next;
    this.action('shrink-chunks', reason);
  }

  get chunkScale(): number {
    return this.chunkScaleValue;
  }

  setHooks(hooks: RenderHooks): void {
    this.hooks = { ...hooks };
  }

  /** Providers every model spec is sent with from now on (null: as the resolver gives them). */
  useProviders(providers: ExecutionProvider[] | null): void {
    this.providerOverride = providers ? [...providers] : null;
  }

  get providers(): ExecutionProvider[] | null {
    return this.providerOverride ? [...this.providerOverride] : null;
  }

  /** Models the current worker process holds (loaded through this service). */
  loadedModelList(): LoadedModel[] {
    const pid = this.options.worker.pid;
    if (!this.options.worker.isRunning) return [];
    return [...this.loadedModels.values()].filter((loaded) => loaded.pid === pid);
  }

  /** Unloads every loaded model except the one the current turn uses; resolves with the ids unloaded. */
  unloadIdleModels(): Promise<string[]> {
    return this.unloadModels((loaded) => loaded.modelId !== this.activeModelId);
  }

  /**
   * Asks the worker to unload the models `pick` chooses (a model in use is released once its chunk ends;
   * the next chunk that needs it loads it again). Resolves with the ids unloaded.
   */
  async unloadModels(pick: (loaded: LoadedModel) => boolean): Promise<string[]> {
    const chosen = this.loadedModelList().filter(pick);
    const unloaded: string[] = [];
    for (const loaded of chosen) {
      this.loadedModels.delete(loaded.modelId);
      unloaded.push(loaded.modelId);
      if (this.options.worker.pid !== loaded.pid) continue;
      try {
        await this.options.worker.call({ type: 'unload', modelId: loaded.modelId }, { deadlineMs: 30_000 });
      } catch (error) {
        // A worker that died took the model with it.
        this.logger.warn(`unloading ${loaded.modelId} failed: ${String(error)}`);
      }
    }
    if (unloaded.length > 0) this.hooks.modelsUnloaded?.(unloaded);
    return unloaded;
  }

  /** The takes the cache already holds for these turns (nothing is rendered or queued). */
  async cachedTakes(store: TakeStore, requests: TakeRequest[]): Promise<Map<string, Take>> {
    const found = new Map<string, Take>();
    for (const request of requests) {
      const model = await this.options.resolveModel?.(request.voice);
      const meta = await store.get(
        takeKey(request.voice, request.text, model ? (model.contentHash ?? model.id) : ''),
      );
      if (meta) found.set(request.segmentId, takeOf(meta));
    }
    return found;
  }

  /** How each turn would render now (cache hits, chunks, models), without rendering anything. */
  async planTurns(store: TakeStore, requests: TakeRequest[]): Promise<TurnPlan[]> {
    const plans: TurnPlan[] = [];
    for (const request of requests) {
      const model = await this.options.resolveModel?.(request.voice);
      const hash = takeKey(request.voice, request.text, model ? (model.contentHash ?? model.id) : '');
      if (!request.force && (await store.get(hash))) {
        plans.push({ segmentId: request.segmentId, cached: true });
        continue;
      }
      const description = await this.describe(request.voice.engine, model);
      const chunks = planChunks(
        request.text,
        this.maxChunkChars(description),
        request.voice.params.ratePercent,
        description.packsSentences,
      );
      plans.push({
        segmentId: request.segmentId,
        cached: false,
        voice: request.voice,
        model: model ? this.withProviders(model) : undefined,
        description,
        chunks: chunks.map((chunk) => chunk.text),
      });
    }
    return plans;
  }

  /** What a voice's engine says about itself (its model pack resolved), e.g. whether it takes clips. */
  async describeVoice(voice: VoiceRef): Promise<EngineDescription> {
    return this.describe(voice.engine, await this.options.resolveModel?.(voice));
  }

  private maxChunkChars(description: EngineDescription): number {
    return Math.max(24, Math.floor(description.maxChunkChars * this.chunkScaleValue));
  }

  private withProviders(model: ModelSpec): ModelSpec {
    return this.providerOverride ? { ...model, providers: [...this.providerOverride] } : model;
  }

  private async runJob(job: Job, store: TakeStore, requests: TakeRequest[]): Promise<Map<string, TakeMeta>> {
    const results = new Map<string, TakeMeta>();
    const totalCount = requests.length;
    let doneCount = 0;
    const emit = (segmentId: string, status: RenderProgress['status'], extra: Partial<RenderProgress> = {}) =>
      this.events.emit('progress', { jobId: job.id, segmentId, status, doneCount, totalCount, ...extra });
    for (const request of requests) emit(request.segmentId, 'queued');
    // A finished turn is stored while the worker already renders the next one; its outcome is reported
    // once stored, in turn order.
    let reported: Promise<void> = Promise.resolve();
    // A full disk is not a turn's failure: no later take fits either. The first one stops the job; its turn
    // is reported failed with what to free, every turn after it cancelled.
    let diskFull: unknown = null;
    const stopIfDiskFull = (error: unknown) => {
      if (diskFull !== null || !isDiskFullError(error)) return;
      diskFull = error;
      job.controller.abort();
    };
    const fail = (request: TakeRequest, error: unknown) => {
      doneCount += 1;
      if (error === diskFull) {
        const apiError = toApiError(error);
        this.logger.info(`render stopped at turn ${request.segmentId}: ${apiError.message}`);
        emit(request.segmentId, 'failed', { error: apiError });
      } else if (error instanceof RenderCancelledError || job.controller.signal.aborted) {
        emit(request.segmentId, 'cancelled');
      } else {
        const apiError = toApiError(error);
        // The caller reports it with the turn's place in the script (progress event); the log is for diagnosis.
        this.logger.info(`turn ${request.segmentId} failed: ${apiError.message}`);
        emit(request.segmentId, 'failed', { error: apiError });
      }
    };
    // Turns render in order, up to the engine's parallelCalls at once (espeak: one per thread; models one at
    // a time, so a model turn waits for all before it).
    const lanes = new Lanes();
    const signal = job.controller.signal;
    // Takes still being written (after their synthesis). A turn starts once at most its engine's
    // parallelCalls are, so a slow disk slows the render instead of piling takes up in memory.
    const storing: Promise<unknown>[] = [];
    for (const request of requests) {
      if (signal.aborted) {
        await reported;
        emit(request.segmentId, 'cancelled');
        continue;
      }
      let outcome: Promise<() => void>;
      try {
        const prepared = await this.prepareTake(store, request);
        if (prepared.cached === false) {
          while (storing.length > prepared.parallelCalls) await storing.shift();
          await lanes.acquire(prepared.parallelCalls);
        }
        emit(request.segmentId, 'rendering');
        const synthesized =
          prepared.cached === false
            ? this.synthesizePrepared(store, request, prepared, signal).finally(() => lanes.release())
            : Promise.resolve({ stored: Promise.resolve(prepared.meta), cached: true });
        storing.push(synthesized.then(({ stored }) => stored).catch(() => undefined));
        outcome = synthesized.then(
          async ({ stored, cached }) => {
            const meta = await stored;
            return () => {
              results.set(request.segmentId, meta);
              doneCount += 1;
              emit(request.segmentId, cached ? 'cached' : 'done', {
                take: takeOf(meta),
                ...(meta.renderedBy?.length ? { renderedBy: meta.renderedBy.join(', ') } : {}),
              });
            };
          },
          (error: unknown) => {
            stopIfDiskFull(error);
            return () => fail(request, error);
          },
        );
      } catch (error) {
        stopIfDiskFull(error);
        outcome = Promise.resolve(() => fail(request, error));
      }
      // Reported in turn order, whichever finishes first.
      const settled = outcome.catch((error: unknown) => {
        stopIfDiskFull(error);
        return () => fail(request, error);
      });
      reported = reported.then(async () => (await settled)());
    }
    await reported;
    return results;
  }

  /** One turn: from the cache, or rendered chunk by chunk and stored. */
  async renderTake(
    store: TakeStore,
    request: TakeRequest,
    signal: AbortSignal,
  ): Promise<{ meta: TakeMeta; cached: boolean }> {
    const { stored, cached } = await this.synthesizeTake(store, request, signal);
    return { meta: await stored, cached };
  }

  /** One turn from the cache, or rendered; resolves once synthesised, with the store still writing it. */
  private async synthesizeTake(
    store: TakeStore,
    request: TakeRequest,
    signal: AbortSignal,
  ): Promise<{ stored: Promise<TakeMeta>; cached: boolean }> {
    const prepared = await this.prepareTake(store, request);
    if (prepared.cached) return { stored: Promise.resolve(prepared.meta), cached: true };
    return this.synthesizePrepared(store, request, prepared, signal);
  }

  /** A turn's take from the cache, or what rendering it takes: its key, model, engine and chunks. */
  private async prepareTake(store: TakeStore, request: TakeRequest): Promise<PreparedTake> {
    const model = await this.options.resolveModel?.(request.voice);
    const hash = takeKey(request.voice, request.text, model ? (model.contentHash ?? model.id) : '');
    if (!request.force) {
      const meta = await store.get(hash);
      if (meta) return { cached: true, meta };
    }
    const description = await this.describe(request.voice.engine, model);
    checkReference(request, description);
    const chunks = planChunks(
      request.text,
      this.maxChunkChars(description),
      request.voice.params.ratePercent,
      description.packsSentences,
    );
    const parallelCalls = Math.max(1, Math.floor(description.parallelCalls ?? 1));
    return { cached: false, hash, model, description, chunks, parallelCalls };
  }

  private async synthesizePrepared(
    store: TakeStore,
    request: TakeRequest,
    prepared: Extract<PreparedTake, { cached: false }>,
    signal: AbortSignal,
  ): Promise<{ stored: Promise<TakeMeta>; cached: boolean }> {
    const { hash, model, description, chunks } = prepared;
    const parts: Float32Array[] = [];
    /** Endpoints of a server engine that rendered this turn's chunks. */
    const renderedBy = new Set<string>();
    this.activeModelId = model?.id ?? null;
    try {
      for (const chunk of chunks) {
        const audio = await this.renderChunk(
          chunk.text,
          request.voice,
          model,
          description,
          signal,
          1,
          renderedBy,
          request.reference,
        );
        parts.push(audio, silence(chunk.pauseAfterMs, description.sampleRate));
      }
    } finally {
      if (this.activeModelId === (model?.id ?? null)) this.activeModelId = null;
    }
    const stored = store.put(hash, concat(parts), description.sampleRate, {
      engine: request.voice.engine,
      model: request.voice.model,
      voice: request.voice.voice,
      text: request.text,
      ...(renderedBy.size > 0 ? { renderedBy: [...renderedBy] } : {}),
      ...(request.voice.params.seed !== undefined ? { seed: request.voice.params.seed } : {}),
    });
    // Reported through the caller's chain; this keeps an early failure from being an unhandled rejection.
    stored.catch(() => undefined);
    return { stored, cached: false };
  }

  private async renderChunk(
    text: string,
    voice: VoiceRef,
    model: ModelSpec | undefined,
    description: EngineDescription,
    signal: AbortSignal,
    attempt: number,
    renderedBy: Set<string>,
    reference?: ClipReference,
  ): Promise<Float32Array> {
    const sampleRate = description.sampleRate;
    await this.waitWhilePaused(signal);
    if (signal.aborted) throw new RenderCancelledError();
    const host = await this.options.hostEngine?.(voice.engine);
    // Every chunk checks its model: the watchdog may have unloaded it, or a restart taken it away.
    if (model && !host) await this.ensureLoaded(model, signal);
    const finish = host
      ? undefined
      : await this.hooks.beforeChunk?.({ text, voice, model, description }, signal);
    const started = Date.now();
    try {
      if (signal.aborted) throw new RenderCancelledError();
      const pcm = host
        ? await this.synthesizeHost(host, text, voice, signal, renderedBy, reference)
        : await this.synthesizeChecked(text, voice, model, sampleRate, reference);
      finish?.({ ok: true, elapsedMs: Date.now() - started });
      return pcm;
    } catch (error) {
      finish?.({ ok: false, error });
      if (signal.aborted) throw new RenderCancelledError();
      const failure =
        error instanceof WorkerCallError ? error : new WorkerCallError('engine-failed', String(error));
      if (!failure.retryable || attempt >= this.maxAttempts) throw failure;
      if (failure.code === 'out-of-memory' && !host)
        await this.options.worker.restart('out of memory: giving memory back before retrying');
      this.action(
        'retry-chunk',
        `${describeFailure(failure)}; retrying "${excerpt(text, 40)}" (attempt ${attempt + 1} of ${this.maxAttempts})`,
      );
      if (model) this.loadedModels.delete(model.id);
      // First retry as it was (a fresh worker usually gets through, and the audio stays identical), then smaller.
      const pieces = attempt === 1 ? [text] : splitForRetry(text);
      const parts: Float32Array[] = [];
      for (const [index, piece] of pieces.entries()) {
        parts.push(
          await this.renderChunk(
            piece,
            voice,
            model,
            description,
            signal,
            attempt + 1,
            renderedBy,
            reference,
          ),
        );
        if (index < pieces.length - 1) parts.push(silence(CLAUSE_PAUSE_MS, sampleRate));
      }
      return concat(parts);
    }
  }

  private async synthesizeChecked(
    text: string,
    voice: VoiceRef,
    model: ModelSpec | undefined,
    sampleRate: number,
    reference?: ClipReference,
  ): Promise<Float32Array> {
    const blocks: Float32Array[] = [];
    const started = Date.now();
    const deadlineMs = Math.max(20_000, Math.round(text.length * this.msPerChar * 8));
    await this.options.worker.call<SynthesizeResult>(
      {
        type: 'synthesize',
        request: {
          engine: voice.engine,
          model: model && this.withProviders(model),
          voice: voice.voice,
          params: voice.params,
          text,
          chunkIndex: 0,
          ...(reference ? { reference } : {}),
        },
      },
      { deadlineMs, onAudio: (pcm) => blocks.push(pcm) },
    );
    const elapsed = Date.now() - started;
    this.msPerChar = this.msPerChar * 0.8 + (elapsed / Math.max(1, text.length)) * 0.2;
    const pcm = concat(blocks);
    const verdict = verifyChunk(pcm, sampleRate, text, voice.params.ratePercent);
    if (!verdict.ok) throw new WorkerCallError('engine-failed', verdict.reason ?? 'implausible audio');
    return fadeEdges(trimSilence(pcm, sampleRate), sampleRate);
  }

  /** A chunk from an engine in the host, checked like every chunk; notes the endpoint that rendered it. */
  private async synthesizeHost(
    host: HostEngine,
    text: string,
    voice: VoiceRef,
    signal: AbortSignal,
    renderedBy: Set<string>,
    reference?: ClipReference,
  ): Promise<Float32Array> {
    const { pcm, sampleRate, renderedBy: where } = await host.synthesize(text, voice, signal, reference);
    const verdict = verifyChunk(pcm, sampleRate, text, voice.params.ratePercent);
    if (!verdict.ok)
      throw new WorkerCallError('engine-failed', `${verdict.reason ?? 'implausible audio'} (from ${where})`);
    renderedBy.add(where);
    return fadeEdges(trimSilence(pcm, sampleRate), sampleRate);
  }

  private async describe(engine: string, model: ModelSpec | undefined): Promise<EngineDescription> {
    const host = await this.options.hostEngine?.(engine);
    if (host) return host.describe();
    const key = `${engine}/${model?.id ?? ''}`;
    let description = this.descriptions.get(key);
    if (!description) {
      description = await this.options.worker.call<EngineDescription>({ type: 'describe', engine, model });
      this.descriptions.set(key, description);
    }
    return description;
  }

  /**
   * Loads the model into the current worker unless it holds it. A load that hangs, crashes the worker or runs
   * out of memory is tried again on a fresh worker (within the attempt budget).
   */
  private async ensureLoaded(model: ModelSpec, signal: AbortSignal): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const held = this.loadedModels.get(model.id);
      if (held && this.options.worker.isRunning && held.pid === this.options.worker.pid) return;
      const finish = await this.hooks.beforeModelLoad?.(model, signal);
      if (signal.aborted) {
        finish?.({ ok: false, error: new RenderCancelledError() });
        throw new RenderCancelledError();
      }
      const started = Date.now();
      try {
        const result = await this.options.worker.call<LoadResult>(
          { type: 'load', model: this.withProviders(model) },
          { deadlineMs: this.options.modelLoadDeadlineMs ?? 180_000 },
        );
        this.loadedModels.set(model.id, {
          modelId: model.id,
          pid: this.options.worker.pid,
          provider: result.provider,
        });
        finish?.({ ok: true, result, elapsedMs: Date.now() - started });
        return;
      } catch (error) {
        finish?.({ ok: false, error });
        if (signal.aborted) throw new RenderCancelledError();
        if (
          !(error instanceof WorkerCallError) ||
          !RETRYABLE_LOAD.has(error.code) ||
          attempt >= this.maxAttempts
        )
          throw error;
        if (error.code === 'out-of-memory')
          await this.options.worker.restart(
            'out of memory while loading a model: giving memory back before retrying',
          );
        this.action(
          'retry-chunk',
          `${describeFailure(error)} while loading ${model.id}; loading it again on a fresh worker (attempt ${attempt + 1} of ${this.maxAttempts})`,
        );
      }
    }
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

/** Load failures a fresh worker can get past (a broken model file is not one of them). */
const RETRYABLE_LOAD = new Set<WorkerCallError['code']>([
  'worker-crashed',
  'worker-hung',
  'deadline-exceeded',
  'out-of-memory',
]);

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
  // Typed host errors (not enough memory, a missing model pack) keep their code and hint.
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string') {
    const { code, hint } = error as Error & { code: string; hint?: unknown };
    return { code, message: error.message, ...(typeof hint === 'string' ? { hint } : {}) };
  }
  return { code: 'render-failed', message: error instanceof Error ? error.message : String(error) };
}

export type { PlannedChunk };
