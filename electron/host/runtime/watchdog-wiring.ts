/**
 * Connects the resource watchdog to the render queue and the worker host:
 *
 * - the watchdog is created (estimates from the calibration file) and started on first use — the first
 *   model load or chunk, a plan, or a resources query — so commands that never render never start
 *   nvidia-smi;
 * - its ladder acts on the queue (pause, resume, smaller chunks, unload idle models, CPU) and the worker
 *   (restart); the worker's pid, heartbeat RSS, loads and unloads keep its picture current;
 * - the memory gate admits every model load and chunk against live memory (see memory-gate.ts);
 * - one `action` stream carries every WatchdogAction with its reason: the watchdog's own steps, the queue's
 *   retries, worker crashes and hangs, and admission waits; `resources` carries the snapshots.
 */
import type { ResourceSnapshot, WatchdogAction } from '../../../shared/api/studio-api';
import { DisposableStore } from '../../../shared/lifecycle/disposable';
import type { ExecutionProvider, LoadResult } from '../../../shared/protocol/worker-protocol';
import { HostError } from '../host-error';
import type { RenderService, TakeRequest } from '../render/render-service';
import type { TakeStore } from '../render/take-store';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { TypedEmitter } from '../util/typed-emitter';
import type { ResourceWatchdogOptions } from '../watchdog';
import { EstimateStore, isGpuProvider, ResourceWatchdog } from '../watchdog';
import type { WorkerHost } from '../worker/worker-host';
import { readProcessRss } from '../watchdog/ram-probe';
import { cachedGpuInventory } from '../watchdog/gpu-inventory-cache';
import { readGpuInventory } from '../watchdog/gpu-inventory';
import { DEFAULT_MAX_MEMORY_WAIT_MS, MemoryGate } from './memory-gate';
import type { RenderPlanReport } from './render-plan-report';
import { buildRenderPlanReport } from './render-plan-report';

/** Watchdog settings a runtime passes through (tests inject probes, clocks and thresholds here). */
export interface WatchdogTuning extends Partial<Omit<ResourceWatchdogOptions, 'estimates' | 'logger'>> {
  /**
   * Tell the watchdog that models run on this provider whatever the worker reports, e.g. 'cuda' to
   * exercise GPU pressure on a machine without a GPU. Ends with a fall-back to the CPU.
   */
  simulateProvider?: ExecutionProvider;
  /** Longest a load or chunk waits for memory before its turn fails. Default 15 minutes. */
  maxMemoryWaitMs?: number;
  /** How long a plan waits for the first live GPU reading when a model runs on the GPU. Default 3 s. */
  planGpuWaitMs?: number;
}

export interface WatchdogWiringOptions {
  worker: WorkerHost;
  render: RenderService;
  /** Where calibrated estimates live (`dataPaths(dataDir).calibrationFile`); null keeps them in memory. */
  calibrationFile: string | null;
  /** Where the GPU inventory is kept for the rest of this boot (`dataPaths(dataDir).gpuInventoryFile`);
   * null (or a tuning's own `inventory`) asks at every start. */
  gpuInventoryFile?: string | null;
  /** A model pack's manifest memory figure, bytes. */
  manifestBytes: (modelId: string) => Promise<number | undefined>;
  tuning?: WatchdogTuning;
  logger?: Logger;
}

export type WatchdogWiringEvents = {
  action: WatchdogAction;
  resources: ResourceSnapshot;
};

export class WatchdogWiring {
  readonly events = new TypedEmitter<WatchdogWiringEvents>();
  private readonly logger: Logger;
  private readonly tuning: WatchdogTuning;
  private readonly gate: MemoryGate;
  /** The listeners on the queue, the worker and the watchdog. */
  private readonly listeners = new DisposableStore();
  /** Provider each loaded model runs on, as told to the watchdog. */
  private readonly modelProviders = new Map<string, ExecutionProvider>();
  private readonly manifestCache = new Map<string, Promise<number | undefined>>();
  private creating: Promise<ResourceWatchdog> | undefined;
  private watchdogValue: ResourceWatchdog | undefined;
  private workerPid: number | null = null;
  /** A queue action the wiring itself is carrying out: the queue's echo of it is not repeated. */
  private muted: WatchdogAction['action'] | null = null;
  private disposed = false;

  constructor(private readonly options: WatchdogWiringOptions) {
    this.logger = options.logger ?? silentLogger;
    this.tuning = options.tuning ?? {};
    const { worker, render } = options;
    this.gate = new MemoryGate({
      watchdog: () => this.start(),
      providerFor: (modelId, device) => this.providerFor(modelId, device),
      reportedProvider: (result) => this.reportedProvider(result),
      manifestBytes: (modelId) => this.manifestBytes(modelId),
      onLoaded: (modelId, provider) => this.modelProviders.set(modelId, provider),
      announce: (action, reason) => this.emitAction(action, reason),
      workerRssNow: () =>
        this.workerPid === null ? null : (this.tuning.readProcessRss ?? readProcessRss)(this.workerPid),
      intervalMs: this.tuning.intervalMs ?? 1000,
      maxWaitMs: this.tuning.maxMemoryWaitMs ?? DEFAULT_MAX_MEMORY_WAIT_MS,
      logger: this.logger,
    });
    render.setHooks({
      beforeModelLoad: (model, signal) => this.gate.beforeModelLoad(model, signal),
      beforeChunk: (chunk, signal) => this.gate.beforeChunk(chunk, signal),
      modelsUnloaded: (modelIds) => {
        for (const modelId of modelIds) {
          this.modelProviders.delete(modelId);
          this.watchdogValue?.noteModelUnloaded(modelId);
        }
      },
    });
    this.own(
      render.events.on('action', (action) => {
        if (action.action !== this.muted) this.events.emit('action', action);
      }),
      worker.events.on('started', ({ pid }) => this.onWorker(pid ?? null)),
      worker.events.on('crashed', ({ reason }) => {
        this.onWorker(null);
        this.emitAction('worker-crashed', reason);
      }),
      worker.events.on('hung', ({ reason }) => {
        this.onWorker(null);
        this.emitAction('worker-hung', reason);
      }),
      worker.events.on('gave-up', ({ reason }) => this.emitAction('gave-up', reason)),
      worker.events.on('heartbeat', ({ rssBytes }) => this.watchdogValue?.reportWorkerRss(rssBytes)),
    );
    if (worker.isRunning) this.workerPid = worker.pid ?? null;
  }

  private own(...offs: (() => void)[]): void {
    for (const off of offs) this.listeners.add(off);
  }

  /** The watchdog if it has been started. */
  get current(): ResourceWatchdog | undefined {
    return this.watchdogValue;
  }

  /** Creates and starts the watchdog on first use; later calls resolve with the same one. */
  start(): Promise<ResourceWatchdog> {
    if (this.disposed) return Promise.reject(new HostError('shut-down', 'the studio is shutting down'));
    this.creating ??= this.create();
    return this.creating;
  }

  /** Live memory now (starts the watchdog if needed). */
  async snapshot(): Promise<ResourceSnapshot> {
    return (await this.start()).snapshot();
  }

  /** The up-front plan for rendering these turns: cache hits, and per model peak memory and minutes. */
  async planRender(store: TakeStore, requests: TakeRequest[]): Promise<RenderPlanReport> {
    const watchdog = await this.start();
    const turns = await this.options.render.planTurns(store, requests);
    const report = () =>
      buildRenderPlanReport(turns, {
        watchdog,
        figuresFor: (turn) =>
          this.gate.figures(
            turn.model?.id ?? turn.description.id,
            this.providerFor(turn.model?.id ?? null, turn.description.device),
            turn.model ? undefined : turn.description,
          ),
        isLoaded: (modelId) => this.options.render.loadedModelList().some((m) => m.modelId === modelId),
      });
    const first = await report();
    const onGpu = first.models.some((model) => isGpuProvider(model.plan.provider));
    if (!onGpu || !(await this.waitForGpuReading(watchdog))) return first;
    return report();
  }

  private async create(): Promise<ResourceWatchdog> {
    const file = this.options.calibrationFile;
    const estimates = file ? await EstimateStore.open(file) : EstimateStore.inMemory();
    if (estimates.loadWarning) this.logger.warn(estimates.loadWarning);
    const { simulateProvider, maxMemoryWaitMs: _wait, planGpuWaitMs: _gpu, ...options } = this.tuning;
    const inventoryFile = this.options.gpuInventoryFile;
    const inventory =
      options.inventory ??
      (inventoryFile
        ? cachedGpuInventory(inventoryFile, {
            read: () => readGpuInventory({ timeoutMs: options.inventoryTimeoutMs ?? 5000 }),
            warn: (message) => this.logger.warn(message),
          })
        : undefined);
    const watchdog = new ResourceWatchdog({
      ...options,
      ...(inventory ? { inventory } : {}),
      provider: options.provider ?? simulateProvider,
      estimates,
      // Its actions reach the user as events on the action stream; the log keeps them at info.
      logger: { ...this.logger, warn: (message) => this.logger.info(message) },
    });
    if (this.disposed) {
      await watchdog.dispose();
      throw new HostError('shut-down', 'the studio is shutting down');
    }
    this.watchdogValue = watchdog;
    watchdog.setWorkerPid(this.workerPid);
    this.own(
      watchdog.on('action', (action) => this.events.emit('action', action)),
      watchdog.on('resources', (snapshot) => this.events.emit('resources', snapshot)),
      watchdog.on('error', (error) => this.logger.error(error.message)),
    );
    const { render, worker } = this.options;
    watchdog.setActions({
      pauseQueue: (action) => this.quietly(action, () => render.pause(action.reason)),
      resumeQueue: (action) => this.quietly(action, () => render.resume(action.reason)),
      shrinkChunks: (action) =>
        this.quietly(action, () => render.setChunkScale(render.chunkScale / 2, action.reason)),
      unloadIdleModels: async () => {
        const unloaded = await render.unloadIdleModels();
        if (unloaded.length > 0) this.logger.info(`unloaded idle models: ${unloaded.join(', ')}`);
      },
      restartWorker: async (action) => {
        if (worker.isRunning) await worker.restart(action.reason);
      },
      fallbackToCpu: async () => {
        render.useProviders(['cpu']);
        await render.unloadModels((loaded) =>
          isGpuProvider(this.modelProviders.get(loaded.modelId) ?? loaded.provider),
        );
      },
    });
    watchdog.start();
    return watchdog;
  }

  /** Runs a queue action for the watchdog; the queue's own event for it would repeat the watchdog's. */
  private quietly(action: WatchdogAction, run: () => void): void {
    this.muted = action.action;
    try {
      run();
    } finally {
      this.muted = null;
    }
  }

  private emitAction(action: WatchdogAction['action'], reason: string): void {
    this.events.emit('action', { atMs: Date.now(), action, reason });
  }

  private onWorker(pid: number | null): void {
    this.workerPid = pid;
    this.modelProviders.clear();
    this.watchdogValue?.setWorkerPid(pid);
    this.watchdogValue?.noteAllModelsUnloaded();
  }

  /** Rendering is held to the CPU (after a fall-back, or by choice). */
  private cpuOnly(): boolean {
    const providers = this.options.render.providers;
    return providers !== null && providers.every((provider) => provider === 'cpu');
  }

  /** The provider a model is expected to run on: as loaded, else what rendering uses now. */
  private providerFor(modelId: string | null, device: ExecutionProvider): ExecutionProvider {
    if (modelId === null) return device;
    const loaded = this.modelProviders.get(modelId);
    if (loaded) return loaded;
    if (this.cpuOnly()) return 'cpu';
    return this.tuning.simulateProvider ?? this.watchdogValue?.provider ?? this.tuning.provider ?? 'cpu';
  }

  private reportedProvider(result: LoadResult): ExecutionProvider {
    if (result.fallbackReason) this.logger.info(`${result.modelId}: ${result.fallbackReason}`);
    if (this.cpuOnly()) return result.provider;
    return this.tuning.simulateProvider ?? result.provider;
  }

  private manifestBytes(modelId: string): Promise<number | undefined> {
    let figure = this.manifestCache.get(modelId);
    if (!figure) {
      figure = this.options.manifestBytes(modelId).catch(() => undefined);
      this.manifestCache.set(modelId, figure);
    }
    return figure;
  }

  /** Waits (bounded) until the GPU probe has said something; true if it is live now. */
  private async waitForGpuReading(watchdog: ResourceWatchdog): Promise<boolean> {
    const pending = () => ['idle', 'starting'].includes(watchdog.details().gpuProbe);
    if (pending()) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          off();
          resolve();
        };
        const timer = setTimeout(done, this.tuning.planGpuWaitMs ?? 3000);
        const off = watchdog.on('resources', () => {
          if (!pending()) done();
        });
      });
    }
    return watchdog.details().gpuProbe === 'live';
  }

  /** Stops the watchdog (nvidia-smi, timers), writes pending estimates and drops every listener. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.listeners.dispose();
    this.options.render.setHooks({});
    const watchdog = this.watchdogValue ?? (await this.creating?.catch(() => undefined));
    if (watchdog) {
      this.gate.flushRenders(watchdog);
      await watchdog.dispose();
      await watchdog.estimates.flush();
    }
    this.events.clear();
  }
}
