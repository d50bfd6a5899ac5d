/**
 * The models the render queue has loaded into the worker, and the engine descriptions it has asked for:
 * loads (retried on a fresh worker when the worker crashed, hung or ran out of memory), unloads, and the
 * watchdog's provider lever.
 */
import type {
  EngineDescription,
  ExecutionProvider,
  LoadResult,
  ModelSpec,
} from '../../../shared/protocol/worker-protocol';
import type { Logger } from '../util/logger';
import { WorkerCallError } from '../worker/worker-errors';
import type { WorkerHost } from '../worker/worker-host';
import type { HostEngine } from '../speech-server/server-engine';
import { describeFailure, RETRYABLE_LOAD } from './render-failures';
import type { ActionSink, LoadedModel, RenderHooks } from './render-types';
import { RenderCancelledError } from './render-types';

export interface ModelSessionsOptions {
  worker: WorkerHost;
  logger: Logger;
  maxAttempts: number;
  modelLoadDeadlineMs: number;
  hostEngine: ((engine: string) => Promise<HostEngine | undefined>) | undefined;
  hooks: () => RenderHooks;
  action: ActionSink;
}

export class ModelSessions {
  private readonly descriptions = new Map<string, EngineDescription>();
  private readonly loadedModels = new Map<string, LoadedModel>();
  /** Watchdog lever: providers every model spec is sent with (null: as resolved). */
  private providerOverride: ExecutionProvider[] | null = null;
  /** The model of the turn being rendered (never unloaded as idle). */
  activeModelId: string | null = null;

  constructor(private readonly options: ModelSessionsOptions) {}

  /** Providers every model spec is sent with from now on (null: as the resolver gives them). */
  useProviders(providers: ExecutionProvider[] | null): void {
    this.providerOverride = providers ? [...providers] : null;
  }

  get providers(): ExecutionProvider[] | null {
    return this.providerOverride ? [...this.providerOverride] : null;
  }

  withProviders(model: ModelSpec): ModelSpec {
    return this.providerOverride ? { ...model, providers: [...this.providerOverride] } : model;
  }

  /** Models the current worker process holds (loaded through this service). */
  loadedModelList(): LoadedModel[] {
    const { worker } = this.options;
    if (!worker.isRunning) return [];
    return [...this.loadedModels.values()].filter((loaded) => loaded.pid === worker.pid);
  }

  /** Forgets a model (a failed chunk may have taken it down with the worker): the next chunk loads it. */
  forget(modelId: string): void {
    this.loadedModels.delete(modelId);
  }

  /** Asks the worker to unload the models `pick` chooses; resolves with the ids unloaded. */
  async unloadModels(pick: (loaded: LoadedModel) => boolean): Promise<string[]> {
    const { worker, logger } = this.options;
    const chosen = this.loadedModelList().filter(pick);
    const unloaded: string[] = [];
    for (const loaded of chosen) {
      this.loadedModels.delete(loaded.modelId);
      unloaded.push(loaded.modelId);
      if (worker.pid !== loaded.pid) continue;
      try {
        await worker.call({ type: 'unload', modelId: loaded.modelId }, { deadlineMs: 30_000 });
      } catch (error) {
        // A worker that died took the model with it.
        logger.warn(`unloading ${loaded.modelId} failed: ${String(error)}`);
      }
    }
    if (unloaded.length > 0) this.options.hooks().modelsUnloaded?.(unloaded);
    return unloaded;
  }

  /** An engine's description (a host engine's own; a worker engine's asked once per engine and model). */
  async describe(engine: string, model: ModelSpec | undefined): Promise<EngineDescription> {
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
  async ensureLoaded(model: ModelSpec, signal: AbortSignal): Promise<void> {
    const { worker, maxAttempts } = this.options;
    for (let attempt = 1; ; attempt += 1) {
      const held = this.loadedModels.get(model.id);
      if (held && worker.isRunning && held.pid === worker.pid) return;
      const finish = await this.options.hooks().beforeModelLoad?.(model, signal);
      if (signal.aborted) {
        finish?.({ ok: false, error: new RenderCancelledError() });
        throw new RenderCancelledError();
      }
      const started = Date.now();
      try {
        const result = await worker.call<LoadResult>(
          { type: 'load', model: this.withProviders(model) },
          { deadlineMs: this.options.modelLoadDeadlineMs },
        );
        this.loadedModels.set(model.id, { modelId: model.id, pid: worker.pid, provider: result.provider });
        finish?.({ ok: true, result, elapsedMs: Date.now() - started });
        return;
      } catch (error) {
        finish?.({ ok: false, error });
        if (signal.aborted) throw new RenderCancelledError();
        if (!(error instanceof WorkerCallError) || !RETRYABLE_LOAD.has(error.code) || attempt >= maxAttempts)
          throw error;
        if (error.code === 'out-of-memory')
          await worker.restart('out of memory while loading a model: giving memory back before retrying');
        this.options.action(
          'retry-chunk',
          `${describeFailure(error)} while loading ${model.id}; loading it again on a fresh worker (attempt ${attempt + 1} of ${maxAttempts})`,
        );
      }
    }
  }
}
