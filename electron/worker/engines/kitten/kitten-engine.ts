/**
 * Kitten TTS (KittenML nano/micro/mini, StyleTTS 2 family) through onnxruntime-node, as its reference code
 * runs it (KittenML/KittenTTS `kittentts/onnx_model.py`): the text in chunks of sentences → espeak-ng
 * `en-us` IPA with punctuation → symbol ids `[0, ...ids, 10, 0]` → one session run per chunk with the
 * voice's style row picked by the chunk's length in characters and speed × the voice's speed prior →
 * 24 kHz audio without its last 5000 samples (the reference trims them: they hold no speech).
 */
import type {
  EngineDescription,
  ModelSpec,
  SynthesizeRequest,
} from '../../../../shared/protocol/worker-protocol';
import { EngineError, throwIfCancelled } from '../engine';
import { styleRow } from '../kokoro/kokoro-voices';
import { estimateResidentBytes, readPackText } from '../onnx/model-files';
import { OnnxEngine } from '../onnx/onnx-engine';
import { describeCounts } from '../onnx/onnx-engine-options';
import { phonemizeSentences } from '../onnx/phonemize-sentences';
import { audioSamples, float32Tensor, idsTensor, numberTensor } from '../onnx/tensor-payload';
import { kittenAliasOf, parseKittenConfig, resolveKittenVoice } from './kitten-config';
import { KITTEN_FILES, KittenModel, readKittenVoices } from './kitten-model';
import { tokenizeKitten } from './kitten-symbols';
import { chunkKittenText, length } from './kitten-text';
import { KITTEN_ENGINE_ID, KITTEN_ESPEAK_LANGUAGE, kittenVoiceInfo } from './kitten-voice-info';

export const KITTEN_SAMPLE_RATE = 24_000;
/** Samples the reference drops from the end of every chunk's audio (`outputs[0][..., :-5000]`). */
export const KITTEN_TRIM_SAMPLES = 5000;
const STYLE_DIM = 256;

export class KittenEngine extends OnnxEngine<KittenModel> {
  readonly id = KITTEN_ENGINE_ID;
  protected readonly label = 'Kitten TTS';

  async describe(model?: ModelSpec): Promise<EngineDescription> {
    const base: EngineDescription = {
      id: this.id,
      label: 'Kitten TTS',
      sampleRate: KITTEN_SAMPLE_RATE,
      voices: [],
      maxChunkChars: 300,
      device: 'cpu',
      memoryEstimateBytes: estimateResidentBytes(80 * 1024 * 1024, 4 * 1024 * 1024),
    };
    if (!model) return base;
    const loaded = this.loaded(model.id);
    const config =
      loaded?.config ?? (await readPackText(model, KITTEN_FILES.config, 'config.json', parseKittenConfig));
    const keys = [...(loaded?.voices ?? (await readKittenVoices(model))).keys()].sort();
    return {
      ...base,
      label: `Kitten TTS (${model.id})`,
      voices: keys.map((key) => kittenVoiceInfo(key, model.id, kittenAliasOf(config, key))),
      ...(await this.placement(model, loaded)),
    };
  }

  async synthesize(
    request: SynthesizeRequest,
    signal: AbortSignal,
    onAudio: (pcm: Float32Array) => void,
  ): Promise<{ sampleRate: number }> {
    await this.withModel(request, signal, async (model, spec) => {
      const key = resolveKittenVoice(model.config, request.voice);
      const voice = model.voices.get(key);
      if (!voice) {
        const known = [...model.voices.keys()].sort().join(', ');
        throw new EngineError(
          'unknown-voice',
          `Kitten pack "${spec.id}" has no voice "${request.voice}" (voices: ${known})`,
        );
      }
      const speed = (request.params.ratePercent / 100) * (model.config.speed_priors?.[key] ?? 1);
      for (const chunk of chunkKittenText(request.text)) {
        throwIfCancelled(signal);
        const phonemes = (await phonemizeSentences(chunk, KITTEN_ESPEAK_LANGUAGE, this.phonemizer)).join(' ');
        const { ids, dropped } = tokenizeKitten(phonemes);
        if (dropped.size > 0)
          this.log('debug', `kitten: dropped symbols missing from the table: ${describeCounts(dropped)}`);
        if (ids.length <= 3) continue;
        throwIfCancelled(signal);
        const outputs = await model.session.run({
          [model.contract.ids.name]: idsTensor(ids, 'int64'),
          [model.contract.style.name]: float32Tensor(styleRow(voice, length(chunk)), [1, STYLE_DIM]),
          [model.contract.speed.name]: numberTensor(speed, 'float32'),
        });
        const audio = outputs[model.contract.output];
        if (!audio)
          throw new EngineError(
            'engine-failed',
            `Kitten TTS model gave no "${model.contract.output}" output`,
          );
        const samples = audioSamples(audio);
        onAudio(samples.subarray(0, Math.max(0, samples.length - KITTEN_TRIM_SAMPLES)));
      }
    });
    return { sampleRate: KITTEN_SAMPLE_RATE };
  }

  protected isModel(model: unknown): model is KittenModel {
    return model instanceof KittenModel;
  }

  protected loadModel(spec: ModelSpec): Promise<KittenModel> {
    return KittenModel.load(spec, this.runtime);
  }
}
