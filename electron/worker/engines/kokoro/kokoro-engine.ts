/**
 * Kokoro (82M, StyleTTS 2) through onnxruntime-node: espeak-ng phonemes → vocabulary ids in chunks of at
 * most 510 tokens → one session run per chunk with the voice's style row for that length → 24 kHz audio.
 */
import type { VoiceParams } from '../../../../shared/model/voice';
import type {
  EngineDescription,
  LoadResult,
  ModelSpec,
  SynthesizeRequest,
} from '../../../../shared/protocol/worker-protocol';
import type { Engine } from '../engine';
import { EngineError } from '../engine';
import type { EngineLog } from '../onnx/engine-log';
import { silentEngineLog } from '../onnx/engine-log';
import { estimateResidentBytes, estimateSpecBytes } from '../onnx/model-files';
import type { OnnxRuntime } from '../onnx/onnx-runtime';
import type { OnnxEngineOptions } from '../onnx/onnx-engine-options';
import { describeCounts } from '../onnx/onnx-engine-options';
import { phonemizeSentences } from '../onnx/phonemize-sentences';
import type { Phonemizer } from '../onnx/phonemizer';
import { EspeakPhonemizer } from '../onnx/phonemizer';
import { audioSamples, float32Tensor, idsTensor, numberTensor } from '../onnx/tensor-payload';
import { chunkKokoroPhonemes } from './kokoro-chunks';
import { KOKORO_ENGINE_ID, KokoroModel, kokoroVoiceIds } from './kokoro-model';
import { kokoroLanguage, kokoroVoiceInfo } from './kokoro-voice-info';
import { padKokoroIds } from './kokoro-vocab';
import { KOKORO_STYLE_DIM, styleRow } from './kokoro-voices';

export const KOKORO_SAMPLE_RATE = 24_000;
/**
 * Characters per chunk the host should send: English runs about 1.1 phoneme tokens per character, so
 * 300 characters stay well under 510 tokens (synthesize still splits anything longer).
 */
export const KOKORO_MAX_CHUNK_CHARS = 300;

export class KokoroEngine implements Engine {
  readonly id = KOKORO_ENGINE_ID;
  private readonly runtime: OnnxRuntime;
  private readonly phonemizer: Phonemizer;
  private readonly log: EngineLog;
  private readonly voiceLists = new Map<string, string[]>();

  constructor(options: OnnxEngineOptions) {
    this.runtime = options.runtime;
    this.phonemizer = options.phonemizer ?? new EspeakPhonemizer();
    this.log = options.log ?? silentEngineLog;
    this.runtime.retain();
  }

  async describe(model?: ModelSpec): Promise<EngineDescription> {
    const base: EngineDescription = {
      id: this.id,
      label: 'Kokoro',
      sampleRate: KOKORO_SAMPLE_RATE,
      voices: [],
      maxChunkChars: KOKORO_MAX_CHUNK_CHARS,
      device: 'cpu',
      memoryEstimateBytes: estimateResidentBytes(330 * 1024 * 1024, 30 * 1024 * 1024),
    };
    if (!model) return base;
    const loaded = this.loaded(model.id);
    const voiceIds = loaded ? [...loaded.voices.keys()].sort() : await this.voiceIdsOf(model);
    return {
      ...base,
      label: `Kokoro (${model.id})`,
      voices: voiceIds.map((voice) => kokoroVoiceInfo(voice, model.id)),
      device: loaded?.session.provider ?? 'cpu',
      memoryEstimateBytes: loaded?.bytes ?? (await estimateSpecBytes(model)),
    };
  }

  async load(model: ModelSpec): Promise<LoadResult> {
    const cached = this.loaded(model.id);
    const loaded = await this.runtime.cache.getOrLoad(model.id, () => KokoroModel.load(model, this.runtime));
    const kokoro = this.expectKokoro(loaded, model.id);
    return cached === kokoro ? { ...kokoro.loadResult, loadMs: 0 } : kokoro.loadResult;
  }

  /** Releases the model and forgets what was read from its files (a re-imported pack is read afresh). */
  async unload(modelId: string): Promise<void> {
    this.voiceLists.delete(modelId);
    if (this.loaded(modelId)) await this.runtime.cache.remove(modelId);
  }

  async synthesize(
    request: SynthesizeRequest,
    signal: AbortSignal,
    onAudio: (pcm: Float32Array) => void,
  ): Promise<{ sampleRate: number }> {
    const spec = request.model;
    if (!spec) throw new EngineError('bad-request', 'Kokoro needs a model pack: set the speaker’s model');
    await this.runtime.cache.use(
      spec.id,
      () => KokoroModel.load(spec, this.runtime),
      async (loaded) => {
        const model = this.expectKokoro(loaded, spec.id);
        const voice = model.voices.get(request.voice);
        if (!voice) {
          const known = [...model.voices.keys()].sort().join(', ');
          throw new EngineError(
            'unknown-voice',
            `Kokoro pack "${spec.id}" has no voice "${request.voice}" (voices: ${known})`,
          );
        }
        const language = kokoroLanguage(request.voice).espeak;
        const sentences = await phonemizeSentences(request.text, language, this.phonemizer);
        const { chunks, dropped } = chunkKokoroPhonemes(sentences, model.vocab);
        if (dropped.size > 0)
          this.log(
            'debug',
            `kokoro: dropped symbols missing from the vocabulary: ${describeCounts(dropped)}`,
          );
        const speed = kokoroSpeed(request.params, model.contract.speed.type);
        for (const ids of chunks) {
          if (signal.aborted) throw new EngineError('bad-request', 'cancelled');
          const outputs = await model.session.run({
            [model.contract.ids.name]: idsTensor(padKokoroIds(ids), model.contract.ids.type),
            [model.contract.style.name]: float32Tensor(styleRow(voice, ids.length), [1, KOKORO_STYLE_DIM]),
            [model.contract.speed.name]: numberTensor(speed, model.contract.speed.type),
          });
          const audio = outputs[model.contract.output];
          if (!audio)
            throw new EngineError('engine-failed', `Kokoro model gave no "${model.contract.output}" output`);
          onAudio(audioSamples(audio));
        }
      },
    );
    if (signal.aborted) throw new EngineError('bad-request', 'cancelled');
    return { sampleRate: KOKORO_SAMPLE_RATE };
  }

  async dispose(): Promise<void> {
    await this.runtime.release(this.id);
  }

  private loaded(modelId: string): KokoroModel | undefined {
    const model = this.runtime.cache.has(modelId) ? this.runtime.cache.get(modelId) : undefined;
    return model instanceof KokoroModel ? model : undefined;
  }

  private expectKokoro(model: unknown, modelId: string): KokoroModel {
    if (!(model instanceof KokoroModel)) {
      throw new EngineError('bad-request', `model "${modelId}" is loaded by another engine, not Kokoro`);
    }
    return model;
  }

  private async voiceIdsOf(model: ModelSpec): Promise<string[]> {
    const cached = this.voiceLists.get(model.id);
    if (cached) return cached;
    try {
      const ids = await kokoroVoiceIds(model);
      this.voiceLists.set(model.id, ids);
      return ids;
    } catch (error) {
      if (error instanceof EngineError) throw error;
      throw new EngineError(
        'model-invalid',
        `Kokoro pack "${model.id}": ${(error as Error).message}; re-import the pack`,
      );
    }
  }
}

/**
 * Kokoro's speed is a multiplier (1 = normal); `ratePercent` 150 → 1.5. Exports with an int32 speed take
 * whole numbers only: the nearest, at least 1.
 */
export function kokoroSpeed(params: VoiceParams, type: string): number {
  const speed = params.ratePercent / 100;
  return type === 'int32' ? Math.max(1, Math.round(speed)) : speed;
}
