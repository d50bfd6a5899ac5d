/**
 * The resource watchdog: probes (RAM, live GPU memory, worker memory) → pressure policy → events and
 * action hooks; plus admission control and render plans against the same live figures.
 *
 *   const watchdog = new ResourceWatchdog({ estimates: await EstimateStore.open(file) });
 *   watchdog.setActions({ pauseQueue, resumeQueue, shrinkChunks, unloadIdleModels, restartWorker, fallbackToCpu });
 *   watchdog.on('action', (action) => ui.show(action.reason));
 *   watchdog.start();            // returns at once; the GPU inventory and nvidia-smi come up in the background
 *   ...
 *   await watchdog.dispose();    // kills nvidia-smi, clears the timer
 */
import type { ResourceSnapshot, WatchdogAction } from '../../../shared/api/studio-api';
import type { ExecutionProvider } from '../../../shared/protocol/worker-protocol';
import { DisposableStore } from '../../../shared/lifecycle/disposable';
import { interval } from '../util/disposables';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { TypedEmitter } from '../util/typed-emitter';
import type { AdmissionDecision, Availability, MemoryView } from './admission';
import { Admission, isGpuProvider } from './admission';
import type { EstimateStore, MemoryEstimate } from './estimates';
import type { GpuInventory } from './gpu-inventory';
import { isNvidia, readGpuInventory } from './gpu-inventory';
import type { GpuProbe, GpuReading } from './gpu-probe';
import { NVIDIA_SMI_ENV } from './nvidia-smi-locate';
import { nvidiaSmiProbeFor } from './nvidia-smi-probe';
import type { PressureLevel, PressureSample } from './pressure';
import { PressurePolicy } from './pressure';
import type { RamReading } from './ram-probe';
import { readProcessRss, readRam } from './ram-probe';
import type { PlanRenderInput, RenderPlan } from './render-plan';
import type { SidecarMemory, SidecarPeakWindow, WatchedSidecar } from './watched-sidecars';
import { WatchedSidecars } from './watched-sidecars';
import { ActionHooks } from './action-hooks';
import { gpuList } from './gpu-list';
import { PeakTracker } from './peak-tracker';
import type {
  PeakWindow,
  ResourceWatchdogEvents,
  ResourceWatchdogOptions,
  WatchdogActionHooks,
  WatchdogDetails,
} from './watchdog-types';

export class ResourceWatchdog {
  private readonly emitter = new TypedEmitter<ResourceWatchdogEvents>();
  private readonly intervalMs: number;
  private readonly gpuIndex: number;
  private readonly now: () => number;
  private readonly logger: Logger;
  private readonly policy: PressurePolicy;
  private readonly admission: Admission;
  private readonly readRamFn: () => RamReading;
  private readonly readRssFn: (pid: number) => number | null;
  private readonly actionHooks: ActionHooks;
  private gpuProbe: GpuProbe | undefined;
  /** The sampling timer and the listeners on the GPU probe. */
  private readonly resources = new DisposableStore();
  private started = false;
  private disposed = false;
  private providerValue: ExecutionProvider;
  private ram: RamReading = { totalBytes: 0, freeBytes: 0, source: 'os' };
  private inventoryValue: GpuInventory | null = null;
  private workerPidValue: number | null = null;
  private reportedRss: number | null = null;
  /** Whether the last tick could read the worker's RSS from the OS (then heartbeats are not needed). */
  private rssFromOs = false;
  private workerRss: number | null = null;
  private gpuUnknownReason: string | null = null;
  private readonly loadedGpuModels = new Map<string, number>();
  private readonly peaks = new PeakTracker(() => ({ rss: this.workerRss, gpu: this.workerGpuBytes() }));
  private readonly sidecars: WatchedSidecars;

  constructor(private readonly options: ResourceWatchdogOptions) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.gpuIndex = options.gpuIndex ?? 0;
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.providerValue = options.provider ?? 'cpu';
    this.readRamFn = options.readRam ?? (() => readRam());
    this.readRssFn = options.readProcessRss ?? ((pid) => readProcessRss(pid));
    this.actionHooks = new ActionHooks({
      timeoutMs: options.hookTimeoutMs ?? 30_000,
      logger: this.logger,
      onError: (error) => this.emitter.emit('error', error),
      disposed: () => this.disposed,
    });
    this.policy = new PressurePolicy({ now: this.now, ...options.policy });
    this.sidecars = new WatchedSidecars({
      readRss: (pid) => this.readRssFn(pid),
      processGpuBytes: (pid) => this.processGpuBytes(pid),
    });
    this.admission = new Admission({
      memory: () => this.memoryView(true),
      estimates: options.estimates,
      reserve: options.reserve,
      committedGpuBytes: () => [...this.loadedGpuModels.values()].reduce((sum, bytes) => sum + bytes, 0),
    });
  }

  get estimates(): EstimateStore {
    return this.options.estimates;
  }

  get provider(): ExecutionProvider {
    return this.providerValue;
  }

  get pressure(): PressureLevel {
    return this.policy.level;
  }

  on<K extends keyof ResourceWatchdogEvents>(
    name: K,
    listener: (payload: ResourceWatchdogEvents[K]) => void,
  ): () => void {
    return this.emitter.on(name, listener);
  }

  /** Connects the actions. Hooks run one after another, in ladder order; missing hooks are skipped. */
  setActions(hooks: Partial<WatchdogActionHooks>): void {
    this.actionHooks.set(hooks);
  }

  /** Starts sampling. Returns at once: nothing here waits for the GPU inventory or nvidia-smi. */
  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    this.gpuProbe =
      this.options.gpuProbe ??
      nvidiaSmiProbeFor({
        ...this.options.nvidiaSmi,
        env: this.options.env,
        intervalMs: this.intervalMs,
        now: this.now,
        logger: this.logger,
      });
    this.resources.add(this.gpuProbe.events.on('reading', (reading) => this.onGpuReading(reading)));
    this.resources.add(this.gpuProbe.events.on('degraded', ({ reason }) => this.gpuMemoryUnknown(reason)));
    this.gpuProbe.start();
    const inventory =
      this.options.inventory ??
      (() => readGpuInventory({ timeoutMs: this.options.inventoryTimeoutMs ?? 5000 }));
    void inventory().then(
      (result) => this.onInventory(result),
      (error: unknown) => this.onInventory({ status: 'unknown', gpus: [], reason: String(error) }),
    );
    this.tick();
    this.resources.add(interval(() => this.tick(), this.intervalMs, { unref: true }));
  }

  private onInventory(inventory: GpuInventory): void {
    if (this.disposed) return;
    this.inventoryValue = inventory;
    if (inventory.status === 'unknown') this.logger.warn(inventory.reason);
    const discrete = inventory.gpus.find((gpu) => gpu.vramBytes !== null);
    if (this.gpuProbe?.status === 'unavailable' && discrete) {
      const why = isNvidia(discrete)
        ? `nvidia-smi was not found (it comes with the NVIDIA driver; or set ${NVIDIA_SMI_ENV})`
        : `free memory of ${discrete.vendor} ${discrete.model} cannot be read on this system`;
      this.gpuMemoryUnknown(why);
    }
  }

  /** Says once that free GPU memory is unknown from here on. */
  private gpuMemoryUnknown(reason: string): void {
    if (this.gpuUnknownReason !== null || this.disposed) return;
    this.gpuUnknownReason = reason;
    const action: WatchdogAction = {
      atMs: Math.round(this.now()),
      action: 'probe-degraded',
      reason: `GPU memory unknown — working from totals: ${reason}`,
    };
    this.logger.warn(action.reason);
    this.emitter.emit('action', action);
    this.evaluate();
  }

  private onGpuReading(reading: GpuReading): void {
    if (this.disposed) return;
    if (reading.index === this.gpuIndex && this.workerPidValue !== null) this.trackPeaks();
    if (reading.index === this.gpuIndex) this.evaluate();
  }

  private tick(): void {
    if (this.disposed) return;
    try {
      this.ram = this.readRamFn();
    } catch (error) {
      this.logger.warn(`reading RAM failed: ${(error as Error).message}`);
    }
    const pid = this.workerPidValue;
    const measured = pid === null ? null : this.readRssFn(pid);
    this.rssFromOs = measured !== null;
    this.workerRss = measured ?? (pid === null ? null : this.reportedRss);
    this.trackPeaks();
    this.sidecars.sample();
    this.evaluate();
    this.emitter.emit('resources', this.snapshot());
  }

  private evaluate(): void {
    if (this.disposed || this.ram.totalBytes <= 0) return;
    const view = this.memoryView(false);
    const sample: PressureSample = {
      ram: view.ram,
      gpu:
        (isGpuProvider(this.providerValue) || this.sidecars.gpuInUse) && view.gpu
          ? { totalBytes: view.gpu.totalBytes, freeBytes: view.gpu.freeBytes }
          : null,
    };
    const step = this.policy.observe(sample);
    if (step.change) {
      this.logger.info(step.change.reason);
      this.emitter.emit('pressure', step.change);
      this.emitter.emit('resources', this.snapshot());
    }
    for (const action of step.actions) this.act(action);
  }

  private act(action: WatchdogAction): void {
    this.logger.warn(action.reason);
    this.emitter.emit('action', action);
    if (action.action === 'fallback-cpu') this.providerValue = 'cpu';
    this.actionHooks.run(action);
  }

  /** GPU list: live readings when there are any, else the inventory's GPUs with dedicated VRAM. */
  private gpuList(): ResourceSnapshot['gpus'] {
    return gpuList(this.gpuProbe?.readings() ?? [], this.inventoryValue);
  }

  private memoryView(freshRam: boolean): MemoryView {
    if (freshRam) {
      try {
        this.ram = this.readRamFn();
      } catch {
        // keep the last reading
      }
    }
    const gpu = this.gpuList().find((entry) => entry.index === this.gpuIndex) ?? null;
    return {
      ram: { totalBytes: this.ram.totalBytes, freeBytes: this.ram.freeBytes },
      gpu:
        gpu && gpu.totalBytes > 0
          ? { name: gpu.name, totalBytes: gpu.totalBytes, freeBytes: gpu.freeBytes }
          : null,
    };
  }

  snapshot(): ResourceSnapshot {
    return {
      atMs: Math.round(this.now()),
      ram: { totalBytes: this.ram.totalBytes, freeBytes: this.ram.freeBytes },
      gpus: this.gpuList(),
      workerRssBytes: this.workerRss,
      pressure: this.policy.level,
      sidecars: this.sidecars.list().map((sidecar) => ({
        name: sidecar.name,
        running: sidecar.pid !== null,
        rssBytes: sidecar.rssBytes,
        gpuBytes: sidecar.gpuBytes,
      })),
    };
  }

  details(): WatchdogDetails {
    return {
      provider: this.providerValue,
      gpuIndex: this.gpuIndex,
      gpuProbe: this.gpuProbe?.status ?? 'idle',
      gpuMemoryUnknownReason: this.gpuUnknownReason,
      inventory: this.inventoryValue,
      workerPid: this.workerPidValue,
      workerGpuBytes: this.workerGpuBytes(),
      queuePaused: this.policy.queuePaused,
      actionsTaken: this.policy.actionsTaken,
      live: this.gpuProbe?.readings() ?? [],
    };
  }

  /** Samples now (RAM, worker, policy) instead of waiting for the next tick; returns the snapshot. */
  sampleNow(): ResourceSnapshot {
    this.tick();
    return this.snapshot();
  }

  /** The worker process to watch (its RSS on Linux, its GPU memory via nvidia-smi); null when none runs. */
  setWorkerPid(pid: number | null): void {
    this.workerPidValue = pid;
    this.reportedRss = null;
    this.workerRss = null;
    this.rssFromOs = false;
  }

  /** The worker's own RSS from its heartbeat: used where the OS figure cannot be read (not Linux). */
  reportWorkerRss(bytes: number): void {
    this.reportedRss = bytes;
    if (!this.rssFromOs) this.workerRss = bytes;
    this.trackPeaks();
  }

  /** The execution provider rendering now uses (from the worker's load result). */
  setExecutionProvider(provider: ExecutionProvider): void {
    this.providerValue = provider;
  }

  /** Keeps count of GPU memory our models hold, for judging from totals where free memory cannot be read. */
  noteModelLoaded(modelId: string, provider: ExecutionProvider, bytes: number): void {
    if (isGpuProvider(provider)) this.loadedGpuModels.set(modelId, bytes);
  }

  noteModelUnloaded(modelId: string): void {
    this.loadedGpuModels.delete(modelId);
  }

  /** All models unloaded at once (the worker restarted). */
  noteAllModelsUnloaded(): void {
    this.loadedGpuModels.clear();
  }

  /** What an estimate for `provider` may use right now (free memory less the reserve). */
  availability(provider: ExecutionProvider): Availability {
    return this.admission.availability(provider);
  }

  admitModelLoad(estimate: MemoryEstimate): AdmissionDecision {
    return this.admission.admitModelLoad(estimate);
  }

  admitChunk(estimate: MemoryEstimate): AdmissionDecision {
    return this.admission.admitChunk(estimate);
  }

  planRender(input: PlanRenderInput): RenderPlan {
    return this.admission.planRender(input);
  }

  /**
   * Tracks the worker's peak memory (RSS and GPU) until `end()`, e.g. around one chunk, to feed
   * `estimates.recordObservation`. Resolution is the sampling interval.
   */
  startPeakWindow(): PeakWindow {
    return this.peaks.start();
  }

  /**
   * Watches a managed sidecar's memory beside the worker's (in snapshots, and for pressure: a sidecar on
   * the GPU makes GPU memory count even while the worker renders on the CPU). Returns the unwatch.
   */
  watchSidecar(sidecar: WatchedSidecar): () => void {
    return this.sidecars.add(sidecar);
  }

  /** A watched sidecar's memory measured now; null when it is not watched. */
  sidecarMemory(name: string): SidecarMemory | null {
    return this.sidecars.memoryOf(name);
  }

  /** Tracks a sidecar's peak memory until `end()`, e.g. around one request, for its estimates. */
  startSidecarPeakWindow(name: string): SidecarPeakWindow {
    return this.sidecars.startPeakWindow(name);
  }

  /** GPU memory one process holds (nvidia-smi's per-process query); null when it cannot be told. */
  processGpuBytes(pid: number): number | null {
    return this.gpuProbe?.processGpuBytes(pid) ?? null;
  }

  private workerGpuBytes(): number | null {
    return this.workerPidValue === null
      ? null
      : (this.gpuProbe?.processGpuBytes(this.workerPidValue) ?? null);
  }

  private trackPeaks(): void {
    this.peaks.track();
  }

  /** Stops sampling, kills nvidia-smi, drops listeners. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.resources.dispose();
    this.peaks.clear();
    await this.gpuProbe?.dispose();
    this.emitter.clear();
  }
}
