/**
 * Supertonic (Supertone, flow-matching TTS in four ONNX graphs) through onnxruntime-node, as its reference
 * inference runs it (supertone-inc/supertonic `py/helper.py`, `TextToSpeech._infer` and `__call__`):
 * per chunk of sentences, the normalised text wrapped in its language tag → unicode ids → the duration
 * predictor (seconds, divided by the speed) and the text encoder → standard normal noise of
 * [1, latent_dim × factor, frames] → the vector estimator once per step (current_step 0…N−1, total_step N;
 * no guidance term) → the vocoder → 44.1 kHz audio cut to the predicted duration; 0.3 s of silence
 * between chunks. Cancel is checked before every graph run, so between denoising steps too; the noise
 * comes from a seed, so one seed gives one take.
 */
import type {
  EngineDescription,
  ModelSpec,
  SynthesizeRequest,
} from '../../../../shared/protocol/worker-protocol';
import { EngineError, throwIfCancelled } from '../engine';
import { estimateResidentBytes } from '../onnx/model-files';
import { OnnxEngine } from '../onnx/onnx-engine';
import { describeCounts } from '../onnx/onnx-engine-options';
import type { TensorPayload } from '../onnx/tensor-payload';
import { audioSamples, float32Tensor, int64Tensor } from '../onnx/tensor-payload';
import { latentShape } from './supertonic-config';
import type { SupertonicGraph } from './supertonic-contract';
import { SUPERTONIC_LANGUAGES, parseSupertonicVoiceId } from './supertonic-languages';
import { SupertonicModel, readSupertonicVoices } from './supertonic-model';
import { gaussianNoise, supertonicSeed } from './supertonic-noise';
import {
  chunkSupertonicText,
  indexSupertonicText,
  normaliseSupertonicText,
  supertonicChunkChars,
} from './supertonic-text';
import type { SupertonicVoiceStyle } from './supertonic-voices';
import { SUPERTONIC_ENGINE_ID, supertonicVoiceInfo } from './supertonic-voice-info';

export const SUPERTONIC_SAMPLE_RATE = 44_100;
/** Denoising steps: the reference's default (README: 5 low … 8 medium … 12 high quality). */
export const SUPERTONIC_STEPS = 8;
/** The reference's default speed; `ratePercent` 100 gives it. */
export const SUPERTONIC_SPEED = 1.05;
const SPEED_RANGE = { min: 0.5, max: 2 } as const;
const SILENCE_SECONDS = 0.3;

export class SupertonicEngine extends OnnxEngine<SupertonicModel> {
  readonly id = SUPERTONIC_ENGINE_ID;
  protected readonly label = 'Supertonic';

  async describe(model?: ModelSpec): Promise<EngineDescription> {
    const base: EngineDescription = {
      id: this.id,
      label: 'Supertonic',
      sampleRate: SUPERTONIC_SAMPLE_RATE,
      voices: [],
      maxChunkChars: 300,
      device: 'cpu',
      memoryEstimateBytes: estimateResidentBytes(400 * 1024 * 1024),
    };
    if (!model) return base;
    const loaded = this.loaded(model.id);
    // The worker does not know which languages the pack's model card lists (the manifest does, and the
    // voice catalog lists those): every style is offered in every Supertonic language here.
    const styles = [...(loaded?.voices ?? (await readSupertonicVoices(model))).keys()].sort();
    return {
      ...base,
      label: `Supertonic (${model.id})`,
      voices: styles.flatMap((style) =>
        Object.keys(SUPERTONIC_LANGUAGES).map((language) => supertonicVoiceInfo(style, language, model.id)),
      ),
      ...(await this.placement(model, loaded)),
    };
  }

  async synthesize(
    request: SynthesizeRequest,
    signal: AbortSignal,
    onAudio: (pcm: Float32Array) => void,
  ): Promise<{ sampleRate: number }> {
    await this.withModel(request, signal, async (model, spec) => {
      const { style, language } = parseSupertonicVoiceId(request.voice);
      const voice = model.voices.get(style);
      if (!voice) {
        const known = [...model.voices.keys()].sort().join(', ');
        throw new EngineError(
          'unknown-voice',
          `Supertonic pack "${spec.id}" has no voice style "${style}" (styles: ${known}; a voice is <style>-<language>, e.g. ${[...model.voices.keys()][0] ?? 'M1'}-en)`,
        );
      }
      const speed = Math.min(
        SPEED_RANGE.max,
        Math.max(SPEED_RANGE.min, (request.params.ratePercent / 100) * SUPERTONIC_SPEED),
      );
      let seed = supertonicSeed(request.params.seed, request.voice, request.text);
      const chunks = chunkSupertonicText(request.text, supertonicChunkChars(language));
      for (const [index, chunk] of chunks.entries()) {
        if (index > 0) onAudio(new Float32Array(Math.floor(SILENCE_SECONDS * model.config.ae.sample_rate)));
        const text = normaliseSupertonicText(chunk, language);
        const { ids, dropped } = indexSupertonicText(text, model.indexer);
        if (dropped.size > 0)
          this.log(
            'debug',
            `supertonic: dropped characters the indexer does not know: ${describeCounts(dropped)}`,
          );
        onAudio(await this.renderChunk(model, voice, ids, speed, seed, signal));
        seed = (seed + 1) >>> 0;
      }
    });
    return { sampleRate: SUPERTONIC_SAMPLE_RATE };
  }

  private async renderChunk(
    model: SupertonicModel,
    voice: SupertonicVoiceStyle,
    ids: number[],
    speed: number,
    seed: number,
    signal: AbortSignal,
  ): Promise<Float32Array> {
    const textIds = int64Tensor(ids, [1, ids.length]);
    const textMask = float32Tensor(new Float32Array(ids.length).fill(1), [1, 1, ids.length]);
    const styleTtl = float32Tensor(voice.ttl.data, voice.ttl.dims);
    const styleDp = float32Tensor(voice.dp.data, voice.dp.dims);
    const predicted = await this.run(model, 'duration_predictor', signal, {
      text_ids: textIds,
      style_dp: styleDp,
      text_mask: textMask,
    });
    const seconds = (audioSamples(predicted)[0] ?? 0) / speed;
    if (!Number.isFinite(seconds) || seconds <= 0)
      throw new EngineError(
        'engine-failed',
        `Supertonic's duration predictor gave ${seconds} s for ${ids.length} characters`,
      );
    const textEmb = await this.run(model, 'text_encoder', signal, {
      text_ids: textIds,
      style_ttl: styleTtl,
      text_mask: textMask,
    });
    const { channels, samplesPerFrame } = latentShape(model.config);
    const sampleRate = model.config.ae.sample_rate;
    const wavLength = Math.floor(seconds * sampleRate);
    const frames = Math.max(1, Math.trunc((seconds * sampleRate + samplesPerFrame - 1) / samplesPerFrame));
    let latent: TensorPayload = float32Tensor(gaussianNoise(seed, channels * frames), [1, channels, frames]);
    const latentMask = float32Tensor(new Float32Array(frames).fill(1), [1, 1, frames]);
    const totalStep = float32Tensor([SUPERTONIC_STEPS], [1]);
    for (let step = 0; step < SUPERTONIC_STEPS; step++) {
      this.log('debug', `supertonic: denoising step ${step + 1}/${SUPERTONIC_STEPS}`);
      latent = await this.run(model, 'vector_estimator', signal, {
        noisy_latent: latent,
        text_emb: textEmb,
        style_ttl: styleTtl,
        text_mask: textMask,
        latent_mask: latentMask,
        current_step: float32Tensor([step], [1]),
        total_step: totalStep,
      });
    }
    const wav = audioSamples(await this.run(model, 'vocoder', signal, { latent }));
    return wav.subarray(0, Math.min(wav.length, wavLength));
  }

  /** One graph run, cancel checked first; its output, or `engine-failed` naming the missing one. */
  private async run(
    model: SupertonicModel,
    graph: SupertonicGraph,
    signal: AbortSignal,
    feeds: Record<string, TensorPayload>,
  ): Promise<TensorPayload> {
    throwIfCancelled(signal);
    const { session, output } = model.graphs[graph];
    // Feeds are transferred to the onnxruntime thread (their buffers leave this one): send copies, as the
    // text, styles and masks feed several runs.
    const copies = Object.fromEntries(
      Object.entries(feeds).map(([name, tensor]) => [name, { ...tensor, data: tensor.data.slice() }]),
    ) as Record<string, TensorPayload>;
    const result = (await session.run(copies))[output];
    if (!result) throw new EngineError('engine-failed', `Supertonic's ${graph} gave no "${output}" output`);
    return result;
  }

  protected isModel(model: unknown): model is SupertonicModel {
    return model instanceof SupertonicModel;
  }

  protected loadModel(spec: ModelSpec): Promise<SupertonicModel> {
    return SupertonicModel.load(spec, this.runtime);
  }
}
