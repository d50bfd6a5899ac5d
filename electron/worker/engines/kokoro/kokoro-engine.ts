/**
 * Kokoro (82M, StyleTTS 2) through onnxruntime-node: espeak-ng phonemes → vocabulary ids in chunks of at
 * most 510 tokens → one session run per chunk with the voice's style row for that length → 24 kHz audio.
 */
import type { VoiceParams } from '../../../../shared/model/voice';
import type {
  EngineDescription,
  ModelSpec,
  SynthesizeRequest,
} from '../../../../shared/protocol/worker-protocol';
import { EngineError } from '../engine';
import { estimateResidentBytes } from '../onnx/model-files';
import { OnnxEngine } from '../onnx/onnx-engine';
import { describeCounts } from '../onnx/onnx-engine-options';
import { phonemizeSentences } from '../onnx/phonemize-sentences';
import { float32Tensor, idsTensor, numberTensor } from '../onnx/tensor-payload';
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

export class KokoroEngine extends OnnxEngine<KokoroModel> {
  readonly id = KOKORO_ENGINE_ID;
  protected readonly label = 'Kokoro';
  private readonly voiceLists = new Map<string, string[]>();

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
      ...(await this.placement(model, loaded)),
    };
  }

  /** Releases the model and forgets what was read from its files (a re-imported pack is read afresh). */
  override async unload(modelId: string): Promise<void> {
    this.voiceLists.delete(modelId);
    await super.unload(modelId);
  }

  async synthesize(
    request: SynthesizeRequest,
    signal: AbortSignal,
    onAudio: (pcm: Float32Array) => void,
  ): Promise<{ sampleRate: number }> {
    await this.withModel(request, signal, async (model, spec) => {
      const voice = model.voices.get(request.voice);
      if (!voice) {
        const known = [...model.voices.keys()].sort().join(', ');
        throw new EngineError(
          'unknown-voice',
          `Kokoro pack "${spec.id}" has no voice "${request.voice}" (voices: ${known})`,
        );
      }
      const kokoro = kokoroLanguage(request.voice);
      if (kokoro.unsupported) {
        throw new EngineError(
          'unknown-voice',
          `Kokoro voice "${request.voice}" cannot be used: ${kokoro.unsupported}. Use a ${kokoro.name} voice of the bundled espeak-ng (${kokoro.espeak}+f3) or a Piper ${kokoro.tag} voice instead`,
        );
      }
      const sentences = await phonemizeSentences(request.text, kokoro.espeak, this.phonemizer);
      const { chunks, dropped } = chunkKokoroPhonemes(sentences, model.vocab);
      if (dropped.size > 0)
        this.log('debug', `kokoro: dropped symbols missing from the vocabulary: ${describeCounts(dropped)}`);
      const speed = kokoroSpeed(request.params, model.contract.speed.type);
      await this.runEach(
        model,
        chunks,
        signal,
        (ids) => ({
          [model.contract.ids.name]: idsTensor(padKokoroIds(ids), model.contract.ids.type),
          [model.contract.style.name]: float32Tensor(styleRow(voice, ids.length), [1, KOKORO_STYLE_DIM]),
          [model.contract.speed.name]: numberTensor(speed, model.contract.speed.type),
        }),
        onAudio,
      );
    });
    return { sampleRate: KOKORO_SAMPLE_RATE };
  }

  protected isModel(model: unknown): model is KokoroModel {
    return model instanceof KokoroModel;
  }

  protected loadModel(spec: ModelSpec): Promise<KokoroModel> {
    return KokoroModel.load(spec, this.runtime);
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
