/**
 * The services below the transports, built once per process (desktop main, serve, CLI): the inference
 * worker host and the render queue, plus where data lives.
 */
import path from 'node:path';
import type { VoiceRef } from '../../shared/model/voice';
import { ModelPacks } from './models/model-packs';
import { dataPaths, resolveDataDir, takeCacheDir } from './paths';
import { RenderService } from './render/render-service';
import { TakeStore } from './render/take-store';
import { VoiceCatalog } from './voice-catalog';
import type { Logger } from './util/logger';
import { createLogger } from './util/logger';
import type { SpawnWorker } from './worker/worker-channel';
import { WorkerHost } from './worker/worker-host';

export interface RuntimeOptions {
  dataDir?: string;
  spawnWorker?: SpawnWorker;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

export class StudioRuntime {
  readonly dataDir: string;
  readonly worker: WorkerHost;
  readonly render: RenderService;
  readonly logger: Logger;
  readonly models: ModelPacks;
  readonly voices: VoiceCatalog;

  constructor(options: RuntimeOptions = {}) {
    this.dataDir = options.dataDir ?? resolveDataDir();
    this.logger = options.logger ?? createLogger('host');
    this.worker = new WorkerHost({ spawn: options.spawnWorker, env: options.env, logger: this.logger });
    this.models = new ModelPacks({ modelsDir: dataPaths(this.dataDir).modelsDir });
    this.voices = new VoiceCatalog(this.worker, this.models);
    this.render = new RenderService({ worker: this.worker, logger: this.logger, resolveModel: (voice: VoiceRef) => this.voices.resolveModel(voice) });
  }

  /** The shared take cache for renders that have no project folder (the CLI's `render`). */
  scratchTakeStore(): TakeStore {
    return new TakeStore(takeCacheDir(this.dataDir));
  }

  async dispose(): Promise<void> {
    this.render.dispose();
    await this.worker.dispose();
  }
}
