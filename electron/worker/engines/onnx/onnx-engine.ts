/**
 * What every ONNX engine (Kokoro, Piper) does the same way around its own model: its models live in the
 * runtime's shared cache (load, unload, reuse, pinned while a synthesis runs), a synthesis checks for
 * cancel before every session run and after the last, and each run's audio output goes to `onAudio` as it
 * comes. The engines keep only what is theirs: reading text into model inputs, and describing voices.
 */
import type {
  EngineDescription,
  LoadResult,
  ModelSpec,
  SynthesizeRequest,
} from '../../../../shared/protocol/worker-protocol';
import type { Engine } from '../engine';
import { EngineError, throwIfCancelled } from '../engine';
import type { EngineLog } from './engine-log';
import { silentEngineLog } from './engine-log';
import { estimateSpecBytes } from './model-files';
import type { OnnxEngineOptions } from './onnx-engine-options';
import type { OnnxModel, OnnxRuntime } from './onnx-runtime';
import type { OnnxSession } from './onnx-session';
import type { Phonemizer } from './phonemizer';
import { EspeakPhonemizer } from './phonemizer';
import type { TensorPayload } from './tensor-payload';
import { audioSamples } from './tensor-payload';

/** A loaded model of an ONNX engine: its session, where its audio comes out, what its load reported. */
export interface LoadedOnnxModel extends OnnxModel {
  readonly session: OnnxSession;
  readonly contract: { readonly output: string };
  readonly loadResult: LoadResult;
}

export abstract class OnnxEngine<M extends LoadedOnnxModel> implements Engine {
  abstract readonly id: string;
  protected readonly runtime: OnnxRuntime;
  protected readonly phonemizer: Phonemizer;
  protected readonly log: EngineLog;

  constructor(options: OnnxEngineOptions) {
    this.runtime = options.runtime;
    this.phonemizer = options.phonemizer ?? new EspeakPhonemizer();
    this.log = options.log ?? silentEngineLog;
    this.runtime.retain();
  }

  /** The engine's name in messages (`Kokoro`, `Piper`). */
  protected abstract readonly label: string;
  /** Is this cached model one of this engine's? */
  protected abstract isModel(model: unknown): model is M;
  /** Reads and opens a model pack (the cache calls this when the model is not loaded). */
  protected abstract loadModel(spec: ModelSpec): Promise<M>;

  abstract describe(model?: ModelSpec): Promise<EngineDescription>;

  abstract synthesize(
    request: SynthesizeRequest,
    signal: AbortSignal,
    onAudio: (pcm: Float32Array) => void,
  ): Promise<{ sampleRate: number }>;

  async load(model: ModelSpec): Promise<LoadResult> {
    const cached = this.loaded(model.id);
    const loaded = this.expectModel(
      await this.runtime.cache.getOrLoad(model.id, () => this.loadModel(model)),
      model.id,
    );
    return cached === loaded ? { ...loaded.loadResult, loadMs: 0 } : loaded.loadResult;
  }

  /** Releases the model if this engine has it loaded. */
  async unload(modelId: string): Promise<void> {
    if (this.loaded(modelId)) await this.runtime.cache.remove(modelId);
  }

  async dispose(): Promise<void> {
    await this.runtime.release(this.id);
  }

  /** The model if it is loaded and this engine's. */
  protected loaded(modelId: string): M | undefined {
    const model = this.runtime.cache.has(modelId) ? this.runtime.cache.get(modelId) : undefined;
    return this.isModel(model) ? model : undefined;
  }

  /** Where a description's model runs and what it takes: the loaded model's, or the pack's estimate. */
  protected async placement(
    spec: ModelSpec,
    loaded: M | undefined,
  ): Promise<Pick<EngineDescription, 'device' | 'memoryEstimateBytes'>> {
    return {
      device: loaded?.session.provider ?? 'cpu',
      memoryEstimateBytes: loaded?.bytes ?? (await estimateSpecBytes(spec)),
    };
  }

  /**
   * Runs `work` on the request's model (loaded from the cache, or loaded now) with the model pinned
   * against eviction; throws `cancelled` if the request was aborted by the time the work is done.
   */
  protected async withModel<R>(
    request: SynthesizeRequest,
    signal: AbortSignal,
    work: (model: M, spec: ModelSpec) => Promise<R>,
  ): Promise<R> {
    const spec = request.model;
    if (!spec) {
      throw new EngineError('bad-request', `${this.label} needs a model pack: set the speaker’s model`);
    }
    const result = await this.runtime.cache.use(
      spec.id,
      () => this.loadModel(spec),
      (loaded) => work(this.expectModel(loaded, spec.id), spec),
    );
    throwIfCancelled(signal);
    return result;
  }

  /**
   * One session run per unit (a chunk, a sentence), in order: cancel is checked before each run, and each
   * run's audio is handed to `onAudio` as soon as it is there.
   */
  protected async runEach<U>(
    model: M,
    units: Iterable<U>,
    signal: AbortSignal,
    feeds: (unit: U) => Record<string, TensorPayload>,
    onAudio: (pcm: Float32Array) => void,
  ): Promise<void> {
    for (const unit of units) {
      throwIfCancelled(signal);
      const outputs = await model.session.run(feeds(unit));
      const audio = outputs[model.contract.output];
      if (!audio) {
        throw new EngineError(
          'engine-failed',
          `${this.label} model gave no "${model.contract.output}" output`,
        );
      }
      onAudio(audioSamples(audio));
    }
  }

  private expectModel(model: unknown, modelId: string): M {
    if (!this.isModel(model)) {
      throw new EngineError(
        'bad-request',
        `model "${modelId}" is loaded by another engine, not ${this.label}`,
      );
    }
    return model;
  }
}
