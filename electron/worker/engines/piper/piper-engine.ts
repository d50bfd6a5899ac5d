/**
 * Piper (VITS) voices through onnxruntime-node: espeak-ng phonemes per sentence → Piper phoneme ids
 * (`^ _ p _ … $`) → one session run per sentence with the config's scales (length_scale follows the
 * speaking rate) and the speaker id → audio at the voice's sample rate.
 */
import type {
  EngineDescription,
  ModelSpec,
  SynthesizeRequest,
} from '../../../../shared/protocol/worker-protocol';
import { EngineError } from '../engine';
import { splitClauses } from '../onnx/clauses';
import { estimateResidentBytes } from '../onnx/model-files';
import { OnnxEngine } from '../onnx/onnx-engine';
import { describeCounts } from '../onnx/onnx-engine-options';
import { phonemizeSentences } from '../onnx/phonemize-sentences';
import { float32Tensor, int64Tensor } from '../onnx/tensor-payload';
import type { TensorPayload } from '../onnx/tensor-payload';
import type { PiperConfig, PiperSpeaker } from './piper-config';
import { piperLanguage, piperScales } from './piper-config';
import { PIPER_ENGINE_ID, PiperModel, readPiperConfig } from './piper-model';
import { piperSentenceIds } from './piper-phoneme-ids';
import { piperVoiceInfos } from './piper-voice-info';

/** Piper has no hard input limit; sentences this long keep memory and latency per call modest. */
export const PIPER_MAX_CHUNK_CHARS = 400;
const DEFAULT_SAMPLE_RATE = 22_050;

export class PiperEngine extends OnnxEngine<PiperModel> {
  readonly id = PIPER_ENGINE_ID;
  protected readonly label = 'Piper';
  private readonly configs = new Map<string, PiperConfig>();

  async describe(model?: ModelSpec): Promise<EngineDescription> {
    const base: EngineDescription = {
      id: this.id,
      label: 'Piper',
      sampleRate: DEFAULT_SAMPLE_RATE,
      voices: [],
      maxChunkChars: PIPER_MAX_CHUNK_CHARS,
      device: 'cpu',
      memoryEstimateBytes: estimateResidentBytes(64 * 1024 * 1024),
    };
    if (!model) return base;
    const loaded = this.loaded(model.id);
    const config = loaded?.config ?? (await this.configOf(model));
    return {
      ...base,
      label: `Piper (${model.id})`,
      sampleRate: config.audio.sample_rate,
      voices: piperVoiceInfos(config, model.id),
      ...(await this.placement(model, loaded)),
    };
  }

  /** Releases the model and forgets what was read from its files (a re-imported pack is read afresh). */
  override async unload(modelId: string): Promise<void> {
    this.configs.delete(modelId);
    await super.unload(modelId);
  }

  async synthesize(
    request: SynthesizeRequest,
    signal: AbortSignal,
    onAudio: (pcm: Float32Array) => void,
  ): Promise<{ sampleRate: number }> {
    const sampleRate = await this.withModel(request, signal, async (model, spec) => {
      const speaker = findSpeaker(model, request.voice);
      const scales = piperScales(model.config, request.params.ratePercent);
      const missing = new Map<string, number>();
      const sentences = await this.sentences(request.text, model.config);
      await this.runEach(
        model,
        sentences,
        signal,
        (sentence) => {
          const { ids, missing: sentenceMissing } = piperSentenceIds(sentence, model.config);
          for (const [phoneme, count] of sentenceMissing)
            missing.set(phoneme, (missing.get(phoneme) ?? 0) + count);
          const feeds: Record<string, TensorPayload> = {
            input: int64Tensor(ids, [1, ids.length]),
            input_lengths: int64Tensor([ids.length]),
          };
          if (model.contract.hasScales)
            feeds.scales = float32Tensor([scales.noiseScale, scales.lengthScale, scales.noiseW]);
          if (model.contract.hasSid) feeds.sid = int64Tensor([speaker.index ?? 0]);
          return feeds;
        },
        onAudio,
      );
      if (missing.size > 0) {
        this.log(
          'debug',
          `piper: skipped phonemes missing from ${spec.id}'s phoneme_id_map: ${describeCounts(missing)}`,
        );
      }
      return model.config.audio.sample_rate;
    });
    return { sampleRate };
  }

  /** Phoneme strings, one per sentence (`phoneme_type: text` voices take the text's own codepoints). */
  private async sentences(text: string, config: PiperConfig): Promise<string[]> {
    if ((config.phoneme_type ?? 'espeak') === 'text') {
      return splitClauses(text)
        .map((clause) => `${clause.text}${clause.terminator}`)
        .filter((sentence) => sentence.trim() !== '');
    }
    return phonemizeSentences(text, piperLanguage(config), this.phonemizer);
  }

  protected isModel(model: unknown): model is PiperModel {
    return model instanceof PiperModel;
  }

  protected loadModel(spec: ModelSpec): Promise<PiperModel> {
    return PiperModel.load(spec, this.runtime);
  }

  private async configOf(model: ModelSpec): Promise<PiperConfig> {
    let config = this.configs.get(model.id);
    if (!config) {
      config = await readPiperConfig(model);
      this.configs.set(model.id, config);
    }
    return config;
  }
}

function findSpeaker(model: PiperModel, voice: string): PiperSpeaker {
  const byName = model.speakers.find((speaker) => speaker.id === voice);
  if (byName) return byName;
  // Multi-speaker voices also take the numeric speaker id.
  if (/^\d+$/.test(voice)) {
    const byIndex = model.speakers.find((speaker) => speaker.index === Number(voice));
    if (byIndex) return byIndex;
  }
  // A single-speaker voice also answers to its pack id.
  const only = model.speakers.length === 1 ? model.speakers[0] : undefined;
  if (only && only.index === undefined && voice === model.id) return only;
  const known = model.speakers.map((speaker) => speaker.id).join(', ');
  throw new EngineError(
    'unknown-voice',
    `Piper voice "${model.id}" has no speaker "${voice}" (speakers: ${known})`,
  );
}
