/**
 * The render queue: turns into takes. Each turn is looked up in the take cache, else cut into chunks that
 * the inference worker renders one by one, checked, trimmed and joined. Worker crashes, hangs and
 * out-of-memory errors are retried (first as they were, on a fresh worker; then smaller), so a job is never
 * lost and a turn is never silently skipped: it ends `done`, `cached`, `failed` (with the reason) or
 * `cancelled`.
 *
 * This class is the queue and the watchdog's levers; the parts live beside it: `take-plan` (the one plan
 * builder), `take-renderer` (chunks, checks, retries), `model-sessions` (loads and unloads), `render-job`
 * (one job's order, lanes and reports), `render-failures` (what a failure says).
 */
import { randomUUID } from 'node:crypto';
import type { WatchdogAction } from '../../../shared/api/studio-api';
import type { Take } from '../../../shared/model/project';
import type { VoiceRef } from '../../../shared/model/voice';
import type { EngineDescription, ExecutionProvider } from '../../../shared/protocol/worker-protocol';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { TypedEmitter } from '../util/typed-emitter';
import type { PlannedChunk } from './chunk-plan';
import { ModelSessions } from './model-sessions';
import { PauseGate } from './pause-gate';
import { runRenderJob } from './render-job';
import type {
  LoadedModel,
  RenderHooks,
  RenderServiceEvents,
  RenderServiceOptions,
  TakeRequest,
  TurnPlan,
} from './render-types';
import { TakePlanner } from './take-plan';
import { TakeRenderer } from './take-renderer';
import { takeOf, type TakeMeta, type TakeStore } from './take-store';
import { waitAtMost } from '../util/disposables';

export type {
  ChunkContext,
  ChunkOutcome,
  LoadedModel,
  LoadOutcome,
  RenderHooks,
  RenderServiceEvents,
  RenderServiceOptions,
  TakeRequest,
  TurnPlan,
} from './render-types';
export { RenderCancelledError } from './render-types';
export type { PlannedChunk };

/** How long shutting down waits for cancelled render jobs to end. */
export const RENDER_SHUTDOWN_WAIT_MS = 10_000;

export class RenderService {
  readonly events = new TypedEmitter<RenderServiceEvents>();
  private readonly jobs = new Map<string, AbortController>();
  private queueTail: Promise<unknown> = Promise.resolve();
  private readonly gate = new PauseGate();
  /** Watchdog lever: 1 = engine limit, 0.5 = half-size chunks. */
  private chunkScaleValue = 1;
  private readonly logger: Logger;
  private hooks: RenderHooks = {};
  private readonly sessions: ModelSessions;
  private readonly planner: TakePlanner;
  private readonly renderer: TakeRenderer;
  private readonly resolveModel: RenderServiceOptions['resolveModel'];
  private readonly shutdownWaitMs: number;

  constructor(options: RenderServiceOptions) {
    this.resolveModel = options.resolveModel;
    this.shutdownWaitMs = options.shutdownWaitMs ?? RENDER_SHUTDOWN_WAIT_MS;
    const maxAttempts = options.maxAttemptsPerChunk ?? 4;
    this.logger = options.logger ?? silentLogger;
    const hooks = () => this.hooks;
    const action = this.action.bind(this);
    this.sessions = new ModelSessions({
      worker: options.worker,
      logger: this.logger,
      maxAttempts,
      modelLoadDeadlineMs: options.modelLoadDeadlineMs ?? 180_000,
      hostEngine: options.hostEngine,
      hooks,
      action,
    });
    this.planner = new TakePlanner({
      resolveModel: options.resolveModel,
      describe: (engine, model) => this.sessions.describe(engine, model),
      chunkScale: () => this.chunkScaleValue,
    });
    this.renderer = new TakeRenderer({
      worker: options.worker,
      sessions: this.sessions,
      gate: this.gate,
      maxAttempts,
      hostEngine: options.hostEngine,
      hooks,
      action,
    });
  }

  /** Queues a job of turns; progress arrives as events. Returns the job id at once. */
  startJob(
    store: TakeStore,
    requests: TakeRequest[],
  ): { jobId: string; done: Promise<Map<string, TakeMeta>> } {
    const jobId = randomUUID();
    const controller = new AbortController();
    this.jobs.set(jobId, controller);
    const done = this.queueTail.then(() =>
      runRenderJob({
        jobId,
        controller,
        store,
        requests,
        logger: this.logger,
        plan: (jobStore, request) => this.planner.plan(jobStore, request),
        render: (jobStore, request, plan, signal) => this.renderer.render(jobStore, request, plan, signal),
        progress: (event) => this.events.emit('progress', event),
      }),
    );
    this.queueTail = done.catch(() => undefined);
    void done.finally(() => this.jobs.delete(jobId)).catch(() => undefined);
    return { jobId, done };
  }

  cancel(jobId: string): boolean {
    const controller = this.jobs.get(jobId);
    controller?.abort();
    return controller !== undefined;
  }

  pause(reason: string): void {
    if (this.gate.pause()) this.action('pause-queue', reason);
  }

  resume(reason: string): void {
    if (this.gate.resume()) this.action('resume-queue', reason);
  }

  get isPaused(): boolean {
    return this.gate.isPaused;
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
    this.sessions.useProviders(providers);
  }

  get providers(): ExecutionProvider[] | null {
    return this.sessions.providers;
  }

  /** Models the current worker process holds (loaded through this service). */
  /** What a voice's engine says about itself (its model pack resolved), e.g. whether it takes clips. */
  async describeVoice(voice: VoiceRef): Promise<EngineDescription> {
    return this.sessions.describe(voice.engine, await this.resolveModel?.(voice));
  }

  loadedModelList(): LoadedModel[] {
    return this.sessions.loadedModelList();
  }

  /** Unloads every loaded model except the one the current turn uses; resolves with the ids unloaded. */
  unloadIdleModels(): Promise<string[]> {
    return this.sessions.unloadModels((loaded) => loaded.modelId !== this.sessions.activeModelId);
  }

  /**
   * Asks the worker to unload the models `pick` chooses (a model in use is released once its chunk ends;
   * the next chunk that needs it loads it again). Resolves with the ids unloaded.
   */
  unloadModels(pick: (loaded: LoadedModel) => boolean): Promise<string[]> {
    return this.sessions.unloadModels(pick);
  }

  /** The takes the cache already holds for these turns (nothing is rendered or queued). */
  async cachedTakes(store: TakeStore, requests: TakeRequest[]): Promise<Map<string, Take>> {
    const found = new Map<string, Take>();
    for (const request of requests) {
      const meta = await store.get((await this.planner.key(request)).hash);
      if (meta) found.set(request.segmentId, takeOf(meta));
    }
    return found;
  }

  /** How each turn would render now (cache hits, chunks, models), without rendering anything. */
  async planTurns(store: TakeStore, requests: TakeRequest[]): Promise<TurnPlan[]> {
    const plans: TurnPlan[] = [];
    for (const request of requests) {
      const plan = await this.planner.plan(store, request);
      const { segmentId } = request;
      if (plan.cached) {
        plans.push({ segmentId, cached: true });
        continue;
      }
      const { model, description, chunks } = plan;
      plans.push({
        segmentId,
        cached: false,
        voice: request.voice,
        model: model ? this.sessions.withProviders(model) : undefined,
        description,
        chunks: chunks.map((chunk) => chunk.text),
      });
    }
    return plans;
  }

  /** One turn: from the cache, or rendered chunk by chunk and stored. */
  async renderTake(
    store: TakeStore,
    request: TakeRequest,
    signal: AbortSignal,
  ): Promise<{ meta: TakeMeta; cached: boolean }> {
    const plan = await this.planner.plan(store, request);
    if (plan.cached) return { meta: plan.meta, cached: true };
    const { stored } = await this.renderer.render(store, request, plan, signal);
    return { meta: await stored, cached: false };
  }

  private action(action: WatchdogAction['action'], reason: string): void {
    this.events.emit('action', { atMs: Date.now(), action, reason });
  }

  /**
   * Cancels every job and waits (up to `shutdownWaitMs`) until the queue has ended, so that the worker
   * is stopped after the takes in flight were stored or dropped, not in the middle. A job stuck on a worker that
   * no longer answers does not hold the shutdown: stopping the worker next ends its call (and takes are
   * written atomically, so nothing is half-written either way).
   */
  async dispose(): Promise<void> {
    for (const controller of this.jobs.values()) controller.abort();
    this.resume('shutting down');
    await waitAtMost(this.queueTail, this.shutdownWaitMs, { unref: true });
    this.events.clear();
  }
}
