/**
 * The services below the transports, built once per process (desktop main, serve, CLI): the inference
 * worker host, the render queue and the resource watchdog that guards both, the export service, plus
 * where data lives.
 */
import type { VoiceRef } from '../../shared/model/voice';
import type { ExecutionProvider, ModelSpec } from '../../shared/protocol/worker-protocol';
import { ExportService } from './export/export-jobs';
import { ModelPacks } from './models/model-packs';
import { dataPaths, resolveDataDir, takeCacheDir } from './paths';
import type { RenderServiceOptions } from './render/render-service';
import { RenderService } from './render/render-service';
import { TakeStore } from './render/take-store';
import type { WatchdogTuning } from './runtime/watchdog-wiring';
import { WatchdogWiring } from './runtime/watchdog-wiring';
import { VoiceCatalog } from './voice-catalog';
import type { ServerEnginesOptions } from './speech-server/server-engines';
import { ServerEngines } from './speech-server/server-engines';
import { SidecarFleet } from './sidecar/sidecar-fleet';
import path from 'node:path';
import type { Logger } from './util/logger';
import { createLogger } from './util/logger';
import type { SpawnWorker } from './worker/worker-channel';
import type { WorkerHostOptions } from './worker/worker-host';
import { WorkerHost } from './worker/worker-host';

export interface RuntimeOptions {
  dataDir?: string;
  spawnWorker?: SpawnWorker;
  /** Environment of the inference worker (on top of this process's). */
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Execution providers model packs load with, in order; default: the platform's (GPU first where any). */
  providers?: ExecutionProvider[];
  /** Worker supervision (hang timeout, startup timeout, restart policy). */
  worker?: Pick<WorkerHostOptions, 'hangTimeoutMs' | 'startupTimeoutMs' | 'restartPolicy'>;
  /** Render queue limits. */
  render?: Pick<RenderServiceOptions, 'maxAttemptsPerChunk' | 'modelLoadDeadlineMs'>;
  /** Resource watchdog settings and test doubles (probes, clock, thresholds, a simulated GPU provider). */
  watchdog?: WatchdogTuning;
  /** Speech server engines (engines.json in the data folder): key sources, pool backoff, sidecars. */
  servers?: Omit<ServerEnginesOptions, 'dataDir' | 'logger'>;
}

export class StudioRuntime {
  readonly dataDir: string;
  readonly worker: WorkerHost;
  readonly render: RenderService;
  readonly exports: ExportService;
  readonly logger: Logger;
  readonly models: ModelPacks;
  readonly voices: VoiceCatalog;
  /** Speech servers the user added (none by default: nothing leaves the machine). */
  readonly servers: ServerEngines;
  /** Local speech servers the host starts and supervises (engines with a sidecar definition). */
  readonly sidecars: SidecarFleet;
  /** The resource watchdog wired to the queue and the worker; it starts when rendering (or a plan) does. */
  readonly watchdog: WatchdogWiring;
  private readonly defaultProviders: ExecutionProvider[];

  constructor(options: RuntimeOptions = {}) {
    this.dataDir = options.dataDir ?? resolveDataDir();
    this.logger = options.logger ?? createLogger('host');
    this.defaultProviders = options.providers ?? [];
    const paths = dataPaths(this.dataDir);
    this.exports = new ExportService(paths.exportSpeedsFile);
    this.worker = new WorkerHost({
      spawn: options.spawnWorker,
      env: options.env,
      logger: this.logger,
      ...options.worker,
    });
    this.models = new ModelPacks({ modelsDir: paths.modelsDir });
    this.sidecars = new SidecarFleet({
      watchdog: () => this.watchdog.start(),
      logger: this.logger,
      recordDir: path.join(this.dataDir, 'sidecars'),
    });
    this.servers = new ServerEngines({
      dataDir: this.dataDir,
      logger: this.logger,
      sidecars: this.sidecars,
      ...options.servers,
    });
    this.voices = new VoiceCatalog(this.worker, this.models, this.servers);
    this.render = new RenderService({
      worker: this.worker,
      logger: this.logger,
      resolveModel: (voice) => this.resolveModel(voice),
      hostEngine: (engine) => this.servers.hostEngine(engine),
      ...options.render,
    });
    this.watchdog = new WatchdogWiring({
      worker: this.worker,
      render: this.render,
      calibrationFile: paths.calibrationFile,
      gpuInventoryFile: paths.gpuInventoryFile,
      manifestBytes: async (modelId) => (await this.models.getPack(modelId)).manifest.memory.estimateBytes,
      tuning: options.watchdog,
      logger: this.logger,
    });
  }

  /** Providers model packs load with now: the watchdog's CPU fall-back overrides the configured ones. */
  get providerPreference(): ExecutionProvider[] {
    return this.render.providers ?? [...this.defaultProviders];
  }

  /** A voice's model pack as the worker loads it, with the current provider preference. */
  async resolveModel(voice: VoiceRef): Promise<ModelSpec | undefined> {
    const spec = await this.voices.resolveModel(voice);
    return spec && { ...spec, providers: this.providerPreference };
  }

  /** The shared take cache for renders that have no project folder (the CLI's `render`). */
  scratchTakeStore(): TakeStore {
    return new TakeStore(takeCacheDir(this.dataDir));
  }

  async dispose(): Promise<void> {
    await this.exports.dispose();
    await this.watchdog.dispose();
    await this.render.dispose();
    await this.servers.dispose();
    await this.sidecars.dispose();
    await this.worker.dispose();
  }
}
